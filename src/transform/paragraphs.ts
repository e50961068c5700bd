import type { Book } from '../model/index.js';

/**
 * Numbers each text's paragraphs from 1 (`--number-paragraphs`), so that a class can cite 'Mill ¶ 4'
 * on paper and on an e-reader alike: both editions print the number the model holds. Only the
 * text's own paragraphs count; those inside quotes, lists, tables and notes belong to their block.
 */
export function numberParagraphs(book: Book): void {
  for (const t of book.texts) {
    let n = 0;
    for (const b of book.blocks.slice(t.from, t.to)) if (b.kind === 'paragraph') b.number = ++n;
  }
}
