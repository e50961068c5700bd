import SVGtoPDF from 'svg-to-pdfkit';
import type { Face } from '../typeset/types.js';
import { fine, pathsOnly } from './svgpaths.js';

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
 * loader refused every reference to outside the file.
 */
export function drawSvg(target: SvgTarget, svg: string, x: number, y: number, width: number, height: number): void {
  const paths = pathsOnly(svg);
  if (paths) {
    // The viewBox centred in the box at the largest scale that fits (xMidYMid meet), clipped to the box.
    const [vx, vy, vw, vh] = paths.viewBox;
    const s = Math.min(width / vw, height / vh);
    const tx = x + (width - vw * s) / 2 - vx * s;
    const ty = y + (height - vh * s) / 2 - vy * s;
    const doc = target.doc as { addContent(data: string): unknown };
    doc.addContent(`q\n${[x, y, width, height].map(fine).join(' ')} re W n\n${[s, 0, 0, s, tx, ty].map(fine).join(' ')} cm\n${paths.ops}Q`);
    return;
  }
  SVGtoPDF(target.doc, svg, x, y, {
    width,
    height,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: (family: string, bold: boolean, italic: boolean) => target.font(/mono|courier/i.test(family) ? 'mono' : bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular'),
    imageCallback: () => '',
    documentCallback: () => undefined,
    warningCallback: () => undefined,
  });
}
