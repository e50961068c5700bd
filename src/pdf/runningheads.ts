import { namesIn, type Book } from '../model/index.js';
import { familyNameFirst, isIntroduction, prefatoryTitle } from '../words.js';
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
 * folios) and on rectos the top-level heading that begins on the page or is in force there, else the
 * title; `recto` when given (the index, the notes) on both, as LaTeX marks its index; both halves on
 * every page of a one-sided copy (see oneSided). In a packet, author, headings and title are those of
 * the text the page belongs to, and the index's versos carry the packet's title. None on opening pages. A head wider than the measure is shortened
 * at a word boundary with an ellipsis (a heading's `{short="…"}` is its head already).
 */
export function runningHeads(book: Book, pages: readonly BuiltPage[], firstNumber: number, g: Geometry, st: Styles, ts: Typesetter, recto?: string): (string | undefined)[] {
  // The text of each page: the one whose opening is on it or before it.
  let k = 0;
  const textOf = pages.map((p) => {
    for (const m of p.marks) if (m.text !== undefined) k = m.text;
    return k;
  });
  // The top heading level of each text (chapters, or sections in an essay).
  const top = new Map<number, number>();
  pages.forEach((p, i) => {
    for (const m of p.marks) if (m.level >= 1) top.set(textOf[i], Math.min(top.get(textOf[i]) ?? Infinity, m.level));
  });
  const fits = (t: string) => setHead(ts, book, st)(t).width <= g.measure;
  const metaOf = (i: number) => (book.packet ? book.texts[textOf[i]].meta : book.meta);
  let current: string | undefined;
  let currentText = -1;
  let chapter: string | undefined;
  let intros = 0; // the text's chapters titled as an introduction, up to the last one begun
  let prefaces = 0; // and as a preface or foreword
  // What each title calls its chapter, read once per title (a long book's pages repeat a few hundred).
  const read = new Map<string, { called: ReturnType<typeof prefatoryTitle>; intro: boolean }>();
  const reading = (title: string, language: string) => {
    const key = `${language}\n${title}`;
    let r = read.get(key);
    if (!r) read.set(key, (r = { called: prefatoryTitle(title, language), intro: isIntroduction(title, language) }));
    return r;
  };
  const prefatory = (title: string, language: string) => reading(title, language).called;
  const isPreface = (title: string, language: string) => prefatory(title, language)?.kind === 'preface';
  const isIntro = (title: string, language: string) => reading(title, language).intro;
  const halves = pages.map((p, i) => {
    const m = metaOf(i);
    if (textOf[i] !== currentText) [current, currentText, chapter, intros, prefaces] = [m.title, textOf[i], undefined, 0, 0];
    const level = top.get(textOf[i]) ?? 0;
    const first = p.marks.find((x) => x.level === level && x.level >= 1);
    // The introduction of a book whose front matter names another writer for it is theirs:
    // 'Aylmer Maude' over the translator's introduction to Tolstoy, not 'Leo Tolstoy', and 'Lionel
    // Giles' over his to Sun Tzu after a dedication and his preface. Only the text's first chapter
    // titled so: the introduction to Book II of The Wealth of Nations, after the editor's, is Smith's own.
    const heading = first?.title ?? chapter;
    const intro = heading !== undefined && isIntro(heading, m.language);
    const nth = first && intro ? intros + 1 : intros; // the heading's place among the text's introductions
    const by = !recto && intro && nth === 1 ? namesIn(m, 'introduction') : [];
    // So is the first preface of one that names a writer for it ('Friedrich Engels' over his preface to
    // the Manifesto), and a translator's or an editor's by its title ('Translator's Preface').
    // (A packet's text without chapters is read by its title: a book of chapter files' 'Translator's Preface'.)
    const named = heading ?? (book.packet ? m.title : undefined);
    const called = named !== undefined ? prefatory(named, m.language) : undefined;
    const prefacedBy = !recto && called?.kind === 'preface' && (first ? prefaces + 1 : prefaces) === 1 ? namesIn(m, 'preface') : [];
    const hand = recto ? undefined : called?.by;
    const writers = [by, prefacedBy, hand ? namesIn(m, hand) : []].find((w) => w.length > 0) ?? m.authors;
    // The back matter's title on both pages of a book (LaTeX's index and notes), the packet's title over it in a packet.
    const verso = recto ? (book.packet ? book.meta.title : recto) : authorLine(writers);
    const right = recto ?? first?.title ?? current!;
    for (const x of p.marks) {
      if (x.part) [current, chapter] = [x.title, undefined];
      if (x.level !== level || x.level < 1) continue;
      current = chapter = x.title;
      if (isIntro(x.title, m.language)) intros++;
      if (isPreface(x.title, m.language)) prefaces++;
    }
    // The surname is the last name, but the first of an author of a work from the Chinese or the Korean: 'Sun', not 'Tzu'.
    const familyFirst = writers === m.authors && familyNameFirst(m.originalLanguage ?? m.language);
    return { verso, right, surnames: recto ? verso : authorLine(writers.map((a) => (familyFirst ? a.split(/\s+/)[0] : a.split(/\s+/).at(-1)!))) };
  });
  // One-sided, a text names its authors the same way on all its pages: by surname if one page needs it.
  const bySurname = new Set(halves.flatMap((h, i) => (g.sides === 1 && !pages[i].opening && h.verso && h.verso !== h.right && !fits(`${h.verso}${HEAD_SEPARATOR}${h.right}`) ? [textOf[i]] : [])));
  return halves.map(({ verso, right, surnames }, i) => {
    if (pages[i].opening) return undefined;
    if (g.sides === 1) return oneSided(bySurname.has(textOf[i]) ? surnames : verso, right, fits);
    const head = (firstNumber + i) % 2 === 0 ? verso : right;
    return fits(head) ? head : shortened(head, fits);
  });
}

/** Between the two halves of a one-sided page's head. */
export const HEAD_SEPARATOR = ' \u00b7 ';

/**
 * A one-sided copy has no versos: every page carries both halves of the spread's heads on one line,
 * 'Author · Title or section' (the authors by surname, 'Marx and Engels', throughout a text where one
 * page needs it). Too wide, the right half is shortened; when that would lose more than half of it,
 * the right half stands alone.
 */
function oneSided(left: string, right: string, fits: (text: string) => boolean): string | undefined {
  const alone = () => (fits(right) ? right : shortened(right, fits));
  if (!left || left === right) return alone();
  if (fits(`${left}${HEAD_SEPARATOR}${right}`)) return `${left}${HEAD_SEPARATOR}${right}`;
  const short = shortened(right, (t) => fits(`${left}${HEAD_SEPARATOR}${t}`));
  if (short && short.split(/\s+/).length * 2 >= right.split(/\s+/).length) return `${left}${HEAD_SEPARATOR}${short}`;
  return alone();
}

/**
 * A head too wide for the measure, shortened at a word boundary with an ellipsis ('The Condition of
 * the Working Class…'); a single word too wide is left out. Never another text in its place.
 */
export function shortened(head: string, fits: (text: string) => boolean): string | undefined {
  const words = head.split(/\s+/);
  for (let n = words.length - 1; n >= 1; n--) {
    const t = `${words.slice(0, n).join(' ').replace(/(?<![\s,;:.\u2013\u2014-])[\s,;:.\u2013\u2014-]+$/, '')}\u2026`;
    if (fits(t)) return t;
  }
  return undefined;
}

/** Memoised per typesetter, book and styles: a head is set once however many pages carry it. */
// Module state: keyed weakly by the build's own typesetter, book and styles, so no build sees another's.
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
 * For a page, its running head (two lines above the first baseline) and folio (two lines below the
 * last), centred on the measure, as set lines drawn like the text (artifacts: no structure node).
 */
export function pageFurniture(book: Book, g: Geometry, st: Styles, ts: Typesetter): (page: Pick<LaidPage, 'runningHead' | 'folio' | 'label'>) => Placed[] {
  const head = setHead(ts, book, st);
  const style = folioStyle(st);
  // A label is set once, however many pages or builds of the layout carry it.
  const folios = new Map<string, OneLine>();
  const folio = (label: string) => {
    let set = folios.get(label);
    if (!set) folios.set(label, (set = setOneLine(ts, label, style, book.meta.language)));
    return set;
  };
  return (page) => {
    const out: Placed[] = [];
    const put = (set: OneLine, y: number) => out.push({ kind: 'line', x: (g.measure - set.width) / 2, y, line: set.line, ...(set.tracking ? { tracking: set.tracking } : {}) });
    if (page.runningHead) put(head(page.runningHead), g.firstBaseline - 2 * g.leading);
    if (page.folio) put(folio(page.label), (g.lines - 1) * g.leading + g.firstBaseline + 2 * g.leading);
    return out;
  };
}
