import type { Inline } from '../model/inline.js';
import { analyseBidi, type BidiText, fontkitRtl, mirroredCharacters, visualOrder } from './bidi.js';
import { BOX, buildItems, DEFAULT_BUILD, GLUE, INF, type Items, PENALTY, WordMemo } from './boxes.js';
import { type BreakParams, type Breakpoint, breakLines, DEFAULT_PARAMS } from './linebreak.js';
import type { Shaper } from '../text/shaper.js';
import type { Line, ParagraphStyle, Run } from './types.js';

/**
 * Set a paragraph: inlines → lines of positioned runs, broken by Knuth–Plass over the whole paragraph.
 *
 * Passes, as TeX does them: first with hyphenation at \tolerance 200; if no set of breaks keeps every
 * line within it (a word or URL longer than the line, a very narrow measure), a final pass with
 * emergency stretch, emergency break points inside long words and no tolerance limit. Lines end up
 * no wider than the measure unless a single glyph is (then `overfull`).
 *
 * Runs hold no spaces: the page builder draws each run at its `x`; the gaps are the justified spaces.
 * Line breaking works in logical order; each line's runs are then put in visual order by the Unicode
 * Bidirectional Algorithm (bidi.ts) when the paragraph holds anything right to left.
 * An empty paragraph gives no lines. Text is shaped and measured by `shaper` (src/text/); `words`
 * remembers the words set so far (the build's, so that a word is cut and measured once per book).
 */
export function setParagraph(inlines: readonly Inline[], style: ParagraphStyle, shaper: Shaper, words = new WordMemo()): Line[] {
  const bidi = analyseBidi(inlines, style.lang);
  // Protrusion is worked out for left-to-right lines (a line's first character at the left margin).
  const protrusion = style.align === 'justify' && !(bidi && bidi.base & 1);
  const build = (s: ParagraphStyle) => {
    const items = buildItems(inlines, s, shaper, words, { ...DEFAULT_BUILD, expansion: expansionOf(s), protrusion });
    if (bidi && protrusion) edgeProtrusionOnly(items, bidi);
    return items;
  };
  let items = build(style);
  if (!items.style.subarray(0, items.length).some((st) => st >= 0)) return []; // nothing but an indent
  let breaks = firstPass(items, style);
  const worst = (bs: Breakpoint[] | null) => (bs ? Math.max(0, ...bs.map((x) => x.ratio)) : Infinity);
  if (worst(breaks) > LOOSE_RETRY && style.hyphenate && style.lowerCaseWords && !style.capitalsInSentence) {
    // A paragraph with a loose line, or none within tolerance, because of long capitalised words
    // ('Revolutionaries', 'Agriculture'): try it with the capitalised words the book also has in lower
    // case hyphenated inside sentences as well, and keep that if its loosest line is tighter. Names (the
    // registry's, and words the book never has in lower case) stay whole.
    const relaxed = build({ ...style, capitalsInSentence: true });
    const again = firstPass(relaxed, style);
    if (!breaks || worst(again) < worst(breaks)) {
      items = relaxed;
      breaks = again;
    }
  }
  return assembleLines(items, breaks ?? finalPass(items, style), style, bidi);
}

/** A paragraph whose loosest line is looser than this (adjustment ratio) is tried again with more hyphenation points. */
const LOOSE_RETRY = 0.9;

/** The passes; exported for the tests and the benchmark. */
export function chooseBreaks(items: Items, style: ParagraphStyle): Breakpoint[] {
  return firstPass(items, style) ?? finalPass(items, style);
}

function baseParams(style: ParagraphStyle): BreakParams {
  const em = style.size;
  const ragged = style.align !== 'justify';
  return {
    ...DEFAULT_PARAMS,
    measure: style.measure,
    // Ragged lines: spaces keep their width and the line end takes the slack (TeX's \rightskip 0pt plus 2em).
    lineStretch: ragged ? 2 * em : 0,
    shortLastDemerits: ragged ? 0 : 10000,
    shortLastLine: 0.15,
    // A justified paragraph whose long unhyphenatable words (names: 'Revolutionaries', 'Internationale')
    // leave no good set of breaks gets a tight line rather than a loose one: spaces may shrink to half
    // their width with the glyphs at their limit (within tolerance, to 0.58 in the first pass), and a
    // loose line costs twice a tight one of the same ratio, since a reader sees a gap sooner than a
    // squeeze. Measured with pdf-spacing.py (word-space p95 / lines looser than 1.5×, A5): the seed
    // 1.31 / 1.8 % → 1.27 / 0.2 %; Reed's Ten Days 1.33 / 1.6 % → 1.26 / 0.6 %.
    maxShrink: ragged ? 1 : MAX_SHRINK,
    stretchWeight: ragged ? 1 : 2,
  };
}

/** The spaces of a justified line shrink at most to 1 - MAX_SHRINK/3 of their width (see baseParams). */
const MAX_SHRINK = 1.5;

/**
 * Every line within tolerance, with hyphenation; where no set of breaks achieves that (long names in
 * a justified paragraph; a long word in a narrow table column, where the line before it would be
 * short), then the best set without a tolerance limit but still without cutting a word outside its
 * hyphenation points (justified: a tight line preferred to loose ones, see baseParams; ragged: a short
 * line, which costs the eye nothing, rather than 'Rutla-ndshire'); null if neither exists (a word
 * wider than the line).
 */
function firstPass(items: Items, style: ParagraphStyle): Breakpoint[] | null {
  const p = baseParams(style);
  return breakLines(items, p) ?? breakLines(items, { ...p, tolerance: Infinity });
}

/**
 * Emergency break points inside long words and no tolerance limit: always succeeds. TeX's limits and
 * costs, so that a loose line is weighed against a cut inside a word as before.
 */
function finalPass(items: Items, style: ParagraphStyle): Breakpoint[] {
  return breakLines(items, { ...baseParams(style), tolerance: Infinity, emergency: true, final: true, maxShrink: 1, stretchWeight: 1 })!;
}

/**
 * In a left-to-right paragraph with right-to-left text, a line's logically first (last) character
 * stands at its left (right) edge only if it is at the paragraph's level 0: inside a right-to-left
 * stretch it moves inwards. Only those at level 0 may hang, so that the breaker does not count on a
 * protrusion the reordered line cannot have.
 */
function edgeProtrusionOnly(items: Items, b: BidiText): void {
  const levelOf = (box: number, last: boolean): number => {
    const len = items.text[box].length;
    const i = items.offset[box] >= 0 ? b.at[items.offset[box] + (last ? len - 1 : 0)] : (b.notes.get(items.pos[box]) ?? -1) + (last ? len - 1 : 0);
    return i >= 0 ? b.levels.levels[i] : 0;
  };
  for (let i = 0; i < items.length; i++) {
    if (!items.protrude[i]) continue;
    if (items.type[i] === BOX) {
      if (levelOf(i, false) !== 0) items.protrude[i] = 0;
    } else if (i > 0 && items.type[i - 1] === BOX && items.style[i - 1] >= 0 && levelOf(i - 1, true) !== 0) items.protrude[i] = 0;
  }
}

function expansionOf(style: ParagraphStyle): number {
  return style.expansion ?? (style.align === 'justify' ? 0.025 : 0);
}

interface Piece {
  text: string;
  style: number;
  offset: number;
  pos: number;
  anchors?: string[];
  /** The hyphen added at a break. */
  hyphen?: boolean;
}

/** Lines of runs from the chosen breaks: merge pieces into runs, measure them exactly, justify. */
export function assembleLines(items: Items, breaks: Breakpoint[], style: ParagraphStyle, bidi: BidiText | null = null): Line[] {
  const lines: Line[] = [];
  const n = items.length;
  const { type, penalty } = items;
  let from = 0;
  for (const brk of breaks) {
    const to = brk.pos;
    // Elements: groups of pieces joined without space, and the glue between them.
    const words: Piece[][] = [];
    const gaps: number[] = []; // item index of the glue before words[k] (k ≥ 1)
    let cur: Piece[] = [];
    let indent = 0; // the first-line indent box
    for (let i = from; i < to; i++) {
      const t = type[i];
      if (t === BOX && items.style[i] < 0) indent += items.width[i];
      else if (t === BOX) {
        cur.push({ text: items.text[i], style: items.style[i], offset: items.offset[i], pos: items.pos[i], anchors: items.anchors[i] });
      } else if (t === GLUE) {
        if (cur.length) {
          words.push(cur);
          cur = [];
          gaps.push(i);
        } else if (words.length) gaps[gaps.length - 1] = i; // consecutive glue (a no-break space after a space)
      }
    }
    if (cur.length) words.push(cur);
    else if (gaps.length >= words.length && gaps.length) gaps.pop();
    const hyphen = type[to] === PENALTY ? items.text[to] : '';
    const hyphenated = hyphen !== '' && words.length > 0;
    if (hyphenated) {
      const last = words[words.length - 1];
      last.push({ text: hyphen, style: last[last.length - 1].style, offset: -1, pos: items.pos[to], hyphen: true });
    }
    const isLast = type[to] === PENALTY && penalty[to] <= -INF;
    let first = from;
    while (first < to && !(type[first] === BOX && items.style[first] >= 0)) first++;
    const hang = { left: first < to && indent === 0 ? items.protrude[first] : 0, right: isLast ? 0 : items.protrude[to] };
    const line = setLine(items, words, gaps, style, isLast, hyphenated, firstPos(items, from, to), indent, hang, bidi);
    // An emergency penalty followed by glue is a no-break space (see boxes.ts).
    if (type[to] === PENALTY && items.level[to] === 1 && type[to + 1] === GLUE) line.brokenNoBreakSpace = true;
    lines.push(line);
    // The next line starts after the discardable items that follow the break.
    let j = to + 1;
    if (!isLast) while (j < n && type[j] !== BOX && !(type[j] === PENALTY && penalty[j] <= -INF)) j++;
    from = j;
  }
  return lines;
}

function firstPos(items: Items, from: number, to: number): number {
  for (let i = from; i < to; i++) if (items.type[i] === BOX && items.style[i] >= 0) return items.pos[i];
  return items.pos[Math.min(from, items.length - 1)];
}

function setLine(items: Items, words: Piece[][], gaps: number[], style: ParagraphStyle, isLast: boolean, hyphenated: boolean, start: number, indent: number, hang: { left: number; right: number }, bidi: BidiText | null): Line {
  const runs: RunWithStyle[] = [];
  const spans: Span[] = []; // with bidi: per run, its place in the analysed text
  const wordOf: number[] = [];
  const starts: number[] = []; // index in runs of each word's first run
  const mirrored = bidi ? lineMirrors(bidi, words) : undefined;
  words.forEach((pieces, k) => {
    starts.push(runs.length);
    for (const p of (bidi ? levelPieces(pieces, bidi, mirrored!) : pieces) as (Piece & Partial<LevelPiece>)[]) {
      const prev = runs[runs.length - 1];
      const prevSpan = spans[spans.length - 1];
      const prevWord = wordOf[wordOf.length - 1];
      if (
        prev &&
        prevWord === k &&
        prev.styleIndex === p.style &&
        !p.anchors &&
        (p.hyphen
          ? prev.offset >= 0
          : p.offset >= 0 && prev.offset >= 0 && prev.offset + prev.text.length === p.offset && (!bidi || (!p.solo && !prevSpan.solo && p.level === prevSpan.level && p.lo === prevSpan.hi + 1)))
      ) {
        prev.text += p.text;
        if (bidi && !p.hyphen) prevSpan.hi = p.hi!;
        continue;
      }
      const s = items.styles[p.style];
      const run: RunWithStyle = { text: p.text, face: s.face, size: s.size, features: s.features, x: 0, width: 0, scale: 1, offset: p.offset, styleIndex: p.style };
      if (s.href) run.href = s.href;
      if (s.image) run.image = s.image;
      if (p.anchors) run.anchors = p.anchors;
      if (bidi) spans.push({ lo: p.lo!, hi: p.hi!, level: p.level!, solo: !!p.solo });
      runs.push(run);
      wordOf.push(k);
    }
  });
  // Visual order, before the slack is shared: punctuation hangs only where it ends up at the line's edge.
  const order = bidi ? lineOrder(bidi, spans, gaps, indent, items) : undefined;
  if (order) {
    const visualRuns = order.filter((u) => u >= 0 && u < runs.length);
    if (visualRuns[0] !== 0) hang = { ...hang, left: 0 };
    if (visualRuns[visualRuns.length - 1] !== runs.length - 1) hang = { ...hang, right: 0 };
  }
  for (const r of runs) r.width = items.measures[(r as RunWithStyle).styleIndex](r.text);

  // Slack shared as TeX and pdfTeX's expansion do: one ratio r for glue and glyph scaling alike,
  // the glyphs capped at ±e and the glue taking whatever is left beyond that.
  // Ragged lines do not expand, but may squeeze their glyphs a little should the exact widths exceed
  // the measure by what measuring word pieces apart (kerning across a break) got wrong.
  const e = expansionOf(style) || (natural0(runs, indent, gaps, items) > style.measure + hang.left + hang.right ? 0.02 : 0);
  let boxW = indent;
  for (const r of runs) boxW += r.width;
  const glyphW = boxW - indent;
  let natural = boxW;
  let y = 0;
  let z = 0;
  const gw: number[] = [];
  for (const g of gaps) {
    natural += items.width[g];
    gw.push(items.width[g]);
    y += items.stretch[g];
    z += items.shrink[g] || items.width[g] / 3;
  }
  const justify = style.align === 'justify' && !isLast;
  const target = style.measure + hang.left + hang.right;
  const slack = target - natural;
  let ratio = 0; // the line's overall adjustment ratio (reported)
  let glueRatio = 0; // applied to the glue
  let scale = 1;
  let overfull = false;
  const ey = e * glyphW;
  if (slack < 0) {
    const total = z + ey;
    ratio = total > 0 ? slack / total : -Infinity;
    if (ratio >= -1) {
      scale = 1 + ratio * e;
      glueRatio = ratio;
    } else {
      // Past the glyphs' limit: the spaces shrink further, as the breaker allowed (MAX_SHRINK); then,
      // for what its estimate missed (word pieces measured apart lose the kerning across a cut), the
      // glyphs squeeze up to twice the expansion limit (at least 2 %). Anything left over is an
      // overfull line, reported.
      let d = -slack - total;
      const extraZ = Math.min(d, (MAX_SHRINK - 1) * z);
      d -= extraZ;
      const extraG = Math.min(d, (Math.max(2 * e, 0.02) - e) * glyphW);
      d -= extraG;
      scale = glyphW > 0 ? 1 - (ey + extraG) / glyphW : 1;
      glueRatio = z > 0 ? -(z + extraZ) / z : 0;
      overfull = d > 0.01;
    }
  } else if (justify) {
    const total = y + ey;
    ratio = total > 0 ? slack / total : 0;
    if (ratio <= 1) {
      scale = 1 + ratio * e;
      glueRatio = ratio;
    } else {
      scale = 1 + e;
      glueRatio = y > 0 ? (slack - ey) / y : 0; // a lone word (no spaces) leaves the rest of the line empty
    }
  }
  if (scale !== 1) for (const r of runs) r.width *= scale;
  for (const r of runs) r.scale = scale;

  const widths = gaps.map((g, k) => gw[k] + (glueRatio > 0 ? glueRatio * items.stretch[g] : glueRatio * (items.shrink[g] || items.width[g] / 3)));
  let lineWidth = indent;
  for (const r of runs) lineWidth += r.width;
  for (const w of widths) lineWidth += w;
  // In a right-to-left paragraph 'left' and 'right' mean start and end, and a justified paragraph's
  // last line sits at the right.
  const rtl = bidi ? bidi.base & 1 : 0;
  const align = rtl ? (style.align === 'right' ? 'left' : style.align === 'center' ? 'center' : 'right') : style.align;
  let x: number;
  if (align === 'center') x = Math.max(0, (style.measure - lineWidth) / 2);
  else if (align === 'right') x = Math.max(0, style.measure + (rtl ? hang.right : 0) - lineWidth);
  else x = -hang.left;
  let visual: RunWithStyle[] = runs;
  if (!order) {
    x += indent;
    for (let i = 0; i < runs.length; i++) {
      const k = wordOf[i];
      if (k > 0 && starts[k] === i) x += widths[k - 1];
      runs[i].x = x;
      x += runs[i].width;
    }
  } else {
    // Units: runs 0…n-1, then gaps n…, then the indent (-1).
    visual = [];
    for (const u of order) {
      if (u < 0) x += indent;
      else if (u >= runs.length) x += widths[u - runs.length];
      else {
        runs[u].x = x;
        x += runs[u].width;
        visual.push(runs[u]);
      }
    }
    if (visual.length) x = visual.reduce((m, r) => Math.max(m, r.x + r.width), -Infinity); // the rightmost run's edge, not a trailing indent's
  }
  for (const r of visual) delete (r as Partial<RunWithStyle>).styleIndex;
  const line: Line = { runs: visual, width: x, start, hyphenated, ratio: isLast ? Math.min(0, ratio) : Number.isFinite(ratio) ? ratio : 0, overfull };
  if (hang.left || hang.right) line.hang = { left: hang.left, right: Math.max(0, x - style.measure) };
  return line;
}

function natural0(runs: Run[], indent: number, gaps: number[], items: Items): number {
  let w = indent;
  for (const r of runs) w += r.width;
  for (const g of gaps) w += items.width[g];
  return w;
}

interface RunWithStyle extends Run {
  styleIndex: number;
}

/** Where a run stands in the paragraph's `BidiText`. */
interface Span {
  /** First and last character in `BidiText.text`. */
  lo: number;
  hi: number;
  /** Embedding level. */
  level: number;
  /** Never merged with a neighbour (see `levelPieces`). */
  solo: boolean;
}

interface LevelPiece extends Piece {
  /** First and last character in `BidiText.text` (for the hyphen: those of the piece it ends). */
  lo: number;
  hi: number;
  level: number;
  solo?: boolean;
}

/** Index in `b.text` of character k of a piece: the plain text's, or the note number's. */
function indexOf(b: BidiText, p: Piece, k: number): number {
  return p.offset >= 0 ? b.at[Math.min(p.offset + k, b.at.length - 1)] : (b.notes.get(p.pos) ?? b.at[Math.min(p.pos, b.at.length - 1)]) + k;
}

/** The mirrored characters of a line's right-to-left stretches (UAX #9 L4), by index in `b.text`. */
function lineMirrors(b: BidiText, words: Piece[][]): Map<number, string> {
  let lo = Infinity;
  let hi = -1;
  for (const w of words) {
    for (const p of w) {
      if (p.hyphen || !p.text) continue;
      lo = Math.min(lo, indexOf(b, p, 0));
      hi = Math.max(hi, indexOf(b, p, p.text.length - 1));
    }
  }
  return hi < 0 ? new Map() : mirroredCharacters(b, lo, hi);
}

const CLUSTER = /\P{M}[\p{M}\u200c\u200d\ufe00-\ufe0f]*|[\s\S]/gu;

/**
 * A word's pieces cut where the embedding level changes, so that each run is drawn in one direction,
 * with mirrored characters swapped in at right-to-left levels. fontkit decides a run's direction
 * from its script, not from its level: a run it would lay out the other way (Arabic-Indic digits,
 * which read left to right; punctuation alone at a right-to-left level) is cut into characters,
 * each its own run, and so is a mirrored character (a font's own 'rtlm' must not mirror it back).
 */
function levelPieces(pieces: Piece[], b: BidiText, mirrored: Map<number, string>): LevelPiece[] {
  const out: LevelPiece[] = [];
  const levels = b.levels.levels;
  for (const p of pieces) {
    if (p.hyphen) {
      const last = out[out.length - 1];
      out.push({ ...p, lo: last?.hi ?? 0, hi: last?.hi ?? 0, level: last?.level ?? b.base });
      continue;
    }
    const n = p.text.length;
    let from = 0;
    for (let k = 1; k <= n; k++) {
      if (k < n && levels[indexOf(b, p, k)] === levels[indexOf(b, p, from)]) continue;
      const lo = indexOf(b, p, from);
      const level = levels[lo];
      let text = p.text.slice(from, k);
      let mirror = false;
      if (level & 1) {
        for (let i = from; i < k; i++) {
          const m = mirrored.get(indexOf(b, p, i));
          if (m !== undefined) {
            text = text.slice(0, i - from) + m + text.slice(i - from + 1);
            mirror = true;
          }
        }
      }
      const sub: LevelPiece = { text, style: p.style, offset: p.offset >= 0 ? p.offset + from : -1, pos: p.pos, lo, hi: indexOf(b, p, k - 1), level };
      if (from === 0 && p.anchors) sub.anchors = p.anchors;
      if (mirror || fontkitRtl(text) !== !!(level & 1)) {
        let at = from;
        for (const c of text.match(CLUSTER) ?? []) {
          out.push({ ...sub, text: c, offset: p.offset >= 0 ? p.offset + at : -1, lo: indexOf(b, p, at), hi: indexOf(b, p, at + c.length - 1), solo: true, ...(at === 0 && p.anchors ? { anchors: p.anchors } : { anchors: undefined }) });
          at += c.length;
        }
      } else out.push(sub);
      from = k;
    }
  }
  return out;
}

/**
 * The line's units from left to right: run indexes (0…), gap indexes (runs.length + k for the space
 * before word k + 1) and -1 for the first-line indent, which stays at the line's start.
 */
function lineOrder(b: BidiText, spans: Span[], gaps: number[], indent: number, items: Items): number[] {
  const lo: number[] = [];
  const hi: number[] = [];
  for (const r of spans) {
    lo.push(r.lo);
    hi.push(r.hi);
  }
  for (const g of gaps) {
    const c = b.at[Math.min(items.pos[g], b.at.length - 1)];
    lo.push(c);
    hi.push(c);
  }
  if (indent !== 0) {
    lo.push(0);
    hi.push(-1);
  }
  const n = spans.length + gaps.length;
  return visualOrder(b, lo, hi).map((u) => (u === n ? -1 : u));
}
