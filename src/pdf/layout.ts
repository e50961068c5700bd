import type { Diagnostics } from '../diagnostics.js';
import { wordsFor } from '../words.js';
import { frontMatterEnd, walkBlocks, type Book, type PageMap, type Span } from '../model/index.js';
import { bodyFlow, endnotesFlow, type Flow, type Typesetter } from './flow.js';
import { aboutContent, aboutPages, contentsEntries, dedicationPages, contentsPages, INDEX_DEST, OPENING_DEST, titlePage, type ContentsEntry } from './front.js';
import { pageGeometry, type Geometry, type Paper } from './geometry.js';
import { indexPages, textPageMap } from './nameindex.js';
import { buildPage, type BuiltPage } from './pages.js';
import type { PackedLines } from './packedline.js';
import type { PageMemo } from './pagememo.js';
import { paginate, type PageSlice } from './paginate.js';
import { pageFurniture, runningHeads } from './runningheads.js';
import { Shaper } from '../text/shaper.js';
import { bookTypesetter } from './setter.js';
import { bookStyles, type Styles } from './styles.js';
import type { LaidPage, OutlineEntry } from './types.js';

export type { Paper } from './geometry.js';

export interface PdfLayout {
  /** Where each printed page begins and the page label of every anchor: what the index and the EPUB cite. */
  pageMap: PageMap;
  geometry: Geometry;
  styles: Styles;
  /** Every page in order; `pages[i]` is physical page i + 1. */
  pages: LaidPage[];
  /** Bookmarks: one per contents entry, nested like the contents. */
  outline: OutlineEntry[];
  /** Pages of front matter (roman folios); the text begins on physical page `frontCount + 1`. */
  frontCount: number;
  /** Layout passes run until the page numbers settled (2 when the contents needed one more look). */
  passes: number;
  /** The body's boxes and how they were broken into pages, for checks (widows, orphans, measure). */
  body: { flow: Flow; slices: PageSlice[] };
}

const ROMAN: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];

/** Lower-case roman numeral of n ≥ 1. */
export function roman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN) for (; n >= v; n -= v) out += s;
  return out;
}

const MAX_PASSES = 5;

function countEntries(entries: readonly ContentsEntry[]): number {
  return entries.reduce((n, e) => n + 1 + countEntries(e.children), 0);
}

/**
 * Lays the book out into pages. The body is set and broken into pages once (it does not depend on
 * page numbers: its folios restart at 1), and so is the index, which cites body pages only. The
 * contents, which cite the pages of headings and of the index, are laid out again with what the last
 * pass learned until two passes agree (as Typst does), at most five times.
 */
export function layoutPdf(book: Book, options: { paper: Paper; sides?: 1 | 2; packed?: PackedLines; pages?: PageMemo }, diags: Diagnostics, ts: Typesetter = bookTypesetter(new Shaper())): PdfLayout {
  const g = pageGeometry(options.paper, options.sides ?? 2);
  const st = bookStyles(g);
  // The front matter's text (a preface, a translator's introduction, a packet's introduction) is set and
  // broken into pages apart from the text, whose page 1 begins on a recto after it.
  const frontTo = frontMatterEnd(book);
  // A book that does not open with a chapter opens with its title, unless what precedes its first
  // chapter is the motto of its front matter.
  const first = book.blocks[0];
  const titleOpening = !book.packet && !(first?.kind === 'heading' && first.level === 1) && frontTo === 0;
  const setPages = (from: number, to: number) => {
    const flow = bodyFlow(book, g, st, ts, diags, options.packed, from, to);
    const slices = paginate(flow.boxes, flow.notes, { lines: g.lines, leading: g.leading, noteSeparator: g.leading, firstRecto: true, oneSided: g.sides === 1 }, options.pages);
    warnOverfull(book, flow, slices, diags);
    // A packet's text opens on a recto: the page breaker asked for a blank verso before it where needed.
    return { flow, slices, pages: slices.flatMap((s) => (s.blankAfter ? [buildPage(flow, s, g), blank()] : [buildPage(flow, s, g)])) };
  };
  const front = frontTo > 0 ? setPages(0, frontTo).pages : [];
  const { flow, slices, pages: body } = setPages(frontTo, book.blocks.length);
  const bodyLabels = new Map<string, string>();
  body.forEach((p, i) => {
    for (const a of p.page.anchors) if (!bodyLabels.has(a)) bodyLabels.set(a, String(i + 1));
  });
  if (titleOpening && body.length) bodyLabels.set(OPENING_DEST, '1');
  // Endnotes follow the text on a recto, as the index does; their folios run on from the text's and
  // are fixed by now too, so the index can cite the names in them.
  const notes = book.meta.endnotes && book.notes.length ? endnotesPages(book, g, st, ts, diags, options.packed) : [];
  const notesFrom = body.length + (g.sides === 2 && body.length % 2 === 1 ? 1 : 0);
  notes.forEach((p, i) => {
    for (const a of p.page.anchors) if (!bodyLabels.has(a)) bodyLabels.set(a, String(notesFrom + i + 1));
  });

  const hasIndex = book.persons.length > 0;
  const entries = contentsEntries(book, titleOpening, hasIndex, notes.length > 0);
  const title = titlePage(book, g, st, ts, diags, options.packed);
  const about = aboutContent(book).length > 0 ? aboutPages(book, g, st, ts, diags, options.packed) : [];
  const dedication = book.meta.dedication?.length ? dedicationPages(book, g, st, ts, diags, options.packed) : [];

  // The index cites text pages: the body's are fixed by now, and the front matter's chapters' move only
  // when the pages before them do. Laid out once, and again only then.
  let index: { at: number; pages: BuiltPage[] } | undefined;
  const indexAt = (at: number): BuiltPage[] => {
    if (!hasIndex) return [];
    if (index?.at === at) return index.pages;
    const labels = new Map(bodyLabels);
    front.forEach((p, i) => {
      for (const a of p.page.anchors) if (!labels.has(a)) labels.set(a, roman(at + i + 1));
    });
    const textPages = textPageMap(labels, notes.length ? notesFrom + notes.length : body.length, front.map((_, i) => roman(at + i + 1)));
    index = { at, pages: indexPages(book, textPages, g, st, ts, diags, options.packed) };
    return index.pages;
  };
  let labels = new Map<string, string>();
  let passes = 0;
  let result: Omit<PdfLayout, 'passes'> | undefined;
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    passes = pass;
    // A contents page listing a single entry says nothing: leave it out (the outline keeps the entry).
    const contents = countEntries(entries) >= 2 ? contentsPages(book, entries, labels, g, st, ts, diags, options.packed) : [];
    const w = wordsFor(book.meta.language);
    const lists = book.lists.filter((l) => l.entries.length > 0).map((l) => contentsPages(book, l.entries.map((e) => ({ title: e.title, depth: 0, dest: e.id, children: [] })), labels, g, st, ts, diags, options.packed, l.kind === 'figures' ? w.listOfFigures : w.listOfTables));
    result = assemble(book, { title, about, dedication, contents, lists, front, body, notes, index: indexAt }, entries, g, st, ts, flow, slices);
    const next = new Map<string, string>();
    for (const [i, p] of result.pages.entries()) {
      for (const a of p.anchors) if (!next.has(a)) next.set(a, p.label);
      if (i === result.frontCount && titleOpening) next.set(OPENING_DEST, p.label);
    }
    const indexStart = result.pages.findIndex((p) => p.index);
    if (indexStart >= 0) next.set(INDEX_DEST, result.pages[indexStart].label);
    const same = pass > 1 && next.size === labels.size && [...next].every(([k, v]) => labels.get(k) === v);
    labels = next;
    if (same) break;
    if (pass === MAX_PASSES) diags.warn(book.file, 1, 1, 'pdf-no-convergence', `page numbers still changed after ${MAX_PASSES} layout passes; the contents or index may cite wrong pages`);
  }
  // Heads and folios once the page numbers are settled: each page is its own object (the parts' pages are shared between passes).
  const furnish = pageFurniture(book, g, st, ts);
  for (const p of result!.pages) if (p.runningHead || p.folio) p.items = [...p.items, ...furnish(p)];
  return { ...result!, passes };
}

interface Parts {
  title: BuiltPage;
  about: BuiltPage[];
  /** The dedication's page, on a recto after About; empty without one. */
  dedication: BuiltPage[];
  contents: BuiltPage[];
  /** The lists of figures and tables after the contents (front matter `lists`), each on pages of its own. */
  lists: BuiltPage[][];
  /** The front matter's text (see frontMatterEnd), on a recto after the lists; empty without it. */
  front: BuiltPage[];
  body: BuiltPage[];
  /** The endnotes' pages (front matter `footnotes: endnotes`), after the body; empty for footnotes. */
  notes: BuiltPage[];
  /** The index's pages, given the physical page (from 0) where the front matter's chapters begin. */
  index: (frontTextAt: number) => BuiltPage[];
}

/** Warns of each page break where the rules forbid one, once per block: a block many pages tall is one problem, not one per page. */
function warnOverfull(book: Book, flow: Flow, slices: readonly PageSlice[], diags: Diagnostics): void {
  let spans: Map<string, { file: string; span: Span }> | undefined;
  const warned = new Set<string>();
  for (const s of slices) {
    if (!s.forced) continue;
    const blockId = flow.boxes[s.to - 1]?.start?.blockId ?? '';
    if (warned.has(blockId)) continue;
    warned.add(blockId);
    // At the block's line: the box knows only its block's id.
    spans ??= new Map(book.texts.flatMap((t) => [...walkBlocks([...book.blocks.slice(t.from, t.to), ...book.notes.slice(t.notesFrom, t.notesTo).flatMap((n) => n.children)])]
      .flatMap((x) => ('id' in x && x.id ? [[x.id, { file: t.file, span: x.span }] as const] : []))));
    const { file, span: at } = spans.get(blockId) ?? { file: book.file, span: { line: 1, column: 1 } };
    diags.warn(file, at.line, at.column, 'pdf-page-overfull', 'a page break where the rules forbid one: this block is taller than a page, or its notes cannot fit on the page of their reference', 'shorten the block or the note');
  }
}

/** The endnotes' pages, broken as the body's are (no notes at their foot). */
function endnotesPages(book: Book, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines): BuiltPage[] {
  const flow = endnotesFlow(book, g, st, ts, diags, packed);
  return paginate(flow.boxes, [], { lines: g.lines, leading: g.leading, noteSeparator: g.leading, firstRecto: true, oneSided: g.sides === 1 }).map((s) => buildPage(flow, s, g));
}

const blank = (): BuiltPage => ({ page: { items: [], anchors: [] }, marks: [], opening: true, from: 0, to: 0 });

/** Puts the parts in order with labels, blank pages where a part must open on a recto, running heads, outline and page map. */
function assemble(book: Book, parts: Parts, entries: readonly ContentsEntry[], g: Geometry, st: Styles, ts: Typesetter, flow: Flow, slices: PageSlice[]): Omit<PdfLayout, 'passes'> {
  const pages: LaidPage[] = [];
  const front = (b: BuiltPage, folio: boolean) => pages.push({ ...b.page, label: roman(pages.length + 1), part: 'front', folio });
  // Printed on one side, a part needs no blank page to begin on a recto.
  const toRecto = () => g.sides === 2 && pages.length % 2 === 1;
  front(parts.title, false);
  for (const p of parts.about) front(p, true);
  if (parts.dedication.length) {
    if (toRecto()) front(blank(), false);
    for (const p of parts.dedication) front(p, false);
  }
  if (toRecto()) front(blank(), false);
  const contentsStart = pages.length;
  for (const p of parts.contents) front(p, true);
  const listStarts: number[] = [];
  // Each list on a page of its own, recto or verso, as the Chicago Manual allows.
  for (const list of parts.lists) {
    listStarts.push(pages.length);
    for (const p of list) front(p, true);
  }
  if (toRecto()) front(blank(), false);
  // The running heads of the front matter's chapters and the text's, as of one run of pages (both
  // begin on a recto): a text's first introduction is its introducer's wherever it stands.
  const frontTextAt = pages.length;
  const gap = g.sides === 2 && parts.front.length % 2 === 1 ? [blank()] : [];
  const heads = runningHeads(book, [...parts.front, ...gap, ...parts.body], 1, g, st, ts);
  const text = (b: BuiltPage, i: number) => ({ ...b.page, folio: b.page.items.length > 0 && !b.partTitle && !b.display, runningHead: heads[i], ...(b.partTitle && b.page.anchors[0] ? { opens: b.page.anchors[0] } : {}) });
  parts.front.forEach((b, i) => pages.push({ ...text(b, i), label: roman(pages.length + 1), part: 'front', text: true }));
  if (toRecto()) front(blank(), false);
  const frontCount = pages.length;
  parts.body.forEach((b, i) => pages.push({ ...text(b, parts.front.length + gap.length + i), label: String(i + 1), part: 'body' }));
  if (parts.notes.length) {
    if (toRecto()) pages.push({ ...blank().page, label: String(pages.length - frontCount + 1), part: 'back', folio: false });
    const nh = runningHeads(book, parts.notes, pages.length - frontCount + 1, g, st, ts, wordsFor(book.meta.language).notes);
    parts.notes.forEach((b, i) => pages.push({ ...b.page, label: String(pages.length - frontCount + 1), part: 'back', folio: true, runningHead: nh[i] }));
  }
  const index = parts.index(frontTextAt);
  if (index.length) {
    if (toRecto()) pages.push({ ...blank().page, label: String(pages.length - frontCount + 1), part: 'back', folio: false });
    const ih = runningHeads(book, index, pages.length - frontCount + 1, g, st, ts, wordsFor(book.meta.language).index);
    index.forEach((b, i) => pages.push({ ...b.page, label: String(pages.length - frontCount + 1), part: 'back', folio: true, runningHead: ih[i], index: true }));
  }
  const physical = new Map<string, number>();
  pages.forEach((p, i) => {
    for (const a of p.anchors) if (!physical.has(a)) physical.set(a, i);
  });
  physical.set(OPENING_DEST, frontCount);
  const indexStart = pages.findIndex((p) => p.index);
  if (indexStart >= 0) physical.set(INDEX_DEST, indexStart);
  const toOutline = (e: ContentsEntry): OutlineEntry => ({ title: e.title, page: physical.get(e.dest) ?? frontCount, children: e.children.map(toOutline) });
  const w = wordsFor(book.meta.language);
  const lists = book.lists.filter((l) => l.entries.length > 0).map((l, k) => ({ title: l.kind === 'figures' ? w.listOfFigures : w.listOfTables, page: listStarts[k], children: [] }));
  const outline = [...(parts.contents.length ? [{ title: w.contents, page: contentsStart, children: [] }] : []), ...lists, ...entries.map(toOutline)];

  const pageMap: PageMap = {
    pages: pages.map((p) => ({ label: p.label, part: p.part, ...(p.text ? { text: p.text } : {}), ...(p.start ? { start: p.start } : {}), ...(p.opens ? { opens: p.opens } : {}) })),
    anchors: {},
  };
  for (const p of pages) for (const a of p.anchors) if (!(a in pageMap.anchors)) pageMap.anchors[a] = p.label;
  return { pageMap, geometry: g, styles: st, pages, outline, frontCount, body: { flow, slices } };
}
