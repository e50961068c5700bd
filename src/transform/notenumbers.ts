import type { Diagnostics } from '../diagnostics.js';
import { plainText, walkBlocks, type Block, type Inline, type Note, type ParsedBook } from '../model/index.js';

/**
 * `footnotes: by-chapter`: a text's footnotes numbered from 1 again at each `#` chapter, as LaTeX's book
 * classes and most printed books number them (The Wealth of Nations' last mark through the book is
 * 1647). A chapter keeps the parser's order (first reference; a note cited only inside a note right
 * after the note citing it), and such a note counts in its citing note's chapter. Only the printed numbers
 * change: ids, links and the page map stay.
 */
export function numberNotesByChapter(book: ParsedBook, diags: Diagnostics): void {
  for (const t of book.texts) {
    if (!t.meta.notesByChapter) continue;
    const notes = book.notes.slice(t.notesFrom, t.notesTo);
    const { chapterOf, refs, elsewhere } = walkChapters(book.blocks.slice(t.from, t.to), notes);
    const byId = new Map(notes.map((n) => [n.id, n]));
    const counts = new Map<number, number>();
    for (const [note, c] of [...chapterOf].sort((x, y) => x[0].number - y[0].number)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
      note.number = counts.get(c)!;
    }
    for (const r of refs) r.number = byId.get(r.noteId)?.number ?? r.number;
    for (const note of elsewhere) {
      diags.warn(t.file, note.span.line, note.span.column, 'note-cited-in-two-chapters', `this note is cited in more than one chapter: its mark ${note.number} there is its first chapter's number`,
        "write the later chapter's reference as a note of its own (\"See chapter 1, note 3.\"), or number the notes through the text");
    }
  }
}

/**
 * A text's notes grouped by the chapter of their first reference, in print order (by number; a note
 * cited only inside a note in its citing note's chapter), for endnotes. `title`: the plain text of the
 * `#` heading that opens the chapter; for the notes cited before the first chapter `opening` (the
 * text's title, which opens it), and none in a text without chapters. Chapters without notes are left out.
 */
export function notesInChapters<N extends Note>(blocks: readonly Block[], notes: readonly N[], opening: string): { title?: string; notes: N[] }[] {
  const { chapterOf, headings } = walkChapters(blocks, notes);
  // Never lose a note: one the walk did not reach (none should be) goes with the last chapter.
  for (const n of notes) if (!chapterOf.has(n)) chapterOf.set(n, headings.length);
  const groups = new Map<number, N[]>();
  for (const [note, c] of [...chapterOf].sort((x, y) => x[0].number - y[0].number)) groups.set(c, [...(groups.get(c) ?? []), note]);
  return [...groups].sort((x, y) => x[0] - y[0]).map(([c, list]) => {
    const title = c > 0 ? plainText(headings[c - 1].children) : headings.length ? opening : undefined;
    return title === undefined ? { notes: list } : { title, notes: list };
  });
}

/**
 * Walks a text in reading order: the chapter of each note's first reference (0 before the first `#`
 * chapter, k in the k-th; a note cited only inside a note counts in its citing note's), every reference,
 * and the notes cited again in a later chapter.
 */
function walkChapters<N extends Note>(list: readonly Block[], notesOfText: readonly N[]) {
  const notes = new Map(notesOfText.map((n) => [n.id, n]));
  const chapterOf = new Map<N, number>();
  const refs: Extract<Inline, { kind: 'noteRef' }>[] = [];
  const elsewhere = new Set<N>();
  const headings: Extract<Block, { kind: 'heading' }>[] = [];
  let chapter = 0;
  const inlines = (list: readonly Inline[]) => {
    for (const n of list) {
      if (n.kind === 'noteRef') {
        refs.push(n);
        const note = notes.get(n.noteId);
        if (note && chapterOf.has(note) && chapterOf.get(note) !== chapter) elsewhere.add(note);
        if (note && !chapterOf.has(note)) {
          chapterOf.set(note, chapter);
          blocks(note.children);
        }
      } else if ('children' in n) inlines(n.children);
    }
  };
  const blocks = (list: readonly Block[]) => {
    for (const b of walkBlocks(list)) {
      if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
      else if (b.kind === 'figure') inlines(b.caption);
    }
  };
  for (const b of list) {
    if (b.kind === 'heading' && b.level === 1) {
      chapter++;
      headings.push(b);
    }
    blocks([b]);
  }
  return { chapterOf, refs, elsewhere, headings };
}
