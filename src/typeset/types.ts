/**
 * What paragraph setting hands to page layout: lines of positioned runs. The page builder stacks
 * lines; it never measures text itself. (Owned by src/typeset/; extend, don't fork.)
 */

import type { Face } from '../text/fonts.js';

export type { Face };

/**
 * A piece of a line drawn in one go: a word or part of one in one face, style and direction. Runs
 * hold no spaces (the gaps between runs are the set word spaces) and come in visual order, left to
 * right, as the Unicode Bidirectional Algorithm orders the line (in a line with nothing right to
 * left, that is the reading order). A run's characters are in logical order: fontkit/pdfkit lay out
 * the glyphs of a right-to-left run (Hebrew, Arabic letters) right to left themselves; the setter
 * cuts runs so that this is never wrong (Arabic-Indic digits, which read left to right, are drawn
 * one run per digit).
 */
export interface Run {
  /**
   * The characters to draw: the plain text's from `offset` on, with a hyphen added at a break, and
   * at right-to-left levels the mirrored form of a bracket or the like ('(' drawn as ')', UAX #9 L4).
   * Same length as the plain text it stands for (plus the hyphen).
   */
  text: string;
  face: Face;
  /** Point size. */
  size: number;
  /** OpenType features, e.g. ['onum', 'kern', 'liga'] or ['smcp']. */
  features: string[];
  /** From the line's left edge, in points, after justification; negative when punctuation hangs (see `Line.hang`). */
  x: number;
  /** Advance width in points as drawn (after `scale`, without added justification space). */
  width: number;
  /**
   * Horizontal scale of the glyphs (font expansion, as microtype does it): 1 = none, within
   * 1 ± `ParagraphStyle.expansion` (down to twice that, rarely, to keep a line inside the measure).
   * Same for every run of a line. Draw with pdfkit's `horizontalScaling: scale * 100`.
   */
  scale: number;
  /** Offset of the run's first character in the block's plain text (from 0); -1 for text the setter inserted. */
  offset: number;
  /** External URL or '#id' this run links to. */
  href?: string;
  /** Anchor ids (mentions, note references) that begin in this run. */
  anchors?: string[];
  /**
   * Raised and smaller (the renderer does it). Not set by the setter today: note numbers are drawn
   * with the face's superior figures (feature 'sups' in `features`), at the baseline, full size.
   */
  superscript?: boolean;
  /** An image set in the line (its text a U+FFFC placeholder): drawn at `x` on the baseline, `width` wide. */
  image?: InlineImage;
}

/** An image inside a paragraph, as the setter places it: sized in points, standing on the baseline. */
export interface InlineImage {
  /** Absolute path of the checked file. */
  path: string;
  width: number;
  height: number;
  alt: string;
}

export interface Line {
  runs: Run[];
  /**
   * Right edge in points of the set line's rightmost run, from the line's left edge: ≤ the measure,
   * plus `hang.right` when punctuation hangs into the margin, unless `overfull`.
   */
  width: number;
  /**
   * Margin protrusion (as microtype does it): how far in points the line's first character starts
   * left of 0 (`left`, so the first run's x is -left) and its last character ends right of the measure
   * (`right`). Only punctuation and quotes hang. Absent when nothing hangs.
   */
  hang?: { left: number; right: number };
  /**
   * Offset (from 0) in the block's plain text of the line's first character (for a line that begins
   * with a note number, the place of that number). Leading spaces are never part of a line.
   */
  start: number;
  /** True when the line ends in a hyphen the setter added. */
  hyphenated: boolean;
  /**
   * Adjustment ratio of the line: 0 = natural spacing, 1 = spaces and glyphs stretched to their
   * limits, -1 = shrunk to them (> 1 only for lines nothing better could be found for). Last lines and
   * lines before a hard break are ≤ 0 (natural unless they had to shrink).
   */
  ratio: number;
  /** True only if nothing could make the line fit (reported, never silently drawn past the margin). */
  overfull: boolean;
  /** The line ends at a no-break space, broken because the paragraph had no other way to fit (reported). */
  brokenNoBreakSpace?: boolean;
}

export interface ParagraphStyle {
  /** Width of the text block in points. */
  measure: number;
  /** First-line indent in points (0 after a heading). */
  indent: number;
  /**
   * Lines broken by hand (a poem's): each such line starts this far left of the measure, so that a
   * line running over (a long verse's turnover) stands indented by it under the line it continues.
   * The caller sets the paragraph this far right, on a measure this much narrower.
   */
  hang?: number;
  face: Face;
  size: number;
  /**
   * In a right-to-left paragraph 'left' and 'right' mean start and end: they are mirrored, and a
   * justified paragraph's last line sits at the right.
   */
  align: 'justify' | 'left' | 'center' | 'right';
  /**
   * BCP 47 tag of the book's language; chooses hyphenation patterns (none for languages without
   * patterns) and the paragraph's base direction (right to left for he, ar, fa, ur, yi…; see bidi.ts).
   */
  lang: string;
  hyphenate: boolean;
  /**
   * The book's words in lower case (hyphenate.ts `lowerCaseWords`, made once per book): a word with a
   * capital initial that begins a sentence is hyphenated only if its lower-case form is here; any
   * other capitalised word never is. Absent: no capitalised word is hyphenated.
   */
  lowerCaseWords?: ReadonlySet<string>;
  /**
   * A capitalised word whose lower-case form is in `lowerCaseWords` may be hyphenated inside a
   * sentence too ('Government', 'Committees'): set by the setter only for a paragraph that cannot be
   * set within tolerance otherwise. Names from the registry stay whole.
   */
  capitalsInSentence?: boolean;
  /**
   * Largest horizontal scaling of glyphs used to even out word spaces in justified lines, as a
   * fraction (0.02 = ±2 %, microtype's default); 0 turns it off. Default 0.025 for 'justify', else 0.
   */
  expansion?: number;
  /** Extra OpenType features for the whole paragraph, e.g. ['smcp'] for headings in small caps. */
  features?: string[];
}
