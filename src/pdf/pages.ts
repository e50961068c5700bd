import { baselineIn, shift, type Box, type Flow, type Mark } from './flow.js';
import type { Geometry } from './geometry.js';
import { notePartHeight, type PageSlice } from './paginate.js';
import type { LaidPage, Placed } from './types.js';

const EPS = 1e-6;

/** A page of boxes placed on the grid, before labels and running heads are known. */
export interface BuiltPage {
  page: Omit<LaidPage, 'label' | 'part' | 'folio'>;
  /** Headings that begin on the page, in order. */
  marks: Mark[];
  /** The page begins with an opening box (chapter or title opening). */
  opening: boolean;
  /** A packet's part-title page: no folio. */
  partTitle?: boolean;
  /** A display page (a motto): no folio. */
  display?: boolean;
  /** Boxes on the page (flow indices), for checks. */
  from: number;
  to: number;
}

/**
 * Places a page's boxes from the top of the text block: grid boxes at whole grid lines, each run of
 * an off-grid group rounded up to whole lines with its content centred in them (as `paginate`
 * counted it), notes stacked at the foot with their last baseline on the last grid line.
 */
export function buildPage(flow: Flow, slice: PageSlice, g: Geometry, dx = 0): BuiltPage {
  const L = g.leading;
  const { boxes } = flow;
  const items: Placed[] = [];
  const anchors: string[] = [];
  const marks: Mark[] = [];
  let start: LaidPage['start'];
  const place = (b: Box, top: number) => {
    items.push(...shift(b.items, top, dx));
    anchors.push(...b.anchors);
    if (b.mark) marks.push(b.mark);
    if (!start && b.start) start = b.start;
  };
  let y = 0;
  // Figures deferred from the page before stand at its head, each followed by its space.
  for (const f of slice.floats) {
    const n = boxes[f].float ?? 1;
    let sum = 0;
    const tops: number[] = [];
    for (let j = f; j < f + n; j++) {
      if (j > f) sum += boxes[j].before;
      tops.push(sum);
      sum += boxes[j].height + (j < f + n - 1 ? boxes[j].after : 0);
    }
    const total = Math.ceil(sum / L - EPS) * L;
    for (let j = f; j < f + n; j++) place(boxes[j], y + (total - sum) / 2 + tops[j - f]);
    y += total + Math.ceil(boxes[f + n - 1].after / L - EPS) * L;
  }
  const skipped = new Set<number>();
  for (const f of slice.deferred) for (let j = f; j < f + (boxes[f].float ?? 1); j++) skipped.add(j);
  for (let k = slice.from; k < slice.to; ) {
    const b = boxes[k];
    if (skipped.has(k)) {
      k++;
      continue;
    }
    if (b.group < 0) {
      if (k > slice.from) y += b.before;
      else if (b.continued) {
        items.push(...shift(b.continued.items, y, dx));
        y += b.continued.height;
      }
      place(b, y);
      y += b.height;
      if (k < slice.to - 1) y += b.after;
      k++;
      continue;
    }
    let j = k;
    let sum = 0;
    const tops: number[] = [];
    let continuedTop = -1;
    for (; j < slice.to && boxes[j].group === b.group; j++) {
      const bj = boxes[j];
      if (j > slice.from) sum += bj.before;
      else if (bj.continued) {
        continuedTop = sum;
        sum += bj.continued.height;
      }
      tops.push(sum);
      sum += bj.height;
      if (j < slice.to - 1) sum += bj.after;
    }
    const total = Math.ceil(sum / L - EPS) * L;
    const pad = (total - sum) / 2;
    if (continuedTop >= 0) items.push(...shift(boxes[k].continued!.items, y + pad + continuedTop, dx));
    for (let i = k; i < j; i++) place(boxes[i], y + pad + tops[i - k]);
    y += total;
    k = j;
  }
  if (slice.notes.length > 0) {
    // A long note split across pages: its part on this page (see paginate).
    const notes = slice.notes.map((n, i) => {
      const note = flow.notes[n];
      const from = i === 0 ? slice.noteFrom ?? 0 : 0;
      const to = i === slice.notes.length - 1 ? slice.noteTo ?? note.boxes.length : note.boxes.length;
      return from === 0 && to === note.boxes.length ? note : { ...note, boxes: note.boxes.slice(from, to), height: notePartHeight(note, from, to) };
    });
    const stack = notes.flatMap((n) => n.boxes);
    const height = notes.reduce((h, n) => h + n.height, 0);
    const last = stack[stack.length - 1];
    const lastBaseline = (g.lines - 1) * L + baselineIn(L);
    // The last line's descent below that baseline: a box of several lines (a table's row) ends a
    // line's descent below its own last baseline, not a quarter of its height below it.
    const descent = Math.min(last.height - baselineIn(last.height), L - baselineIn(L));
    let top = lastBaseline + descent - height;
    // A note continued from the page before is marked by a rule across the measure, as LaTeX marks it.
    items.push({ kind: 'rule', x1: dx, x2: dx + (!slice.noteFrom ? g.measure / 4 : g.measure), y: top - L / 2, thickness: 0.4 });
    for (const [k, n] of notes.entries()) {
      let ny = top;
      // A part that begins inside a table repeats its header, as the text's tables do.
      const header = k === 0 && slice.noteFrom ? n.boxes[0].continued : undefined;
      if (header) {
        items.push(...shift(header.items, ny, dx));
        ny += header.height;
      }
      for (const [i, b] of n.boxes.entries()) {
        if (i > 0) ny += b.before;
        place(b, ny);
        ny += b.height + (i < n.boxes.length - 1 ? b.after : 0);
      }
      top += n.height;
    }
  }
  // A page of what a chapter's end carried over (a note's rest, figures) holds no box of its own: it
  // belongs to that chapter, not to the opening or part title that follows it.
  const first = slice.from < slice.to ? boxes[slice.from] : undefined;
  return { page: { items, anchors, start }, marks, opening: first?.opening === true, ...(first?.partTitle ? { partTitle: true } : {}), ...(first?.display ? { display: true } : {}), from: slice.from, to: slice.to };
}
