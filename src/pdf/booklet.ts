
/**
 * Booklet imposition: the edition's pages two-up on sheets twice their size, in saddle-stitch order,
 * so that the stack printed on both sides (flipped on the short edge) and folded in the middle reads
 * in order. pdf-lib embeds each finished page as a form XObject (`embedPages`) and draws it where it
 * belongs on the sheet: the pages are not set again, so the booklet holds exactly the edition's pages.
 */

/** Sheets for a page size: A5 on A4 landscape, half-letter on Letter landscape, else twice the page's width. */
function sheetSize(width: number, height: number): [number, number] {
  const near = (a: number, b: number) => Math.abs(a - b) < 1;
  if (near(width, 419.53) && near(height, 595.28)) return [841.89, 595.28];
  if (near(width, 595.28) && near(height, 841.89)) return [1190.55, 841.89];
  if (near(width, 396) && near(height, 612)) return [792, 612];
  return [2 * width, height];
}

/**
 * The sides of the sheets in printing order, each [left page, right page] as indices from 0 into the
 * edition, `undefined` for a blank. The page count is padded with blanks to a multiple of four: side s
 * (from 0) of n pages carries n−1−s and s on its front (even s), s and n−1−s on its back (odd s).
 */
export function bookletSides(pages: number): [number | undefined, number | undefined][] {
  const n = Math.max(4, Math.ceil(pages / 4) * 4);
  const real = (i: number) => (i < pages ? i : undefined);
  const sides: [number | undefined, number | undefined][] = [];
  for (let s = 0; s < n / 2; s++) sides.push(s % 2 === 0 ? [real(n - 1 - s), real(s)] : [real(s), real(n - 1 - s)]);
  return sides;
}

/** Length of a fold mark from the sheet's edge, in points (5 mm): inside the pages' top and bottom margins, which are wider. */
const FOLD_MARK = 14.17;

/**
 * The booklet of a finished PDF. `date` is written as its creation and modification date, so the bytes
 * are reproducible. `cropMarks`: a short hairline at each end of the fold, in the middle of the sheet's
 * top and bottom edges, where the stack is folded (and stapled); the sheets are the paper, so there is
 * nothing to trim.
 */
export async function imposeBooklet(pdf: Uint8Array, options: { title: string; date: Date; cropMarks?: boolean }): Promise<Uint8Array> {
  // Loaded here, not at the top: only a build that asks for a booklet loads pdf-lib (the bundle makes this a require()).
  const { PDFDocument } = await import('pdf-lib');
  const source = await PDFDocument.load(pdf, { updateMetadata: false });
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(options.title);
  out.setProducer('samizdat');
  out.setCreationDate(options.date);
  out.setModificationDate(options.date);
  const count = source.getPageCount();
  const embedded = count ? await out.embedPages(source.getPages()) : [];
  const { width, height } = source.getPage(0).getSize();
  const [sw, sh] = sheetSize(width, height);
  for (const [left, right] of bookletSides(count)) {
    const sheet = out.addPage([sw, sh]);
    // The two pages meet at the fold, in the middle of the sheet.
    const y = (sh - height) / 2;
    if (left !== undefined) sheet.drawPage(embedded[left], { x: sw / 2 - width, y, width, height });
    if (right !== undefined) sheet.drawPage(embedded[right], { x: sw / 2, y, width, height });
    if (options.cropMarks) {
      for (const [from, to] of [[0, FOLD_MARK], [sh - FOLD_MARK, sh]]) sheet.drawLine({ start: { x: sw / 2, y: from }, end: { x: sw / 2, y: to }, thickness: 0.25 });
    }
  }
  return out.save({ useObjectStreams: false });
}
