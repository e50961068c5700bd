import { cellSpans, isBlank, plainText, type ParsedBlock } from '../model/index.js';

type Table = Extract<ParsedBlock, { kind: 'table' }>;

/**
 * Gives back a table the second header row pandoc 2 took from it. Pandoc 2.17's Markdown writer keeps
 * one header row of an HTML table whose <thead> has two (Standard Ebooks' Wealth of Nations has seven:
 * 'Wheat per quarter' over 'Years £ s. d.'), in every table syntax it writes, and sets the second as the
 * first row of the body: the units were set under the header's rule, as figures, and not repeated over
 * the rows on the pages the table runs on to. The text keeps the trace of the spans it lost:
 *
 *   - a head over a group of columns (a header cell followed by empty ones, which both editions set
 *     across them: see cellSpans) has words in every cell of the first row under it, or in none (a
 *     group head that also spanned both rows);
 *   - every other column has words in the header or in the first row, never in both: a head that
 *     spanned both rows ('Years') left its cell in the first row empty, an empty corner got its label
 *     ('Years' under an empty cell) from the second row;
 *   - and the first row has no figures (a row of the body's data that happens to start with an empty cell has).
 *
 * Then the first row is a header row: `head` becomes 2. A table an editor wrote with a header of one row
 * and a body under a head over a group ('Translations' over 'chat Katze gatto') has words in both the
 * header and the first row of its first column, and is left as written.
 */
export function restoreSubheads(table: Table): void {
  if (table.head !== 1 || table.rows.length < 3) return;
  const [head, first] = table.rows;
  const words = first.map((c) => !isBlank(c.children));
  if (first.some((c) => /\p{Nd}/u.test(plainText(c.children)))) return;
  const spans = cellSpans(table)[0];
  let grouped = false;
  for (let c = 0; c < head.length; ) {
    const span = spans[c] ?? 1;
    const under = words.slice(c, c + span);
    const headed = plainText(head[c].children).trim() !== '';
    if (span > 1) {
      if (under.every(Boolean)) grouped = true;
      else if (under.some(Boolean)) return;
    } else if (headed && under[0]) return;
    c += span;
  }
  if (grouped) table.head = 2;
}
