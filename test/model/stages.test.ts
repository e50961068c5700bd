/**
 * The book's type says which passes have run: the parser's ParsedBook (block ids typed `''`, no
 * contents, no names) is not the Book the layout and the renderers take, and no object can claim to be
 * a Book but what runPasses returns (a type-only mark no other module can name); nothing of it exists at
 * run time. The @ts-expect-error lines are checked by `npm run typecheck` (tsconfig includes test/):
 * each fails it if the types allow what it marks.
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
  it('is a ParsedBook with empty ids until runPasses makes it a Book, which alone the layout and the EPUB take', () => {
    const diags = new Diagnostics();
    const parsed = parseManuscript(SEED, diags)!;
    expect(new Set(ids(parsed))).toEqual(new Set(['']));
    const typed = () => {
      // @ts-expect-error: the passes have not run (no ids, contents or names)
      const skipped: Book = parsed;
      // @ts-expect-error: the layout takes a book whose passes ran only
      layoutPdf(parsed, { paper: 'a5' }, diags);
      // @ts-expect-error: and so does the EPUB
      void renderEpub(parsed, { pages: [], anchors: {} }, { date: new Date(0) });
      // @ts-expect-error: a book made by hand, with every field a Book has, is still not one
      const forged: Book = { ...parsed, toc: [], persons: [], mentions: [] };
      const first = parsed.blocks[0];
      // @ts-expect-error: a parsed block's id is '' in its type: comparing it with an id is a mistake
      const found = first.kind === 'heading' && first.id === 'legacies';
      return [skipped, forged, found];
    };
    expect(typeof typed).toBe('function');
    const book = runPasses(parsed, diags);
    expect(Object.keys(book)).not.toContain('stage');
    expect(ids(book).every((id) => id !== '')).toBe(true);
    expect(book.toc.length).toBeGreaterThan(0);
    expect(book.mentions.length).toBeGreaterThan(0);
  });
});
