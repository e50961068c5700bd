import { baseFeatures } from '../typeset/index.js';
import type { Line } from '../typeset/types.js';
import type { Typesetter } from './flow.js';
import type { TextStyle } from './styles.js';

/** A short string set on one line, its runs moved so the line's left end is at 0. */
export interface OneLine {
  line: Line;
  /** From the left end of the first run to the right end of the last, letter-spacing included, in points. */
  width: number;
  /** Letter-spacing in points after every character, already allowed for in the runs' x (draw with it). */
  tracking: number;
}

/**
 * Wide enough that no one-line text is ever broken, a heading of 200,000 characters set as a running
 * head included: one that did not fit would be set again with a break point at every character.
 */
export const UNBOUNDED = 1e9;

/**
 * Sets a short string (a running head, a folio, a page number in the contents) through the paragraph
 * setter like any paragraph, so a character the style's face lacks gets a fallback face and
 * right-to-left words are ordered by the bidi algorithm; never hyphenated, never broken. The
 * caller places the line (centred, right-aligned) from its `width`. `tracking` spaces the letters
 * (small capitals want a little air): every run is moved right by the tracking of the characters
 * left of it, word spaces included, as a PDF character spacing (Tc) would move them; none when a
 * fallback face sets part of the string (scripts without capitals are not letter-spaced).
 */
export function setOneLine(ts: Typesetter, text: string, style: TextStyle, lang: string, tracking = 0): OneLine {
  const face = style.face;
  const lines = ts.setParagraph([{ kind: 'text', text }], {
    measure: UNBOUNDED,
    indent: 0,
    face,
    size: style.size,
    align: 'left',
    lang,
    hyphenate: false,
    expansion: 0,
    // The setter adds kerning, ligatures and old-style figures itself; pass only the extras (small caps).
    features: style.features.filter((f) => !baseFeatures(face).includes(f)),
  });
  const runs = lines.flatMap((l) => l.runs);
  // Letter-spacing is for the face's small capitals: a string with words in a fallback face (Hebrew, Chinese) is set solid.
  if (runs.some((r) => r.face !== face)) tracking = 0;
  // In a right-to-left book 'left' is the start, the right end of the measure: bring the line back to 0.
  const left = runs.length ? Math.min(...runs.map((r) => r.x)) : 0;
  let before = 0;
  let prevEnd = left;
  const moved = runs.map((r, i) => {
    // A gap between two runs is a word space, one character more to letter-space.
    if (i > 0 && r.x - prevEnd > 1e-3) before++;
    prevEnd = r.x + r.width;
    const x = r.x - left + tracking * before;
    before += r.text.length;
    return { ...r, x };
  });
  // Runs come in visual order: the last is the rightmost, spread by the tracking between its own characters.
  const last = moved[moved.length - 1];
  const width = last ? last.x + last.width + tracking * Math.max(0, last.text.length - 1) : 0;
  const first = lines[0];
  const line: Line = { runs: moved, width, start: first?.start ?? 0, hyphenated: false, ratio: 0, overfull: false };
  return { line, width, tracking };
}

