import { plainText, type Book } from '../model/index.js';
import { colonJoin } from '../words.js';
import { authorLine } from './runningheads.js';

/** The Info dictionary: title, author, subject (the source), keywords (the subjects), dates pinned to the build date. */
export function pdfInfo(book: Book, date: Date): Record<string, string | Date> {
  const m = book.meta;
  const info: Record<string, string | Date> = {
    Title: m.subtitle ? colonJoin(m.language, m.title, m.subtitle) : m.title,
    Author: authorLine(m.authors),
    Creator: 'samizdat',
    Producer: 'samizdat (PDFKit)',
    CreationDate: date,
    ModDate: date,
  };
  const subject = m.source ? plainText(m.source) : m.description && plainText(m.description);
  if (subject) info.Subject = subject;
  if (m.subjects.length) info.Keywords = m.subjects.join('; ');
  return info;
}

/** Text escaped for XML character data and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** ISO 8601 in UTC without fractions, as XMP dates are written. */
function xmpDate(d: Date): string {
  return `${d.toISOString().split('.')[0]}Z`;
}

/**
 * The rdf:Description elements of the XMP packet (pdfkit wraps them in x:xmpmeta and rdf:RDF).
 * pdfkit's own writer pastes the Info strings in unescaped, so a title with '&' or '<' made the
 * packet malformed; every value here goes through `escapeXml`.
 */
export function xmpPacket(book: Book, date: Date): string {
  const info = pdfInfo(book, date);
  const m = book.meta;
  const e = escapeXml;
  const lines: string[] = [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${xmpDate(date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(date)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(date)}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${e(String(info.Creator))}</xmp:CreatorTool>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(String(info.Title))}</rdf:li></rdf:Alt></dc:title>`,
    `<dc:creator><rdf:Seq>${m.authors.map((a) => `<rdf:li>${e(a)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>`,
    `<dc:language><rdf:Bag><rdf:li>${e(m.language)}</rdf:li></rdf:Bag></dc:language>`,
    `<dc:identifier>${e(m.identifier)}</dc:identifier>`,
  ];
  if (info.Subject) lines.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(String(info.Subject))}</rdf:li></rdf:Alt></dc:description>`);
  if (m.subjects.length) lines.push(`<dc:subject><rdf:Bag>${m.subjects.map((s) => `<rdf:li>${e(s)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
  if (m.rights) lines.push(`<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">${e(plainText(m.rights))}</rdf:li></rdf:Alt></dc:rights>`);
  if (m.publisher) lines.push(`<dc:publisher><rdf:Bag><rdf:li>${e(plainText(m.publisher))}</rdf:li></rdf:Bag></dc:publisher>`);
  lines.push('</rdf:Description>');
  lines.push('<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">');
  lines.push(`<pdf:Producer>${e(String(info.Producer))}</pdf:Producer>`);
  if (info.Keywords) lines.push(`<pdf:Keywords>${e(String(info.Keywords))}</pdf:Keywords>`);
  lines.push('</rdf:Description>');
  return lines.join('\n');
}
