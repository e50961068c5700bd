import type { Book } from '../model/index.js';
import type { Typesetter } from './flow.js';
import type { Geometry } from './geometry.js';
import { setOneLine, type OneLine } from './oneline.js';
import type { BuiltPage } from './pages.js';
import type { Styles, TextStyle } from './styles.js';
import type { LaidPage, Placed } from './types.js';

/** Letter-spacing of running heads, in em: small capitals want a little air. */
export const HEAD_TRACKING = 0.06;

/** Authors as a running head prints them: 'A', 'A and B', 'A, B and C'. */
export function authorLine(authors: readonly string[]): string {
  return authors.length <= 1 ? (authors[0] ?? '') : `${authors.slice(0, -1).join(', ')} and ${authors[authors.length - 1]}`;
}

/**
 * Running heads for a run of pages whose first folio is `firstNumber`: the author on versos (even
 * folios); on rectos `recto` when given (the index), else the top-level heading that begins on the
 * page or is in force there, else the book's title. None on opening pages. A head wider than the
 * measure falls back to the title, and is left out if that is too wide as well.
 */
export function runningHeads(book: Book, pages: readonly BuiltPage[], firstNumber: number, g: Geometry, st: Styles, ts: Typesetter, recto?: string): (string | undefined)[] {
  const levels = pages.flatMap((p) => p.marks.map((m) => m.level)).filter((l) => l >= 1);
  const top = levels.length ? Math.min(...levels) : 0;
  const fits = (t: string) => setHead(ts, book, st)(t).width <= g.measure;
  const author = authorLine(book.meta.authors);
  let current = book.meta.title;
  return pages.map((p, i) => {
    const first = p.marks.find((m) => m.level === top);
    const head = (firstNumber + i) % 2 === 0 ? author : (recto ?? first?.title ?? current);
    for (const m of p.marks) if (m.level === top) current = m.title;
    if (p.opening) return undefined;
    if (fits(head)) return head;
    return fits(book.meta.title) ? book.meta.title : undefined;
  });
}

/** Memoised per typesetter, book and styles: a head is set once however many pages carry it. */
const heads = new WeakMap<Typesetter, WeakMap<Book, WeakMap<Styles, Map<string, OneLine>>>>();

/** A running head set in the head style's small capitals, letter-spaced, in the book's language. */
export function setHead(ts: Typesetter, book: Book, st: Styles): (text: string) => OneLine {
  let byBook = heads.get(ts);
  if (!byBook) heads.set(ts, (byBook = new WeakMap()));
  let byStyles = byBook.get(book);
  if (!byStyles) byBook.set(book, (byStyles = new WeakMap()));
  let cache = byStyles.get(st);
  if (!cache) byStyles.set(st, (cache = new Map()));
  const c = cache;
  return (text) => {
    let set = c.get(text);
    if (!set) c.set(text, (set = setOneLine(ts, text, st.head, book.meta.language, HEAD_TRACKING * st.head.size)));
    return set;
  };
}

/** Folios: the head style's size, lining into the text with old-style figures, no small capitals. */
function folioStyle(st: Styles): TextStyle {
  return { ...st.head, features: ['kern', 'onum'] };
}

/**
 * The page's running head (two lines above the first baseline) and folio (two lines below the last),
 * centred on the measure, as set lines drawn like the text (artifacts: no structure node).
 */
export function pageFurniture(book: Book, page: Pick<LaidPage, 'runningHead' | 'folio' | 'label'>, g: Geometry, st: Styles, ts: Typesetter): Placed[] {
  const out: Placed[] = [];
  const put = (set: OneLine, y: number) => out.push({ kind: 'line', x: (g.measure - set.width) / 2, y, line: set.line, ...(set.tracking ? { tracking: set.tracking } : {}) });
  if (page.runningHead) put(setHead(ts, book, st)(page.runningHead), g.firstBaseline - 2 * g.leading);
  if (page.folio) put(setOneLine(ts, page.label, folioStyle(st), book.meta.language), (g.lines - 1) * g.leading + g.firstBaseline + 2 * g.leading);
  return out;
}
