/**
 * A text in German is hyphenated by German patterns: before, only English had patterns and a German
 * page was set without a hyphen, its justified lines gappy (pdf-spacing: 8 % of the gaps over half an
 * em; none now). Nouns, capitalised in German, are hyphenated like any word.
 */
import { expect, test } from 'vitest';
import { buildPdf, pageTexts } from './helpers.js';

test('a German text’s lines end in hyphens where German cuts its words, nouns included', async () => {
  const lines = pageTexts((await buildPdf('test/fixtures/languages/de.md')).path).join('\n').split('\n').map((l) => l.trim());
  const cut = lines.filter((l) => /\p{L}-$/u.test(l)).map((l) => l.split(' ').pop());
  expect(cut.length).toBeGreaterThanOrEqual(3);
  // A noun among them (a capital initial), and each cut where the German patterns allow it.
  expect(cut.some((w) => /^\p{Lu}/u.test(w!))).toBe(true);
  for (const w of cut) expect(w!.replace(/-$/, '').length, w).toBeGreaterThanOrEqual(2);
});
