/**
 * Page geometry: trim size, margins, measure and the baseline grid. Everything vertical on a body
 * page is a whole number of grid lines (`leading`), so facing pages and the two sides of a leaf
 * line up.
 */

export type Paper = 'a5' | 'a4' | 'letter' | 'half-letter';

/** Trim sizes in points (width, height). */
const TRIM: Record<Paper, [number, number]> = {
  a5: [419.53, 595.28],
  a4: [595.28, 841.89],
  letter: [612, 792],
  'half-letter': [396, 612],
};

/** Body type size and leading per trim, in points: 11/14 on A5, 12/15 on the larger sheets. */
const TYPE: Record<Paper, [number, number]> = {
  a5: [11, 14],
  a4: [12, 15],
  letter: [12, 15],
  'half-letter': [11, 14],
};

export interface Geometry {
  paper: Paper;
  /** Printed on both sides of the sheet (mirrored margins, openings on rectos) or on one (equal margins, no blank pages). */
  sides: 1 | 2;
  /** Page width and height in points. */
  width: number;
  height: number;
  /** Body type size in points. */
  size: number;
  /** Distance between baselines of body text, in points: one grid line. */
  leading: number;
  /** Width of the text block in points. */
  measure: number;
  /** Body lines a full page holds (the text block's height in grid lines). */
  lines: number;
  /** Inner (gutter) and outer margins in points; the text block sits `inner` from the spine. */
  inner: number;
  outer: number;
  /** Top of the text block from the top of the page, in points. */
  top: number;
  /** Baseline of the first grid line below the top of the text block, in points. */
  firstBaseline: number;
}

/**
 * Margins in the classical proportion: the text block takes about two thirds of the page's width and
 * height (Van de Graaf, Tschichold), the white split 1 : 2 between inner and outer and between head
 * and foot. The measure is capped at 30 em so large sheets keep a readable line (about 65 characters).
 */
export function pageGeometry(paper: Paper, sides: 1 | 2 = 2): Geometry {
  const [width, height] = TRIM[paper];
  const [size, leading] = TYPE[paper];
  const measure = Math.round(Math.min((width * 2) / 3, 30 * size));
  const lines = Math.floor((height * 2) / 3 / leading);
  // One-sided pages have no spine side: the text block stands in the middle.
  const inner = (width - measure) / (sides === 1 ? 2 : 3);
  const top = (height - lines * leading) / 3;
  return {
    paper,
    sides,
    width,
    height,
    size,
    leading,
    measure,
    lines,
    inner,
    outer: width - measure - inner,
    top,
    firstBaseline: Math.round(leading * 0.75 * 100) / 100,
  };
}

/** Left edge of the text block on a page, in points: recto (odd physical page, from 1) has the spine on its left. */
export function textLeft(g: Geometry, physicalPage: number): number {
  return physicalPage % 2 === 1 || g.sides === 1 ? g.inner : g.outer;
}
