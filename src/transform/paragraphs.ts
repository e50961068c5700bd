import { frontMatterEnd, type Book } from '../model/index.js';

/**
 * Numbers each text's paragraphs from 1 (`--number-paragraphs`), so that a class can cite 'Mill ¶ 4'
 * on paper and on an e-reader alike: both editions print the number the model holds. Only the
 * text's own paragraphs count; those inside quotes, lists, tables and notes belong to their block,
 * and the front matter's (a preface, a packet's introduction) are the editor's, not the text's: ¶ 1 is
 * the text's first.
 */
export function numberParagraphs(book: Book): void {
  const front = frontMatterEnd(book);
  for (const t of book.texts) {
    let n = 0;
    for (const b of book.blocks.slice(Math.max(t.from, front), t.to)) if (b.kind === 'paragraph') b.number = ++n;
  }
}
