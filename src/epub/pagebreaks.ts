import type { PageInfo } from '../model/index.js';

/** One print page's marker in the EPUB text. */
export interface PageBreak {
  /** The printed folio, as the page-list and `aria-label` show it: 'iv', '12'. */
  label: string;
  /** XML id of the marker span, unique in the book: 'page-12'. */
  id: string;
}

/** Markers to insert in one text block: `offset` counts UTF-16 units from 0 in the block's plain text. */
export interface BlockBreaks {
  offset: number;
  breaks: PageBreak[];
}

export interface PagePlan {
  /** Markers per block id, sorted by offset. */
  byBlock: Map<string, BlockBreaks[]>;
  /** Markers of pages given to a title alone (a packet's part page), by the title's id: set before it. */
  byTitle: Map<string, PageBreak[]>;
  /** Body pages that start no text after the last page that does (a closing figure page): set after the text. */
  trailing: PageBreak[];
  /** Every marker in page order: the page-list. */
  all: PageBreak[];
}

const SPACE = /\s/;

/** An em dash, en dash or quotation dash: words on either side of one are two words, and a line may end after it. */
const DASH = /[\u2013\u2014\u2015]/;

/**
 * Moves a page start to the nearest place between words. The PDF's page begins at a word, so
 * whitespace before it is skipped; an offset inside a whitespace-delimited run means the previous
 * page ended with the first part of a hyphenated word (a compound broken at its hyphen too), and the
 * marker goes after that word. A page that begins after a dash the line before ended with
 * ('Emblazoning—|Lord Ellenborough') begins at that word: the dash stands between two words.
 */
export function betweenWords(text: string, offset: number): number {
  let o = Math.max(0, Math.min(offset, text.length));
  while (o < text.length && SPACE.test(text[o])) o++;
  if (o > 0 && o < text.length && !SPACE.test(text[o - 1]) && !(DASH.test(text[o - 1]) && !DASH.test(text[o]))) {
    while (o < text.length && !SPACE.test(text[o])) o++;
  }
  return o;
}

/**
 * Where each print page's marker goes. A page with a `start` is marked at that word; a body page
 * without one (only a figure or the rest of a note) is marked with the next page that has one, so the
 * page-list stays complete (so is a page of the front matter's chapters); front and back pages
 * without text (title, contents, index) get no marker.
 * `blockText` gives the plain text of every block that can hold a start; an unknown block id is a
 * disagreement between the layout and the model and throws. A page whose first words are a footnote's
 * (`noteBlocks`) is treated as one without a start: notes are pop-ups in the EPUB, not a place in the flow.
 * Marker ids avoid `takenIds` (the book's own).
 */
export function planPageBreaks(
  pages: readonly PageInfo[],
  blockText: ReadonlyMap<string, string>,
  takenIds: Iterable<string> = [],
  noteBlocks: ReadonlySet<string> = new Set(),
): PagePlan {
  const plan: PagePlan = { byBlock: new Map(), byTitle: new Map(), trailing: [], all: [] };
  const used = new Set<string>(takenIds);
  let waiting: PageBreak[] = [];
  for (const page of pages) {
    const start = page.start && !noteBlocks.has(page.start.blockId) ? page.start : undefined;
    if (!start && page.part !== 'body' && !page.text) continue;
    const pb: PageBreak = { label: page.label, id: uniqueId(`page-${safeId(page.label)}`, used) };
    plan.all.push(pb);
    if (!start && page.opens) {
      plan.byTitle.set(page.opens, [...waiting, pb]);
      waiting = [];
      continue;
    }
    if (!start) {
      waiting.push(pb);
      continue;
    }
    const text = blockText.get(start.blockId);
    if (text === undefined) throw new Error(`page ${page.label} starts in block '${start.blockId}', which the book does not have`);
    const offset = betweenWords(text, start.offset);
    const list = plan.byBlock.get(start.blockId) ?? [];
    let at = list.find((b) => b.offset === offset);
    if (!at) {
      at = { offset, breaks: [] };
      list.push(at);
      list.sort((a, b) => a.offset - b.offset);
    }
    at.breaks.push(...waiting, pb);
    waiting = [];
    plan.byBlock.set(start.blockId, list);
  }
  plan.trailing = waiting;
  return plan;
}

/** Letters, digits, '-', '_' and '.' are kept; anything else in a label becomes '-'. */
function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '-');
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}
