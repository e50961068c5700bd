/**
 * `footnotes: by-chapter` numbers a text's footnotes from 1 again at each `#` chapter, in both editions;
 * without it they run on through the text. Ids and links do not move.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { buildEpub, text, unzip } from '../epub/helpers.js';
import { buildPdf, pageTexts } from '../pdf/helpers.js';

const FIXTURE = 'test/fixtures/notes/by-chapter.md';
const dir = mkdtempSync(join(tmpdir(), 'samizdat-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const numbers = (file: string, diags = new Diagnostics()) => Object.fromEntries(prepareBook(file, diags).notes.map((n) => [plain(n.children), n.number]));
const plain = (blocks: unknown) => JSON.stringify(blocks).match(/Note (\w)/)![1];

test('each chapter counts its notes from 1; a note cited in a note counts in its chapter, right after the note citing it', () => {
  // One: a, then e (cited in a, as a reader meets it), then b; Two: c, d (a again keeps its number).
  const diags = new Diagnostics();
  expect(numbers(FIXTURE, diags)).toEqual({ a: 1, e: 2, b: 3, c: 1, d: 2 });
  // Cited again in Two, a's mark 1 is One's number, beside Two's own note 1: said at a's definition.
  expect(diags.list.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['16:1 note-cited-in-two-chapters']);
  const through = join(dir, 'through.md');
  writeFileSync(through, readFileSync(FIXTURE, 'utf8').replace('footnotes: by-chapter\n', ''));
  const quiet = new Diagnostics();
  expect(numbers(through, quiet)).toEqual({ a: 1, e: 2, b: 3, c: 4, d: 5 });
  expect(quiet.list).toEqual([]);
});

test('the PDF and the EPUB print the chapter’s numbers, marks and notes alike', async () => {
  const pdf = pageTexts((await buildPdf(FIXTURE)).path).join('\n').replace(/[ \t]+/g, ' ');
  expect(pdf).toMatch(/1\. Note c\./);
  expect(pdf).toMatch(/2\. Note d\./);
  expect(pdf).toMatch(/2\. Note e, cited in note a\./);
  expect(pdf).toMatch(/3\. Note b\./);
  const files = await unzip(await buildEpub(FIXTURE));
  const two = [...files.keys()].map((n) => (/\.xhtml$/.test(n) ? text(files, n) : '')).find((x) => x.includes('Third.'))!;
  expect([...two.matchAll(/class="noteref">(\d+)</g)].map((m) => m[1])).toEqual(['1', '1', '2']);
  expect(two).toMatch(/class="note-number">1\.<\/a> Note c\./);
});
