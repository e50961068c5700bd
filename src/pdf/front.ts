import type { Diagnostics } from '../diagnostics.js';
import { aboutFields, creditLines, notesOnText, packetAbout, type AboutField } from '../imprint.js';
import { joinNames, wordsFor } from '../words.js';
import { namesIn, type Book, type Inline, type TocEntry } from '../model/index.js';
import { baselineIn, FlowBuilder, type Box, type Typesetter } from './flow.js';
import type { PackedLines } from './packedline.js';
import type { Geometry } from './geometry.js';
import { setOneLine } from './oneline.js';
import { buildPage, type BuiltPage } from './pages.js';
import { paginate } from './paginate.js';
import type { Styles, TextStyle } from './styles.js';
import type { Placed, StructNode } from './types.js';

import { INDEX_DEST, NOTES_DEST, OPENING_DEST } from './types.js';
export { INDEX_DEST, OPENING_DEST };

/** One line of the contents: a title, its depth (0 = top) and the anchor whose page it cites. */
export interface ContentsEntry {
  title: string;
  depth: number;
  dest: string;
  children: ContentsEntry[];
  /** A packet's text: its authors (and translators), printed in italic under the title. */
  byline?: string;
  /** In the bookmarks only, not on the contents page (a packet's sections). */
  outlineOnly?: boolean;
}

/**
 * The contents as the PDF prints it: the title opening (for a book without chapters) over the
 * headings, then the index. A packet's lists its texts (under their parts), each with its byline,
 * and their chapters; their sections go into the bookmarks only.
 */
export function contentsEntries(book: Book, titleOpening: boolean, hasIndex: boolean, hasNotes = false): ContentsEntry[] {
  const conv = (e: TocEntry, depth: number): ContentsEntry => ({ title: e.title, depth, dest: e.id, children: e.children.map((c) => conv(c, depth + 1)) });
  if (book.packet) {
    const w = wordsFor(book.meta.language);
    const top: ContentsEntry[] = [];
    const inPacket = (e: TocEntry, depth: number): ContentsEntry => ({ ...conv(e, depth), outlineOnly: e.level > 1, children: e.children.map((c) => inPacket(c, depth + 1)) });
    let part: ContentsEntry | undefined;
    for (const t of book.texts) {
      if (t.part) top.push((part = { title: t.part.title, depth: 0, dest: t.part.id, children: [] }));
      const depth = part ? 1 : 0;
      const m = t.meta;
      const translators = book.packet.translators.length ? [] : namesIn(m, 'translator');
      const byline = [book.packet.oneAuthor ? '' : joinNames(m.authors, w), translators.length ? `${w.translatedBy.toLowerCase()} ${joinNames(translators, w)}` : ''].filter(Boolean).join(', ');
      const entry: ContentsEntry = { title: m.title, depth, dest: t.id, children: t.toc.map((e) => inPacket(e, depth + 1)), ...(byline && !t.introduction ? { byline } : {}) };
      (part ? part.children : top).push(entry);
    }
    if (hasIndex) top.push({ title: w.index, depth: 0, dest: INDEX_DEST, children: [] });
    return top;
  }
  const top = titleOpening
    ? [{ title: book.meta.title, depth: 0, dest: OPENING_DEST, children: book.toc.map((e) => conv(e, 1)) }]
    : book.toc.map((e) => conv(e, 0));
  if (hasNotes) top.push({ title: wordsFor(book.meta.language).notes, depth: 0, dest: NOTES_DEST, children: [] });
  if (hasIndex) top.push({ title: wordsFor(book.meta.language).index, depth: 0, dest: INDEX_DEST, children: [] });
  return top;
}

function flatten(entries: readonly ContentsEntry[]): ContentsEntry[] {
  return entries.flatMap((e) => (e.outlineOnly ? [] : [e, ...flatten(e.children)]));
}

const text = (t: string): Inline[] => [{ kind: 'text', text: t }];

/** Stacks boxes from y (points from the text block's top) without breaks; returns the placed items and the y below. */
function stack(boxes: readonly Box[], y: number): { items: Placed[]; y: number } {
  const items: Placed[] = [];
  boxes.forEach((b, i) => {
    if (i > 0) y += b.before;
    for (const p of b.items) items.push({ ...p, y: p.y + y } as Placed);
    y += b.height + b.after;
  });
  return { items, y };
}

/**
 * The title page: title, subtitle, author(s) and the contributors ('Translated by …', 'With an
 * introduction by …') in the upper third, the publisher at the foot. No folio, no running head.
 */
export function titlePage(book: Book, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines): BuiltPage {
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  const m = book.meta;
  const L = g.leading;
  const sect: StructNode = { type: 'Sect' };
  const lines = (t: string | Inline[], style: TextStyle, type: StructNode['type'] = 'P') => {
    const ctx = { ...fb.rootCtx(sect), group: 0 };
    return fb.lineBoxes(fb.setLines(typeof t === 'string' ? text(t) : t, ctx, { indent: 0, style, align: 'center', hyphenate: false }), ctx, { type, parent: sect }, undefined, style);
  };
  const items: Placed[] = [];
  let y = Math.round(g.lines / 6) * L;
  const put = (boxes: Box[], gap: number) => {
    const r = stack(boxes, y + gap);
    items.push(...r.items);
    y = r.y;
  };
  put(lines(m.titleInlines ?? m.title, st.title), 0);
  if (m.subtitle) put(lines(m.subtitleInlines ?? m.subtitle, st.subtitle), L / 2);
  const author = { ...st.minor, size: st.subtitle.size, leading: st.subtitle.leading };
  // A packet of several authors' texts names its editors (its contributors) only: its authors are on its contents page.
  const byline = !book.packet || book.packet.oneAuthor;
  if (byline) put(lines(joinNames(m.authors, wordsFor(m.language)), author), 2 * L);
  creditLines(m).forEach((c, i) => put(lines(`${c.lead}${c.gap}${c.names}`, { ...st.body, face: 'italic' }), i > 0 ? 0 : byline ? L : 2 * L));
  if (m.publisher) {
    y = (g.lines - 1) * L;
    put(lines(m.publisher, st.minor), 0);
  }
  return { page: { items, anchors: [] }, marks: [], opening: true, from: 0, to: 0 };
}

/**
 * What 'About this text' says, in order: the edition's fields (src/imprint.ts), for a packet where each
 * of its texts comes from, then the note on the text. Empty: no About page.
 */
export function aboutContent(book: Book): AboutField[] {
  const m = book.meta;
  const w = wordsFor(m.language);
  const { fields: out, sources } = book.packet ? packetAbout(book) : { fields: aboutFields(m), sources: [] };
  if (sources.length) out.push({ label: w.sources, paragraphs: sources });
  for (const n of notesOnText(m)) out.push({ label: n.heading, paragraphs: n.paragraphs });
  return out;
}

/** 'About this text': a heading, then each field as a run-in italic label and its text. */
export function aboutPages(book: Book, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines): BuiltPage[] {
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  const L = g.leading;
  const sect: StructNode = { type: 'Sect' };
  const ctx = { ...fb.rootCtx(sect), style: st.quote, group: 0 };
  // The heading in a group of its own, as the contents' is, so that the two stand at one height.
  const hctx = { ...fb.rootCtx(sect) };
  const head = fb.lineBoxes(fb.setLines(text(wordsFor(book.meta.language).about), hctx, { indent: 0, style: st.section, align: 'center', hyphenate: false }), hctx, { type: 'H2', parent: sect }, undefined, st.section);
  head[head.length - 1].after = L;
  for (const b of head.slice(1)) b.breakBefore = Infinity;
  const boxes: Box[] = [...head];
  for (const f of aboutContent(book)) {
    f.paragraphs.forEach((p, i) => {
      const value: Inline[] = f.lang ? [{ kind: 'foreign', lang: f.lang, children: p }] : p;
      const inl: Inline[] = i === 0 ? [{ kind: 'emph', children: text(`${f.label}.`) }, { kind: 'text', text: ' ' }, ...value] : value;
      const bx = fb.lineBoxes(fb.setLines(inl, ctx, { indent: i === 0 ? 0 : st.indent }), ctx, { type: 'P', parent: sect }, undefined, st.quote);
      if (i === 0 && boxes.length > head.length) bx[0].before = L / 2;
      boxes.push(...bx);
    });
  }
  boxes[0].breakBefore = 0;
  const flow = { boxes, notes: [] };
  return paginate(boxes, [], { lines: g.lines, leading: L, noteSeparator: L, firstRecto: false }).map((s) => buildPage(flow, s, g));
}

/**
 * The dedication's page (front matter `dedication`): its paragraphs in italic, centred, a third of the
 * way down a recto of its own, with no heading, folio or running head, as books set one.
 */
export function dedicationPages(book: Book, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines): BuiltPage[] {
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  const L = g.leading;
  const sect: StructNode = { type: 'Sect' };
  const ctx = { ...fb.rootCtx(sect), group: 0 };
  const style = { ...st.body, face: 'italic' as const };
  const boxes: Box[] = [{ height: Math.round(g.lines / 3) * L, before: 0, after: 0, group: -1, breakBefore: 0, notes: [], items: [], anchors: [] }];
  for (const p of book.meta.dedication ?? []) {
    const bx = fb.lineBoxes(fb.setLines(p, ctx, { indent: 0, style, align: 'center', hyphenate: false }), ctx, { type: 'P', parent: sect }, undefined, style);
    if (bx[0] && boxes.length > 1) bx[0].before = L / 2;
    boxes.push(...bx);
  }
  const flow = { boxes, notes: [] };
  return paginate(boxes, [], { lines: g.lines, leading: L, noteSeparator: L, firstRecto: true }).map((s) => ({ ...buildPage(flow, s, g), opening: true }));
}

/**
 * The contents: a heading, then one entry per line group with dot leaders and the page label
 * right-aligned, each entry a link to its heading. A List of Illustrations or of Tables is set so too,
 * under its `title`. `labels` maps destinations to page labels
 * (from the previous layout pass; a missing one prints as nothing and the pass repeats).
 */
export function contentsPages(book: Book, entries: readonly ContentsEntry[], labels: ReadonlyMap<string, string>, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines, title = wordsFor(book.meta.language).contents): BuiltPage[] {
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  const L = g.leading;
  const body = st.body;
  const toc: StructNode = { type: 'TOC' };
  const ctx0 = { ...fb.rootCtx(), align: 'left' as const };
  const head = fb.lineBoxes(fb.setLines(text(title), ctx0, { indent: 0, style: st.section, align: 'center', hyphenate: false }), ctx0, { type: 'H1' }, undefined, st.section);
  head[head.length - 1].after = L;
  const boxes: Box[] = [...head];
  const reserve = body.size * 2.5;
  const gap = body.size * 0.4;
  const pitch = body.size * 0.45;
  const nested = entries.some((e) => e.children.length > 0) && entries.filter((e) => e.children.length > 0).length > 1;
  for (const e of flatten(entries)) {
    const indent = e.depth * st.indent * 1.25;
    const item: StructNode = { type: 'TOCI', parent: toc };
    const link: StructNode = { type: 'Link', parent: item };
    const ctx = { ...ctx0, x: indent, measure: g.measure - indent - reserve };
    let lines = fb.setLines(text(e.title), ctx, { indent: 0, hyphenate: false });
    if (lines.length === 0) continue; // an entry without words (a heading of a note mark alone) has no line to set
    // An entry of several lines: its turnover lines hang a paragraph indent in from its first line.
    const hang = lines.length > 1 ? st.indent : 0;
    if (hang) {
      lines = fb.setLines(text(e.title), { ...ctx, measure: ctx.measure - hang }, { indent: 0, hyphenate: false });
      lines = lines.map((l, k) => (k === 0 ? l : { ...l, runs: l.runs.map((r) => ({ ...r, x: r.x + hang })) }));
    }
    const bx = fb.lineBoxes(lines, ctx, link, undefined, body);
    for (const b of bx.slice(1)) b.breakBefore = Infinity;
    if (nested && e.depth === 0 && boxes.length > head.length) bx[0].before = L;
    const last = bx[bx.length - 1];
    if (e.byline) {
      // The byline under the title, in italic, one indent in; the page number stays on the title's last line.
      const bctx = { ...ctx, x: indent + st.indent, measure: ctx.measure - st.indent };
      const by = fb.lineBoxes(fb.setLines(text(e.byline), bctx, { indent: 0, hyphenate: false, style: { ...body, face: 'italic' } }), bctx, link, undefined, body);
      for (const b of by) b.breakBefore = Infinity;
      bx.push(...by);
    }
    const label = labels.get(e.dest) ?? '';
    const number = setOneLine(ts, label, body, book.meta.language);
    const y = baselineIn(L);
    const x1 = indent + (lines.length > 1 ? hang : 0) + lines[lines.length - 1].width + gap;
    const x2 = g.measure - reserve + gap;
    if (x2 - x1 > 2 * pitch) last.items.push({ kind: 'leaders', x1, x2, y, face: body.face, size: body.size, pitch });
    last.items.push({ kind: 'line', x: g.measure - number.width, y, line: number.line, node: link });
    // The link covers the whole entry: put it on the first box, spanning every line of the entry.
    bx[0].items.push({ kind: 'link', x: indent, y: 0, width: g.measure - indent, height: bx.length * L, target: { dest: e.dest }, node: link });
    boxes.push(...bx);
  }
  const flow = { boxes, notes: [] };
  return paginate(boxes, [], { lines: g.lines, leading: L, noteSeparator: L, firstRecto: true }).map((s) => buildPage(flow, s, g));
}
