/**
 * A table too wide for the page inside a quote, a list or a note, through the compiled command. In a
 * quote or a list it is turned broadside as one in the run of the text is, on a page of its own with
 * its figures whole (in a quote it stayed upright, each five-figure number broken over two lines); a
 * note cannot turn, so its table stays upright with a warning, its words broken across lines but none
 * of its figures lost.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
let stderr: string;
let pages: string[];
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-nested-tables-'));
  cpSync(join(ROOT, 'test/fixtures/tables/nested.md'), join(dir, 'nested.md'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'nested.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  stderr = r.stderr;
  pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'out/nested.pdf'), '-'], { encoding: 'utf8' }).split('\f').map((p) => p.replace(/\s+/g, ' ').trim());
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The years of the rows printed whole on a page: the year and its sixteen five-figure returns on one line. */
const rows = (page: string) => [...page.matchAll(/\b(1[89]\d\d)((?: \d{5}){16})\b/g)].map((m) => m[1]);
const years = Array.from({ length: 6 }, (_, i) => String(1850 + i));

describe('a table too wide for the page', () => {
  it('in a quote or a list is turned broadside, each on a page of its own, every figure whole; the quote and the list run on past it', () => {
    const turned = pages.flatMap((p, i) => (rows(p).length ? [i] : []));
    expect(turned.map((i) => rows(pages[i]))).toEqual([years, years]);
    const quote = pages.findIndex((p) => p.startsWith('In a quote'));
    expect(pages[quote]).toMatch(/The returns of the quarter are these\. So the clerk wrote\. After the quote\./);
    expect(turned[0]).toBe(quote + 1);
    const list = pages.findIndex((p) => p.startsWith('In a list'));
    expect(pages[list]).toMatch(/1\. The returns of the quarter: 2\. The returns of the year follow\. After the list\./);
    expect(turned[1]).toBe(list + 1);
  });

  it('in a note stays upright, warned about at its line; its words are broken across lines, none of its figures lost', () => {
    expect(stderr.match(/warning/g)).toHaveLength(1);
    expect(stderr).toContain("nested.md:51:5: warning: this table's columns do not fit the page side by side even at 7 pt, and a note's table is not turned: its longest words are broken across lines");
    const note = pages.find((p) => p.includes('The returns of the quarter: Ye'))!;
    expect(note).toContain('So the clerk wrote.');
    const source = readFileSync(join(ROOT, 'test/fixtures/tables/nested.md'), 'utf8').split('[^returns]:')[1];
    const count = (t: string) => [...'0123456789'].map((d) => t.split(d).length - 1);
    const [printed, written] = [count(note), count(source)];
    // Every figure of the table (the page adds its folio and the note's number, twice).
    printed.forEach((n, d) => expect(n, `the digit ${d}`).toBeGreaterThanOrEqual(written[d]));
    expect(printed.reduce((a, b) => a + b) - written.reduce((a, b) => a + b)).toBeLessThanOrEqual(4);
    // And every letter of its header's words, broken as they are ('Wh-' over 'eat').
    const letters = (t: string) => [...t].filter((c) => /[A-Za-z]/.test(c)).sort().join('');
    const header = source.split('\n').find((l) => l.includes('Year'))!;
    const missing = [...letters(header)].filter((c, i, all) => all.indexOf(c) === i && letters(note).split(c).length < letters(header).split(c).length);
    expect(missing).toEqual([]);
  });
});
