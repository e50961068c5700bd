import type { Diagnostics } from '../diagnostics.js';
import type { Book, IndexEntry, IndexRange, Inline, PageMap } from '../model/index.js';
import { buildIndex } from '../names/name-index.js';
import { wordsFor, type Words } from '../words.js';
import { FlowBuilder, shift, type Box, type Typesetter } from './flow.js';
import type { PackedLines } from './packedline.js';
import type { Geometry } from './geometry.js';
import type { BuiltPage } from './pages.js';
import type { Styles } from './styles.js';
import { INDEX_DEST, type Placed, type StructNode } from './types.js';

/**
 * The text's page map alone (labels and anchors of the pages of text: the front matter's chapters,
 * `front`, then the body's `bodyPages`): enough for the index, whose locators cite text pages and
 * link to the mentions by name, not by physical page.
 */
export function textPageMap(labels: ReadonlyMap<string, string>, bodyPages: number, front: readonly string[] = []): PageMap {
  return {
    pages: [...front.map((label) => ({ label, part: 'front' as const, text: true as const })), ...Array.from({ length: bodyPages }, (_, i) => ({ label: String(i + 1), part: 'body' as const }))],
    anchors: Object.fromEntries(labels),
  };
}

/** One entry as inlines: heading, dates, then each range as a link to its first mention; see and see also in italics. */
export function entryInlines(e: IndexEntry, w: Words): Inline[] {
  const out: Inline[] = [{ kind: 'text', text: e.heading }];
  if (e.dates) out.push({ kind: 'text', text: ` (${e.dates})` });
  out.push(...rangeLinks(e.ranges));
  if (e.see.length) out.push({ kind: 'text', text: ', ' }, { kind: 'emph', children: [{ kind: 'text', text: w.see }] }, { kind: 'text', text: ` ${e.see.join('; ')}` });
  if (e.seeAlso.length) out.push({ kind: 'text', text: '. ' }, { kind: 'emph', children: [{ kind: 'text', text: w.seeAlso[0].toUpperCase() + w.seeAlso.slice(1) }] }, { kind: 'text', text: ` ${e.seeAlso.join('; ')}` });
  return out;
}

/** ', 3, 7–9': each range a link to its first mention. */
function rangeLinks(ranges: readonly IndexRange[]): Inline[] {
  return ranges.flatMap((r): Inline[] => [{ kind: 'text', text: ', ' }, { kind: 'link', href: `#${r.target}`, children: [{ kind: 'text', text: r.text }] }]);
}

/**
 * The index of names in two columns after the text: an opening page with its title, letter groups,
 * entries set ragged with a hanging indent; an entry breaks between columns only with two lines on
 * either side, a letter never ends a column, and the last page's columns are balanced.
 */
export function indexPages(book: Book, textPages: PageMap, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines): BuiltPage[] {
  const model = buildIndex(book, textPages);
  if (model.groups.length === 0) return [];
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  const L = g.leading;
  const ix = st.index;
  const gutter = g.size * 1.5;
  const colWidth = (g.measure - gutter) / 2;
  const hang = ix.size;
  const root: StructNode = { type: 'Index' };

  const words = wordsFor(book.meta.language);
  // The title, as on a chapter's opening page.
  const tctx = { ...fb.rootCtx(root), group: 0 };
  const title = fb.lineBoxes(fb.setLines([{ kind: 'text', text: words.index }], tctx, { indent: 0, style: st.chapter, align: 'center', hyphenate: false }), tctx, { type: 'H1', parent: root }, undefined, st.chapter);
  const sink = Math.round(g.lines / 5) * L;
  const firstItems: Placed[] = [{ kind: 'dest', id: INDEX_DEST, y: 0 }];
  let ty = sink;
  for (const b of title) {
    firstItems.push(...shift(b.items, ty));
    ty += b.height;
  }
  const columnsTop = Math.ceil((ty + 2 * L) / L) * L;

  // The stream of boxes: letters and entry lines.
  const boxes: Box[] = [];
  // Turnover lines hang in by an indent; in an index with sub-entries (which stand one indent in) by two.
  const turn = model.groups.some((g) => g.entries.some((e) => e.subentries?.length)) ? 2 * hang : hang;
  const ctx = { ...fb.rootCtx(root), style: ix, measure: colWidth - turn, group: 0, align: 'left' as const };
  // Each letter is a heading under the index's title, so assistive technology can jump between them.
  for (const [gi, group] of model.groups.entries()) {
    const letterCtx = { ...ctx, measure: colWidth };
    const letter = fb.lineBoxes(fb.setLines([{ kind: 'strong', children: [{ kind: 'text', text: group.letter }] }], letterCtx, { indent: 0, style: ix, hyphenate: false }), letterCtx, { type: 'H2', parent: root }, undefined, ix);
    letter[0].before = gi > 0 ? ix.leading : 0;
    letter[0].after = ix.leading / 4;
    boxes.push(...letter);
    let keep = true;
    for (const e of group.entries) {
      const lines = fb.setLines(entryInlines(e, words), ctx, { indent: 0, hyphenate: false });
      const bx = fb.lineBoxes(lines, ctx, { type: 'P', parent: root }, undefined, ix);
      bx.forEach((b, k) => {
        if (k > 0) for (const p of b.items) if (p.kind === 'line') p.x += turn;
      });
      if (keep) bx[0].breakBefore = Infinity;
      keep = false;
      boxes.push(...bx);
      // Sub-entries under their entry, a hanging indent further in; never alone at the head of a column.
      for (const [si, s] of (e.subentries ?? []).entries()) {
        const subCtx = { ...ctx, x: ctx.x + hang };
        const sub = fb.lineBoxes(fb.setLines([{ kind: 'text', text: s.heading }, ...rangeLinks(s.ranges)], subCtx, { indent: 0, hyphenate: false }), subCtx, { type: 'P', parent: root }, undefined, ix);
        sub.forEach((b, k) => {
          if (k > 0) for (const p of b.items) if (p.kind === 'line') p.x += turn - hang;
        });
        if (si === 0) sub[0].breakBefore = Infinity;
        boxes.push(...sub);
      }
    }
  }

  // Fill columns greedily, backing up to the last allowed break; balance the last page.
  const height = (from: number, to: number) => {
    let h = 0;
    for (let i = from; i < to; i++) h += (i > from ? boxes[i].before : 0) + boxes[i].height + (i < to - 1 ? boxes[i].after : 0);
    return h;
  };
  const fill = (from: number, cap: number): number => {
    let to = from;
    while (to < boxes.length && height(from, to + 1) <= cap + 1e-6) to++;
    if (to === boxes.length) return to;
    let b = to;
    while (b > from + 1 && boxes[b].breakBefore === Infinity) b--;
    return b > from ? b : Math.max(to, from + 1);
  };
  const pages: BuiltPage[] = [];
  let at = 0;
  const full = g.lines * L;
  while (at < boxes.length) {
    const top = pages.length === 0 ? columnsTop : 0;
    const cap = full - top;
    let mid = fill(at, cap);
    let end = mid < boxes.length ? fill(mid, cap) : mid;
    if (end === boxes.length) {
      // Last page: the break that makes the two columns most nearly equal.
      let best = mid;
      let bestH = Infinity;
      for (let b = at + 1; b <= boxes.length; b++) {
        if (b < boxes.length && boxes[b].breakBefore === Infinity) continue;
        const h = Math.max(height(at, b), height(b, boxes.length));
        if (height(at, b) <= cap + 1e-6 && height(b, boxes.length) <= cap + 1e-6 && h < bestH - 1e-6) {
          best = b;
          bestH = h;
        }
      }
      mid = best;
      end = boxes.length;
    }
    const items: Placed[] = pages.length === 0 ? [...firstItems] : [];
    const put = (from: number, to: number, dx: number) => {
      let y = top;
      for (let i = from; i < to; i++) {
        if (i > from) y += boxes[i].before;
        for (const p of boxes[i].items) items.push(p.kind === 'line' || p.kind === 'text' ? ({ ...p, x: p.x + dx, y: p.y + y } as Placed) : ({ ...p, y: p.y + y } as Placed));
        y += boxes[i].height + boxes[i].after;
      }
    };
    put(at, mid, 0);
    put(mid, end, colWidth + gutter);
    pages.push({ page: { items, anchors: [] }, marks: [], opening: pages.length === 0, from: at, to: end });
    at = end;
  }
  return pages;
}
