import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import type { Placed } from '../../src/pdf/types.js';
import { plainText } from '../../src/model/index.js';
import { columnWidths } from '../../src/pdf/flow.js';
import { byId, elements, parseXml, spineDocuments, unzip } from '../epub/helpers.js';
import { buildPdf, DATE, pageTexts, type Built } from './helpers.js';
import { QpdfJson } from './qpdf.js';

// Tables (GFM pipe tables): set in the PDF with rules and aligned columns, tagged as tables, their
// names indexed; in the EPUB as XHTML tables with header cells and the page-list's markers in cells.

const FIXTURE = 'test/fixtures/tables/tables.md';
let b: Built;
let texts: string[];

beforeAll(async () => {
  b = await buildPdf(FIXTURE);
  texts = pageTexts(b.path).map((t) => t.replace(/[ \t]+/g, ' '));
}, 60_000);

/** The line items of a page whose text is `text`, with their right edges. */
function cellsOf(text: string): { x: number; right: number; page: number }[] {
  const out: { x: number; right: number; page: number }[] = [];
  b.layout.pages.forEach((p, page) => {
    for (const it of p.items) {
      if (it.kind !== 'line') continue;
      const runs = it.line.runs;
      if (runs.map((r) => r.text).join(' ') === text) out.push({ x: it.x + runs[0].x, right: it.x + runs[runs.length - 1].x + runs[runs.length - 1].width, page });
    }
  });
  return out;
}

describe('tables in the PDF', () => {
  test('each row prints on one line, cell after cell, as the manuscript has them', () => {
    const all = texts.join('\n');
    expect(all).toMatch(/1932 5\.9 64\.4 First Five-Year Plan, report of/);
    expect(all).toMatch(/Vyacheslav Molotov Minister of Foreign Affairs 1890/);
    expect(all).toMatch(/Nikita Khrushchev Secretary of the Central Committee 1894/);
  });

  test('columns are aligned as the delimiter row says: figures to the right, names to the left, years centred', () => {
    const [steel1, steel2] = [cellsOf('4.3')[0], cellsOf('17.7')[0]];
    expect(Math.abs(steel1.right - steel2.right)).toBeLessThan(0.01);
    expect(steel1.x).toBeGreaterThan(steel2.x);
    const [g, v] = [cellsOf('Georgy Malenkov')[0], cellsOf('Vyacheslav Molotov')[0]];
    expect(Math.abs(g.x - v.x)).toBeLessThan(0.01);
    const [born1, born2] = [cellsOf('1902')[0], cellsOf('1894')[0]];
    expect(Math.abs((born1.x + born1.right) / 2 - (born2.x + born2.right) / 2)).toBeLessThan(0.5);
  });

  test('rules above, under the header and below each table; a table is never wider than the measure', () => {
    const rules = b.layout.pages.flatMap((p) => p.items.filter((i): i is Extract<Placed, { kind: 'rule' }> => i.kind === 'rule' && i.thickness !== undefined && i.x2 - i.x1 > 100));
    // Two tables, three rules each (the footnote separator is shorter).
    expect(rules.length).toBe(6);
    for (const r of rules) expect(r.x2 - r.x1).toBeLessThanOrEqual(b.layout.geometry.measure + 0.01);
  });

  test('the rules under the header and below the table clear the descenders of the rows above them', () => {
    // Before: each at its row's foot, a quarter of the leading under the baselines, striking a y or a p.
    let seen = 0;
    for (const page of b.layout.pages) {
      const lines = page.items.filter((i): i is Extract<Placed, { kind: 'line' }> => i.kind === 'line' && (i.node?.type === 'TH' || i.node?.type === 'TD'));
      for (const r of page.items) {
        if (r.kind !== 'rule' || r.thickness === undefined || r.x2 - r.x1 < 100) continue;
        const above = lines.filter((l) => l.y < r.y && l.y > r.y - 20);
        if (above.length === 0) continue;
        const baseline = Math.max(...above.map((l) => l.y));
        const size = above[0].line.runs[0].size;
        expect(r.y - baseline, `rule ${r.thickness} on page ${page.label}`).toBeGreaterThanOrEqual((r.thickness < 0.5 ? 0.35 : 0.4) * size);
        // And the rule under the header stays clear of the first row's figures under it.
        const below = lines.filter((l) => l.y > r.y && l.y < r.y + 20);
        if (below.length) expect(Math.min(...below.map((l) => l.y)) - r.y).toBeGreaterThanOrEqual(0.75 * size);
        seen++;
      }
    }
    // Two tables: a header rule and a rule below each.
    expect(seen).toBeGreaterThanOrEqual(4);
  });

  test('tagged as Table, TR, TH and TD; the names in cells are in the index of names', () => {
    const q = new QpdfJson(b.path);
    const types = q.structTypes();
    for (const t of ['Table', 'TR', 'TH', 'TD']) expect(types, t).toContain(t);
    const index = texts.find((t) => t.includes('Index of names') && t.includes('Molotov, Vyacheslav'));
    expect(index).toBeDefined();
    const tablePage = texts.findIndex((t) => t.includes('Vyacheslav Molotov'));
    expect(index).toMatch(new RegExp(`Molotov, Vyacheslav[\\s\\S]*?${b.layout.pages[tablePage].label}`));
  });

  test('column widths: all at their longest lines when they fit; short columns kept whole, long ones share the rest', () => {
    expect(columnWidths([20, 30], [10, 10], 100)).toEqual([20, 30]);
    const [name, post, born] = columnWidths([90, 230, 25], [55, 50, 25], 260);
    expect([name, born]).toEqual([90, 25]);
    expect(post).toBeCloseTo(145);
    // Never narrower than a column's longest word while the words fit; squeezed alike when they do not.
    const w = columnWidths([300, 300], [200, 20], 250);
    expect(w[0]).toBeGreaterThanOrEqual(200);
    expect(w[0] + w[1]).toBeCloseTo(250);
    expect(columnWidths([300, 300], [200, 200], 200)).toEqual([100, 100]);
  });
});

describe('tables wider than the page', () => {
  test('are set smaller, down to 7 pt, so their words fit side by side; below that they are cut, with a warning', async () => {
    const wide = await buildPdf('test/fixtures/tables/wide.md');
    const sizes = (word: string) => wide.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' ? i.line.runs.filter((r) => r.text.startsWith(word)).map((r) => r.size) : [])));
    const body = sizes('Nine')[0];
    // Six columns: smaller than the body, larger than the floor; every word whole.
    expect(sizes('Magnitogorsk')[0]).toBeLessThan(body);
    expect(sizes('Magnitogorsk')[0]).toBeGreaterThan(7);
    expect(sizes('metallurgy')).toHaveLength(1);
    // Nine columns of a 21-letter word: the floor, and the words cut.
    expect(sizes('incomp').every((s) => s === 7)).toBe(true);
    expect(wide.diags.list.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['9:1 pdf-table-too-wide']);
  });
});

describe('a table of many narrow columns', () => {
  test('closes up the space between its columns, down to half an em, to keep its labels whole in the book\'s size', async () => {
    const pounds = await buildPdf('test/fixtures/tables/pounds.md');
    // Each line of each cell: its words, where it begins and how wide it is.
    const runs = pounds.layout.pages.flatMap((p, page) =>
      p.items.flatMap((i) => {
        if (i.kind !== 'line' || i.line.runs.length === 0) return [];
        const [first, last] = [i.line.runs[0], i.line.runs[i.line.runs.length - 1]];
        return [{ text: i.line.runs.map((r) => r.text).join(' '), x: i.x + first.x, y: i.y, page, width: last.x + last.width - first.x, size: first.size }];
      }),
    );
    const body = runs.find((r) => r.text.startsWith('Ten'))!.size;
    // Before: an em between ten columns left 'Average Price' and 'Years XII' broken over two lines, set smaller.
    for (const label of ['Average Price', 'Years XII']) expect(runs.filter((r) => r.text === label).map((r) => r.size), label).toEqual([body]);
    // The figures' columns stand apart by at least half an em: 'Total 28 9 4' are four cells, not run together.
    const total = runs.find((r) => r.text === 'Total')!;
    const row = runs.filter((r) => r.page === total.page && r.y === total.y && r !== total && r.text.trim() !== '').sort((a, b) => a.x - b.x);
    expect(row.map((r) => r.text)).toEqual(['28', '9', '4']);
    for (let i = 1; i < row.length; i++) expect(row[i].x - (row[i - 1].x + row[i - 1].width)).toBeGreaterThanOrEqual(body / 2 - 0.01);
    expect(pounds.diags.list).toEqual([]);
  });
});

describe('a head over a group of columns', () => {
  test('is set across the columns whose heads are empty, in a few lines over the figures, not a word a line in the first', async () => {
    // Pandoc 2 writes an HTML head that spanned £, s. and d. so: its text in the first column, the others empty.
    const pounds = await buildPdf('test/fixtures/tables/pounds.md');
    const lines = pounds.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' && i.node?.type === 'TH' ? [{ text: i.line.runs.map((r) => r.text).join(' '), x: i.x, right: i.x + i.line.runs.at(-1)!.x + i.line.runs.at(-1)!.width }] : [])));
    // The units (£ s. d.) are the header's second row (see 'pandoc 2's second header row'), in italic.
    const cellX = (text: string) => pounds.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' && (i.node?.type === 'TD' || i.node?.type === 'TH') && i.line.runs.map((r) => r.text).join(' ') === text ? [i.x] : [])));
    // A cell's lines come one after another: the run of them that spells the head is its cell.
    const cellOf = (head: string) => {
      for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j <= lines.length; j++) {
          const text = lines.slice(i, j).map((l) => l.text).join(' ');
          if (text === head) return lines.slice(i, j);
          if (!head.startsWith(text)) break;
        }
      }
      return [];
    };
    for (const head of ['Price of the quarter of wheat each year', 'The average price of each year in money of the present times']) {
      const set = cellOf(head);
      // Before: 'Price / of the / quarter / of / wheat / each / year', seven lines in the £ column, on every page.
      expect(set.length, head).toBeGreaterThan(0);
      expect(set.length, set.map((l) => l.text).join(' / ')).toBeLessThanOrEqual(4);
    }
    // The first head runs on over the shillings: its widest line ends past where the s. column begins.
    const sx = Math.min(...cellX('s.'));
    const first = cellOf('Price of the quarter of wheat each year');
    expect(Math.max(...first.map((l) => l.right))).toBeGreaterThan(sx);
    expect(pounds.diags.list).toEqual([]);
    // In the EPUB it spans them: a th of three columns, scope colgroup, the empty cells it covers left out.
    const out = mkdtempSync(join(tmpdir(), 'samizdat-tables-'));
    const r = await buildManuscript('test/fixtures/tables/pounds.md', { outDir: out, formats: ['epub'], paper: 'a5', date: DATE });
    const [name, xhtml] = spineDocuments(await unzip(new Uint8Array(readFileSync(r.written[0])))).find(([n]) => n === 'pounds.xhtml' || n === 'text.xhtml')!;
    const head = elements(elements(parseXml(xhtml, name).documentElement).find((e) => e.localName === 'thead')!).filter((e) => e.localName === 'tr')[0];
    const cells = elements(head).filter((e) => e.parentNode === head);
    expect(cells.map((e) => [e.localName, e.getAttribute('colspan'), e.getAttribute('scope'), e.textContent])).toEqual([
      ['td', null, null, ''],
      ['th', '3', 'colgroup', 'Price of the quarter of wheat each year'],
      ['th', '3', 'colgroup', 'Average of the different prices of the same year'],
      ['th', '3', 'colgroup', 'The average price of each year in money of the present times'],
    ]);
  }, 60_000);
});

describe('a body row whose only words are in its first cell', () => {
  test('runs across the row, on one line where it fits, in the body and in a note; in the EPUB a td spanning the row', async () => {
    // A table of duties (Wealth of Nations, Book IV, chapter v, note): 'Malt is prohibited…' was a colspan in the HTML.
    const prose = await buildPdf('test/fixtures/tables/prose.md');
    const lines = setLines(prose);
    for (const sentence of ['Malt is prohibited by the annual Malt-tax Bill.', 'Buck wheat to 32s. per qr. to pay 16s.']) {
      // Before: two or three lines in the first column, beside nine empty cells.
      expect(printings(lines, sentence), sentence).toEqual([1, 1]);
    }
    const out = mkdtempSync(join(tmpdir(), 'samizdat-tables-'));
    const r = await buildManuscript('test/fixtures/tables/prose.md', { outDir: out, formats: ['epub'], paper: 'a5', date: DATE });
    const docs = spineDocuments(await unzip(new Uint8Array(readFileSync(r.written[0])))).map(([n, x]) => parseXml(x, n));
    const malt = docs.flatMap((d) => elements(d.documentElement).filter((e) => e.localName === 'td' && e.textContent === 'Malt is prohibited by the annual Malt-tax Bill.'));
    expect(malt.map((e) => [e.getAttribute('colspan'), elements(e.parentNode as Element).filter((c) => c.parentNode === e.parentNode).length])).toEqual([['10', 1], ['10', 1]]);
  }, 60_000);
});

describe('a column of sentences beside columns of figures and labels', () => {
  test('gets several words a line, in the body and in a note: the labels wrap, or the table is set smaller, first', async () => {
    const prose = await buildPdf('test/fixtures/tables/prose.md');
    const lines = setLines(prose);
    const linesOf = (sentence: string) => printings(lines, sentence);
    // Before: 'Malt / is / prohibited / by the / annual / Malt-tax / Bill.', six or seven lines, in the note and in
    // the body; the herrings' 24-word sentence in sixteen lines of one or two words.
    for (const sentence of [
      'Malt is prohibited by the annual Malt-tax Bill.',
      'Buck wheat to 32s. per qr. to pay 16s.',
      'But a barrel of seasteeks being only reckoned two-thirds of a barrel fully packed, one-third is deducted, which brings the bounty to this.',
      'And if the herrings are exported, there is besides a premium of this.',
    ]) {
      const counts = linesOf(sentence);
      expect(counts, sentence).toHaveLength(2);
      const words = sentence.split(' ').length;
      for (const n of counts) expect(n, `${sentence}: ${counts}`).toBeLessThanOrEqual(Math.ceil(words / 3));
    }
    // The figures stay whole, and nothing is cut: no warning.
    expect(lines).toContain('9½d.');
    expect(prose.diags.list).toEqual([]);
  });
});

describe('a column of labels beside a column of sentences', () => {
  test('has its labels on one line where they fit, or two, not a word a line: the sentences take what is left', async () => {
    const labels = await buildPdf('test/fixtures/tables/labels.md');
    const rows = pageTexts(labels.path).flatMap((t) => t.split('\n'));
    // Before: 'Herrings, white, per / barrel' in both tables, the sentences beside it given the width.
    expect(rows.filter((r) => /^Herrings, white, per barrel {2,}(1l\. 1s\. +)?The bounty/.test(r)), rows.join('\n')).toHaveLength(2);
    const lines = setLines(labels);
    // The sentences keep three or four words a line (their 8 em).
    for (const sentence of ['The price of wheat is the measure by which the value of every other commodity is most commonly estimated, both from century to century and from year to year.', 'Barley pays a lower bounty upon exportation than wheat, and the greater part of it is made into malt.']) {
      const counts = printings(lines, sentence);
      expect(counts, sentence).toHaveLength(2);
      for (const n of counts) expect(n, `${sentence}: ${counts}`).toBeLessThanOrEqual(Math.ceil(sentence.split(' ').length / 3));
    }
    // The herring bounties (Wealth of Nations, Book IV, chapter v) in the body: before, 'Seasteeks, / full-packed /
    // barrels' and 'Seasteeks / deducted, / one-third', a word a line beside the sentences; in the note, on one line.
    const prose = setLines(await buildPdf('test/fixtures/tables/prose.md'));
    for (const label of ['Seasteeks, full-packed barrels', 'Seasteeks deducted, one-third', 'Herrings exported abroad']) {
      const counts = printings(prose, label);
      expect(counts, label).toHaveLength(2);
      for (const n of counts) expect(n, `${label}: ${counts}`).toBeLessThanOrEqual(2);
    }
    expect(labels.diags.list).toEqual([]);
  });
});

/** Each line the layout set, its runs' text run together. */
function setLines(built: Built): string[] {
  return built.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' ? [i.line.runs.map((r) => r.text).join('')] : [])));
}

/** How many lines each printing of `text` takes among `lines` (a cell's lines follow one another). */
function printings(lines: readonly string[], text: string): number[] {
  const squash = (s: string) => s.replace(/[\s\-\u00ad]/g, '');
  const want = squash(text);
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i, acc = ''; j < lines.length; j++) {
      acc += squash(lines[j]);
      if (!acc || !want.startsWith(acc)) break;
      if (acc === want) {
        out.push(j - i + 1);
        break;
      }
    }
  }
  return out;
}

describe('a table too wide for the page', () => {
  test('is set broadside, turned on pages of its own, every figure whole; the text runs on past it', async () => {
    const wide = await buildPdf('test/fixtures/tables/broadside.md');
    expect(wide.diags.list.map((d) => `${d.line}:${d.column} ${d.rule}: ${d.message}`)).toEqual([]);
    const frames = wide.layout.pages.flatMap((p, page) => p.items.flatMap((i) => (i.kind === 'turned' ? [{ page, frame: i }] : [])));
    // The short table on one page, the seventy rows on three, each a page of its own (folio and running head aside).
    expect(frames.length).toBe(4);
    for (const { page, frame } of frames) {
      expect(wide.layout.pages[page].items.filter((i) => i.kind === 'line' && i.node).length).toBe(0);
      // A frame as wide as the text block is high, as high as the measure, holding the header.
      expect(frame.width).toBeCloseTo(wide.layout.geometry.lines * wide.layout.geometry.leading, 3);
      expect(frame.height).toBeCloseTo(wide.layout.geometry.measure, 3);
      const texts = frame.items.flatMap((i) => (i.kind === 'line' ? [i.line.runs.map((r) => r.text).join(' ')] : []));
      expect(texts).toContain('Wheat');
      for (const i of frame.items) if (i.kind === 'line') expect(i.x + i.line.width).toBeLessThanOrEqual(frame.width + 0.01);
    }
    // The caption's link is turned with it: its area stands along the text block's left edge, taller than wide.
    const links = new QpdfJson(wide.path).links(frames[0].page);
    expect(links).toHaveLength(1);
    const [x1, y1, x2, y2] = links[0].rect;
    // As a PDF rectangle: left, bottom, right, top; 'Mark Lane' is some 40 pt long.
    expect(x2 > x1 && y2 > y1).toBe(true);
    expect(y2 - y1).toBeGreaterThan(Math.max(20, 3 * (x2 - x1)));
    expect(x2).toBeLessThan(wide.layout.geometry.width / 2);
    expect(y1).toBeGreaterThan(wide.layout.geometry.height - wide.layout.geometry.top - frames[0].frame.width - 0.01);
    // The text after the first table stands on the page before it; the frames follow in order.
    const text = pageTexts(wide.path).map((t) => t.replace(/\s+/g, ' '));
    expect(text[frames[0].page - 1]).toContain('The text goes on after the table.');
    const rows = (page: number) => [...text[page].matchAll(/\b(1[89]\d\d)((?: \d{5}){16})\b/g)].map((m) => m[1]);
    expect(frames.flatMap(({ page }) => rows(page))).toEqual([
      ...Array.from({ length: 6 }, (_, i) => String(1850 + i)),
      ...Array.from({ length: 70 }, (_, i) => String(1800 + i)),
    ]);
  });

  test('takes no keep with it: a lead-in before it is not kept with the text after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-broadside-'));
    const file = join(dir, 'lead-in.md');
    writeFileSync(file, readFileSync('test/fixtures/tables/broadside.md', 'utf8').replace('a cargo to sell or to buy.', 'a cargo to sell or to buy, as follows:'));
    const led = await buildPdf(file);
    const after = led.book.blocks.find((x) => x.kind === 'paragraph' && plainText(x.children).startsWith('The text goes on'))!;
    const first = led.layout.body.flow.boxes.find((x) => x.line?.blockId === (after as { id: string }).id && x.line.index === 0)!;
    expect(first.breakBefore).toBe(0);
  });

  test('that cites notes is turned too: its notes at the foot of the text page before it, its marks linked to them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-broadside-'));
    const file = join(dir, 'noted.md');
    const text = readFileSync('test/fixtures/tables/broadside.md', 'utf8')
      .replace('| 1852 | 45887 |', '| 1852[^est] | 45887 |')
      .replace('in pence the quarter.', 'in pence the quarter.[^gazette]');
    writeFileSync(file, `${text}\n[^est]: Estimated: the Lincoln returns were lost.\n[^gazette]: From the London Gazette.\n`);
    const noted = await buildPdf(file);
    expect(noted.diags.list.filter((d) => d.rule === 'pdf-table-too-wide')).toEqual([]);
    const turned = noted.layout.pages.flatMap((p, page) => (p.items.some((i) => i.kind === 'turned') ? [page] : []));
    expect(turned.length).toBeGreaterThan(0);
    const pages = pageTexts(noted.path).map((t) => t.replace(/\s+/g, ' '));
    // Numbered as printed: the caption above the table first.
    expect(pages[turned[0] - 1]).toMatch(/1\. From the London Gazette\. 2\. Estimated: the Lincoln returns were lost\./);
    const q = new QpdfJson(noted.path);
    const dests = q.dests();
    const toNotes = q.links(turned[0]).filter((l) => l.dest?.startsWith('note-'));
    expect(toNotes).toHaveLength(2);
    for (const l of toNotes) expect(dests.get(l.dest!)).toBe(turned[0] - 1);
  });

  test('has figures of one width, so that a column\'s digits stand under each other', async () => {
    const b2 = await buildPdf('test/fixtures/tables/pounds.md');
    const features = b2.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' && i.node?.type === 'TD' ? i.line.runs.filter((r) => /^\d+$/.test(r.text)).map((r) => r.features) : [])));
    expect(features.length).toBeGreaterThan(10);
    for (const f of features) expect(f).toContain('tnum');
  });
});

describe('a table in a right-to-left book', () => {
  test('has its first column at the right', async () => {
    const he = await buildPdf('test/fixtures/tables/hebrew.md');
    const xOf = (text: string) => he.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'line' && i.line.runs.some((r) => r.text.includes(text)) ? [i.x] : [])))[0];
    expect(xOf('שרת')).toBeGreaterThan(xOf('1954'));
    expect(xOf('שם')).toBeGreaterThan(xOf('שנים'));
  });
});

describe('a table longer than a page', () => {
  test('repeats its header at the head of every page it runs on to, drawn but tagged once', async () => {
    const long = await buildPdf('test/fixtures/tables/long.md');
    const pages = pageTexts(long.path).map((t) => t.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean));
    const withRows = pages.filter((lines) => lines.some((l) => /^19\d\d Row \d+:/.test(l)));
    expect(withRows.length).toBeGreaterThan(2);
    // The line after the running head (or the opening page's text) is the header, then a row.
    for (const lines of withRows) {
      const at = lines.indexOf('Year Event Value');
      expect(at, lines.slice(0, 3).join(' / ')).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toMatch(/^19\d\d Row \d+:/);
    }
    // Every row is printed once, in order.
    const rows = withRows.flat().flatMap((l) => /^(19\d\d) Row/.exec(l)?.[1] ?? []);
    expect(rows).toEqual(Array.from({ length: 60 }, (_, i) => String(1900 + i)));
    const q = new QpdfJson(long.path);
    expect(q.structElements().filter((e) => e.type === 'TH')).toHaveLength(3);
    expect(q.structChildren('Table')).toEqual([Array(61).fill('TR')]);
  });
});

describe('tables in the EPUB', () => {
  test('an XHTML table with a header row of th scope="col", alignment classes, and the page marker of a page that begins in it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'samizdat-tables-'));
    const r = await buildManuscript(FIXTURE, { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
    const files = await unzip(new Uint8Array(readFileSync(r.written[1])));
    const [, xhtml] = spineDocuments(files).find(([n]) => n === 'text.xhtml')!;
    const doc = parseXml(xhtml, 'text.xhtml');
    const tables = elements(doc.documentElement).filter((e) => e.localName === 'table');
    expect(tables.length).toBe(2);
    const ths = elements(tables[1]).filter((e) => e.localName === 'th');
    expect(ths.map((e) => [e.textContent, e.getAttribute('scope'), e.getAttribute('class')])).toEqual([
      ['Name', 'col', 'align-left'],
      ['Post', 'col', 'align-left'],
      ['Born', 'col', 'align-center'],
    ]);
    expect(elements(tables[0]).filter((e) => e.localName === 'td' && e.getAttribute('class') === 'align-right').length).toBe(12);
    // A page of the long table begins in a row: its marker is inside the row's first cell.
    const long = await buildManuscript('test/fixtures/tables/long.md', { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
    const [, longXhtml] = spineDocuments(await unzip(new Uint8Array(readFileSync(long.written[1])))).find(([n]) => n === 'text.xhtml')!;
    const longDoc = parseXml(longXhtml, 'text.xhtml');
    const page = long.pageMap.pages.find((p) => p.start && byId(longDoc, p.start.blockId)?.localName === 'td');
    expect(page).toBeDefined();
    const marker = elements(byId(longDoc, page!.start!.blockId)!).find((e) => e.getAttribute('role') === 'doc-pagebreak');
    expect(marker?.getAttribute('aria-label')).toBe(page!.label);
  }, 60_000);

  test('a table whose words do not fit a phone side by side scrolls sideways in a frame of its own, in smaller type', async () => {
    const out = mkdtempSync(join(tmpdir(), 'samizdat-tables-'));
    const wrapped = async (file: string) => {
      const r = await buildManuscript(file, { outDir: out, formats: ['epub'], paper: 'a5', date: DATE });
      const files = await unzip(new Uint8Array(readFileSync(r.written[0])));
      const docs = spineDocuments(files).map(([n, x]) => parseXml(x, n));
      const tables = docs.flatMap((d) => elements(d.documentElement).filter((e) => e.localName === 'table'));
      return { css: String(files.get('OEBPS/style.css')), wrapped: tables.map((t) => (t.parentNode as Element).getAttribute('class') === 'wide-table') };
    };
    const wide = await wrapped('test/fixtures/tables/broadside.md');
    expect(wide.wrapped).toEqual([true, true]);
    expect(wide.css).toMatch(/div\.wide-table \{\s*overflow-x: auto;/);
    expect((await wrapped(FIXTURE)).wrapped).toEqual([false, false]);
  }, 60_000);

  test('a header cell without words is a td, not an empty th (Ace: empty-table-header)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'samizdat-tables-'));
    const r = await buildManuscript('test/fixtures/tables/pounds.md', { outDir: out, formats: ['epub'], paper: 'a5', date: DATE });
    const files = await unzip(new Uint8Array(readFileSync(r.written[0])));
    const [, xhtml] = spineDocuments(files).find(([n]) => n === 'pounds.xhtml' || n === 'text.xhtml')!;
    // The rule under the header runs under those cells too, not in pieces under the th alone.
    const css = String(files.get('OEBPS/style.css'));
    expect(css).toMatch(/thead tr:last-child th, thead tr:last-child td \{\s*border-bottom/);
    const head = elements(parseXml(xhtml, 'pounds.xhtml').documentElement).find((e) => e.localName === 'thead')!;
    const cells = elements(head).filter((e) => e.localName === 'th' || e.localName === 'td');
    // The corner stays a td; the empty cells under a head over a group of columns are spanned by it (see 'a head over a group of columns').
    // The second row, the units under the heads, is the header's too (see 'pandoc 2's second header row').
    expect(cells.map((e) => `${e.localName}:${e.textContent}`)).toEqual([
      'td:', 'th:Price of the quarter of wheat each year', 'th:Average of the different prices of the same year',
      'th:The average price of each year in money of the present times',
      'th:Years XII', ...['£', 's.', 'd.', '£', 's.', 'd.', '£', 's.', 'd.'].map((u) => `th:${u}`),
    ]);
  }, 60_000);
});

describe('pandoc’s grid and multiline tables', () => {
  // test/fixtures/tables/pandoc.md is pandoc 2.17's own writing of three HTML tables (`pandoc -f html -t markdown`).
  test('print as tables, each row’s cells side by side, a cell’s lines rewrapped to its column, its paragraphs and items on lines of their own; the EPUB has XHTML tables', async () => {
    const out = mkdtempSync(join(tmpdir(), 'samizdat-tables-'));
    const r = await buildManuscript('test/fixtures/tables/pandoc.md', { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
    const lines = pageTexts(r.written[0]).flatMap((t) => t.split('\n')).map((l) => l.trim().replace(/\s+/g, ' '));
    // No border of the Markdown is printed.
    expect(lines.filter((l) => /[|+]|---|===/.test(l))).toEqual([]);
    const after = (first: string, n: number) => lines.slice(lines.indexOf(first), lines.indexOf(first) + n);
    expect(after('Fruit Price Advantages of the thing', 7)).toEqual([
      'Fruit Price Advantages of the thing',
      'Bananas, which are long $1.34 built-in wrapper, bright',
      'and yellow and from there color and a lot of other',
      'things to say about it1',
      'Oranges $2.10 cures scurvy',
      'tasty',
      '- one x y',
    ]);
    expect(lines).toContain('- two');
    expect(lines).toContain('Year Price of wheat per quarter Remarks');
    expect(lines.find((l) => l.startsWith('1202 12s.'))).toMatch(/^1202 12s\. A very long remark about the$/);
    expect(lines).toContain('1205 12s. 13s. 4d. Short.');
    expect(lines.find((l) => l.startsWith('毛泽东'))).toMatch(/^毛泽东 毛泽东 毛泽东 Long text 毛泽东/);

    const [, xhtml] = spineDocuments(await unzip(new Uint8Array(readFileSync(r.written[1])))).find(([n]) => n === 'text.xhtml')!;
    const tables = elements(parseXml(xhtml, 'text.xhtml').documentElement).filter((e) => e.localName === 'table');
    expect(tables).toHaveLength(3);
    const cells = (t: Element) => elements(t).filter((e) => e.localName === 'th' || e.localName === 'td');
    // As a reader sees it: a run of spaces is one (the link's text begins on a line of its own).
    expect(cells(tables[0]).map((e) => `${e.localName}.${e.getAttribute('class') ?? ''}:${e.textContent!.replace(/\s+/g, ' ')}`)).toEqual([
      'th.:Fruit', 'th.align-right:Price', 'th.align-center:Advantages of the thing',
      'td.:Bananas, which are long and yellow and from there', 'td.align-right:$1.34', 'td.align-center:built-in wrapper, bright color and a lot of other things to say about it1',
      'td.:Oranges', 'td.align-right:$2.10', 'td.align-center:cures scurvytasty',
      'td.:- one- two', 'td.align-right:x', 'td.align-center:y',
    ]);
    // The paragraphs of a cell, and the items of its list, are apart by a line break.
    expect(elements(cells(tables[0])[8]).map((e) => e.localName)).toContain('br');
    expect(elements(cells(tables[0])[9]).map((e) => e.localName)).toContain('br');
    expect(cells(tables[1]).map((e) => e.localName)).toEqual(['th', 'th', 'th', 'td', 'td', 'td', 'td', 'td', 'td']);
    expect(cells(tables[2]).map((e) => e.textContent)).toEqual(['毛泽东 毛泽东 毛泽东', 'Long text 毛泽东 more text more text more text more text more text more text', 'Café', 'x']);
  }, 60_000);
});

describe('a broadside table with pages of text after it', () => {
  const wide = (md: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-broadside-'));
    const file = join(dir, 'long.md');
    writeFileSync(file, md);
    return buildPdf(file);
  };
  const row = (y: number) => `| ${y} | ${Array.from({ length: 16 }, (_, c) => String(10000 + ((y * 7919 + c * 104729) % 90000))).join(' | ')} |`;
  const table = ['| Year | Wheat | Barley | Oats | Rye | Beans | Peas | Hops | Malt | Flour | Bread | Meal | Bran | Straw | Hay | Clover | Seed |', `|---|${'--:|'.repeat(16)}`, ...[1850, 1851, 1852].map(row)].join('\n');
  const para = (k: number) => `Paragraph ${k} of the text that runs on past the table, as the returns were read in every market town of the kingdom by the merchants and their clerks, who had a cargo to sell or to buy, and wrote to London of the prices.`;
  const turnedAlone = (b: Built) => {
    const turned = b.layout.pages.flatMap((p, page) => (p.items.some((i) => i.kind === 'turned') ? [page] : []));
    expect(turned.length).toBeGreaterThan(0);
    // Nothing but the turned frame: no line of text, no note, and no break the rules forbid.
    for (const page of turned) expect(b.layout.pages[page].items.filter((i) => i.kind === 'line' && i.node).length, `page ${page + 1}`).toBe(0);
    expect(b.diags.list.map((d) => d.rule)).not.toContain('pdf-page-overfull');
    return turned;
  };

  test('has its page to itself: the text it was carried past goes on after it (a line of text was forced onto the turned page, under the table)', async () => {
    const b = await wide(`---\ntitle: Corn\nauthor: A. Tester\nlanguage: en-GB\n---\n\n${para(0)}\n\n${table}\n\n${Array.from({ length: 30 }, (_, k) => para(k + 1)).join('\n\n')}\n`);
    const [page] = turnedAlone(b);
    const text = pageTexts(b.path).map((t) => t.replace(/\s+/g, ' '));
    expect(text[page + 1]).toMatch(/Paragraph \d+/);
    for (let k = 0; k <= 30; k++) expect(text.join(' ')).toContain(`Paragraph ${k} of the text`);
  });

  test('carried past a note split over two pages: the note ends on the next text page, not over the table', async () => {
    const note = Array.from({ length: 12 }, (_, k) => `Sentence ${k} of a long note on the returns, which the clerks kept badly in the years of the war.`).join(' ');
    const b = await wide(`---\ntitle: Corn\nauthor: A. Tester\nlanguage: en-GB\n---\n\n${para(0)}[^1]\n\n${table}\n\n${Array.from({ length: 20 }, (_, k) => para(k + 1)).join('\n\n')}\n\n[^1]: ${note} ${note}\n`);
    const turned = turnedAlone(b);
    const text = pageTexts(b.path).map((t) => t.replace(/\s+/g, ' '));
    for (const page of turned) expect(text[page]).not.toMatch(/Sentence/);
    expect(text.join(' ')).toContain('Sentence 11 of a long note');
  });

  test('the last thing in its chapter, after a note split over two pages: the note ends, then the table, then the next chapter (its end was printed over the table)', async () => {
    const note = Array.from({ length: 30 }, (_, k) => `Sentence ${k} of a long note on the returns, which the clerks kept badly in the years of the war.`).join(' ');
    const b = await wide(`---\ntitle: Corn\nauthor: A. Tester\nlanguage: en-GB\n---\n\n${para(0)}[^1]\n\n${table}\n\n# The Next Chapter\n\n${para(1)}\n\n[^1]: ${note}\n`);
    const [page] = turnedAlone(b);
    const text = pageTexts(b.path).map((t) => t.replace(/\s+/g, ' '));
    expect(text[page - 1]).toContain('Sentence 29 of a long note');
    expect(text[page + 1]).toContain('The Next Chapter');
  });
});
