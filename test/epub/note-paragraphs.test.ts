/**
 * A note of several paragraphs reads as several in the EPUB, as in the PDF: the paragraph that opens
 * with the note's number is flush, the next ones indented. The stylesheet set every paragraph of a
 * note flush, so that one of Longfellow's notes on Dante ran on as one block of text on an e-reader.
 * What the reader sees is read from Chromium's computed style of the chapter with its stylesheet.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildEpub, unzip } from './helpers.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';

test('a note’s second and later paragraphs are indented in the EPUB; its first, after the number, is not', async () => {
  const files = await unzip(await buildEpub('test/pdf/fixtures/quotes-in-notes.md'));
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-notes-'));
  writeFileSync(join(dir, 'style.css'), files.get('OEBPS/style.css') as string);
  // The text indent of each paragraph of each note, in CSS pixels, written into the page for --dump-dom.
  const probe = `<script>document.body.setAttribute('data-indents', JSON.stringify([...document.querySelectorAll('aside.footnote')].map((a) => [...a.children].filter((c) => c.localName === 'p').map((p) => parseFloat(getComputedStyle(p).textIndent)))))</script>`;
  writeFileSync(join(dir, 'chapter.xhtml'), (files.get('OEBPS/chapter-01.xhtml') as string).replace('</body>', `${probe}</body>`));
  const dom = execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${join(dir, 'chapter.xhtml')}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const indents = JSON.parse(/data-indents="([^"]*)"/.exec(dom)![1].replace(/&quot;/g, '"')) as number[][];
  // The first note: its opening paragraph, 'Brunetto Latini…' after a quote, and the last paragraph.
  expect(indents[0]).toHaveLength(3);
  expect(indents[0][0]).toBe(0);
  expect(indents[0][1]).toBeGreaterThan(5);
  expect(indents[0][2]).toBeGreaterThan(5);
  expect(indents[1]).toEqual([0]);
}, 60_000);
