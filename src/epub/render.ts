import type { Book, PageMap } from '../model/index.js';

/** Stub: writes the EPUB 3 edition. */
export async function renderEpub(book: Book, pageMap: PageMap, options: { date: Date }): Promise<Uint8Array> {
  void book;
  void pageMap;
  void options;
  return new Uint8Array();
}
