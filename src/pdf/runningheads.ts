import type { Book } from '../model/index.js';
import type { Typesetter } from './flow.js';
import type { Geometry } from './geometry.js';
import type { BuiltPage } from './pages.js';
import type { Styles } from './styles.js';

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
  const fits = (t: string) => {
    const w = ts.measure(t, st.head.face, st.head.size, st.head.features) + HEAD_TRACKING * st.head.size * Math.max(0, t.length - 1);
    return w <= g.measure;
  };
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
