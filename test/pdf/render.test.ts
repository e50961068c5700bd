import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, test } from 'vitest';
import { renderPdf } from '../../src/pdf/render.js';
import { buildPdf, DATE, FEATURES, pageTexts, run, SEED, type Built } from './helpers.js';
import { QpdfJson } from './qpdf.js';

/** Printed folio of a page: its last non-empty line of text. */
function folio(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

describe('the seed as a PDF', () => {
  let b: Built;
  let texts: string[];
  let q: QpdfJson;
  beforeAll(async () => {
    b = await buildPdf(SEED);
    texts = pageTexts(b.path);
    q = new QpdfJson(b.path);
  }, 120_000);

  test('the contents cite the pages on which the headings are printed, and link to them', () => {
    const contentsPage = texts.findIndex((t) => /^\s*Contents\s*$/m.test(t));
    expect(contentsPage).toBeGreaterThan(0);
    const entries = texts[contentsPage]
      .split('\n')
      .map((l) => /^(.*?)[\s.]{3,}(\d+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ title: m[1].trim(), page: m[2] }));
    // The essay's title, its five sections and the index.
    expect(entries.map((e) => e.title)).toEqual([
      'The Legacies and Heirs of JV Stalin',
      'Stalin and Malenkov',
      'Marxism and Magic',
      'The Plough, the Atom and Lenin’s Tomb',
      'Stalin and Soviet Self-Containment',
      'The Ghost of Bonaparte',
      'Index of names',
    ]);
    for (const e of entries) {
      // The page whose folio is the cited number prints the heading as a line of its own.
      const printed = texts.findIndex((t, i) => i > contentsPage && folio(t) === e.page);
      expect(printed, e.title).toBeGreaterThan(contentsPage);
      const lines = texts[printed].split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
      expect(lines, `${e.title} on page ${e.page}`).toContain(e.title);
    }
    // Each entry is a link whose destination is on that page.
    const dests = q.dests();
    const links = q.links(contentsPage);
    expect(links.length).toBe(entries.length);
    for (const [i, l] of links.entries()) expect(folio(texts[dests.get(l.dest!)!])).toBe(entries[i].page);
  });

  test('page labels match the printed folios: roman in the front matter, arabic from the text', () => {
    const labels = q.pages.map((p) => p.label);
    expect(labels[0]).toEqual({ '/S': '/r', '/St': 1 });
    const firstBody = b.layout.frontCount;
    expect(labels[firstBody]).toEqual({ '/S': '/D', '/St': 1 });
    const label = (i: number) => {
      const l = labels[i]!;
      const n = l['/St'] as number;
      return l['/S'] === '/r' ? ['', 'i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii'][n] : String(n);
    };
    for (const [i, t] of texts.entries()) {
      const f = folio(t);
      if (/^([ivx]+|\d+)$/.test(f)) expect(f, `page ${i + 1}`).toBe(label(i));
    }
  });

  test('the outline has an entry for every contents entry, each on its heading’s page', () => {
    const titles = q.outlines.map((o) => o.title);
    expect(titles).toEqual(['Contents', 'The Legacies and Heirs of JV Stalin', 'Index of names']);
    const essay = q.outlines[1];
    expect(essay.kids.map((k) => k.title)).toEqual(['Stalin and Malenkov', 'Marxism and Magic', 'The Plough, the Atom and Lenin’s Tomb', 'Stalin and Soviet Self-Containment', 'The Ghost of Bonaparte']);
    for (const k of essay.kids) expect(texts[k.destpageposfrom1 - 1].split('\n').map((l) => l.trim().replace(/\s+/g, ' '))).toContain(k.title);
    for (const o of [...q.outlines, ...essay.kids]) expect(o.dest).toContain('/Fit');
  });

  test('tagged, in English, with a structure tree of headings, paragraphs, contents, links and the index', () => {
    const info = run('pdfinfo', [b.path]);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(q.root()['/Lang']).toBe('u:en-GB');
    const types = q.structTypes();
    for (const t of ['Document', 'H1', 'H2', 'P', 'TOC', 'TOCI', 'Link', 'Index']) expect(types, t).toContain(t);
    // The index: its title, then a heading per letter (screen readers jump between them), each followed by its entries.
    const [index] = q.structChildren('Index');
    expect(index.slice(0, 2)).toEqual(['H1', 'H2']);
    expect(index.filter((t) => t === 'H2').length).toBeGreaterThan(5);
    index.forEach((t, i) => {
      if (t === 'H2') expect(index[i + 1], `after letter heading ${i}`).toBe('P');
    });
  });

  test('index locators are links to pages that name the person', () => {
    const dests = q.dests();
    const indexPages = b.layout.pages.flatMap((p, i) => (p.index ? [i] : []));
    expect(indexPages.length).toBeGreaterThan(0);
    let n = 0;
    for (const i of indexPages) {
      for (const l of q.links(i)) {
        const target = dests.get(l.dest!);
        expect(target, l.dest).toBeDefined();
        const mention = b.book.mentions.find((m) => m.id === l.dest)!;
        const person = b.book.persons.find((p) => p.id === mention.personId)!;
        const flat = texts[target!].replace(/-\n\s*/g, '').replace(/\s+/g, ' ');
        expect(person.forms.some((f) => flat.includes(f)), `${person.heading} → page ${folio(texts[target!])}`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(20);
  });

  test('the About page’s title and the contents’ stand at one height (they were 3.2 pt apart)', () => {
    const top = (title: string) => {
      const page = texts.findIndex((t) => t.trim().startsWith(title)) + 1;
      const bbox = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), b.path, '-']);
      return Number(/<word xMin="[\d.]+" yMin="([\d.]+)"/.exec(bbox)![1]);
    };
    expect(top('About this text')).toBeCloseTo(top('Contents'), 2);
  });

  test('named destinations: every heading’s, and a mention’s only where the index links to it', () => {
    const dests = q.dests();
    const linked = new Set(q.pages.flatMap((_, i) => q.links(i).flatMap((l) => (l.dest ? [l.dest] : []))));
    for (const h of b.book.blocks) if (h.kind === 'heading') expect(dests.has(h.id), h.id).toBe(true);
    const mentions = b.book.mentions.filter((m) => dests.has(m.id));
    expect(mentions.length).toBeGreaterThan(20);
    for (const m of mentions) expect(linked.has(m.id), m.id).toBe(true);
    expect(mentions.length).toBeLessThan(b.book.mentions.length);
  });

  test('fonts are embedded and subset', () => {
    const rows = run('pdffonts', [b.path]).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(r).toMatch(/\+EBGaramond|\+IBMPlex/), expect(r).toMatch(/yes\s+yes\s+yes/);
  });

  test('qpdf finds no errors', () => {
    expect(run('qpdf', ['--check', b.path])).toMatch(/No syntax or stream encoding errors/);
  });

  test('two builds are byte-identical', async () => {
    const again = await buildPdf(SEED);
    expect(Buffer.from(again.pdf).equals(Buffer.from(b.pdf))).toBe(true);
  }, 60_000);
});

/** The XMP packet of a PDF (pdfkit writes it uncompressed). */
function xmpOf(pdf: Uint8Array): string {
  const s = Buffer.from(pdf).toString('utf8');
  const start = s.indexOf('<?xpacket begin');
  const end = s.indexOf('<?xpacket end="w"?>');
  return s.slice(start, end + '<?xpacket end="w"?>'.length);
}

describe('metadata', () => {
  test('XMP is well-formed and carries title, authors, subject and keywords with & and < escaped', async () => {
    const b = await buildPdf(FEATURES);
    const xmp = xmpOf(b.pdf);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xmp.replace(/^<\?xpacket[^>]*\?>/, '').replace(/<\?xpacket[^>]*\?>$/, ''), 'text/xml');
    expect(errors).toEqual([]);
    const text = (tag: string) => Array.from(doc.getElementsByTagName(tag)).map((e) => e.textContent?.replace(/\s+/g, ' ').trim());
    expect(text('dc:title')).toEqual(['Notes & Queries <on> Printing: A test book with every kind of block']);
    expect(text('dc:creator')).toEqual(['Ann ExampleBob Sample']);
    expect(text('dc:description')).toEqual(['The Test Review, June 1921']);
    expect(text('rdf:li').filter((t) => t === 'Typography & layout')).toHaveLength(1);
    expect(text('pdf:Keywords')).toEqual(['Printing – History; Typography & layout']);
    expect(text('xmp:CreateDate')).toEqual([DATE.toISOString().split('.')[0] + 'Z']);
    const info = run('pdfinfo', [b.path]);
    expect(info).toMatch(/Title:\s+Notes & Queries <on> Printing/);
    expect(info).toMatch(/Author:\s+Ann Example and Bob Sample/);
  }, 60_000);

  test('the build date is the only date written, whatever the clock', async () => {
    const b = await buildPdf(FEATURES);
    const again = await renderPdf(b.book, b.layout, { date: DATE });
    expect(Buffer.from(again).equals(Buffer.from(b.pdf))).toBe(true);
    const other = await renderPdf(b.book, b.layout, { date: new Date('2001-02-03T04:05:06Z') });
    expect(Buffer.from(other).toString('latin1')).toContain('2001-02-03T04:05:06Z');
  }, 60_000);
});
