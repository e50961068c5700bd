import type { CoverAsset } from './asset.js';
import type { Block, ParsedBlock } from './block.js';
import type { Meta } from './meta.js';
import type { Note } from './note.js';
import type { Mention, Person } from './person.js';
import type { ListOf, TocEntry } from './toc.js';

/**
 * The whole document: what every stage after parsing reads, and what both renderers render.
 *
 * A book is one or more texts. A manuscript is a book of one text whose meta is the book's; a packet
 * file (`packet.yaml`: a reader of essays by several authors, or a book of chapter files) is a book
 * of several, each text with its own front matter. The texts' blocks and notes are concatenated in
 * `blocks` and `notes`, so every stage that walks the book (ids, names, glyph coverage, the page map,
 * the EPUB's page-breaks, the index) walks a packet unchanged; the stages that care where a text begins
 * (openings, bylines, running heads, the contents, EPUB files) read `texts`. Ids are unique across the
 * book (one `assignIds` over all of it, which points a text's `#id` links at its own blocks; note ids
 * numbered per text: `note-2.1`), notes numbered per text.
 */
export interface Book extends BookParts {
  /** The passes have run (src/build.ts `runPasses`, the one place that makes a Book): a type-only mark. */
  readonly [passesRan]: true;
  /** Every text block's id given, unique in the book (transform/ids.ts). */
  blocks: Block[];
  notes: Note[];
  /** Filled by the toc transform. */
  toc: TocEntry[];
  /** The lists of figures and tables the front matter asks for (filled by the toc transform), in that order. */
  lists: ListOf[];
  /** Filled by the names transform; empty without a registry. */
  persons: Person[];
  mentions: Mention[];
}

/**
 * Marks a Book, in types only: no value of it exists, and this module does not export it, so no
 * object literal can claim to be a Book; `runPasses` alone says so (by a cast). Nothing at run time.
 */
declare const passesRan: unique symbol;

/**
 * The book as the parser makes it (src/parse/manuscript.ts, packet.ts): its text blocks' ids are
 * still `''` in their type (assignIds gives them), it has no contents and no names. Only `runPasses`
 * makes a Book of it, so a stage handed a book whose passes have not run does not type-check.
 */
export interface ParsedBook extends BookParts {
  blocks: ParsedBlock[];
  notes: Note<''>[];
}

/** What a book has before and after its passes. */
interface BookParts {
  /** Path of the manuscript (or packet file) as given on the command line, for messages. */
  file: string;
  /** File name stem used for output files: 'legacies-and-heirs-of-jv-stalin'. */
  slug: string;
  /** The book's own meta: the manuscript's front matter, or a packet's; `authors` of a packet are its texts' authors, in order. */
  meta: Meta;
  /** The front matter's `cover`, as the loader checked it; absent, the editions get a generated cover. */
  cover?: CoverAsset;
  /** The texts in reading order, at least one; a manuscript's one text covers all blocks and notes. */
  texts: Text[];
  /** Set for a book made from a packet file: what only a packet has. */
  packet?: Packet;
  /**
   * The text files the book was read from (its manuscripts, the packet file, the names registries,
   * added by the names pass), in the order read, each with the SHA-256 of the very bytes the build
   * used: what the up-to-date check compares (src/output/manifest.ts). Images carry their bytes in
   * their assets.
   */
  sources: SourceFile[];
}

/** A file as a build read it. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** SHA-256 of the bytes read, in hex. */
  sha256: string;
}

/** The book after its passes: what the layout reads and both renderers render. */
export type PreparedBook = Book;

/** One manuscript of a book: its own front matter, and where its blocks and notes lie in the book's. */
export interface Text {
  /** Path of the manuscript, for messages (spans in its blocks count in this file). */
  file: string;
  /** Its front matter (for a manuscript, the book's meta itself). */
  meta: Meta;
  /** Its blocks are `book.blocks.slice(from, to)` and its notes `book.notes.slice(notesFrom, notesTo)`. */
  from: number;
  to: number;
  notesFrom: number;
  notesTo: number;
  /** Anchor of the text's opening (its title in a packet), unique in the book; what contents entries link to. */
  id: string;
  /** Its headings' contents tree (filled by the toc transform). */
  toc: TocEntry[];
  /** The part this text opens, when the packet groups its texts into parts: printed above its title. */
  part?: { title: string; id: string };
  /** The packet's introduction: by the editor, with no headnote. */
  introduction?: boolean;
  /**
   * Set by the front-matter pass on a packet's leading texts that are front matter (its introduction; a
   * book of chapter files' preface): their EPUB structural semantic, as a heading's `front`.
   */
  front?: string;
}

/** What a packet file adds to its texts. */
export interface Packet {
  /**
   * Every text (the introduction aside) has the same authors: a book of chapter files. Its title page
   * names them as a manuscript's does, and its openings and contents entries carry no byline.
   */
  oneAuthor: boolean;
  /**
   * A book of chapter files whose every text has the same translators (in the same order): named once, on
   * its title page and in its package metadata as the book's, and left out of each text's opening and
   * contents entry. Empty otherwise.
   */
  translators: string[];
}

/** The one text of a manuscript: all of the book's blocks and notes, under the book's meta. */
export function soleText(book: Pick<Book, 'file' | 'meta' | 'blocks' | 'notes'>): Text {
  return { file: book.file, meta: book.meta, from: 0, to: book.blocks.length, notesFrom: 0, notesTo: book.notes.length, id: 'samizdat_title', toc: [] };
}
