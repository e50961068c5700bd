import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import type { Placed } from '../../src/pdf/types.js';
import { elements, parseXml, spineDocuments, unzip } from '../epub/helpers.js';
import { buildPdf, DATE, pageTexts } from './helpers.js';

// Tables whose header has more than one row, in every syntax an editor brings: what pandoc 2.17 writes
// of an HTML table with two rows in its <thead> (colspan, rowspan, a <tfoot>, a caption; `pandoc -f html
// -t markdown`, and with `-grid_tables -multiline_tables -simple_tables`, which gives a pipe table), and
// what pandoc's grid and simple tables allow by hand. Every word of each table is in both editions, and
// the rows of a header are header rows: several <tr> in the EPUB's <thead>, repeated on each PDF page.

/** Each table: its Markdown, and the rows of the header the EPUB should have. */
const TABLES: { name: string; markdown: string; head: string[] }[] = [
  {
    // <th rowspan=2>Years</th><th colspan=3>Price of the quarter</th><th rowspan=2>Average</th>, then the units; a tfoot.
    name: 'pandoc 2 simple table of a two-row thead',
    markdown: `  Years   Price of the quarter                       Average
  ------- ---------------------- ----------- ------- ---------
          pounds                 shillings   pence   
  1202    1                      12          0       alpha
  1205    2                      13          4       beta
  Total   3                      25          4       gamma

  : Table of the Prices of Wheat`,
    head: ['Years Price of the quarter Average', 'pounds shillings pence'],
  },
  {
    name: 'pandoc 2 pipe table of a two-row thead',
    markdown: `| Years | Price of the quarter |           |       | Average |
|-------|----------------------|-----------|-------|---------|
|       | pounds               | shillings | pence |         |
| 1302  | 1                    | 12        | 0     | delta   |
| 1305  | 2                    | 13        | 4     | epsilon |

: Table of the Prices of Barley`,
    head: ['Years Price of the quarter Average', 'pounds shillings pence'],
  },
  {
    // Pandoc 3's grid tables: every row above the line of = is the header's.
    name: 'grid table with two header rows',
    markdown: `+---------+-----------+---------+
| Gyears  | Gprice    | Gmean   |
+---------+-----------+---------+
| Gsub1   | Gsub2     | Gsub3   |
+=========+===========+=========+
| G1202   | G12       | Galpha  |
+---------+-----------+---------+
| G1205   | G13       | Gbeta   |
+=========+===========+=========+
| Gtotal  | G25       | Gfoot   |
+=========+===========+=========+`,
    head: ['Gyears Gprice Gmean', 'Gsub1 Gsub2 Gsub3'],
  },
  {
    // Pandoc 3 writes colspan and rowspan so (gridtables' example): each cell in its first row and column.
    name: 'grid table with cells spanning columns and rows',
    markdown: `+---------------------+-----------------------+
| Location            | Temperature 1961-1990 |
|                     | in degree Celsius     |
|                     +-------+-------+-------+
|                     | min   | mean  | max   |
+=====================+=======+=======+=======+
| Antarctica          | -89.2 | N/A   | 19.8  |
+---------------------+-------+-------+-------+
| Earth               | -89.2 | 14    | 56.7  |
+---------------------+-------+-------+-------+`,
    head: ['Location Temperature 1961-1990 in degree Celsius', 'min mean max'],
  },
  {
    name: 'simple table with a header of two lines',
    markdown: `  Syears   Sprice
  Ssub1    Ssub2
  -------- --------
  S1202    S12
  S1205    S13`,
    head: ['Syears Sprice', 'Ssub1 Ssub2'],
  },
  {
    // Pandoc 2 writes an HTML table whose cells hold paragraphs or lists as a grid table; its second header row
    // (Nomen, Descriptio) it sets as the first body row, and nothing in the text says it was one.
    name: 'pandoc 2 grid table of cells with paragraphs and lists',
    markdown: `+-----------------------------------+-----------------------------------+
| Name                              | Description                       |
+===================================+===================================+
| Nomen                             | Descriptio                        |
+-----------------------------------+-----------------------------------+
| Hamlet                            | Prince of Denmark, son to the     |
|                                   | late king.                        |
|                                   |                                   |
|                                   | Nephew to the present king.       |
+-----------------------------------+-----------------------------------+
| Horatio                           | -   friend to Hamlet              |
|                                   | -   scholar at Wittenberg         |
+-----------------------------------+-----------------------------------+

: Persons of the Drama`,
    head: ['Name Description'],
  },
  {
    // A multiline table's header lines are one row, as pandoc reads them.
    name: 'multiline table with a header of two lines',
    markdown: `----------------------
  Myears     Mprice
  Msub1      Msub2
---------- -----------
  M1202      M12

  M1205      M13
----------------------`,
    head: ['Myears Msub1 Mprice Msub2'],
  },
  {
    // GFM has one header row (pandoc reads the lines over it as a line block): the rows over it are the header's too.
    name: 'pipe table with two header rows',
    markdown: `| Pyears | Pprice \\| cost |
| Psub1  | Psub2         |
|--------|--------------:|
| P1202  | P12           |`,
    head: ['Pyears Pprice | cost', 'Psub1 Psub2'],
  },
  {
    // What pandoc 2 writes of the same table with -t markdown-grid_tables: raw HTML, its caption twice. Before, set as
    // visible text, tags and all.
    name: 'raw HTML table as pandoc 2 writes one',
    markdown: `<table>
<caption>Persons of the Play</caption>
<colgroup>
<col style="width: 50%" />
<col style="width: 50%" />
</colgroup>
<thead>
<tr class="header">
<th>Name</th>
<th>Description</th>
</tr>
<tr class="odd">
<th>Nomen</th>
<th>Descriptio</th>
</tr>
</thead>
<tbody>
<tr class="odd">
<td>Hamlet</td>
<td><p>Prince of <em>Denmark</em>, son to the late king.</p>
<p>Nephew to the present king.</p></td>
</tr>
<tr class="even">
<td>Horatio</td>
<td><ul>
<li>friend to Hamlet</li>
<li>scholar at Wittenberg</li>
</ul></td>
</tr>
</tbody>
</table>

: Persons of the Play`,
    head: ['Name Description', 'Nomen Descriptio'],
  },
  {
    // As Project Gutenberg's and Standard Ebooks' books have them: a head over a group (colspan), heads spanning both
    // rows (rowspan), a foot.
    name: 'raw HTML table with colspan, rowspan and a tfoot',
    markdown: `<table>
<caption>Table of the Prices of Oats</caption>
<thead>
<tr><th rowspan="2">Years</th><th colspan="3">Price of the quarter</th><th rowspan="2">Average</th></tr>
<tr><th>pounds</th><th>shillings</th><th>pence</th></tr>
</thead>
<tbody>
<tr><td>1402</td><td>1</td><td>12</td><td>0</td><td>zeta</td></tr>
<tr><td>1405</td><td>2</td><td>13</td><td>4</td><td>eta</td></tr>
</tbody>
<tfoot>
<tr><td>Sum</td><td>3</td><td>25</td><td>4</td><td>theta</td></tr>
</tfoot>
</table>`,
    head: ['Years Price of the quarter Average', 'pounds shillings pence'],
  },
  {
    // Old HTML (Project Gutenberg's older books): capitals, closing tags left out, row heads of th.
    name: 'raw HTML table of old, its closing tags left out',
    markdown: `<TABLE BORDER=1>
<TR><TH>Whaler<TH>Sailed
<TR><TH SCOPE=row>Ahab<TD ALIGN=right>1800
<TR><TH SCOPE=row>Starbuck<TD ALIGN=right>1820
</TABLE>`,
    head: ['Whaler Sailed'],
  },
  {
    // A head over a group of columns with the first body row under it: data, since the first column has words in both.
    name: 'pipe table with a head over a group and data under it',
    markdown: `| Word | Translations |       |       |
|------|--------------|-------|-------|
| cat  | chat         | Katze | gatto |
| dog  | chien        | Hund  | cane  |`,
    head: ['Word Translations'],
  },
];

const FRONT = '---\ntitle: Heads\nauthor: A. Tester\nlanguage: en\n---\n\n';

/** The words of a table's Markdown: its cells' and caption's text without the table's syntax. */
function wordsOf(markdown: string): string[] {
  return markdown.replace(/<[^>]*>/g, ' ').replace(/^\s*: /gm, ' ').replace(/[|+=]|-{2,}|^\s*-\s/gm, ' ').split(/\s+/).filter((w) => /\w/.test(w));
}

let dir: string;
let pdfText: string;
let tables: Element[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samizdat-table-heads-'));
  const file = join(dir, 'heads.md');
  writeFileSync(file, FRONT + TABLES.map((t) => `Before the ${t.name}.\n\n${t.markdown}\n\nAfter it.\n`).join('\n'));
  const r = await buildManuscript(file, { outDir: dir, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
  const [pdf, epub] = [r.written.find((w) => w.endsWith('.pdf'))!, r.written.find((w) => w.endsWith('.epub'))!];
  pdfText = pageTexts(pdf).join('\n').replace(/\s+/g, ' ');
  const docs = spineDocuments(await unzip(new Uint8Array(readFileSync(epub)))).map(([n, x]) => parseXml(x, n));
  tables = docs.flatMap((d) => elements(d.documentElement).filter((e) => e.localName === 'table'));
}, 120_000);

describe('a table whose header has several rows', () => {
  test('has every word in the PDF and in the EPUB\'s table, in any syntax', () => {
    const epubText = tables.map((t) => t.textContent).join(' ').replace(/\s+/g, ' ');
    for (const t of TABLES) {
      for (const w of wordsOf(t.markdown)) {
        expect(pdfText, `${t.name}: '${w}' in the PDF`).toContain(w);
        expect(epubText, `${t.name}: '${w}' in the EPUB`).toContain(w);
      }
    }
  });

  test('a raw HTML table is a table: no tag is printed, its caption is printed once, its foot after its body', () => {
    expect(pdfText).not.toMatch(/<\/?(?:table|tr|td|th|p|caption)\b/);
    expect(pdfText.split('Persons of the Play')).toHaveLength(2);
    expect(pdfText).toMatch(/Table of the Prices of Oats Years Price of the quarter Average pounds shillings pence 1402 .* 1405 .* Sum 3 25 4 theta/);
    const raw = tables[TABLES.findIndex((t) => t.name === 'raw HTML table as pandoc 2 writes one')];
    expect(elements(raw).filter((e) => e.localName === 'caption').map((e) => e.textContent)).toEqual(['Persons of the Play']);
    expect(elements(raw).some((e) => e.localName === 'em' && e.textContent === 'Denmark')).toBe(true);
  });

  test('has a <thead> of as many rows in the EPUB, each of th (a td for a corner without words)', () => {
    expect(tables).toHaveLength(TABLES.length);
    TABLES.forEach((t, k) => {
      const thead = elements(tables[k]).find((e) => e.localName === 'thead');
      const rows = thead ? elements(thead).filter((e) => e.localName === 'tr') : [];
      const cells = (r: Element) => elements(r).filter((e) => e.parentNode === r);
      expect(rows.map((r) => cells(r).map((c) => c.textContent).filter(Boolean).join(' ')), t.name).toEqual(t.head);
      for (const r of rows) {
        for (const c of cells(r)) expect(c.localName, `${t.name}: '${c.textContent}'`).toBe(c.textContent ? 'th' : 'td');
      }
    });
  });
});

describe('a long table whose header has two rows', () => {
  test('repeats both rows at the head of every page it runs on to, over a rule clear of them and of the first row', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `| ${1700 + i} | ${i % 20} | ${i % 12} | Row ${i + 1} of the long table |`).join('\n');
    const file = join(mkdtempSync(join(tmpdir(), 'samizdat-table-heads-')), 'long.md');
    writeFileSync(file, `${FRONT}A long table.\n\n| Years | Quaintly typed price |  | Remarks |\n|---|---|---|---|\n|  | shillings | pence |  |\n${rows}\n\nAfter it.\n`);
    const b = await buildPdf(file);
    const pages = pageTexts(b.path).map((t) => t.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean));
    const withRows = pages.filter((lines) => lines.some((l) => /^\d{4} \d+ \d+ Row \d+ of/.test(l)));
    expect(withRows.length).toBeGreaterThan(1);
    for (const lines of withRows) {
      const first = lines.findIndex((l) => /^\d{4} \d+ \d+ Row \d+ of/.test(l));
      const head = lines.slice(0, first).join(' ');
      expect(head, lines.slice(0, first + 1).join(' / ')).toMatch(/Years Quaintly typed price Remarks shillings pence$/);
    }
    // The rule under the header: about 3 pt under the header's descenders (y, p go 0.29 em down) and over the first
    // row's capitals and ascenders (0.71 em up); before, 1.8 pt over the capitals, touching the descenders.
    let seen = 0;
    for (const page of b.layout.pages) {
      const lines = page.items.filter((i): i is Extract<Placed, { kind: 'line' }> => i.kind === 'line');
      for (const r of page.items) {
        if (r.kind !== 'rule' || r.thickness !== 0.4) continue;
        const above = lines.filter((l) => l.y < r.y && l.y > r.y - 25);
        const below = lines.filter((l) => l.y > r.y && l.y < r.y + 25);
        const size = above[0].line.runs[0].size;
        expect(r.y - Math.max(...above.map((l) => l.y)) - 0.29 * size - r.thickness / 2).toBeGreaterThanOrEqual(2.5);
        expect(Math.min(...below.map((l) => l.y)) - r.y - 0.71 * size - r.thickness / 2).toBeGreaterThanOrEqual(2.5);
        seen++;
      }
    }
    expect(seen).toBe(withRows.length);
    expect(b.diags.list).toEqual([]);
  }, 120_000);
});

describe('a cell that shows only an image or a note’s mark', () => {
  // Such a cell has no words: taken for the empty cell a head spans, it was left out of both editions.
  test('is a cell of its own in both editions, not spanned over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-table-cells-'));
    writeFileSync(join(dir, 'small.png'), readFileSync(join(import.meta.dirname, '../fixtures/booktype/small.png')));
    const file = join(dir, 'cells.md');
    writeFileSync(file, `${FRONT}| Place | Map |\n|---|---|\n| Paris | ![a map of Paris](small.png) |\n| Lyon | [^1] |\n\n[^1]: Lyon has no map.\n`);
    const r = await buildManuscript(file, { outDir: dir, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
    const epub = r.written.find((p) => p.endsWith('.epub'))!;
    const docs = spineDocuments(await unzip(new Uint8Array(readFileSync(epub))));
    const table = docs.map(([, x]) => x).find((x) => x.includes('<table'))!;
    expect(table).not.toContain('colspan');
    expect(table).toMatch(/<tr><td[^>]*>Paris<\/td><td[^>]*><img [^>]*alt="a map of Paris"\/><\/td><\/tr>/);
    expect(table).toMatch(/<tr><td[^>]*>Lyon<\/td><td[^>]*><a [^>]*role="doc-noteref"[^>]*>1<\/a><\/td><\/tr>/);
    const pdf = r.written.find((p) => p.endsWith('.pdf'))!;
    expect(pageTexts(pdf).join('\n')).toMatch(/Lyon\s+1\n/);
  });
});
