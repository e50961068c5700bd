/**
 * Pandoc's superscripts and subscripts (`1^st^`, `H~2~O`): the face's superior and inferior forms in
 * the PDF (EB Garamond's `sups` and `subs`, drawn on the line, not shrunk and raised by hand), `<sup>`
 * and `<sub>` in the EPUB; `~~text~~` stays as written. What they hold is read as pandoc reads it: an
 * index in italics, `K~*n*~`, and spaces escaped with a backslash, `~ν\ =\ 0~`, as the Tractatus writes
 * its sums (they printed their asterisks and backslashes).
 */
import { expect, test } from 'vitest';
import { buildEpub, text, unzip } from '../epub/helpers.js';
import { buildPdf } from './helpers.js';

const FIXTURE = 'test/fixtures/scripts/scripts.md';

test('the PDF sets them in the face’s superior and inferior forms', async () => {
  const { layout } = await buildPdf(FIXTURE);
  const runs = layout.pages.flatMap((p) => p.items.flatMap((it) => (it.kind === 'line' ? it.line.runs : [])));
  const featuresOf = (t: string) => runs.filter((r) => r.text === t).map((r) => r.features.filter((f) => f === 'sups' || f === 'subs'));
  expect(featuresOf('st')).toEqual([['sups']]);
  expect(featuresOf('rd')).toEqual([['sups']]);
  // The '2' of '2nd' is a figure of the text, the '2' of 'H2O' an inferior.
  expect(featuresOf('2')).toEqual([[], ['subs']]);
  expect(runs.map((r) => r.text).join('')).toContain('x~~y~~z');
  // An italic index, and a sum's bounds with no-break spaces, no markup left in them.
  const sub = runs.filter((r) => r.features.includes('subs'));
  expect(sub.map((r) => r.text)).toEqual(['2', 'n', 'ν', '=', '0']);
  expect(sub.find((r) => r.text === 'n')!.face).toMatch(/italic/);
  expect(runs.map((r) => r.text).join('')).not.toMatch(/[*\\]/);
});

test('the EPUB marks them up as sup and sub', async () => {
  const files = await unzip(await buildEpub(FIXTURE));
  const xhtml = text(files, 'OEBPS/text.xhtml');
  expect(xhtml).toContain('1<sup>st</sup> of May');
  expect(xhtml).toContain('H<sub>2</sub>O');
  expect(xhtml).toContain('x~~y~~z');
  expect(xhtml).toContain('<em>K</em><sub><em>n</em></sub> = ∑<sub><em>ν</em>\u00a0=\u00a00</sub><sup><em>n</em></sup> possibilities');
});
