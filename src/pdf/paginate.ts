import type { Box, FlowNote } from './flow.js';
import { movedSlice, sectionKey, type PageMemo, type SectionEnd } from './pagememo.js';

/** One page as the breaker chose it: a run of boxes and the notes set at its foot. */
export interface PageSlice {
  /** First box (index into the flow) and one past the last. */
  from: number;
  to: number;
  /** Notes (indices into the flow's notes) at the foot, in order. */
  notes: number[];
  /** The first note is the rest of a long note split on the page before: it starts at this of its boxes. */
  noteFrom?: number;
  /** The last note is a long note split here: this page holds its boxes before this one, the next page the rest. */
  noteTo?: number;
  /** Grid lines the text occupies (spaces and snapped groups included), notes excluded. */
  textLines: number;
  /** Grid lines the notes occupy with their separator; 0 without notes. */
  noteLines: number;
  /** A page break here was not allowed (a block taller than a page, a note that cannot fit): reported by the caller. */
  forced: boolean;
  /** A blank page follows, so that the next page, which must be a recto (`Box.recto`), is one. */
  blankAfter?: boolean;
  /** Floating figures (index of each one's first box) set at the head of the page, before box `from`: deferred from earlier pages. */
  floats: number[];
  /** Floating figures inside `from`..`to` that did not fit where they stand: left out here, set at the head of the next page. */
  deferred: number[];
}

export interface PaginateOptions {
  /** Grid lines a page holds. */
  lines: number;
  /** The grid line in points. */
  leading: number;
  /** Space in points above the notes (the separator rule sits in it). */
  noteSeparator: number;
  /** True when the first page is a recto (odd page): spreads pair a verso with the following recto. */
  firstRecto: boolean;
  /**
   * Printed on one side of the sheet: no spreads to balance, and a box that must begin a recto
   * (`Box.recto`) begins the next page, with no blank before it. Default false (two sides).
   */
  oneSided?: boolean;
}

/** Short-page cost per missing line, squared: one short line is cheap, two are dear. */
const SHORT = 100;
/** Facing pages more than one line apart. */
const UNEVEN_SPREAD = 100000;
/** A break the rules forbid, taken only when nothing else fits. */
const FORBIDDEN = 1e9;
/** Pages shorter than this many lines below full are not considered while a fuller break exists. */
const MAX_SHORT = 8;
/**
 * A chapter's last page with fewer lines than this looks stranded: worth shortening a page or two
 * before it by a line, not more (SHORT_LAST per missing line, squared).
 */
const LAST_MIN = 5;
const SHORT_LAST = 30;
/**
 * A chapter's last line alone on its page (a poem's closing line, a one-line paragraph), on top of
 * SHORT_LAST: as dear as a page MAX_SHORT lines short, so that a stanza or some lines go over with it
 * rather than leave it there to keep the pages before full or the spreads after even.
 */
const LONE_LINE = SHORT * MAX_SHORT * MAX_SHORT;
const EPS = 1e-6;
/** A page of figures alone at a chapter's end, when they could not be placed in its text: dearer than any short page. */
const FLOAT_PAGE = 2 * SHORT * MAX_SHORT * MAX_SHORT;
/**
 * Per grid line of a long note carried to the next page, as dear as a page a line short: a note is
 * split only when it must be, and then as much of it as fits goes on the page that cites it (LaTeX's way).
 */
const NOTE_CARRIED = SHORT;
/**
 * Splitting a note no taller than half the text block (a long one splits at no charge): as dear as a
 * page three lines short, so that a note of a few lines stays whole unless the page would otherwise
 * lose more, as when a heavily annotated page's next paragraph brings a note too tall for the space
 * left (The Art of War, with 794 notes, had 80 pages short by 4 to 22 lines; LaTeX splits them).
 */
const NOTE_SPLIT = SHORT * 9;
/**
 * A note put off to the next page behind a split note (TeX's way), its mark left on this page: as
 * dear as a page five lines short, so that the text stops before the note's mark rather than put the
 * note off, unless the page would lose more than that. Dearer than any page short by up to MAX_SHORT
 * lines, as it was, pages of The Art of War stopped 6 to 13 lines short rather than set a note of a
 * line or two, cited in their last lines, at the next page's foot after the split note's rest, as
 * LaTeX does. It was made that dear for Longfellow's Inferno, page 9, where six notes went to the next
 * page to fill a recto to its verso's height: now a recto with notes need not match its verso
 * (footLine), and six notes put off cost as much as a page twelve lines short.
 */
const NOTE_DEFERRED = SHORT * 5 * 5;

/**
 * A long note split across pages: the rest, from box `from`, goes at the foot of the next page,
 * followed by the notes cited after it on the page of the split (`then`), deferred as TeX defers them.
 */
export interface NotePart {
  note: number;
  from: number;
  then?: number[];
  /** `note.from.then`, made the first time it is asked for (see partKey): the states carrying this part are told apart by it. */
  key?: string;
}

/** What cutting the notes at a page's foot costs beyond the lines carried: splitting a note that is not long. */
const splitCost = (notes: readonly FlowNote[], cut: NotePart, rest: NotePart | undefined) =>
  notes[cut.note].long || rest?.note === cut.note ? 0 : NOTE_SPLIT;

const partKey = (p: NotePart | undefined) => (p ? (p.key ??= `${p.note}.${p.from}.${p.then?.join('.') ?? ''}`) : '');

/**
 * Height in points of a note's boxes from `a` up to `b`, spaces between them included, and the table
 * header that a part beginning inside a table repeats (`Box.continued`).
 */
export function notePartHeight(note: FlowNote, a: number, b: number): number {
  let h = a > 0 ? note.boxes[a].continued?.height ?? 0 : 0;
  for (let j = a; j < b; j++) h += note.boxes[j].height + (j > a ? note.boxes[j].before : 0) + (j < b - 1 ? note.boxes[j].after : 0);
  return h;
}

/**
 * Where to split a long note's boxes from `from` so that at most `room` points of it go on this page:
 * the box the rest starts with, after at least one box and never where its lines forbid a break (a
 * note's widows and orphans) unless not `strict` (the last resort), or undefined when nothing can go.
 */
function splitNote(note: FlowNote, from: number, room: number, strict = true): number | undefined {
  let h = from > 0 ? note.boxes[from].continued?.height ?? 0 : 0;
  let best: number | undefined;
  let free: number | undefined;
  for (let j = from; j < note.boxes.length; j++) {
    const b = note.boxes[j];
    // Boxes from..j-1 fit (the loop stops at the first that does not).
    if (j > from && (b.breakBefore < Infinity || !strict)) {
      best = j;
      if (b.breakBefore === 0) free = j;
    }
    h += (j > from ? note.boxes[j - 1].after + b.before : 0) + b.height;
    if (h > room + EPS) break;
  }
  // Not after a hyphenated line, which turns the page in the middle of a word (its breakBefore, dearer
  // than a line carried to the next page), when the line before may end the page instead.
  return strict && best !== undefined && free === best - 1 && note.boxes[best].breakBefore > 0 ? free : best;
}

/**
 * Notes at a page's foot that overfill `room` points, cut as TeX cuts its insertions: the first
 * note that does not fit is split if its lines allow (two at least on either side), else the last
 * long note before it (what a split costs is the caller's: see splitCost); the notes before the cut
 * stay whole, what is left of the split note and the notes after it go to the next page.
 * Undefined when they fit, or when no note can give a line to this page.
 */
function cutNotes(notes: readonly FlowNote[], foot: readonly number[], rest: NotePart | undefined, room: number): { kept: number[]; cut: NotePart; resort?: 'deferred' | 'forced' } | undefined {
  const from = (k: number) => (k === 0 && rest ? rest.from : 0);
  const height = (k: number) => (from(k) > 0 ? notePartHeight(notes[foot[k]], from(k), notes[foot[k]].boxes.length) : notes[foot[k]].height);
  // `above`: the height of the notes before the one that overfills the page, then before each one tried.
  let over = 0;
  let above = 0;
  for (; over < foot.length; over++) {
    const h = height(over);
    if (above + h > room + EPS) break;
    above += h;
  }
  if (over === foot.length) return undefined;
  for (let k = over; k >= 0; k--) {
    if (k < over) above -= height(k);
    // Before the note that overfills the page, only a long one (or the rest of one) is split: a
    // shorter one split there would put off the notes after it, which no page is worth.
    if (k < over && !notes[foot[k]].long && !(k === 0 && rest)) continue;
    const at = splitNote(notes[foot[k]], from(k), room - above);
    if (at === undefined) continue;
    const then = foot.slice(k + 1);
    return { kept: foot.slice(0, k + 1), cut: { note: foot[k], from: at, ...(then.length > 0 ? { then } : {}) } };
  }
  // No note splits where its lines allow (a table in a note, taller than the page, whose rows go two
  // together): the notes that fit stay and the next goes whole to the next page, else the first is
  // cut where its rows forbid, as the text is when a block is taller than a page. Never an overfull foot.
  const then = foot.slice(over + 1);
  if (over > 0) return { kept: foot.slice(0, over), cut: { note: foot[over], from: 0, ...(then.length > 0 ? { then } : {}) }, resort: 'deferred' };
  const at = splitNote(notes[foot[0]], from(0), room, false);
  const after = foot.slice(1);
  return at === undefined ? undefined : { kept: [foot[0]], cut: { note: foot[0], from: at, ...(after.length > 0 ? { then: after } : {}) }, resort: 'forced' };
}

interface Candidate {
  to: number;
  units: number;
  textLines: number;
  noteLines: number;
  notes: number[];
  /** The page ends a chapter or the book: it may be short. */
  last: boolean;
  cost: number;
  forced: boolean;
  floats: number[];
  deferred: number[];
  /** The last note is split: the rest starts at this box, on the next page. */
  cut?: NotePart;
  /** No end of this page comes within MAX_SHORT lines of full: what follows cannot fit (a heading with long notes). */
  stranded?: boolean;
  /** While candidates are gathered: how many of the page's notes and of the figures put off are this end's (`notes` and `deferred` are then the growing lists). */
  notesAt?: number;
  deferredAt?: number;
}

/** Grid lines a floating figure takes at the head of a page: its boxes rounded up as a group, and the space below it. */
function floatLines(boxes: readonly Box[], f: number, L: number): number {
  const n = boxes[f].float ?? 1;
  let sum = 0;
  for (let j = f; j < f + n; j++) sum += (j > f ? boxes[j].before : 0) + boxes[j].height + (j < f + n - 1 ? boxes[j].after : 0);
  return Math.ceil(sum / L - EPS) + Math.ceil(boxes[f + n - 1].after / L - EPS);
}

/**
 * Whether the first figure carried to a page leaves room under it for the rest of a note split on the
 * page before and for the first box of text.
 */
function sharesPage(boxes: readonly Box[], notes: readonly FlowNote[], f: number, at: number, rest: NotePart | undefined, o: PaginateOptions): boolean {
  const L = o.leading;
  let noteLines = 0;
  if (rest) {
    const h = notePartHeight(notes[rest.note], rest.from, notes[rest.note].boxes.length) + (rest.then ?? []).reduce((sum, n) => sum + notes[n].height, 0);
    noteLines = Math.ceil((o.noteSeparator + h) / L - EPS);
  }
  return floatLines(boxes, f, L) + noteLines + Math.max(1, Math.ceil(boxes[at].height / L - EPS)) <= o.lines + EPS;
}

/** Figures still deferred at a chapter's end, on pages of their own: in order, as many to a page as it holds (one at least). */
function floatPages(boxes: readonly Box[], deferred: readonly number[], o: PaginateOptions): number[][] {
  const pages: number[][] = [];
  let lines = Infinity;
  for (const f of deferred) {
    const h = floatLines(boxes, f, o.leading);
    if (lines + h > o.lines + EPS) {
      pages.push([]);
      lines = 0;
    }
    pages[pages.length - 1].push(f);
    lines += h;
  }
  return pages;
}

/**
 * Grid lines from `from` up to each possible page end, and which ends are worth trying. `carried`:
 * floating figures deferred from the page before, set first. A floating figure that does not fit
 * where it stands is deferred to the next page and the text runs on past it (LaTeX's `[tp]`); a
 * page end that would leave a deferred figure to the next chapter is not offered.
 */
function candidates(boxes: readonly Box[], notes: readonly FlowNote[], from: number, o: PaginateOptions, carried: readonly number[] = [], rest?: NotePart): Candidate[] {
  const L = o.leading;
  const out: Candidate[] = [];
  /** `out[0..dead)` are ends too short to keep (see below); `spare`, objects to make the next ends with. */
  let dead = 0;
  const spare: Candidate[] = [];
  let closed = 0; // grid lines of finished groups and grid boxes
  let open = 0; // points of the open group
  let gid = -1;
  let pendingAfter = 0;
  let prevGroup = -1;
  let noteSum = 0;
  const pageNotes: number[] = [];
  let lastLegal: Candidate | undefined;
  const floats: number[] = [];
  const deferred: number[] = [];
  if (rest) {
    noteSum += notePartHeight(notes[rest.note], rest.from, notes[rest.note].boxes.length);
    pageNotes.push(rest.note);
    for (const n of rest.then ?? []) {
      noteSum += notes[n].height;
      pageNotes.push(n);
    }
  }
  const addNotes = (k: number) => {
    for (const n of boxes[k].notes) {
      noteSum += notes[n].height;
      pageNotes.push(n);
    }
  };
  for (const f of carried) {
    const h = floatLines(boxes, f, L);
    if (floats.length > 0 && (deferred.length > 0 || closed + h > o.lines + EPS)) deferred.push(f);
    else {
      floats.push(f);
      closed += h;
      for (let j = f; j < f + (boxes[f].float ?? 1); j++) addNotes(j);
    }
  }
  for (let i = from; i < boxes.length; i++) {
    const b = boxes[i];
    if (i > from && b.forceBreak) break;
    // A figure that opens the page is set where it stands, unless figures or a note's rest are there before it.
    if (b.float && (i > from || floats.length > 0 || noteSum > 0)) {
      // Would the figure fit here, with its spaces and the group before it closed?
      const n = b.float;
      let sum = b.before;
      for (let j = i; j < i + n; j++) sum += boxes[j].height + (j > i ? boxes[j].before : 0) + (j < i + n - 1 ? boxes[j].after : 0);
      const before = prevGroup < 0 ? closed + pendingAfter / L + Math.ceil(open / L - EPS) : closed + Math.ceil((open + pendingAfter) / L - EPS);
      let figNotes = 0;
      for (let j = i; j < i + n; j++) for (const k of boxes[j].notes) figNotes += notes[k].height;
      const noteLines = noteSum + figNotes > 0 ? Math.ceil((o.noteSeparator + noteSum + figNotes) / L - EPS) : 0;
      if (deferred.length > 0 || before + Math.ceil(sum / L - EPS) + noteLines > o.lines + EPS) {
        deferred.push(i);
        i += n - 1;
        continue;
      }
    }
    if (i > from) {
      if (prevGroup < 0) closed += pendingAfter / L;
      else open += pendingAfter;
    }
    if (b.group !== gid) {
      closed += Math.ceil(open / L - EPS);
      open = 0;
      gid = b.group;
    }
    const c = (i > from ? b.before : (b.continued?.height ?? 0)) + b.height;
    if (gid < 0) closed += c / L;
    else open += c;
    pendingAfter = b.after;
    prevGroup = b.group;
    addNotes(i);
    const textLines = closed + Math.ceil(open / L - EPS);
    let noteLines = noteSum > 0 ? Math.ceil((o.noteSeparator + noteSum) / L - EPS) : 0;
    let units = textLines + noteLines;
    const to = i + 1;
    const last = to === boxes.length || boxes[to].forceBreak === true;
    // The notes overfill the page: a long note at the foot is split, what fits of it here, the rest
    // on the next page, and the notes cited after it here go there too, after the rest.
    let cut: NotePart | undefined;
    let carriedLines = 0;
    let kept = pageNotes;
    const split = units > o.lines + EPS ? cutNotes(notes, pageNotes, rest, (o.lines - textLines) * L - o.noteSeparator) : undefined;
    // A note put off whole or cut where it forbids: only where nothing else fits (below), as the overfull page was.
    if (split?.resort) {
      if (out.length === 0 && !lastLegal) out.push({ to, units: o.lines, textLines, noteLines: o.lines - textLines, notes: split.kept, last, cost: FORBIDDEN, forced: true, floats, deferred: [...deferred], cut: split.cut });
      break;
    }
    if (split) {
      ({ kept, cut } = split);
      noteLines = o.lines - textLines;
      units = o.lines;
      carriedLines = notePartHeight(notes[cut.note], cut.from, notes[cut.note].boxes.length) / L + (NOTE_DEFERRED / NOTE_CARRIED) * (cut.then?.length ?? 0) + splitCost(notes, cut, rest) / NOTE_CARRIED;
    }
    if (units > o.lines + EPS) {
      // Nothing fits yet: this box alone overfills the page; take it and say so.
      if (out.length === 0 && !lastLegal) out.push({ to, units, textLines, noteLines, notes: [...kept], last, cost: FORBIDDEN, forced: true, floats, deferred: [...deferred] });
      break;
    }
    const penalty = last ? 0 : boxes[to].breakBefore;
    // The page's notes and figures put off so far, copied only for the candidates kept (below).
    const notesAt = kept === pageNotes ? kept.length : undefined;
    let cand = spare.pop();
    if (!cand) cand = { to, units, textLines, noteLines, notes: kept, last, cost: 0, forced: false, floats, deferred, cut, notesAt, deferredAt: deferred.length };
    else {
      cand.to = to;
      cand.units = units;
      cand.textLines = textLines;
      cand.noteLines = noteLines;
      cand.notes = kept;
      cand.last = last;
      cand.cost = 0;
      cand.cut = cut;
      cand.notesAt = notesAt;
      cand.deferredAt = deferred.length;
    }
    if (penalty < Infinity) {
      const short = Math.max(0, (last ? LAST_MIN : o.lines) - units);
      // A figure deferred past the chapter's end gets a page of its own before the next chapter: a last resort.
      cand.cost = penalty + (last ? SHORT_LAST : SHORT) * short * short + (last && units <= 1 + EPS ? LONE_LINE : 0) + (last && deferred.length > 0 ? FLOAT_PAGE : 0) + NOTE_CARRIED * carriedLines;
      // Units only grow as the page takes more boxes: an end more than MAX_SHORT lines below this one
      // is dropped by the filter below whatever follows, and its object serves a later end.
      const reach = (last ? o.lines : units) - MAX_SHORT - EPS;
      while (dead < out.length && out[dead].units < reach && !out[dead].forced) spare.push(out[dead++]);
      out.push(cand);
    } else {
      lastLegal = undefined;
      if (out.length === 0) lastLegal = { ...cand, cost: FORBIDDEN, forced: true };
      spare.push(cand);
    }
    if (last) break;
  }
  if (dead > 0) out.splice(0, dead);
  if (out.length === 0 && lastLegal) out.push(lastLegal);
  // Nothing was left before the chapter's end but figures, deferred: the page ends after them with the
  // note's rest carried to it, and they go on pages of their own after it.
  if (out.length === 0 && deferred.length > 0) {
    const f = deferred[deferred.length - 1];
    let noteLines = noteSum > 0 ? Math.ceil((o.noteSeparator + noteSum) / L - EPS) : 0;
    const split = closed + noteLines > o.lines + EPS ? cutNotes(notes, pageNotes, rest, (o.lines - closed) * L - o.noteSeparator) : undefined;
    if (split) noteLines = o.lines - closed;
    out.push({ to: f + (boxes[f].float ?? 1), units: closed + noteLines, textLines: closed, noteLines, notes: split?.kept ?? [...pageNotes], last: true, cost: FLOAT_PAGE, forced: split?.resort === 'forced', floats, deferred, ...(split ? { cut: split.cut } : {}) });
  }
  // Keep the ends within MAX_SHORT lines of the fullest one; the rest only lengthen the search.
  const best = Math.max(...out.map((c) => (c.last ? o.lines : c.units)));
  const stranded = best < o.lines - MAX_SHORT - EPS;
  return out.filter((c) => {
    if (stranded) c.stranded = true;
    const keep = c.last || c.units >= best - MAX_SHORT - EPS || c.forced;
    if (keep && c.notesAt !== undefined) c.notes = pageNotes.slice(0, c.notesAt);
    if (keep && c.deferredAt !== undefined) c.deferred = deferred.slice(0, c.deferredAt);
    return keep;
  });
}

/**
 * The grid line a page's type reaches at its foot, which the facing page's must match within a line:
 * the last line of its text, or, when it has notes, the block's last line, where the notes end however
 * short the text above them. Matched by the height of text and notes instead, the page facing one
 * with a gap over its notes was cut short to match it: The Art of War's facing pages of notes stood 7
 * and 8 lines short together (body pages 16 and 17), two gaps where the notes made one.
 */
const footLine = (c: Candidate, o: PaginateOptions) => (c.noteLines > 0 ? o.lines : c.units);

interface State {
  /** What the pages cost since the section's start (see paginate). */
  cost: number;
  /** What the pages before the section cost. */
  base: number;
  /** The parity of the section's first page: states from the two are not merged before its end. */
  origin: number;
  /** Break position: the next page starts with this box. */
  at: number;
  /** Pages so far. */
  pages: number;
  /** The grid line the previous page's type reaches at its foot (footLine) when it is a verso that the next page must match; -1 if none. */
  verso: number;
  /** That verso could be no fuller (its candidates' `stranded`). */
  versoStranded?: boolean;
  /** Floating figures deferred to the page that begins here. */
  carried: number[];
  /** The rest of a long note split on the page before, set first at this page's foot. */
  rest?: NotePart;
  back?: State;
  /** The page that ends here, to be made from its candidate (see pageOf) if this state is on the path chosen. */
  page?: { at: number; cand: Candidate; rest?: NotePart; blankAfter?: boolean };
  /** Or the pages that end here, made at once: pages of figures before or after it, a note's end on pages of its own. */
  slices?: PageSlice[];
}

/**
 * The states at one break position, one per parity, origin, verso's height and figures carried, in
 * the order they were first reached (the cheapest of each kept in its place).
 */
interface StatesAt {
  /** By parity and origin (parity × 2 + origin). */
  byVerso: Map<number, { state: State }>[];
  /** Made for the first state carrying figures or a note's rest (few positions have one). */
  carrying?: Map<string, { state: State }>;
  order: { state: State }[];
}

/** The states that reached a section's end from one of its starts, kept for a session (see PageMemo). */
interface Recording {
  start: State;
  key: Float64Array;
  noteBase: number;
  /** In the order they came, each cheaper than those before it with its parity (no other could ever be kept). */
  ends: State[];
}

/**
 * Chooses page breaks for a stream of boxes by dynamic programming over break positions (after
 * Knuth and Plass's paragraphs, for pages): every page full or at most a line or two short, no
 * widows, orphans or stranded headings (the boxes' penalties say where breaks may fall), and the two
 * pages of a spread within one line of each other. Each box is visited a bounded number of times,
 * so the work is linear in the length of the book.
 *
 * A section (from a chapter's opening to the next, where every page breaks) is paginated from each
 * of the states that reach its start (at most one per parity) apart, its costs counted from there,
 * and the two meet only at its end, where the cheaper in all wins (the even start on a tie, else the
 * first come): so its pages are a function of the section alone and where it starts, which lets a
 * session's later build take a section paginated before (`sections`, see PageMemo) and get the pages
 * the breaker would choose.
 */
export function paginate(boxes: readonly Box[], notes: readonly FlowNote[], o: PaginateOptions, sections?: PageMemo): PageSlice[] {
  if (boxes.length === 0) return [];
  const opening = (at: number) => at === 0 || at === boxes.length || boxes[at].forceBreak === true;
  const total = (s: State) => s.base + s.cost;
  // States per break position, keyed by parity, origin and the verso's height; at an opening, by parity alone.
  const states = new Map<number, StatesAt>();
  let end: State | undefined;
  /** The sections being paginated for a session, by their end and the start's parity. */
  const recordings = new Map<number, Recording[]>();
  const add = (s: State) => {
    const open = opening(s.at);
    if (open) {
      const r = recordings.get(s.at)?.find((x) => x.start.origin === s.origin);
      if (r && !r.ends.some((e) => e.pages % 2 === s.pages % 2 && e.cost <= s.cost)) r.ends.push(s);
    }
    if (s.at === boxes.length) {
      if (!end || total(s) < total(end) || (total(s) === total(end) && s.origin < end.origin)) end = s;
      return;
    }
    let m = states.get(s.at);
    if (!m) states.set(s.at, (m = { byVerso: [new Map(), new Map(), new Map(), new Map()], order: [] }));
    // Without figures carried (nearly always), keyed by the verso's height in the parity's map: no
    // string to make for every candidate.
    let old: { state: State } | undefined;
    const origin = open ? 0 : s.origin;
    if (s.carried.length === 0 && !s.rest) {
      const byVerso = m.byVerso[(s.pages % 2) * 2 + origin];
      old = byVerso.get(s.verso);
      if (!old) byVerso.set(s.verso, (old = { state: s }));
    } else {
      const key = `${origin}:${s.pages % 2}:${s.verso}:${s.carried.join(',')}:${partKey(s.rest)}`;
      m.carrying ??= new Map();
      old = m.carrying.get(key);
      if (!old) m.carrying.set(key, (old = { state: s }));
    }
    if (old.state === s) m.order.push(old);
    else if (open ? total(s) < total(old.state) || (total(s) === total(old.state) && s.origin < old.state.origin) : s.cost < old.state.cost) old.state = s;
  };
  /** Keeps the ends of the sections paginated from `at`'s starts for a session. */
  const keep = (at: number) => {
    for (const r of recordings.get(at) ?? []) {
      const kept: SectionEnd[] = [];
      for (const e of r.ends) kept.push({ cost: e.cost, pages: e.pages - r.start.pages, ...(e.versoStranded !== undefined ? { versoStranded: e.versoStranded } : {}), slices: slicesBack(e, r.start).map((x) => movedSlice(x, -r.start.at, -r.noteBase)) });
      sections!.keep(r.key, kept);
    }
    recordings.delete(at);
  };
  add({ cost: 0, base: 0, origin: 0, at: 0, pages: 0, verso: -1, carried: [] });
  for (let at = 0; at < boxes.length; at++) {
    const m = states.get(at);
    if (!m) continue;
    states.delete(at);
    /** States whose section a session's earlier build paginated. */
    let found: Set<State> | undefined;
    if (opening(at)) {
      if (sections) keep(at);
      // A section's start: costs counted from here, each start paginated on its own.
      for (const { state: s } of m.order) {
        s.base = total(s);
        s.cost = 0;
        s.origin = s.pages % 2;
      }
      if (sections && m.order.every(({ state: s }) => s.carried.length === 0 && !s.rest && s.verso === -1)) {
        let to = at + 1;
        while (!opening(to)) to++;
        for (const { state: s } of m.order) {
          const section = sectionKey(boxes, notes, at, to, o, s.origin);
          if (!section) break;
          const ends = sections.find(section.key);
          if (ends) {
            for (const e of ends) {
              const next: State = { cost: e.cost, base: s.base, origin: s.origin, at: to, pages: s.pages + e.pages, verso: -1, carried: [], back: s, slices: e.slices.map((x) => movedSlice(x, at, section.noteBase)) };
              if (e.versoStranded !== undefined) next.versoStranded = e.versoStranded;
              add(next);
            }
            (found ??= new Set()).add(s);
          } else {
            const list = recordings.get(to) ?? [];
            list.push({ start: s, key: section.key, noteBase: section.noteBase, ends: [] });
            recordings.set(to, list);
          }
        }
      }
    }
    // Candidates per set of figures carried to this page (usually none: a Map only for the rest).
    let plain: Candidate[] | undefined;
    let memo: Map<string, Candidate[]> | undefined;
    for (const { state: s } of m.order) {
      if (found?.has(s)) continue;
      // Figures carried here that leave no line for the text and the rest of a note split before (a
      // broadside table's page, a tall figure under a long note's end) get pages of their own first,
      // as LaTeX sets a float page: else the next box would be forced onto theirs, over them.
      const floatsFirst = s.carried.length > 0 && !sharesPage(boxes, notes, s.carried[0], at, s.rest, o) ? floatPages(boxes, s.carried, o) : [];
      const carried = floatsFirst.length ? [] : s.carried;
      const pages = s.pages + floatsFirst.length;
      const verso = floatsFirst.length ? -1 : s.verso;
      // (No string made for the common state: nothing carried, no note part.)
      const memoKey = s.rest ? `${carried.join(',')}:${partKey(s.rest)}` : carried.join(',');
      let cands = memoKey === '' ? plain : memo?.get(memoKey);
      if (!cands) {
        cands = candidates(boxes, notes, at, o, carried, s.rest);
        if (memoKey === '') plain = cands;
        else (memo ??= new Map()).set(memoKey, cands);
      }
      const recto = (pages % 2 === 0) === o.firstRecto;
      for (const c of cands) {
        let cost = s.cost + c.cost;
        const depth = footLine(c, o);
        const uneven = Math.abs(depth - verso) - 1;
        // A verso left far short because what followed could not fit (a heading with long notes) is
        // not matched by emptying its recto too: there the spread's difference costs what short pages
        // do. A verso that could have been fuller gets no such pass, or leaving it short would be the
        // cheap way out of an uneven spread (9 lines facing 15 where 17 facing 15 was possible).
        if (recto && verso >= 0 && !c.last && uneven > EPS) cost += s.versoStranded ? SHORT * uneven * uneven : UNEVEN_SPREAD * uneven;
        // Most candidates lead where a state as cheap is already kept, which `add` would drop: in the
        // common case (one page, nothing carried) that is known before the page and the state are made
        // (making them was a third of a long book's garbage).
        if (floatsFirst.length === 0 && !c.last && c.deferred.length === 0 && !c.cut) {
          let pagesNext = s.pages + 1;
          if (boxes[c.to]?.recto && !o.oneSided && (pagesNext % 2 === 0) !== o.firstRecto) pagesNext++;
          const kept = states.get(c.to);
          const old = kept?.byVerso[(pagesNext % 2) * 2 + s.origin].get(!recto && !o.oneSided ? depth : -1);
          if (old && !(cost < old.state.cost)) continue;
        }
        const floatPage = c.last && c.deferred.length > 0;
        const next: State = { cost, base: s.base, origin: s.origin, at: c.to, pages: s.pages + floatsFirst.length + 1, verso: !recto && !c.last && !o.oneSided ? depth : -1, versoStranded: c.stranded, carried: floatPage ? [] : c.deferred, rest: c.cut && !c.last ? c.cut : undefined, back: s };
        // Most states are never on the path read back at the end: their page is made then, from its candidate.
        if (floatsFirst.length > 0 || (c.last && c.cut) || floatPage) next.slices = [...floatsFirst.map((floats) => ({ from: at, to: at, notes: [], textLines: 0, noteLines: 0, forced: false, floats, deferred: [] })), pageOf(at, c, s.rest)];
        else next.page = { at, cand: c, rest: s.rest };
        const slices = next.slices;
        // A long note split on a chapter's last page ends on pages of its own, before the next chapter.
        for (let cut = c.last ? c.cut : undefined; cut; ) {
          const foot = [cut.note, ...(cut.then ?? [])];
          const split = cutNotes(notes, foot, cut, o.lines * o.leading - o.noteSeparator);
          const page: PageSlice = { from: c.to, to: c.to, notes: split?.kept ?? foot, noteFrom: cut.from, textLines: 0, noteLines: o.lines, forced: split?.resort === 'forced', floats: [], deferred: [] };
          if (split && split.kept[split.kept.length - 1] === split.cut.note) page.noteTo = split.cut.from;
          slices!.push(page);
          cut = split?.cut;
        }
        if (floatPage) for (const floats of floatPages(boxes, c.deferred, o)) slices!.push({ from: c.to, to: c.to, notes: [], textLines: 0, noteLines: 0, forced: false, floats, deferred: [] });
        if (slices) next.pages = s.pages + slices.length;
        // The next page must be a recto but would be a verso: a blank page goes between.
        if (boxes[c.to]?.recto && !o.oneSided && (next.pages % 2 === 0) !== o.firstRecto) {
          next.pages++;
          if (slices) slices[slices.length - 1].blankAfter = true;
          else next.page!.blankAfter = true;
        }
        add(next);
      }
    }
  }
  if (sections) keep(boxes.length);
  return end ? slicesBack(end) : [];
}

/** The pages on the path that ends at state `end`, in order, from the start or from state `from` on it. */
function slicesBack(end: State, from?: State): PageSlice[] {
  const out: PageSlice[] = [];
  for (let s: State | undefined = end; s?.back && s !== from; s = s.back) {
    if (s.slices) out.push(...[...s.slices].reverse());
    else {
      const p = s.page!;
      out.push(p.blankAfter ? { ...pageOf(p.at, p.cand, p.rest), blankAfter: true } : pageOf(p.at, p.cand, p.rest));
    }
  }
  return out.reverse();
}

/** The page from break `at` to candidate `c`'s end, `rest` the part of a note carried to its foot. */
function pageOf(at: number, c: Candidate, rest: NotePart | undefined): PageSlice {
  const page: PageSlice = { from: at, to: c.to, notes: c.notes, textLines: c.textLines, noteLines: c.noteLines, forced: c.forced, floats: c.floats, deferred: c.deferred };
  if (rest) page.noteFrom = rest.from;
  // (A note put off whole, a last resort, is not on this page: nothing of the page's last note is cut.)
  if (c.cut && c.notes[c.notes.length - 1] === c.cut.note) page.noteTo = c.cut.from;
  return page;
}
