import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { columnWidths } from '../../src/pdf/flow.js';
import type { Placed } from '../../src/pdf/types.js';
import { elements, parseXml, spineDocuments, unzip } from '../epub/helpers.js';
import { buildPdf, loadBook, pageTexts, type Built } from './helpers.js';

// Whole-book typography (test/fixtures/booktype/): table captions and columns, rows at a page break,
// floating figures, lead-ins kept with their quote or list, notes that open with a quote or list.

const DIR = 'test/fixtures/booktype';
const flat = (t: string) => t.replace(/[ \t]+/g, ' ');
const bodyPages = (b: Built) => b.layout.pages.map((p, i) => ({ p, i })).filter(({ p }) => p.part === 'body');

/** The text documents of the EPUB that the compiled CLI builds from `file`, as users run it. */
async function cliEpub(file: string): Promise<[string, string][]> {
  const out = mkdtempSync(join(tmpdir(), 'samizdat-booktype-'));
  execFileSync('node', ['dist/cli/samizdat.mjs', 'build', file, '--out', out], { encoding: 'utf8' });
  const name = file.replace(/^.*\//, '').replace(/\.md$/, '');
  return spineDocuments(await unzip(new Uint8Array(readFileSync(join(out, `${name}.epub`)))));
}

describe('table captions, labels and empty headers', () => {
  let b: Built;
  let texts: string[];
  beforeAll(async () => {
    b = await buildPdf(`${DIR}/tables.md`);
    texts = pageTexts(b.path).map(flat);
  }, 60_000);

  test('pandoc\u2019s `Table:` and `:` paragraphs and an emphasised `{.caption}` paragraph become captions, without their markers', () => {
    const tables = loadBook(`${DIR}/tables.md`).blocks.filter((x) => x.kind === 'table');
    expect(tables.map((t) => (t.kind === 'table' ? t.caption?.children.map((c) => ('text' in c ? c.text : '')).join('') : ''))).toEqual([
      'Weekly prices in the market, 1844',
      undefined,
      'Deaths by age in two districts',
      'Wages of a hand-loom weaver',
    ]);
    const all = texts.join('\n');
    expect(all).not.toMatch(/Table:|\{\.caption\}|^ ?: Wages/m);
  });

  test('a caption prints above its table, on the page of its first rows', () => {
    for (const [caption, row] of [['Weekly prices in the market, 1844', 'White bread'], ['Wages of a hand-loom weaver', '1840']]) {
      const page = texts.find((t) => t.includes(caption));
      expect(page, caption).toBeDefined();
      expect(page!.indexOf(caption)).toBeLessThan(page!.indexOf(row));
    }
  });

  test('a header row without words is dropped: no empty band between rules', () => {
    const t = loadBook(`${DIR}/tables.md`).blocks.filter((x) => x.kind === 'table')[1];
    expect(t.kind === 'table' && [t.head, t.rows.length]).toEqual([0, 2]);
    // Two rules (above and below), none under a header.
    const page = b.layout.pages.find((p) => p.items.some((i) => i.kind === 'line' && i.line.runs.map((r) => r.text).join(' ') === 'First class of streets'))!;
    const top = page.items.find((i) => i.kind === 'line' && i.line.runs.map((r) => r.text).join(' ') === 'First class of streets')!;
    const rules = page.items.filter((i): i is Extract<Placed, { kind: 'rule' }> => i.kind === 'rule' && Math.abs(i.y - ('y' in top ? top.y : 0)) < 40);
    expect(rules.length).toBe(2);
  });

  test('two-word labels stay on one line where the measure allows, and narrow columns are never hyphenated', () => {
    const all = texts.join('\n');
    for (const label of ['Men’s clothing', 'Women’s boots', 'Metalware goods', 'White bread']) expect(all, label).toContain(label);
    const hyphenated = b.layout.pages.flatMap((p) => p.items).filter((i) => i.kind === 'line' && i.line.hyphenated && i.x > 100);
    expect(hyphenated).toEqual([]);
  });

  test('column widths: each column\u2019s short labels whole where they fit, the cheapest columns first', () => {
    // Longest lines 40, 300, 120; longest words 20, 30, 25; labels 35, 200 (not a label), 60.
    const w = columnWidths([40, 300, 120], [20, 30, 25], 200, [35, 30, 60]);
    expect(w[0]).toBeGreaterThanOrEqual(35);
    expect(w[2]).toBeGreaterThanOrEqual(60);
    // Without the labels the third column would get its share of the rest only.
    expect(columnWidths([40, 300, 120], [20, 30, 25], 200)[2]).toBeLessThan(60);
    expect(w.reduce((x, y) => x + y, 0)).toBeCloseTo(200, 6);
    // Labels that cannot all fit: the cheaper one is kept whole, the other falls back to its longest word.
    const v = columnWidths([100, 100], [30, 30], 120, [50, 90]);
    expect(v[0]).toBeGreaterThanOrEqual(50);
    expect(v.reduce((x, y) => x + y, 0)).toBeCloseTo(120, 6);
  });

  test('the EPUB has the caption as <caption> and no header row for the table without one', async () => {
    const [, xhtml] = (await cliEpub(`${DIR}/tables.md`)).find(([n]) => n === 'text.xhtml')!;
    const doc = parseXml(xhtml, 'text.xhtml');
    const tables = elements(doc.documentElement).filter((e) => e.localName === 'table');
    expect(tables.map((t) => elements(t).find((e) => e.localName === 'caption')?.textContent ?? null)).toEqual([
      'Weekly prices in the market, 1844',
      null,
      'Deaths by age in two districts',
      'Wages of a hand-loom weaver',
    ]);
    expect(elements(tables[1]).some((e) => e.localName === 'thead' || e.localName === 'th')).toBe(false);
    expect(xhtml).not.toContain('Table:');
  }, 60_000);
});

describe('narrow columns (ten columns on A5, set smaller)', () => {
  test('no word or number is cut: a column is as wide as its longest word, and a long word goes to a short line of its own', async () => {
    const b = await buildPdf(`${DIR}/narrow.md`);
    const words = pageTexts(b.path).map(flat).join('\n').split(/\s+/);
    for (const w of ['Rutlandshire,', 'Under', 'agricultural', 'introduction', '1,110', '2,865', '4,738', '1779–1787,']) expect(words, w).toContain(w);
    const lines = b.layout.pages.flatMap((p) => p.items).filter((i) => i.kind === 'line').map((i) => (i.kind === 'line' ? i.line : undefined)!);
    expect(lines.filter((l) => l.hyphenated || l.overfull)).toEqual([]);
  }, 60_000);
});

describe('rows at a page break', () => {
  test('never fewer than two body rows before or after a page break; the header repeated on the next page', async () => {
    const b = await buildPdf(`${DIR}/rows.md`);
    const texts = pageTexts(b.path).map(flat);
    const rowsOn = texts.map((t) => (t.match(/^ ?19\d\d Row \d+:/gm) ?? []).length);
    const pages = rowsOn.filter((n) => n > 0);
    expect(pages.length).toBeGreaterThan(1);
    for (const n of pages) expect(n).toBeGreaterThanOrEqual(2);
    const second = texts[rowsOn.findIndex((n) => n > 0) + 1];
    expect(second).toMatch(/Year Event Value/);
  }, 60_000);
});

describe('floating figures', () => {
  let b: Built;
  let texts: string[];
  beforeAll(async () => {
    b = await buildPdf(`${DIR}/figures.md`);
    texts = pageTexts(b.path).map(flat);
  }, 60_000);

  test('a figure that does not fit the space left goes to the head of the next page, and the text runs on to fill the page', () => {
    const pages = bodyPages(b);
    const withImage = pages.filter(({ p }) => p.items.some((i) => i.kind === 'image' && i.height > 100));
    expect(withImage.length).toBe(1);
    const { p, i } = withImage[0];
    const image = p.items.find((x): x is Extract<Placed, { kind: 'image' }> => x.kind === 'image')!;
    expect(image.y).toBeLessThan(b.layout.geometry.leading);
    // The text after the figure in the manuscript fills the page before it.
    expect(texts[i - 1]).toContain('(After 1.)');
    const before = b.layout.body.slices[pages.findIndex((x) => x.i === i) - 1];
    expect(before.deferred.length).toBe(1);
    expect(before.textLines).toBe(b.layout.geometry.lines);
    // The caption is under the image, on the same page.
    expect(texts[i]).toContain('The press room, drawn from memory');
  });

  test('figures are set as large as 150 ppi allows: up to the measure, never a small image scaled up', () => {
    const images = b.layout.pages.flatMap((p) => p.items).filter((x): x is Extract<Placed, { kind: 'image' }> => x.kind === 'image');
    const [tall, small] = images;
    // tall.png: 900 × 1200 px; at 150 ppi 432 pt wide, more than the A5 measure, so its height sets the limit.
    expect(tall.width).toBeGreaterThan(b.layout.geometry.measure * 0.6);
    expect(tall.height).toBeLessThanOrEqual((b.layout.geometry.lines - 4) * b.layout.geometry.leading);
    expect(tall.width / tall.height).toBeCloseTo(900 / 1200, 3);
    // small.png: 120 px wide, 57.6 pt at 150 ppi.
    expect(small.width).toBeCloseTo((120 * 72) / 150, 3);
  });

  test('the EPUB keeps the figure in reading order', async () => {
    const xhtml = (await cliEpub(`${DIR}/figures.md`)).map(([, x]) => x).join('\n');
    const at = (s: string) => xhtml.indexOf(s);
    expect(at('(Before 5.)')).toBeLessThan(at('<figure'));
    expect(at('<figure')).toBeLessThan(at('(After 1.)'));
  }, 60_000);
});

describe('keeps', () => {
  let b: Built;
  let texts: string[];
  beforeAll(async () => {
    b = await buildPdf(`${DIR}/keeps.md`);
    texts = pageTexts(b.path).map(flat);
  }, 60_000);

  test('a paragraph ending in a colon stays on the page of the quote or list that follows it', () => {
    for (const [lead, next] of [['ran as follows:', 'That the paper shall appear'], ['They agreed to three things:', 'to meet again in a month']]) {
      const page = texts.findIndex((t) => t.includes(lead));
      expect(page, lead).toBeGreaterThanOrEqual(0);
      expect(texts[page], next).toContain(next);
    }
    // In the page breaker's terms: no break between the lead-in's last line and the quote's first,
    // even when the lead-in cites a note (whose blocks are set meanwhile).
    const boxes = b.layout.body.flow.boxes;
    const textOf = (k: number) => boxes[k].items.flatMap((i) => (i.kind === 'line' ? i.line.runs.map((r) => r.text) : [])).join(' ');
    for (const lead of ['ran as follows:', 'three things:']) {
      const k = boxes.findIndex((_, j) => textOf(j).endsWith(lead));
      expect(k, lead).toBeGreaterThan(0);
      expect(boxes[k + 1].breakBefore).toBe(Infinity);
    }
  });

  test('a note that opens with a quote or a list has its number on its first line', () => {
    const all = texts.join('\n');
    expect(all).toMatch(/^ ?2\. The paper shall appear every week, whatever the cost\./m);
    expect(all).toMatch(/^ ?3\. • Two thousand copies were printed\./m);
    expect(all).not.toMatch(/^ ?[23]\.\s*$/m);
  });
});

describe('contents and running heads', () => {
  let b: Built;
  let texts: string[];
  beforeAll(async () => {
    b = await buildPdf(`${DIR}/heads.md`);
    texts = pageTexts(b.path);
  }, 60_000);

  test('{short="…"} gives a heading its running head and its contents entry; the heading keeps its words', () => {
    const heads = b.layout.pages.map((p) => p.runningHead).filter((h): h is string => !!h);
    expect(heads).toContain('The Bourgeoisie');
    expect(heads).not.toContain('Heads');
    const contents = texts.find((t) => t.includes('Contents'))!;
    expect(contents).toMatch(/The Bourgeoisie \.[ .]*\d/);
    expect(contents).not.toContain('short=');
    expect(texts.join('\n')).toMatch(/The Attitude of the Bourgeoisie/);
    expect(loadBook(`${DIR}/heads.md`).toc.map((e) => e.title)).toEqual([
      'The Condition of the Working Class in the Great Towns of the North in the Year of the Charter',
      'The Bourgeoisie',
    ]);
  });

  test('a title too long for the head is shortened at a word boundary with an ellipsis, never swapped for the book\u2019s title', () => {
    const heads = new Set(b.layout.pages.map((p) => p.runningHead).filter((h): h is string => !!h));
    const long = [...heads].filter((h) => h.startsWith('The Condition'));
    expect(long.length).toBe(1);
    expect(long[0]).toMatch(/^The Condition of the Working Class( \w+)*\u2026$/);
    expect(heads.has('Heads')).toBe(false);
  });

  test('the turnover line of a contents entry hangs under its text, an indent in from its first line', () => {
    const contents = b.layout.pages.find((p) => p.items.some((i) => i.kind === 'leaders'))!;
    const lines = contents.items.filter((i): i is Extract<Placed, { kind: 'line' }> => i.kind === 'line' && i.node?.type === 'Link');
    const first = lines.find((l) => l.line.runs[0]?.text === 'The' && l.line.runs.some((r) => r.text === 'Condition'))!;
    const turnover = lines.find((l) => l.y > first.y && l.y < first.y + 20)!;
    expect(turnover.x + turnover.line.runs[0].x - (first.x + first.line.runs[0].x)).toBeCloseTo(b.layout.styles.indent, 1);
  });
});

describe('numbered tables and figures (front matter `number: [tables, figures]`)', () => {
  const FILE = `${DIR}/numbered.md`;

  test('the PDF prints “Table 1.” and “Figure 1.” before the captions, in order, a table without a caption getting its number alone; links go to them', async () => {
    const b = await buildPdf(FILE);
    const all = pageTexts(b.path).map(flat).join('\n');
    const at = (s: string) => all.indexOf(s);
    expect(at('Table 1. Weekly prices in the market, 1844')).toBeGreaterThan(0);
    expect(all).toMatch(/^ *Table 2\.\s*$/m);
    expect(at('Figure 1. The press room, drawn from memory')).toBeGreaterThan(0);
    expect(at('Figure 2. A press seen from above')).toBeGreaterThan(0);
    expect(at('Table 1. Weekly')).toBeLessThan(at('Table 2.'));
    expect(at('White bread')).toBeGreaterThan(at('Table 1. Weekly'));
    // Each is a named destination, and no link leads nowhere.
    for (const id of ['table-1', 'table-2', 'figure-1', 'figure-2']) expect(b.layout.pageMap.anchors, id).toHaveProperty(id);
    expect(b.diags.list.filter((d) => d.rule === 'link-missing-id')).toEqual([]);
  }, 60_000);

  test('the EPUB has the same labels in <caption> and <figcaption>, ids table-N and figure-N, and links to them', async () => {
    const [, xhtml] = (await cliEpub(FILE)).find(([, x]) => x.includes('<table'))!;
    const doc = parseXml(xhtml, 'chapter');
    const all = elements(doc.documentElement);
    const tables = all.filter((e) => e.localName === 'table');
    expect(tables.map((t) => [t.getAttribute('id'), elements(t).find((e) => e.localName === 'caption')?.textContent])).toEqual([
      ['table-1', 'Table 1. Weekly prices in the market, 1844'],
      ['table-2', 'Table 2.'],
    ]);
    const figures = all.filter((e) => e.localName === 'figure');
    expect(figures.map((f) => [f.getAttribute('id'), elements(f).find((e) => e.localName === 'figcaption')?.textContent])).toEqual([
      ['figure-1', 'Figure 1. The press room, drawn from memory'],
      ['figure-2', 'Figure 2. A press seen from above'],
    ]);
    // The second figure's caption repeats its alt text: screen readers hear the label, then the alt once.
    const hidden = elements(figures[1]).filter((e) => e.getAttribute('aria-hidden') === 'true').map((e) => e.textContent);
    expect(hidden).toEqual(['A press seen from above']);
    const hrefs = all.filter((e) => e.localName === 'a').map((a) => a.getAttribute('href'));
    for (const id of ['table-1', 'table-2', 'figure-1']) expect(hrefs.some((h) => h?.endsWith(`#${id}`)), id).toBe(true);
  }, 60_000);

  test('without `number` nothing is numbered', () => {
    const tables = loadBook(`${DIR}/tables.md`).blocks.filter((x) => x.kind === 'table');
    expect(tables.map((t) => t.kind === 'table' && [t.id, t.label])).toEqual(Array(4).fill(['', undefined]));
  });
});
