import type { Face } from '../typeset/types.js';
import type { Geometry } from './geometry.js';

/** How one kind of text is set: face, size and the distance between its baselines, in points. */
export interface TextStyle {
  face: Face;
  size: number;
  /** Baseline-to-baseline distance in points. Body text uses the grid's leading. */
  leading: number;
  features: string[];
}

/** The book's text styles, scaled from the body size so every trim keeps the same proportions. */
export interface Styles {
  body: TextStyle;
  /** Chapter titles (level 1) and the title on the opening page. */
  chapter: TextStyle;
  /** Section headings (level 2). */
  section: TextStyle;
  /** Lower headings (level 3 and below). */
  minor: TextStyle;
  quote: TextStyle;
  note: TextStyle;
  code: TextStyle;
  caption: TextStyle;
  /** Running heads and folios. */
  head: TextStyle;
  /** Title page. */
  title: TextStyle;
  subtitle: TextStyle;
  /** Index entries. */
  index: TextStyle;
  /** First-line indent of paragraphs, in points. */
  indent: number;
  /** Left and right indent of block quotes, in points. */
  quoteIndent: number;
}

const TEXT = ['kern', 'liga', 'onum'];

export function bookStyles(g: Geometry): Styles {
  const s = g.size;
  const L = g.leading;
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    body: { face: 'regular', size: s, leading: L, features: TEXT },
    chapter: { face: 'regular', size: r(s * 1.64), leading: r(s * 2), features: TEXT },
    section: { face: 'italic', size: r(s * 1.18), leading: L, features: TEXT },
    minor: { face: 'regular', size: s, leading: L, features: ['kern', 'c2sc', 'smcp', 'onum'] },
    quote: { face: 'regular', size: r(s * 0.91), leading: r(L * 0.875), features: TEXT },
    note: { face: 'regular', size: r(s * 0.82), leading: r(L * 0.79), features: TEXT },
    code: { face: 'mono', size: r(s * 0.77), leading: r(L * 0.82), features: [] },
    caption: { face: 'italic', size: r(s * 0.91), leading: r(L * 0.875), features: TEXT },
    head: { face: 'regular', size: r(s * 0.91), leading: L, features: ['kern', 'c2sc', 'smcp', 'onum'] },
    title: { face: 'regular', size: r(s * 2.2), leading: r(s * 2.7), features: TEXT },
    subtitle: { face: 'italic', size: r(s * 1.36), leading: r(s * 1.8), features: TEXT },
    index: { face: 'regular', size: r(s * 0.91), leading: r(L * 0.875), features: TEXT },
    indent: s * 1.2,
    quoteIndent: s * 1.5,
  };
}
