import type { Diagnostics } from '../diagnostics.js';
import type { Book, PageMap } from '../model/index.js';

export type Paper = 'a5' | 'a4' | 'letter';

export interface PdfLayout {
  pageMap: PageMap;
}

/** Stub: lays the book out into pages. */
export function layoutPdf(book: Book, options: { paper: Paper }, diags: Diagnostics): PdfLayout {
  void book;
  void options;
  void diags;
  return { pageMap: { pages: [], anchors: {} } };
}
