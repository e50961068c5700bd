/**
 * A note of several paragraphs reads as several in the EPUB, as in the PDF: the paragraph that opens
 * with the note's number is flush, the next ones indented. The stylesheet set every paragraph of a
 * note flush, so that one of Longfellow's notes on Dante ran on as one block of text on an e-reader.
 * What the reader sees is read from Chromium's computed style of the chapter with its stylesheet.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildEpub, unzip } from './helpers.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
const FIXTURE = 'test/pdf/fixtures/quotes-in-notes.md';

/** The text indent of each paragraph of each note (`notes` selects the notes) in `file`, as Chromium computes it, in CSS pixels. */
async function indents(manuscript: string, file: string, notes: string): Promise<number[][]> {
  const files = await unzip(await buildEpub(manuscript));
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-notes-'));
  writeFileSync(join(dir, 'style.css'), files.get('OEBPS/style.css') as string);
  const probe = `<script>document.body.setAttribute('data-indents', JSON.stringify([...document.querySelectorAll('${notes}')].map((a) => [...a.children].filter((c) => c.localName === 'p').map((p) => parseFloat(getComputedStyle(p).textIndent)))))</script>`;
  writeFileSync(join(dir, 'page.xhtml'), (files.get(`OEBPS/${file}`) as string).replace('</body>', `${probe}</body>`));
  const dom = execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${join(dir, 'page.xhtml')}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(/data-indents="([^"]*)"/.exec(dom)![1].replace(/&quot;/g, '"')) as number[][];
}

test('a note’s second and later paragraphs are indented in the EPUB; its first, after the number, is not', async () => {
  const got = await indents(FIXTURE, 'chapter-01.xhtml', 'aside.footnote');
  // The first note: its opening paragraph, 'Brunetto Latini…' after a quote, and the last paragraph.
  expect(got[0]).toHaveLength(3);
  expect(got[0][0]).toBe(0);
  expect(got[0][1]).toBeGreaterThan(5);
  expect(got[0][2]).toBeGreaterThan(5);
  expect(got[1]).toEqual([0]);
}, 60_000);

test('so are an endnote’s, in the Notes after the text', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-endnotes-'));
  const file = join(dir, 'book.md');
  writeFileSync(file, readFileSync(FIXTURE, 'utf8').replace('language: en-GB', 'language: en-GB\nfootnotes: endnotes'));
  const got = await indents(file, 'notes.xhtml', 'ol.endnotes > li');
  expect(got[0]).toHaveLength(3);
  expect(got[0][0]).toBe(0);
  expect(got[0][1]).toBeGreaterThan(5);
  expect(got[0][2]).toBeGreaterThan(5);
  expect(got[1]).toEqual([0]);
}, 60_000);
