import type { Diagnostics } from '../diagnostics.js';
import type { Book } from '../model/index.js';

/** Loads the book's names registry (front matter `names`) and marks every mention. Stub: filled by the names work. */
export function applyNames(book: Book, diags: Diagnostics): void {
  void book;
  void diags;
}
