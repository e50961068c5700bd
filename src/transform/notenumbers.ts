import type { Diagnostics } from '../diagnostics.js';
import { walkBlocks, type Block, type Inline, type Note, type ParsedBook } from '../model/index.js';

/**
 * `footnotes: by-chapter`: a text's footnotes numbered from 1 again at each `#` chapter, as LaTeX's book
 * classes and most printed books number them (The Wealth of Nations' last mark through the book is
 * 1647). A chapter keeps the parser's order (first reference; a note cited only inside a note comes
 * after the body's), and such a note counts in its citing note's chapter. Only the printed numbers
 * change: ids, links and the page map stay.
 */
export function numberNotesByChapter(book: ParsedBook, diags: Diagnostics): void {
  for (const t of book.texts) {
    if (!t.meta.notesByChapter) continue;
    const notes = new Map(book.notes.slice(t.notesFrom, t.notesTo).map((n) => [n.id, n]));
    const chapterOf = new Map<Note, number>();
    const refs: Extract<Inline, { kind: 'noteRef' }>[] = [];
    const elsewhere = new Set<Note>();
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
    for (const b of book.blocks.slice(t.from, t.to)) {
      if (b.kind === 'heading' && b.level === 1) chapter++;
      blocks([b]);
    }
    const counts = new Map<number, number>();
    for (const [note, c] of [...chapterOf].sort((x, y) => x[0].number - y[0].number)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
      note.number = counts.get(c)!;
    }
    for (const r of refs) r.number = notes.get(r.noteId)?.number ?? r.number;
    for (const note of elsewhere) {
      diags.warn(t.file, note.span.line, note.span.column, 'note-cited-in-two-chapters', `this note is cited in more than one chapter: its mark ${note.number} there is its first chapter's number`,
        "write the later chapter's reference as a note of its own (\"See chapter 1, note 3.\"), or number the notes through the text");
    }
  }
}
