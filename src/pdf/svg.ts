import zlib from 'node:zlib';
import SVGtoPDF from 'svg-to-pdfkit';
import type { DeflateMemo } from '../deflate.js';
import type { Face } from '../typeset/types.js';
import { usePageXObject } from '../vendor.js';
import { EMBEDDED_PICTURE } from '../load/svg.js';
import { fine, pathsOnly, viewport } from './svgpaths.js';

/** What drawing an SVG needs of the document and of the text writer (fonts registered the writer's way). */
export interface SvgTarget {
  /** The pdfkit document. */
  doc: unknown;
  /** Registers a face with pdfkit (if it is not yet) and returns the name to select it by. */
  font(face: Face): string;
}

/**
 * Draws the text of a checked SVG (see src/load/svg.ts: nothing in it runs or fetches) as vectors into the
 * box x, y, width × height (points, top-left origin), with svg-to-pdfkit. Text in the SVG is set in
 * the book's faces (EB Garamond, Source Code Pro for monospace), never in pdfkit's standard fonts,
 * whose metrics the bundle does not carry. Links and images it would fetch cannot occur: the
 * loader refused every reference to outside the file; a PNG or JPEG written into it is drawn.
 */
export function drawSvg(target: SvgTarget, svg: string, x: number, y: number, width: number, height: number): void {
  SVGtoPDF(target.doc, svg, x, y, {
    width,
    height,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: (family: string, bold: boolean, italic: boolean) => target.font(/mono|courier/i.test(family) ? 'mono' : bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular'),
    // The bytes, never the string: pdfkit reads a string that is not a data: URL as a file's path.
    imageCallback: (href: string) => (EMBEDDED_PICTURE.test(href) ? Buffer.from(href.slice(href.indexOf(',') + 1), 'base64') : ''),
    documentCallback: () => undefined,
    warningCallback: () => undefined,
  });
}

/** An SVG drawn once as a form XObject (its viewport as BBox, which clips it), placed by each page that shows it. */
export interface SvgForm {
  name: string;
  ref: unknown;
  box: [number, number, number, number];
}

/**
 * An SVG of paths alone (see svgpaths.ts) as a form XObject of the document, named `name`, its
 * viewport of the given aspect (width ÷ height, from the SVG's width and height, else its viewBox)
 * around the viewBox; undefined for any other SVG (drawn by drawSvg wherever it appears). With a
 * memo, what the last build made of the same bytes is taken as it is (the same object either way).
 */
export function svgForm(doc: { ref(data: object): { end(data: Uint8Array): void } }, bytes: Uint8Array, aspect: number, name: string, memo?: DeflateMemo): SvgForm | undefined {
  const dictionary = (box: SvgForm['box']) => ({ Type: 'XObject', Subtype: 'Form', FormType: 1, BBox: box });
  if (!memo) {
    const paths = pathsOnly(svgText(bytes));
    if (!paths) return undefined;
    const box = viewport(paths.viewBox, aspect);
    const ref = doc.ref(dictionary(box));
    ref.end(Buffer.from(paths.ops, 'latin1'));
    return { name, ref, box };
  }
  const entry = memo.svg(bytes, () => packForm(svgText(bytes)));
  // A view of the memo's bytes, not a copy (a drawing's can be megabytes).
  const packed = Buffer.from(entry.buffer, entry.byteOffset, entry.byteLength);
  if (packed.length === 0) return undefined;
  const box = viewport([0, 8, 16, 24].map((at) => packed.readDoubleLE(at)) as [number, number, number, number], aspect);
  // Deflated already: the dictionary as pdfkit leaves a stream it deflated (its Length, then its Filter).
  const ref = doc.ref({ ...dictionary(box), Length: 0, Filter: 'FlateDecode' });
  ref.end(packed.subarray(32));
  return { name, ref, box };
}

/** An SVG's text, as the loader checked it (UTF-8, a byte-order mark dropped). */
export function svgText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
}

/** An SVG of paths alone as the memo keeps it: its viewBox (four doubles), then its operators deflated; nothing for any other SVG. */
function packForm(svg: string): Uint8Array {
  const paths = pathsOnly(svg);
  if (!paths) return new Uint8Array(0);
  const head = Buffer.alloc(32);
  paths.viewBox.forEach((v, i) => head.writeDoubleLE(v, i * 8));
  return Buffer.concat([head, zlib.deflateSync(Buffer.from(paths.ops, 'latin1'))]);
}

/** Places a form into the box x, y, width × height (points, top-left origin), centred at the largest scale that fits. */
export function placeSvgForm(doc: { addContent(data: string): unknown }, form: SvgForm, x: number, y: number, width: number, height: number): void {
  const [x0, y0, x1, y1] = form.box;
  const s = Math.min(width / (x1 - x0), height / (y1 - y0));
  const tx = x + (width - (x1 - x0) * s) / 2 - x0 * s;
  const ty = y + (height - (y1 - y0) * s) / 2 - y0 * s;
  usePageXObject(doc, form.name, form.ref);
  doc.addContent(`q\n${[s, 0, 0, s, tx, ty].map(fine).join(' ')} cm\n/${form.name} Do\nQ`);
}
