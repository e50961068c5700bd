/**
 * Where the print edition's pages fall, as the PDF layout found them. The index and the EPUB's
 * page-list read it, so both editions cite the same page numbers.
 */
export interface PageMap {
  /** Every page of the PDF in order; `pages[i]` is physical page i + 1. */
  pages: PageInfo[];
  /** Printed page label of every anchor id (headings, mentions, note references) that the PDF sets. */
  anchors: Record<string, string>;
}

export interface PageInfo {
  /** The printed folio: 'i', 'ii', … in the front matter, '1', '2', … from the text on. */
  label: string;
  /** Which part of the book the page belongs to. */
  part: 'front' | 'body' | 'back';
  /** A page of the front matter's chapters (a preface): text, as the body's pages are, under a roman folio. */
  text?: true;
  /**
   * The first word of body text on the page, absent for pages that start no text block word
   * (title page, contents, index). `offset` counts UTF-16 code units from 0 in the block's plain text.
   */
  start?: { blockId: string; offset: number };
  /** A page given to a title alone (a packet's part page): the id of that title, where the EPUB marks the page. */
  opens?: string;
}
