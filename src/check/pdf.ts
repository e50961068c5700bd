import { readFileSync } from 'node:fs';
import { firstLine, onPath, run, type Finding } from './tools.js';

/**
 * The PDF's checks: its structure (qpdf --check when installed, else the header, trailer and
 * cross-reference samizdat can see itself), embedded fonts (pdffonts, else the font dictionaries),
 * page labels, and text extraction of every page (pdftotext, with the page count from pdfinfo).
 * A tool that is missing gives a note naming what was not checked and how to install it.
 */
export async function checkPdf(edition: string): Promise<{ findings: Finding[]; tools: string[] }> {
  const findings: Finding[] = [];
  const tools: string[] = [];
  const add = (severity: Finding['severity'], message: string) => findings.push({ edition, severity, message });
  const bytes = readFileSync(edition);
  const raw = bytes.toString('latin1');

  // Structure.
  const qpdf = onPath('qpdf');
  if (qpdf) {
    tools.push('qpdf');
    const r = await run(qpdf, ['--check', edition]);
    // qpdf --check: 0 fine, 2 errors, 3 warnings (a damaged file it could repair is a warning).
    const complaints = `${r.stderr}\n${r.stdout}`
      .split('\n')
      .filter((l) => /^(WARNING|qpdf:|ERROR)/.test(l.trim()) && !/Attempting to reconstruct/.test(l))
      .map((l) => l.trim().replace(/^(WARNING: |ERROR: |qpdf: )/, '').replace(`${edition}: `, '').replace(/^qpdf: /, ''));
    for (const l of complaints.slice(0, 5)) add('error', `qpdf: ${l}`);
    if (r.code !== 0 && !complaints.length) add('error', `qpdf --check failed: ${firstLine(r.stderr || r.stdout)}`);
  } else {
    add('note', 'qpdf is not installed: structure checked by samizdat alone (apt-get install qpdf)');
    for (const fault of ownStructure(raw)) add('error', fault);
  }

  // Embedded fonts.
  const pdffonts = onPath('pdffonts');
  if (pdffonts) {
    tools.push('pdffonts');
    const r = await run(pdffonts, [edition]);
    if (r.code !== 0) add('error', `pdffonts cannot read the fonts: ${firstLine(r.stderr)}`);
    else {
      for (const line of r.stdout.split('\n').slice(2)) {
        // name, type (one or two words), encoding, emb, sub, uni, object, generation.
        const cols = line.trim().split(/\s+/);
        if (cols.length < 7) continue;
        if (cols[cols.length - 5] !== 'yes') add('error', `font ${cols[0]} is not embedded`);
      }
    }
  } else {
    const descriptors = (raw.match(/\/Type\s*\/FontDescriptor/g) ?? []).length;
    const files = (raw.match(/\/FontFile[23]?\s/g) ?? []).length;
    if (files < descriptors) add('error', `${descriptors - files} of ${descriptors} fonts are not embedded`);
  }

  // Page labels: the printed folios (roman front matter, arabic text), which readers show and go to.
  // A booklet's pages are sheets holding two pages each: no folio names them.
  if (!/\.booklet\.pdf$/i.test(edition) && !/\/PageLabels\s*(<<|\d+\s+\d+\s+R)/.test(raw)) add('warning', 'no page labels: a reader shows page numbers that differ from the printed folios');

  // Text extraction of every page.
  const pdftotext = onPath('pdftotext');
  const pdfinfo = onPath('pdfinfo');
  if (pdftotext && pdfinfo) {
    tools.push('pdftotext');
    const info = await run(pdfinfo, [edition]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? 0);
    if (info.code !== 0 || !pages) add('error', `pdfinfo cannot read the file: ${firstLine(info.stderr) || 'no pages'}`);
    else {
      const text = await run(pdftotext, ['-enc', 'UTF-8', edition, '-']);
      const syntax = firstLine(text.stderr.split('\n').filter((l) => /error/i.test(l)).join('\n'));
      if (text.code !== 0 || syntax) add('error', `pdftotext: ${syntax || firstLine(text.stderr) || `exit ${text.code}`}`);
      else {
        // One form feed after each page.
        const perPage = text.stdout.split('\f').slice(0, pages);
        if (perPage.length < pages) add('error', `text extracted from ${perPage.length} of ${pages} pages`);
        perPage.forEach((t, i) => {
          if (/[\uFFFD\u0000-\u0008\u000E-\u001F]/.test(t)) add('error', `page ${i + 1}: text does not extract as characters (a font without a ToUnicode map?)`);
        });
      }
    }
  } else add('note', 'pdftotext is not installed: text extraction not checked (apt-get install poppler-utils)');
  return { findings, tools };
}

/** What samizdat can see of a PDF's structure without qpdf: the header, the end of file, the cross-reference. */
function ownStructure(raw: string): string[] {
  const faults: string[] = [];
  if (!raw.startsWith('%PDF-')) faults.push('not a PDF: it does not begin with %PDF-');
  const tail = raw.slice(-2048);
  if (!/%%EOF\s*$/.test(tail)) faults.push('the file is truncated: it does not end with %%EOF');
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) faults.push('no startxref: the cross-reference table cannot be found');
  else {
    const at = Number(start[1]);
    if (!/^(xref|\d+\s+\d+\s+obj)/.test(raw.slice(at, at + 20))) faults.push(`startxref points to offset ${at}, where there is no cross-reference`);
  }
  return faults;
}
