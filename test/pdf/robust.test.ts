import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI, ensureCompiled } from '../compiled.js';
import { buildPdf, pageTexts, type Built } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-robust-'));
const FM = '---\ntitle: Odd Shapes\nauthor: A. Writer\nlanguage: en-GB\n---\n\n';
const words = (n: number) => Array.from({ length: n }, (_, i) => ['word', 'another', 'longer', 'text'][i % 4]).join(' ');

const cases: Record<string, string> = {
  'one paragraph': `${FM}${words(40)}.\n`,
  'a heading and nothing else': `${FM}## Only a heading\n`,
  'a code block longer than a page': `${FM}Before.\n\n\`\`\`\n${Array.from({ length: 120 }, (_, i) => `line ${i}`).join('\n')}\n\`\`\`\n\nAfter.\n`,
  'a long list': `${FM}${Array.from({ length: 80 }, (_, i) => `${i + 1}. ${words(12 + (i % 20))}`).join('\n')}\n`,
  'a footnote longer than a page': `${FM}Text with a note.[^1]\n\n${words(300)}\n\n[^1]: ${words(900)}\n`,
  'a very long word': `${FM}${'x'.repeat(300)} and https://example.org/${'a'.repeat(200)}\n`,
  'nested quotes': `${FM}> one\n> > two\n> > > three ${words(60)}\n\n${words(50)}\n`,
  // A note whose list sets no line (its item is empty): found by the property test.
  'a note of an empty list item': `${FM}Text with a note.[^1] More text.\n\n[^1]: *\n`,
};

describe('odd manuscripts lay out without crashing, every word on some page', () => {
  for (const [name, md] of Object.entries(cases)) {
    test(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.md`);
      writeFileSync(file, md);
      const b = await buildPdf(file);
      expect(b.pdf.length).toBeGreaterThan(1000);
      const text = pageTexts(b.path).join('\n');
      expect(text).toContain('Odd Shapes');
      // Page labels stay consistent with the page map whatever happened.
      expect(b.layout.pageMap.pages.length).toBe(b.layout.pages.length);
      // Every note keeps its number at the foot of the page, whatever it holds.
      if (md.includes('[^1]:')) expect(text).toMatch(/^\s*1\./m);
    }, 60_000);
  }
});

describe('a heading taller than a page (10,000 characters: a hostile input)', () => {
  test('is set from where it stands, broken across pages, leaving no page empty but for its folio; one warning says so', () => {
    ensureCompiled();
    const heading = words(1700).slice(0, 10_000);
    for (const [name, before] of [['first', ''], ['after', `${words(30)}.\n\n`]]) {
      const file = join(dir, `tall-heading-${name}.md`);
      writeFileSync(file, `${FM}${before}# ${heading}\n\nThe text after it.\n`);
      const r = spawnSync(process.execPath, [CLI, 'build', file, '--out', join(dir, 'out'), '--format', 'pdf'], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const pages = pageTexts(join(dir, 'out', `tall-heading-${name}.pdf`)).map((t) => t.replace(/\s+/g, ' ').trim());
      // Before: the opening page held its folio alone, the heading pushed to the pages after it.
      for (const [i, t] of pages.entries()) expect(t, `${name}: page ${i + 1}`).not.toMatch(/^\d+$/);
      // The heading opens the page after the text before it (the first body page, folio 1, when none is).
      const one = pages.findIndex((t) => / 1$/.test(t));
      const start = pages.findIndex((t, i) => i >= one && t.startsWith(heading.slice(0, 40)));
      expect(start, name).toBe(before ? one + 1 : one);
      expect(pages.slice(start).join(' ').replace(/ ?\S*…/g, '')).toContain('The text after it.');
      const at = before ? 9 : 7;
      expect(r.stderr.split('\n').filter((l) => l.includes('warning')), name).toEqual([
        expect.stringMatching(new RegExp(`^${file}:${at}:1: warning: a heading of \\d+ characters: the contents and the bookmarks give it whole`)),
        expect.stringMatching(new RegExp(`^${file}:${at}:1: warning: this heading of \\d+ lines is taller than a page: it is broken across pages as a paragraph is`)),
      ]);
    }
  }, 180_000);
});

describe('a code line wider than the page even at 6 pt (a preformatted table, a URL)', () => {
  test('is broken at the measure, its turnover indented, with every word on the page and within the text block', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `col${i}`).join(' ') + ` https://example.org/${'a'.repeat(150)}`;
    const file = join(dir, 'wide-code.md');
    writeFileSync(file, `${FM}\`\`\`\n    short line\n    ${long}\n\`\`\`\n`);
    const b = await buildPdf(file);
    expect(b.diags.list.map((d) => d.rule)).toContain('pdf-code-too-wide');
    const text = pageTexts(b.path).join('\n');
    expect(text.replace(/\s+/g, '')).toContain(long.replace(/\s+/g, ''));
    // Before: the line ran off the page, its last 200 characters lost to the reader.
    const box = execFileSync('pdftotext', ['-bbox', b.path, '-'], { encoding: 'utf8' });
    const page = Number(/<page width="([\d.]+)"/.exec(box)![1]);
    const right = Math.max(...[...box.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(right).toBeLessThan(page - 30);
    // The turnovers stand in from the line's own indent.
    const lines = text.split('\n').filter((l) => /col|aaaa/.test(l));
    expect(lines.length).toBeGreaterThan(2);
  }, 60_000);
});

/** Every line of every page in the text block, running heads and folios in the margins around it. */
function inTextBlock(b: Built): void {
  const { top, lines, leading } = b.layout.geometry;
  for (const [i, p] of b.layout.pages.entries()) {
    for (const it of p.items) {
      if (it.kind !== 'line') continue;
      expect(it.y, `page ${i + 1}`).toBeGreaterThan(it.node ? 0 : -top);
      if (it.node) expect(it.y, `page ${i + 1}`).toBeLessThanOrEqual(lines * leading);
    }
  }
}

describe('a note holding a table of several lines a row', () => {
  test('ends on the text block’s last line, not a quarter of its last row’s height below it, over the folio', async () => {
    const row = (r: number) => `    | ${Array.from({ length: 12 }, (_, c) => `r${r}c${c} ${words(5)}`).join(' | ')} |`;
    const file = join(dir, 'note-table-rows.md');
    writeFileSync(file, `${FM}A paragraph.[^1]\n\n[^1]: The table:\n\n${[row(0), `    |${'---|'.repeat(12)}`, row(1)].join('\n')}\n`);
    const b = await buildPdf(file);
    inTextBlock(b);
  }, 60_000);
});

describe('a note holding a table taller than the page, whose rows must go two together', () => {
  test('is cut where its rows forbid rather than run off the top of the page, the note after it on the pages that follow; one warning says so', async () => {
    const cell = (r: number, c: number) => [`R${r}`, ...Array.from({ length: 13 }, (_, k) => `r${r}c${c}w${k}`)].join(' ');
    const row = (r: number) => `    | ${Array.from({ length: 12 }, (_, c) => cell(r, c)).join(' | ')} |`;
    const table = [row(0), `    |${'---|'.repeat(12)}`, row(1), row(2), row(3)].join('\n');
    const file = join(dir, 'tall-note-table.md');
    writeFileSync(file, `${FM}- An item.\n\nText with a note.[^1]\n\nMore text, a second note.[^2]\n\n[^1]: The note's table:\n\n${table}\n\n[^2]: ${words(300)}.\n`);
    const b = await buildPdf(file);
    expect(b.diags.list.map((d) => d.rule)).toContain('pdf-page-overfull');
    // Every line of every page in the text block, running heads in the margin above it (before: the
    // foot's notes, 45 lines on a page of 28, ran off the top of the paper).
    inTextBlock(b);
    const text = pageTexts(b.path).join('\n');
    // Each row's twelve cells once; the header's on each page the table runs on to.
    for (let r = 1; r < 4; r++) expect(text.match(new RegExp(`\\bR${r}\\b`, 'g'))).toHaveLength(12);
    expect(text.match(/\bR0\b/g)!.length % 12).toBe(0);
    // The note after it whole, over the pages that follow.
    expect(text.match(/\banother\b/g)).toHaveLength(75);
  }, 60_000);
});

describe('a note that must go whole to the next page, after a tall note table that cannot split', () => {
  test('builds, the note whole on the page after the table’s end (that page was given none of it, and the build crashed)', async () => {
    // Found by test/hazards/nothing-lost.test.ts: a note of fourteen columns of cut words, and a note of 300 words after it.
    const file = 'test/pdf/fixtures/note-put-off.md';
    const b = await buildPdf(file);
    inTextBlock(b);
    const text = pageTexts(b.path).join('\n').replace(/\s+/g, '');
    const words = readFileSync(file, 'utf8').split('\n').filter((l) => !l.trimStart().startsWith('|')).join(' ').match(/q\d+k/g)!;
    expect(words.length).toBeGreaterThan(250);
    for (const w of words) expect(text).toContain(w);
  }, 60_000);
});
