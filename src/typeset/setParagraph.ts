import type { Inline } from '../model/inline.js';
import { BOX, buildItems, DEFAULT_BUILD, GLUE, hasRtl, INF, type Items, PENALTY } from './boxes.js';
import { type BreakParams, type Breakpoint, breakLines, DEFAULT_PARAMS } from './linebreak.js';
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
 * An empty paragraph gives no lines.
 */
export function setParagraph(inlines: readonly Inline[], style: ParagraphStyle): Line[] {
  const items = buildItems(inlines, style, { ...DEFAULT_BUILD, expansion: expansionOf(style), protrusion: style.align === 'justify' });
  if (!items.style.some((st) => st >= 0)) return []; // nothing but an indent
  const breaks = chooseBreaks(items, style);
  return assembleLines(items, breaks, style);
}

/** The passes; exported for the tests and the benchmark. */
export function chooseBreaks(items: Items, style: ParagraphStyle): Breakpoint[] {
  const em = style.size;
  const ragged = style.align !== 'justify';
  const base: BreakParams = {
    ...DEFAULT_PARAMS,
    measure: style.measure,
    // Ragged lines: spaces keep their width and the line end takes the slack (TeX's \rightskip 0pt plus 2em).
    lineStretch: ragged ? 2 * em : 0,
    shortLastDemerits: ragged ? 0 : 10000,
    shortLastLine: 0.15,
  };
  return (
    breakLines(items, base) ??
    breakLines(items, { ...base, tolerance: Infinity, emergency: true, final: true })!
  );
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
}

/** Lines of runs from the chosen breaks: merge pieces into runs, measure them exactly, justify. */
export function assembleLines(items: Items, breaks: Breakpoint[], style: ParagraphStyle): Line[] {
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
      last.push({ text: hyphen, style: last[last.length - 1].style, offset: -1, pos: items.pos[to] });
    }
    const isLast = type[to] === PENALTY && penalty[to] <= -INF;
    let first = from;
    while (first < to && !(type[first] === BOX && items.style[first] >= 0)) first++;
    const hang = { left: first < to && indent === 0 ? items.protrude[first] : 0, right: isLast ? 0 : items.protrude[to] };
    lines.push(setLine(items, words, gaps, style, isLast, hyphenated, firstPos(items, from, to), indent, hang));
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

function setLine(items: Items, words: Piece[][], gaps: number[], style: ParagraphStyle, isLast: boolean, hyphenated: boolean, start: number, indent: number, hang: { left: number; right: number }): Line {
  const runs: Run[] = [];
  const wordOf: number[] = [];
  const starts: number[] = []; // index in runs of each word's first run
  words.forEach((pieces, k) => {
    starts.push(runs.length);
    for (const p of pieces) {
      const prev = runs[runs.length - 1];
      const prevWord = wordOf[wordOf.length - 1];
      if (
        prev &&
        prevWord === k &&
        (prev as RunWithStyle).styleIndex === p.style &&
        !p.anchors &&
        ((p.offset >= 0 && prev.offset >= 0 && prev.offset + prev.text.length === p.offset) || (p.offset === -1 && prev.offset >= 0 && p.text === '-'))
      ) {
        prev.text += p.text;
        continue;
      }
      const s = items.styles[p.style];
      const run: RunWithStyle = { text: p.text, face: s.face, size: s.size, features: s.features, x: 0, width: 0, scale: 1, offset: p.offset, styleIndex: p.style };
      if (s.href) run.href = s.href;
      if (p.anchors) run.anchors = p.anchors;
      runs.push(run);
      wordOf.push(k);
    }
  });
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
      // Past the limits by what the breaker's estimate missed (word pieces measured apart lose the
      // kerning across a cut): squeeze the glyphs up to twice the expansion limit (at least 2 %), then
      // the spaces to 1.5× their shrink. Anything left over is an overfull line, reported.
      let d = -slack - total;
      const extraG = Math.min(d, (Math.max(2 * e, 0.02) - e) * glyphW);
      d -= extraG;
      const extraZ = Math.min(d, 0.5 * z);
      d -= extraZ;
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
  let x = 0;
  let lineWidth = indent;
  for (const r of runs) lineWidth += r.width;
  for (const w of widths) lineWidth += w;
  if (style.align === 'center') x = Math.max(0, (style.measure - lineWidth) / 2);
  else if (style.align === 'right') x = Math.max(0, style.measure - lineWidth);
  else x = -hang.left;
  x += indent;
  for (let i = 0; i < runs.length; i++) {
    const k = wordOf[i];
    if (k > 0 && starts[k] === i) x += widths[k - 1];
    runs[i].x = x;
    x += runs[i].width;
  }
  mirrorRtl(runs, wordOf, items);
  for (const r of runs) delete (r as Partial<RunWithStyle>).styleIndex;
  const line: Line = { runs, width: x, start, hyphenated, ratio: isLast ? Math.min(0, ratio) : Number.isFinite(ratio) ? ratio : 0, overfull };
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

/** Right-to-left words in a left-to-right line: each maximal stretch of them is placed right to left. */
function mirrorRtl(runs: Run[], wordOf: number[], items: Items): void {
  const rtlWord = new Map<number, boolean>();
  runs.forEach((r, i) => {
    const rtl = hasRtl(r.text) || !!items.styles[(r as RunWithStyle).styleIndex]?.rtl;
    if (rtl) rtlWord.set(wordOf[i], true);
    else if (!rtlWord.has(wordOf[i])) rtlWord.set(wordOf[i], false);
  });
  let i = 0;
  while (i < runs.length) {
    if (!rtlWord.get(wordOf[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < runs.length && rtlWord.get(wordOf[j + 1])) j++;
    const left = runs[i].x;
    const right = runs[j].x + runs[j].width;
    for (let k = i; k <= j; k++) runs[k].x = left + right - (runs[k].x + runs[k].width);
    i = j + 1;
  }
}
