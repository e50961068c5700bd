import type { Diagnostics } from '../diagnostics.js';
import { quote } from '../load/quote.js';
import { walkBlocks, type Book, type ImageAsset, type Inline, type Span } from '../model/index.js';
import { svgText } from './svg.js';
import { pathsOnly } from './svgpaths.js';

/**
 * The bytes of an SVG that svg-to-pdfkit may draw (one that is not paths alone, see svgpaths.ts). It
 * builds objects for every segment: 10 MB of path data with one <rect> built at a peak of 850 MB, 20 MB
 * at 1.7 GB (23 s), 100 MB ran the heap out after 5 minutes, where the same file as paths alone is drawn
 * at 740 MB. The loader bounds every SVG at MAX_SVG_BYTES (src/load/svg.ts).
 */
export const MAX_DRAWN_SVG_BYTES = 20_000_000;

/**
 * Refuses, at the image in the manuscript, each SVG of the PDF above MAX_DRAWN_SVG_BYTES that
 * svg-to-pdfkit would draw: found by pathsOnly itself, which the PDF runs again (a few seconds for 100
 * MB, spent only on files this large), so that nothing that svgpaths.ts declines slips through.
 */
export function checkSvgDrawing(book: Book, diags: Diagnostics): void {
  const seen = new Map<Uint8Array, boolean>();
  const check = (file: string, asset: ImageAsset | undefined, src: string, span: Span) => {
    if (!asset || asset.mediaType !== 'image/svg+xml' || asset.bytes.length <= MAX_DRAWN_SVG_BYTES) return;
    let fine = seen.get(asset.bytes);
    if (fine === undefined) seen.set(asset.bytes, (fine = pathsOnly(svgText(asset.bytes)) !== undefined));
    if (fine) return;
    diags.error(file, span.line, span.column, 'image-too-large',
      `the SVG image ${quote(src, 80)} is ${(asset.bytes.length / 1e6).toFixed(1)} MB and holds more than plain paths (shapes, text, styles, or path data with an error): samizdat draws such an SVG in the PDF up to ${MAX_DRAWN_SVG_BYTES / 1e6} MB`,
      'simplify the drawing in its editor, or save it as a PNG; or build with --format epub');
  };
  // Text by text: a packet's spans count in each text's own file.
  for (const t of book.texts) {
    const inlines = (list: readonly Inline[]) => {
      for (const n of list) {
        if (n.kind === 'image') check(t.file, n.asset, n.src, n.span);
        else if ('children' in n) inlines(n.children);
      }
    };
    const blocks = [...book.blocks.slice(t.from, t.to), ...book.notes.slice(t.notesFrom, t.notesTo).flatMap((n) => n.children)];
    for (const b of walkBlocks(blocks)) {
      if (b.kind === 'figure') {
        check(t.file, b.asset, b.src, b.span);
        inlines(b.caption);
      } else if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
    }
  }
}
