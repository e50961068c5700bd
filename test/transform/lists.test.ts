/**
 * The lists of figures and tables (front matter `lists`) are made from the text's figures and captioned
 * tables; one with no words to list (a figure without caption or description, a caption that is a note
 * mark alone) is left out, not listed as an empty line (the PDF's list crashed on it).
 */
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { buildPdf, pageTexts } from '../pdf/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-lists-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a figure or table with no words is left out of its list, and the PDF is made', async () => {
  copyFileSync('test/fixtures/lists/banner.png', join(dir, 'banner.png'));
  const file = join(dir, 'bare.md');
  writeFileSync(file, '---\ntitle: Bare\nauthor: A. Tester\nlanguage: en-GB\nlists: [figures, tables]\n---\n\n![](banner.png)\n\n![A described banner](banner.png)\n\n| a |\n|---|\n| b |\n\nTable: [^c]\n\n[^c]: A note in a caption.\n');
  const book = prepareBook(file, new Diagnostics());
  expect(book.lists.map((l) => [l.kind, l.entries.map((e) => e.title)])).toEqual([['figures', ['A described banner']], ['tables', []]]);
  const pages = pageTexts((await buildPdf(file)).path).map((p) => p.replace(/\s+/g, ' ').trim());
  expect(pages.find((p) => p.startsWith('List of Illustrations'))).toMatch(/^List of Illustrations A described banner[ .]+1/);
  expect(pages.some((p) => p.startsWith('List of Tables'))).toBe(false);
});
