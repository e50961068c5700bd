import type { ImageAsset } from './asset.js';
import { hasLineBreaks, isBlank, plainText, type Inline } from './inline.js';
import type { Span } from './span.js';

/**
 * Block content. Every block that holds text directly (`heading`, `paragraph`, `code`) has an `id`
 * that is unique in the book, stable across builds of the same text and valid as an XML id;
 * the page map and the EPUB locate words by (block id, offset in the block's plain text).
 * `Id` is what the ids are: a book's blocks have theirs (`string`); the parser's are all `''` until
 * `assignIds` gives them (`ParsedBlock`, see book.ts).
 */
export type Block<Id extends string = string> =
  | {
      kind: 'heading';
      /** 1 for a chapter (`#`), 2 for a section (`##`), … up to 6. */
      level: number;
      id: Id;
      /** Never without words: the parser makes a heading whose plain text is blank a paragraph. */
      children: Inline[];
      /** A shorter title for the running head and the contents, from `{short="…"}` after the heading's text. */
      short?: string;
      /** The id written after the heading's text (`{#chapter-i}`, pandoc's), which the ids transform gives it. */
      anchor?: string;
      /** `{.unlisted}` after its text: left out of the contents, the bookmarks and the EPUB's nav, with its sections (pandoc's rule). */
      unlisted?: true;
      /**
       * `{.part}` after a `#` heading's text: it opens a part of the book ('Part I. This World'), on a
       * recto of its own with no folio, as LaTeX's \part; the chapters up to the next part are its own in
       * the contents, the bookmarks and the EPUB's nav.
       */
      part?: true;
      /**
       * Pandoc's `{epub:type=preface}` after a `#` heading's text, as written (lower case): what the
       * front-matter pass reads to place the chapter before or after the text's beginning.
       */
      epubType?: string;
      /**
       * Set by the front-matter pass (transform/frontmatter.ts) on the book's leading chapters that are
       * front matter (a preface, a translator's introduction): set with roman folios before the text's
       * page 1, and an EPUB `frontmatter` file. The value is the chapter's EPUB structural semantic
       * ('preface', 'foreword', 'introduction', …), or '' for none.
       */
      front?: string;
      span: Span;
    }
  /**
   * `number`: its number in its text (from 1), set with --number-paragraphs on the text's own paragraphs (not in quotes, lists, tables or notes).
   * `lines`: a stanza of a line block (pandoc's `| `), lines broken by hand even when it has one line (see isLines).
   */
  /** `signature`: the signature closing a front-matter chapter ('—William Archer'), set flush right (transform/frontmatter.ts). */
  | { kind: 'paragraph'; id: Id; children: Inline[]; span: Span; number?: number; lines?: true; signature?: true }
  /**
   * A quotation set off from the text. `epigraph`: pandoc's fenced div `::: epigraph` around it (a
   * chapter's or the book's motto): set smaller, in a narrower block at the measure's end, its last
   * paragraph the attribution when it begins with a dash ('— Hegel').
   */
  | { kind: 'blockquote'; children: Block<Id>[]; span: Span; epigraph?: true }
  | {
      kind: 'list';
      ordered: boolean;
      /** Number of the first item for ordered lists, from the source (usually 1). */
      start: number;
      /**
       * Each item's number as written, when the numbers written neither count on from `start` nor all
       * repeat it (`1.` `1.` `1.`): years, or a selection (`1917.` `1920.`). Absent, items count from `start`.
       */
      numbers?: number[];
      /** Each item is a run of blocks. */
      items: Block<Id>[][];
      span: Span;
    }
  /**
   * A definition list (pandoc's `Term` then `:   definition` or `~   definition` under it): a glossary,
   * a list of abbreviations, a play's persons. Each item is a term and its definitions, one or more,
   * each a run of blocks. The term is a paragraph (with an id, so the page map, the index of names and
   * the notes find its words as in any paragraph), set in bold in both editions.
   */
  | { kind: 'definitions'; items: DefinitionItem<Id>[]; span: Span }
  /** Preformatted text, kept line for line. */
  | { kind: 'code'; id: Id; text: string; span: Span }
  /** A thematic break (`***`): a section break, printed as a blank line with an asterism. */
  | { kind: 'rule'; span: Span }
  /**
   * A block image with a caption from its title or alt text. `src` is the path as written;
   * `asset` is the checked file, set by the loader for every figure of a book that loaded.
   * `label`: 'Figure 3.' when the text numbers its figures (front matter `number`); the caption then
   * begins with it and a space, and `id` is 'figure-3'.
   */
  | { kind: 'figure'; id: Id; src: string; alt: string; caption: Inline[]; span: Span; asset?: ImageAsset; label?: string; width?: FigureWidth }
  /**
   * A table (GFM pipe syntax): rows of cells, the first `head` rows the header. Each cell is a
   * paragraph (with an id, so the page map and the index find words in it as in any paragraph);
   * `align` gives each column's alignment from the delimiter row ('' when it has none). A header
   * row with no words is dropped by the parser (`head` is then 0). `caption`: the paragraph that
   * names the table (pandoc's `Table: …` before or after it, or `*…*{.caption}` before it), without its marker.
   * `label`: 'Table 2.' when the text numbers its tables (front matter `number`); the caption (made if
   * the table had none) then begins with it and a space, and `id` is 'table-2', for links to the table
   * (otherwise '': a table is not a link target).
   */
  | { kind: 'table'; head: number; align: ('left' | 'center' | 'right' | '')[]; rows: TableCell<Id>[][]; caption?: TableCell<Id>; span: Span; id: Id; label?: string };

/**
 * The width asked for a figure, pandoc's `![…](map.png){width=50%}`: a share of the text's width
 * (`50%`), or a length in points (`8cm`, `3in`, `120mm`, `200pt`, `300px` at 96 an inch). Never wider
 * than the measure; the height follows the image's proportions.
 */
export type FigureWidth = { share: number } | { points: number };

/** A table's cell (or a definition list's term): a paragraph, possibly without words. */
export type TableCell<Id extends string = string> = Extract<Block<Id>, { kind: 'paragraph' }>;

/** A definition list's entry: its term and its definitions (at least one, each a run of blocks). */
export interface DefinitionItem<Id extends string = string> {
  term: TableCell<Id>;
  definitions: Block<Id>[][];
}

/** A block as the parser makes it: every id still `''` (see `assignIds`). */
export type ParsedBlock = Block<''>;

export type BlockKind = Block['kind'];

/** Blocks that carry text directly and so can hold a page start. */
export type TextBlock = Extract<Block, { kind: 'heading' | 'paragraph' }>;

/**
 * How many of a book's blocks are its front matter's text, set before the text's page 1 (0 for none):
 * a manuscript's chapters marked `front` (transform/frontmatter.ts), with what follows them; a packet's
 * leading texts so marked (its introduction).
 */
export function frontMatterEnd(book: { blocks: readonly Block[]; texts: readonly { to: number; front?: string }[]; packet?: unknown }): number {
  if (book.packet) {
    let end = 0;
    for (const t of book.texts) {
      if (t.front === undefined) break;
      end = t.to;
    }
    return end;
  }
  const { blocks } = book;
  const lead = leadingEpigraphs(blocks);
  const first = blocks[lead];
  if (!(first?.kind === 'heading' && first.front !== undefined)) return 0;
  const end = blocks.findIndex((b) => b.kind === 'heading' && b.level === 1 && b.front === undefined);
  return end < 0 ? blocks.length : end;
}

/**
 * How many epigraphs open a manuscript, before anything else (its motto): they go with the front
 * matter when a chapter of it follows them (transform/frontmatter.ts), on a page of their own.
 */
export function leadingEpigraphs(blocks: readonly Block[]): number {
  const end = blocks.findIndex((b) => !(b.kind === 'blockquote' && b.epigraph));
  return end < 0 ? blocks.length : end;
}

/**
 * A paragraph of lines broken by hand (a poem's stanza, an address): set flush left and apart from a
 * stanza before it, not indented as prose. A line block's stanza of one line is one too.
 */
export function isLines(b: Block | undefined): boolean {
  return b?.kind === 'paragraph' && (b.lines === true || hasLineBreaks(b.children));
}

/**
 * A paragraph that opens in lower case right after a block quote ('and if thou shalt strive…') goes on
 * with the sentence the quote broke into: flush left in both editions, as the Chicago Manual sets it;
 * a paragraph that opens anew after a quote is indented. (Not after an epigraph, whose text is never indented.)
 * So does one after a figure or a table that stands in a sentence, as a diagram does in a treatise: 'can be
 * seen in two ways as a cube', after the Tractatus's cube (5.5423, which Standard Ebooks marks `continued`),
 * was indented as a new paragraph.
 */
export function continuesSentence(b: Block, prev: Block | undefined): boolean {
  const broke = (prev?.kind === 'blockquote' && !prev.epigraph) || prev?.kind === 'figure' || prev?.kind === 'table';
  return broke && b.kind === 'paragraph' && !isLines(b) && /^[\p{P}\s]*\p{Ll}/u.test(plainText(b.children));
}

/**
 * Every block of a book, depth first: the body, then the notes in their order. The one walk over
 * "body and notes" that the passes and renderers share.
 */
export function* walkBook(book: { readonly blocks: readonly Block[]; readonly notes: readonly { readonly children: readonly Block[] }[] }): Generator<Block> {
  yield* walkBlocks(book.blocks);
  for (const n of book.notes) yield* walkBlocks(n.children);
}

/** Every block in document order, parents before children. */
export function* walkBlocks(blocks: readonly Block[]): Generator<Block> {
  for (const b of blocks) {
    yield b;
    if (b.kind === 'blockquote') yield* walkBlocks(b.children);
    else if (b.kind === 'list') for (const item of b.items) yield* walkBlocks(item);
    else if (b.kind === 'definitions') {
      for (const item of b.items) {
        yield item.term;
        for (const d of item.definitions) yield* walkBlocks(d);
      }
    }
    else if (b.kind === 'table') {
      if (b.caption) yield b.caption;
      for (const row of b.rows) yield* row;
    }
  }
}

/**
 * A quote's attribution, which both editions set flush to its end: its last block, after another, a
 * paragraph that opens with a dash ('— Hegel, *Philosophy of Right*'). In an epigraph any such; in a
 * block quote a short one (a line at most: 'Hesiod, *Works and Days*, 184', as Standard Ebooks marks its
 * `<cite>`), and not where another of its paragraphs opens with a dash too: that is dialogue.
 */
export function attribution(b: Extract<Block, { kind: 'blockquote' }>): Block | undefined {
  const last = b.children.at(-1);
  if (b.epigraph) return b.children.length >= 2 && dashed(last) ? last : undefined;
  return dashedCloser(b.children);
}

/**
 * The last of `blocks`, after another, when it is a short paragraph (a line at most) that opens with a
 * dash and none of the others opens with one (that is dialogue): a quote's attribution, the signature
 * under a preface ('—William Archer').
 */
export function dashedCloser(blocks: readonly Block[]): Block | undefined {
  const last = blocks.at(-1);
  return blocks.length >= 2 && dashed(last) && !isLines(last) && plainText(last.children).length <= ATTRIBUTION && !blocks.slice(0, -1).some(dashed) ? last : undefined;
}

/**
 * The signature that closes a front-matter chapter: a dashed closer, or one with its place and date on
 * lines of their own, broken by hand ('—L. W.' over 'Vienna, 1918' under Wittgenstein's preface, '—Bertrand
 * Russell' over 'May 1922' under his introduction: Standard Ebooks' footer of a signature and a dateline),
 * at most three lines, none after the first opening with a dash (that is dialogue in verse). Such a
 * paragraph was set as lines of verse, flush left.
 */
export function signature(blocks: readonly Block[]): Block | undefined {
  const closer = dashedCloser(blocks);
  if (closer) return closer;
  const last = blocks.at(-1);
  if (!(blocks.length >= 2 && dashed(last) && isLines(last) && !blocks.slice(0, -1).some(dashed))) return undefined;
  const lines = plainText(last.children).split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length <= 3 && lines.every((l) => l.length <= ATTRIBUTION / 2) && !lines.slice(1).some((l) => /^[\u2013\u2014\u2015]/.test(l)) ? last : undefined;
}

const dashed = (x: Block | undefined): x is TextBlock => x?.kind === 'paragraph' && /^\s*[\u2013\u2014\u2015]/.test(plainText(x.children));

/** The longest attribution or signature, in characters: about a line of the type. */
const ATTRIBUTION = 80;

/**
 * How many columns each cell of a table is set across (1 for most). A header cell that is not flush
 * right, followed in its row by header cells without words, runs across them, as a book sets a head over
 * a group of columns ('Price of the quarter of wheat each year' over £, s. and d.); a body row whose only
 * words are in its first cell runs across the row ('Malt is prohibited by the annual Malt-tax Bill.' in a
 * table of duties). Pandoc 2 writes an HTML cell that spanned columns so, its text in the first, the others
 * empty; set in its first column alone, the head stood a word a line, seven lines repeated on every page of
 * a long table. Both editions ask here: the PDF sets it across, the EPUB gives it a `colspan`.
 */
export function cellSpans(b: Extract<Block, { kind: 'table' }>): number[][] {
  // A cell with an image or a note's mark alone is not empty: spanned over, it would be lost.
  const empty = (r: (typeof b.rows)[number], c: number) => isBlank(r[c].children);
  return b.rows.map((r, k) =>
    r.map((_, c) => {
      if (empty(r, c) || b.align[c] === 'right') return 1;
      if (k >= b.head) return c === 0 && r.length > 1 && r.every((_, e) => e === 0 || empty(r, e)) ? r.length : 1;
      let e = c + 1;
      while (e < r.length && empty(r, e)) e++;
      return e - c;
    }),
  );
}

/** The longest term, in characters, of a definition list whose terms hang beside their definitions. */
const HANGING_TERM = 12;

/**
 * Whether a definition list is set with its terms hanging in front of their definitions' first lines,
 * the definitions in a column beside them, as a list of abbreviations or a play's persons is: when
 * every term is short (at most `HANGING_TERM` characters, one line) and every definition begins with
 * a paragraph for it to stand beside. Then the length in characters of its longest term; else
 * undefined, and each term stands on lines of its own above its definitions. Both editions ask here.
 */
export function hangingTerms(b: Extract<Block, { kind: 'definitions' }>): number | undefined {
  let longest = 0;
  for (const { term, definitions } of b.items) {
    const text = plainText(term.children).trim();
    const first = definitions[0]?.[0];
    if (!text || [...text].length > HANGING_TERM || hasLineBreaks(term.children) || first?.kind !== 'paragraph' || !plainText(first.children).trim()) return undefined;
    longest = Math.max(longest, [...text].length);
  }
  return longest || undefined;
}
