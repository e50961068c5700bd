import type { Diagnostics } from '../diagnostics.js';
import { frontMatterEnd, leadingEpigraphs, plainText, walkBlocks, type Block, type Book, type Inline, type Text } from '../model/index.js';

/** One content file of the text. */
export interface TextFile {
  /** File name inside the EPUB, e.g. 'text.xhtml' or 'chapter-03.xhtml'. */
  file: string;
  /** Plain-text title for the contents and the document's `<title>`. */
  title: string;
  /** Id of the heading that opens the file, or of the book title the renderer adds when it has none. */
  headingId: string;
  /** Whether the file begins with a level-1 heading of the manuscript (a chapter) rather than the book's title. */
  chapter: boolean;
  blocks: Block[];
  /** In a packet: the text this file belongs to; `opens` when the file begins it (with its title, byline and headnote). */
  text?: Text;
  opens?: boolean;
  /** A packet's part-title page: the part's title alone (`headingId` is the part's id), before its first text. */
  partTitle?: boolean;
  /** A chapter of the front matter (a preface): its structural semantic, as its heading's `front`; `epigraph` for the motto before it. */
  front?: string;
}

/**
 * Splits the text into files: one per chapter (level-1 heading) when the manuscript has chapters,
 * with whatever comes before the first chapter in a file of its own; otherwise one file for the
 * whole essay. File names depend on nothing but the order of the chapters, so they are stable.
 */
export function splitIntoFiles(book: Book): TextFile[] {
  if (book.packet) {
    let parts = 0;
    // The packet's front matter (its introduction) as the PDF sets it.
    const frontTo = frontMatterEnd(book);
    return book.texts.flatMap((t, k) => [
      ...(t.part ? [{ file: `part-${String(++parts).padStart(2, '0')}.xhtml`, title: t.part.title, headingId: t.part.id, chapter: false, blocks: [], partTitle: true }] : []),
      ...textFiles(book, t, k).map((f) => (t.to <= frontTo ? { ...f, front: t.front ?? '' } : f)),
    ]);
  }
  const firstChapter = book.blocks.findIndex((b) => b.kind === 'heading' && b.level === 1);
  if (firstChapter < 0) return [{ file: 'text.xhtml', title: book.meta.title, headingId: 'samizdat_title', chapter: false, blocks: book.blocks }];
  const files: TextFile[] = [];
  const opening = book.blocks.slice(0, firstChapter);
  // A motto before the front matter is front matter too (as the PDF sets it, on a page of its own).
  const motto = leadingEpigraphs(opening) === opening.length && frontMatterEnd(book) > 0;
  if (opening.length) files.push({ file: 'opening.xhtml', title: book.meta.title, headingId: 'samizdat_title', chapter: false, blocks: opening, ...(motto ? { front: 'epigraph' } : {}) });
  const starts = book.blocks.flatMap((b, i) => (b.kind === 'heading' && b.level === 1 ? [i] : []));
  const width = String(starts.length).length < 2 ? 2 : String(starts.length).length;
  starts.forEach((start, n) => {
    const blocks = book.blocks.slice(start, starts[n + 1] ?? book.blocks.length);
    const head = blocks[0] as Extract<Block, { kind: 'heading' }>;
    files.push({ file: `chapter-${String(n + 1).padStart(width, '0')}.xhtml`, title: plainText(head.children), headingId: head.id, chapter: true, blocks, ...(head.front !== undefined ? { front: head.front } : {}) });
  });
  return files;
}

/**
 * A packet's text as files: `text-01.xhtml` opens it (its title, then what comes before its first
 * chapter, or that chapter when the text begins with one, as the PDF sets it under the title), and each
 * of its other chapters is a file of its own, `text-01-02.xhtml` for the second.
 */
function textFiles(book: Book, text: Text, k: number): TextFile[] {
  const blocks = book.blocks.slice(text.from, text.to);
  const width = Math.max(2, String(book.texts.length).length);
  const name = `text-${String(k + 1).padStart(width, '0')}`;
  const starts = blocks.flatMap((b, i) => (b.kind === 'heading' && b.level === 1 ? [i] : []));
  if (starts[0] === 0) starts.shift();
  const files: TextFile[] = [{ file: `${name}.xhtml`, title: text.meta.title, headingId: text.id, chapter: false, blocks: blocks.slice(0, starts[0] ?? blocks.length), text, opens: true }];
  starts.forEach((start, n) => {
    const part = blocks.slice(start, starts[n + 1] ?? blocks.length);
    const head = part[0] as Extract<Block, { kind: 'heading' }>;
    files.push({ file: `${name}-${String(n + 1).padStart(2, '0')}.xhtml`, title: plainText(head.children), headingId: head.id, chapter: true, blocks: part, text });
  });
  return files;
}

/** Every id a run of inlines defines (note references, mentions, anchors). */
export function* inlineIds(nodes: readonly Inline[]): Generator<string> {
  for (const n of nodes) {
    if (n.kind === 'noteRef' || n.kind === 'mention' || n.kind === 'anchor') yield n.id;
    if ('children' in n) yield* inlineIds(n.children);
  }
}

/** The inlines a block holds directly (its text, or a figure's caption). */
export function blockInlines(b: Block): readonly Inline[] {
  return b.kind === 'heading' || b.kind === 'paragraph' ? b.children : b.kind === 'figure' ? b.caption : [];
}

/**
 * Which file holds each id: blocks, note references and mentions where they stand, each note in the
 * file of its first reference (where it is printed) or in `notesFile` (endnotes), and the title ids of the files.
 */
export function mapIdsToFiles(book: Book, files: readonly TextFile[], notesFile?: string): Map<string, string> {
  const fileOf = new Map<string, string>();
  for (const f of files) {
    fileOf.set(f.headingId, f.file);
    for (const b of walkBlocks(f.blocks)) {
      if ('id' in b && b.id) fileOf.set(b.id, f.file);
      for (const id of inlineIds(blockInlines(b))) fileOf.set(id, f.file);
    }
  }
  for (const note of book.notes) {
    const file = notesFile ?? fileOf.get(note.refIds[0]) ?? files[files.length - 1]?.file;
    if (!file) continue;
    fileOf.set(note.id, file);
    for (const b of walkBlocks(note.children)) for (const id of inlineIds(blockInlines(b))) fileOf.set(id, file);
  }
  return fileOf;
}

/** Files of every EPUB besides the text's own and its images (mimetype, folders, package, nav, styles, front pages, notes, index), with room to spare. */
const FIXED_FILES = 32;

/**
 * A book whose EPUB would hold more files than a ZIP archive without ZIP64 can (`MAX_ENTRIES`: one
 * file per `#` chapter, one per image): an error at the first chapter over the limit, found before
 * the layout rather than after the whole book is made.
 */
export function checkEpubFileCount(book: Book, diags: Diagnostics, maxEntries: number): void {
  const images = new Set<string>();
  for (const b of walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])) if (b.kind === 'figure') images.add(b.src);
  // A packet's texts each open with a file of their own.
  const extra = images.size + (book.packet ? book.texts.length : 0);
  const room = maxEntries - FIXED_FILES - extra;
  let chapters = 0;
  for (const b of book.blocks) {
    if (b.kind !== 'heading' || b.level !== 1 || ++chapters <= room) continue;
    const total = book.blocks.filter((x) => x.kind === 'heading' && x.level === 1).length + extra + FIXED_FILES;
    diags.error(book.file, b.span.line, b.span.column, 'epub-too-many-files',
      `the EPUB would hold about ${total.toLocaleString('en')} files, one for each # chapter: a ZIP archive holds at most ${maxEntries.toLocaleString('en')}`,
      'make some chapters ## sections, or split the book into volumes');
    return;
  }
}
