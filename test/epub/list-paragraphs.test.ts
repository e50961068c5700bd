/**
 * A list item of several paragraphs reads as several in the EPUB, as in the PDF: its first paragraph
 * flush after the number, the next ones indented as new paragraphs. The stylesheet set every paragraph
 * of an item flush, so that an entry of Giles's bibliography to Sun Tzu (a note on a treatise, then a
 * paragraph on the three oldest) ran on as one block on an e-reader. What the reader sees is read from
 * Chromium's computed style of the chapter with its stylesheet.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { buildEpub, unzip } from './helpers.js';

const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';

const MANUSCRIPT = `---
title: Bibliography
author: Lionel Giles
language: en-GB
---

# Bibliography

The following are the oldest Chinese treatises on war.

1.  *Wu Tzǔ*, in one *chüan* or six chapters. A genuine work.

2.  *Ssǔ-ma Fa*, in one *chüan* or five chapters. Its date, however, must be early.

    The *Ssǔ Kʽu Chʽüan Shu* remarks that the oldest three treatises on war are only concerned with things strictly military.

    > A quote inside the item, its paragraph set as a quote's.

    A third paragraph of the item, after the quote, indented as a new one.

3.  *Liu Tʽao*, in six *chüan*.

After the list a paragraph is indented as a new one.
`;

test('an item’s second and later paragraphs are indented in the EPUB; its first, after the number, is not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-items-'));
  const book = join(dir, 'book.md');
  writeFileSync(book, MANUSCRIPT);
  const files = await unzip(await buildEpub(book));
  writeFileSync(join(dir, 'style.css'), files.get('OEBPS/style.css') as string);
  const probe = `<script>document.body.setAttribute('data-indents', JSON.stringify([...document.querySelectorAll('ol > li')].map((li) => [...li.children].filter((c) => c.localName === 'p').map((p) => parseFloat(getComputedStyle(p).textIndent)))))</script>`;
  writeFileSync(join(dir, 'page.xhtml'), (files.get('OEBPS/chapter-01.xhtml') as string).replace('</body>', `${probe}</body>`));
  const dom = execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${join(dir, 'page.xhtml')}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const got = JSON.parse(/data-indents="([^"]*)"/.exec(dom)![1].replace(/&quot;/g, '"')) as number[][];
  expect(got).toHaveLength(3);
  expect(got[0]).toEqual([0]);
  expect(got[1]).toHaveLength(3);
  expect(got[1][0]).toBe(0);
  expect(got[1][1]).toBeGreaterThan(5);
  expect(got[1][2]).toBeGreaterThan(5);
  expect(got[2]).toEqual([0]);
}, 60_000);
