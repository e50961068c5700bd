/**
 * The book's type says which passes have run: the parser's ParsedBook (ids empty, no contents, no
 * names) is not the PreparedBook the layout and the renderers take; only runPasses makes one.
 * The @ts-expect-error lines are checked by `npm run typecheck`: they fail it if the types allow them.
 */
import { describe, expect, it } from 'vitest';
import { runPasses } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { renderEpub } from '../../src/epub/render.js';
import { walkBook, type Book, type ParsedBook } from '../../src/model/index.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import { layoutPdf } from '../../src/pdf/layout.js';

const SEED = 'seeds/legacies-and-heirs-of-jv-stalin.md';

function ids(book: ParsedBook | Book): string[] {
  return [...walkBook(book)].flatMap((b) => ('id' in b ? [b.id] : []));
}

describe('the book before and after its passes', () => {
  it('is a ParsedBook with empty ids until runPasses makes it a PreparedBook, which alone the layout and the EPUB take', () => {
    const diags = new Diagnostics();
    const parsed = parseManuscript(SEED, diags)!;
    expect(parsed.stage).toBe('parsed');
    expect(new Set(ids(parsed))).toEqual(new Set(['']));
    const typed = () => {
      // @ts-expect-error: the passes have not run (no ids, contents or names)
      const skipped: Book = parsed;
      // @ts-expect-error: the layout takes a prepared book only
      layoutPdf(parsed, { paper: 'a5' }, diags);
      // @ts-expect-error: and so does the EPUB
      void renderEpub(parsed, { pages: [], anchors: {} }, { date: new Date(0) });
      return skipped;
    };
    expect(typeof typed).toBe('function');
    const book = runPasses(parsed, diags);
    expect(book.stage).toBe('prepared');
    expect(ids(book).every((id) => id !== '')).toBe(true);
    expect(book.toc.length).toBeGreaterThan(0);
    expect(book.mentions.length).toBeGreaterThan(0);
  });
});
