/**
 * A quote inside a note is set in the note's type, as LaTeX's quote environment keeps \footnotesize
 * in a footnote: in the quotes' type (a size above the notes') its lines stood out of the note
 * larger than the note's own, as an editor's notes quoting prose and verse at length showed.
 */
import { beforeAll, expect, test } from 'vitest';
import { buildPdf, type Built } from './helpers.js';

let b: Built;
beforeAll(async () => {
  b = await buildPdf('test/pdf/fixtures/quotes-in-notes.md');
}, 60_000);

/** The size of the run that holds `word`. */
function sizeOf(word: string): number {
  const runs = b.layout.pages.flatMap((p) => p.items.flatMap((it) => (it.kind === 'line' ? it.line.runs : [])));
  const run = runs.find((r) => r.text.includes(word));
  expect(run, word).toBeDefined();
  return run!.size;
}

test('a quote of prose and one of verse in a note are in the note’s type; a quote in the text keeps the quotes’', () => {
  const note = sizeOf('words,');
  expect(sizeOf('Quoted')).toBe(note);
  expect(sizeOf('Pensando')).toBe(note);
  expect(sizeOf('quotation')).toBeGreaterThan(note);
});
