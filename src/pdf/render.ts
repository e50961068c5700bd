import type { Book } from '../model/index.js';
import type { PdfLayout } from './layout.js';

/** Stub: draws the laid-out pages with pdfkit. */
export async function renderPdf(book: Book, layout: PdfLayout, options: { date: Date }): Promise<Uint8Array> {
  void book;
  void layout;
  void options;
  return new Uint8Array();
}
