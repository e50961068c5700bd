import type { Diagnostics } from '../diagnostics.js';
import { attribution, continuesSentence, frontMatterEnd, hangingTerms, cellSpans, isLines, leadingEpigraphs, pointSize, plainText, walkBlocks, walkBook, type Block, type Book, type Inline, type Note, type Span, type Text } from '../model/index.js';
import { languageDirection } from '../model/direction.js';
import { creditLines, headnoteOf } from '../imprint.js';
import { joinNames, wordsFor } from '../words.js';
import { lowerCaseWords } from '../typeset/hyphenate.js';
import type { Face, Line, ParagraphStyle } from '../typeset/types.js';
import type { Geometry } from './geometry.js';
import { UNBOUNDED } from './oneline.js';
import { PackedLine, StyleTable, type PackedLines } from './packedline.js';
import type { Styles, TextStyle } from './styles.js';
import { NOTES_DEST, OPENING_DEST, type Placed, type StructNode, type StructType } from './types.js';
import { notesInChapters } from '../transform/notenumbers.js';

/** What the page builder needs from the paragraph setter (src/typeset/): injected, so tests can fake it. */
export interface Typesetter {
  setParagraph(inlines: Inline[], style: ParagraphStyle): Line[];
  /** Width in points of a short one-line string (folios, labels). */
  measure(text: string, face: Face, size: number, features: readonly string[]): number;
  /** The book's lower-case words from its texts (hyphenate.ts `lowerCaseWords`, which it is when absent); a memo's remembers each text's. */
  lowerCaseWords?(texts: Iterable<string>): Set<string>;
}

/**
 * One unbreakable slice of the text stream, usually one line. The page breaker only sees heights,
 * spaces and penalties; the page builder places `items` with the box's top at the running y.
 */
export interface Box {
  /** Height in points (a body line: one grid line). */
  height: number;
  /** Space above in points, dropped when the box starts a page. */
  before: number;
  /** Space below in points, dropped when the box ends a page. */
  after: number;
  /**
   * Boxes sharing a group number (≥ 0) are set off the grid (smaller type, images) and snapped to it
   * together: the part of a group on one page, with its spaces, is rounded up to whole grid lines and
   * centred in them. -1 for body lines, which sit on the grid themselves.
   */
  group: number;
  /** Cost of a page break before this box: 0 free, Infinity never (widows, orphans, keeps). */
  breakBefore: number;
  /** A page break before this box is forced (a chapter opens). */
  forceBreak?: boolean;
  /** The page this box begins must be a recto (a packet's text opens): a blank verso goes before it if need be. */
  recto?: boolean;
  /** Notes (indices into `Flow.notes`) first referenced in this box, set at the foot of its page. */
  notes: number[];
  /** What to draw; `y` relative to the box's top. */
  items: Placed[];
  /** Body text begun by this box: block id and offset from 0 in the block's plain text. */
  start?: { blockId: string; offset: number };
  /** Anchor ids set in this box. */
  anchors: string[];
  /** A heading begins here: its level and plain text, for running heads; `text`: the book's text (index) that opens here. */
  mark?: Mark;
  /** A page that begins with this box is an opening page (no running head). */
  opening?: boolean;
  /** A page that begins with this box is a part-title page: no folio either. */
  partTitle?: boolean;
  /** A page that begins with this box is a display page of the front matter (a motto): no folio either. */
  display?: boolean;
  /** For paragraph lines: the block and the line's place in it (index from 0, count), for checks. */
  line?: { blockId: string; index: number; count: number };
  /**
   * On the first box of a floating figure: how many boxes the figure takes (image and caption). The
   * page breaker sets it where it stands if it fits there, else at the head of the next page while
   * the text runs on (see paginate).
   */
  float?: number;
  /** Drawn above this box when it begins a page, the page breaker counting its height: a table's header, repeated. */
  continued?: { height: number; items: Placed[] };
}

/** A heading for running heads: level 0 for a title opening, `text` (index into `book.texts`) when a packet's text opens. */
export interface Mark {
  level: number;
  title: string;
  text?: number;
  /** A part's title: the recto head of its introduction's pages, up to its first chapter. */
  part?: boolean;
}

/** A footnote set for the foot of the page: its boxes stacked without breaks. */
export interface FlowNote {
  id: string;
  boxes: Box[];
  /** Total height in points. */
  height: number;
  /** Taller than half the text block: split at no charge, the rest continuing at the foot of the next page (a shorter note at a cost: see paginate). */
  long?: boolean;
}

export interface Flow {
  boxes: Box[];
  notes: FlowNote[];
}

interface Ctx {
  style: TextStyle;
  /** Left edge from the text block's, in points. */
  x: number;
  measure: number;
  /** Group of the enclosing off-grid block, or -1. */
  group: number;
  parent?: StructNode;
  /** Setting a note: no notes inside, no page-map starts. */
  inNote: boolean;
  align: ParagraphStyle['align'];
}

/** Ids of the note references in blocks (a note's own text), in order. */
function noteRefsIn(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  const inlines = (list: readonly Inline[]) => {
    for (const n of list) {
      if (n.kind === 'noteRef') out.push(n.id);
      else if ('children' in n) inlines(n.children);
    }
  };
  for (const b of walkBlocks(blocks)) if (b.kind === 'paragraph' || b.kind === 'heading') inlines(b.children);
  return out;
}

/** Moves placed items down by `dy` (and right by `dx`). */
export function shift(items: readonly Placed[], dy: number, dx = 0): Placed[] {
  return items.map((p) => {
    switch (p.kind) {
      case 'dest':
        return { ...p, y: p.y + dy };
      case 'leaders':
      case 'rule':
        return { ...p, x1: p.x1 + dx, x2: p.x2 + dx, y: p.y + dy };
      default:
        return { ...p, x: p.x + dx, y: p.y + dy };
    }
  });
}

/** Smallest size a table is set in to fit the measure (see FlowBuilder.table). */
const MIN_TABLE_SIZE = 7;
/** Narrowest space between a table's columns, in em (see FlowBuilder.table). */
const MIN_COLUMN_GAP = 0.5;
/** A cell of at most this many words is a label, kept on one line when the measure allows. */
const SHORT_LABEL_WORDS = 3;
/** How far, in ems of the table's type, the rule below a table's last row stands below the row's foot. */
const FOOT_RULE_DROP = 0.2;
/**
 * The rule under a table's header, as booktabs sets its midrule: thin, with about 3 pt (at the text's
 * 11 pt; in ems, so a table set smaller keeps its proportions) clear above it, under the header's
 * descenders, and below it, over the first row's capitals and ascenders. EB Garamond's y and p go
 * 0.29 em under the baseline, its ascenders 0.71 em over it (capitals 0.65). Before, the rule stood 1.8 pt
 * over the first row's capitals (THE KING, HAMLET) and touched the header's descenders (Quaintly typed).
 */
const HEAD_RULE = { thickness: 0.4, space: 0.27, descender: 0.29, ascender: 0.71 };
/** A table column at least this many ems wide holds running prose, whose words may be hyphenated. */
const PROSE_COLUMN = 12;
/** The narrowest a column holding a sentence (a cell of more words than a label) is set, in ems: three or four words a line. */
const PROSE_MIN_COLUMN = 8;

/** Baseline of a line from the top of its box: three quarters of its leading (the grid's first baseline too). */
export function baselineIn(leading: number): number {
  return Math.round(leading * 0.75 * 100) / 100;
}

const BASE_FEATURES = ['kern', 'liga', 'onum'];

/**
 * Cost of a page break after a hyphenated line: allowed, but dearer than a page a line short, cheaper than two short (the
 * reader turns the page in the middle of a word, and the page then begins with a fragment).
 */
const HYPHEN_BREAK = 250;

/**
 * Costs of a page break inside a poem (lines broken by hand), in the page breaker's units (a page k
 * lines short costs 100·k²): inside a stanza, after a line that ends a sentence or a clause (. ; : ! ?),
 * as dear as a page three lines short; after one that does not, five; between a line and its own
 * turnover, ten. So a stanza or a short poem is kept whole where the page allows, and one that must
 * be split is split where its sense pauses: Keats's sonnet on Chapman's Homer, 14 lines in one
 * stanza, was split 9/5 on its opening page in the middle of a sentence ('Then felt I like some
 * watcher of the skies | When a new planet swims into his ken'), now 8/6 at its turn.
 */
const STANZA_BREAK_AT_PAUSE = 900;
const STANZA_BREAK = 2500;
const TURNOVER_BREAK = 10000;
/**
 * A break that leaves fewer than POEM_PIECE lines of a poem (a run of stanzas) on either side, as dear
 * as a page six lines short on top of the break's own cost: Baudelaire's 'L'Albatros', four quatrains
 * of which its opening page holds three, left its last stanza alone on the next page; it is split two
 * and two.
 */
const POEM_PIECE = 5;
const POEM_PIECE_BREAK = 3600;
/**
 * A break inside a stanza that leaves fewer than STANZA_PIECE of its lines, or than a third of them,
 * on either side costs POEM_PIECE_BREAK more: 'L'Albatros' was otherwise split in its third quatrain,
 * two lines and two, rather than two quatrains and two with its opening page five lines short; the
 * second of the Inferno's prefatory sonnets left its last two lines alone on a page (a sentence's
 * end), where its octave and sestet can face each other.
 */
const STANZA_PIECE = 3;
/** A line that ends a sentence or a clause, closing quotes and brackets after the stop allowed. */
const PAUSE = /[.;:!?][’”'")\]»]*\s*$/;

/** An epigraph's share of the measure (memoir's default is 0.4 of a wider page's; on A5 that is a few words a line). */
const EPIGRAPH_WIDTH = 0.6;

/** How far a verse's turnover lines stand in, in ems (the EPUB's epub-lines.css says the same). */
const VERSE_TURNOVER = 2;

/**
 * Offset of the first word that begins on a line that starts with the rest of a hyphenated word:
 * that word belongs to the page where it begins. Undefined when no word begins on the line.
 */
function nextWordStart(line: Line, text: string | undefined): number | undefined {
  if (text === undefined) return line.start;
  // (A packed line's offsets as they are: its `runs` would be made anew.)
  const offsets = line instanceof PackedLine ? line.offsets : line.runs.map((r) => r.offset);
  for (const offset of offsets) if (offset > line.start && /\s/.test(text[offset - 1] ?? '')) return offset;
  return undefined;
}

/** The prose of a book, block by block (body and notes; not code): what its lower-case words are taken from. */
function* bookTexts(book: Book): Generator<string> {
  for (const b of walkBook(book)) {
    if (b.kind === 'paragraph' || b.kind === 'heading') yield plainText(b.children);
    else if (b.kind === 'figure') yield plainText(b.caption);
  }
}

/**
 * Turns body blocks into a stream of boxes. Paragraphs are set once here (the page breaker and the
 * convergence passes reuse them), so the layout stays linear in the book's length.
 */
export class FlowBuilder {
  readonly flow: Flow = { boxes: [], notes: [] };
  private groups = 0;
  /** The previous block was a heading: no page break before the next block. */
  private keepNext = false;
  /** The next paragraph gets a first-line indent. */
  private indentNext = false;
  /** The block being set is a paragraph broken into lines by hand after another (a stanza after a stanza): a blank line before it. */
  private stanza = false;
  /** The block being set is a paragraph that goes on with the sentence a quote, figure or table broke into (continuesSentence): not indented. */
  private continues = false;
  /** The paragraph being set ends in a colon and a quote, list, table or figure follows: no page break between them. */
  private leadIn = false;
  /**
   * The figure being set stands in a sentence: a lead-in ending in a colon before it, or a paragraph that goes
   * on with the sentence after it (continuesSentence). It stays where it stands, as a displayed formula does,
   * rather than float: the Tractatus's 'the form “ξ.η” thus:—' was left with nothing after it, its figure
   * floated over the next proposition to the following page.
   */
  private held = false;
  /**
   * Width a note's number takes when the note opens with a quote or list: the first block sits in by
   * at least this much, and the number runs into its first line. 0 otherwise.
   */
  private noteLead = 0;
  private noteByRef = new Map<string, Note>();
  private noteIndex = new Map<string, number>();
  /** A part's page (a `# … {.part}` heading) was the last thing set: the chapter after it opens on a recto. */
  private afterPart = false;
  /** Since the part's page, only its epigraphs: the next other block opens the part's introduction (see block). */
  private partIntro = false;
  /** Notes of a broadside table that opened its flow, for the first text box after it (see broadside). */
  private notesAhead: number[] = [];
  /** Run styles shared by the packed lines of this flow. */
  private readonly runStyles = new StyleTable();
  /** The book's lower-case words, made when the first hyphenated paragraph is set (see ParagraphStyle.lowerCaseWords). */
  private lowerCase?: Set<string>;
  /** The file the blocks being set come from, for messages (a packet's text's own). */
  file: string;
  /**
   * The id of a packet's text's first block when it is a chapter heading: set under the text's opening, on
   * its page, rather than on a page of its own after an opening page left all but empty (a dialogue whose
   * first chapter is its translator's introduction).
   */
  openingChapter?: string;

  constructor(
    readonly book: Book,
    readonly g: Geometry,
    readonly st: Styles,
    readonly ts: Typesetter,
    readonly diags: Diagnostics,
    /** Lines packed by earlier builds of a session, reused (see PackedLines). */
    private readonly packed?: PackedLines,
  ) {
    for (const n of book.notes) for (const r of n.refIds) this.noteByRef.set(r, n);
    this.file = book.file;
  }

  rootCtx(parent?: StructNode): Ctx {
    return { style: this.st.body, x: 0, measure: this.g.measure, group: -1, parent, inNote: false, align: 'justify' };
  }

  private push(box: Box): void {
    if (this.notesAhead.length > 0 && !box.float) box.notes.unshift(...this.notesAhead.splice(0));
    this.flow.boxes.push(box);
  }

  private newGroup(ctx: Ctx): number {
    return ctx.group >= 0 ? ctx.group : this.groups++;
  }

  private warn(span: Span, rule: string, message: string, hint?: string): void {
    this.diags.warn(this.file, span.line, span.column, rule, message, hint);
  }

  /** Sets a paragraph of inlines into line boxes; returns them without pushing. */
  setLines(inlines: Inline[], ctx: Ctx, opts: { indent: number; style?: TextStyle; align?: ParagraphStyle['align']; hyphenate?: boolean; span?: Span; hang?: number }): Line[] {
    const style = opts.style ?? ctx.style;
    const align = opts.align ?? ctx.align;
    const hyphenate = opts.hyphenate ?? true;
    const lowerCase = hyphenate ? (this.lowerCase ??= this.ts.lowerCaseWords ? this.ts.lowerCaseWords(bookTexts(this.book)) : lowerCaseWords(bookTexts(this.book))) : undefined;
    const set = (measure: number) => this.ts.setParagraph(inlines, {
      measure,
      indent: opts.indent,
      ...(opts.hang ? { hang: opts.hang } : {}),
      face: style.face,
      size: style.size,
      align,
      lang: this.book.meta.language,
      hyphenate,
      ...(lowerCase ? { lowerCaseWords: lowerCase } : {}),
      // The setter adds kerning, ligatures and old-style figures itself; pass only the extras (small caps).
      features: style.features.filter((f) => !BASE_FEATURES.includes(f)),
    });
    let lines = set(ctx.measure);
    // Balancing sets the paragraph eight times more: worth it for a display heading, not for a block.
    if (align === 'center' && lines.length > 1 && lines.length <= BALANCE_MAX_LINES) lines = balanced(lines, ctx.measure, set);
    if (opts.span && lines.some((l) => l.overfull)) {
      this.warn(opts.span, 'pdf-overfull-line', 'a line of this paragraph is wider than the measure and sticks into the margin', 'a very long word or URL: allow a break in it');
    }
    if (opts.span && lines.some((l) => l.brokenNoBreakSpace)) {
      this.warn(opts.span, 'pdf-emergency-break', 'this paragraph is broken at no-break spaces: it has no other place to break a line', 'put ordinary spaces between its words');
    }
    return lines;
  }

  /** A set line as the layout keeps it: packed when it can be (see PackedLine). */
  private pack(line: Line): Line {
    // The paragraph memo's file gives lines packed already.
    if (line instanceof PackedLine) return line;
    if (!PackedLine.fits(line)) return line;
    return this.packed ? this.packed.pack(line, this.runStyles) : PackedLine.pack(line, this.runStyles);
  }

  /** Line boxes for a set paragraph, with widow and orphan control: at least two lines at either side of a page break. */
  lineBoxes(lines: Line[], ctx: Ctx, node: StructNode | undefined, blockId: string | undefined, style: TextStyle, text?: string): Box[] {
    const n = lines.length;
    return lines.map((line, k) => {
      // (A loop, not flatMap: most runs have no anchors, and an empty array for each was garbage.)
      const anchors: string[] = [];
      if (line instanceof PackedLine) for (const a of line.anchors?.values() ?? []) anchors.push(...a);
      else for (const r of line.runs) if (r.anchors) anchors.push(...r.anchors);
      const box: Box = {
        height: style.leading,
        before: 0,
        after: 0,
        group: style.leading === this.g.leading && ctx.group < 0 ? -1 : this.newGroup(ctx),
        breakBefore: k === 0 ? 0 : k < 2 || n - k < 2 ? Infinity : lines[k - 1].hyphenated ? HYPHEN_BREAK : 0,
        notes: [],
        items: [{ kind: 'line', x: ctx.x, y: baselineIn(style.leading), line: this.pack(line), node }],
        anchors,
      };
      if (blockId && !ctx.inNote) {
        box.line = { blockId, index: k, count: n };
        const start = k > 0 && lines[k - 1].hyphenated ? nextWordStart(line, text) : line.start;
        if (start !== undefined) box.start = { blockId, offset: start };
      }
      for (const a of anchors) box.items.push({ kind: 'dest', id: a, y: 0 });
      if (!ctx.inNote) for (const a of anchors) this.attachNote(box, a);
      return box;
    });
  }

  /**
   * A table row of more than `maxLines` lines, cut into boxes of at most that many: each item, anchor
   * and note goes with the line it stands on, and every piece after the first starts its page with
   * the table's header (`continued`), so a page may break inside the row and no line is lost.
   */
  private cutRow(box: Box, starts: { line: number; blockId: string; offset: number }[], leading: number, maxLines: number, continued: Box['continued']): Box[] {
    const lines = Math.round(box.height / leading);
    if (lines <= maxLines) return [box];
    const pieces: Box[] = [];
    for (let a = 0; a < lines; a += maxLines) {
      const start = starts.find((s) => s.line === a);
      pieces.push({ ...box, height: (Math.min(lines, a + maxLines) - a) * leading, breakBefore: a === 0 ? box.breakBefore : 0, items: [], anchors: [], notes: [],
        start: a === 0 ? box.start : start && { blockId: start.blockId, offset: start.offset }, continued: a === 0 ? box.continued : continued ?? box.continued });
    }
    const pieceAt = (y: number) => Math.min(pieces.length - 1, Math.floor(Math.min(lines - 1, Math.floor(y / leading + 1e-6)) / maxLines));
    for (const it of box.items) {
      const k = it.kind === 'rule' && it.y >= box.height - 1e-6 ? pieces.length - 1 : pieceAt(it.y);
      pieces[k].items.push(...shift([it], -k * maxLines * leading));
      if (it.kind === 'dest' && box.anchors.includes(it.id)) {
        pieces[k].anchors.push(it.id);
        const note = this.noteByRef.get(it.id);
        const index = note ? this.noteIndex.get(note.id) : undefined;
        if (index !== undefined && box.notes.includes(index)) pieces[k].notes.push(index);
      }
    }
    return pieces;
  }

  private attachNote(box: Box, refId: string): void {
    // Endnotes are set after the text (see endnotes), none at the foot of a page.
    if (this.book.meta.endnotes) return;
    const note = this.noteByRef.get(refId);
    if (!note || note.refIds[0] !== refId || this.noteIndex.has(note.id)) return;
    this.noteIndex.set(note.id, this.flow.notes.length);
    const flowNote = this.noteFlow(note);
    this.flow.notes.push(flowNote);
    // A note taller than half the text block may not fit whole at the foot of its page: the page
    // breaker splits it, as LaTeX does, the rest continuing at the foot of the next page (a shorter
    // note only when keeping it whole would leave the page short by more than a few lines).
    if (flowNote.height > (this.g.lines * this.g.leading) / 2) flowNote.long = true;
    box.notes.push(this.flow.notes.length - 1);
    // A note cited only inside this note goes to the same page (it was never printed).
    for (const ref of noteRefsIn(note.children)) this.attachNote(box, ref);
  }

  /**
   * A footnote's boxes: its number leads the first paragraph; set in the note size, ragged only if it
   * must be. An endnote's number links back to its mark (pages away); `group`: the endnotes' chapter's.
   */
  private noteFlow(note: Note, group = this.groups++): FlowNote {
    const saved = this.flow.boxes;
    const savedState = [this.keepNext, this.indentNext] as const;
    const boxes: Box[] = [];
    (this.flow as { boxes: Box[] }).boxes = boxes;
    const node: StructNode = { type: 'Note' };
    const ctx: Ctx = { ...this.rootCtx(node), style: this.st.note, group, inNote: true };
    const number: Inline[] = this.book.meta.endnotes
      ? [{ kind: 'link', href: `#${note.refIds[0]}`, children: [{ kind: 'text', text: `${note.number}.` }] }, { kind: 'text', text: '\u2002' }]
      : [{ kind: 'text', text: `${note.number}.\u2002` }];
    const blocks = note.children.map((b, i): Block => (i === 0 && b.kind === 'paragraph' ? { ...b, children: [...number, ...b.children] } : b));
    // A note that opens with a quote or a list: its number stands in front of the first line, the
    // quote or list sitting in by at least the number's width (never a number alone on a line).
    const label = `${note.number}.`;
    const lead = blocks[0]?.kind === 'blockquote' || blocks[0]?.kind === 'list' || blocks[0]?.kind === 'definitions';
    if (lead) this.noteLead = this.ts.measure(`${label}\u2002`, ctx.style.face, ctx.style.size, ctx.style.features);
    else if (blocks[0]?.kind !== 'paragraph') blocks.unshift({ kind: 'paragraph', id: '', children: [{ kind: 'text', text: label }], span: note.span });
    this.indentNext = false;
    this.keepNext = false;
    this.blocks(blocks, ctx);
    this.noteLead = 0;
    const first = boxes[0]?.items.find((p) => p.kind === 'line');
    if (lead && first) boxes[0].items.unshift({ kind: 'text', x: ctx.x, y: first.y, text: label, face: ctx.style.face, size: ctx.style.size, features: ctx.style.features, node });
    // A quote or list that set no line (`[^1]: *`, an empty item): the number alone, never lost.
    else if (lead) this.blocks([{ kind: 'paragraph', id: '', children: [{ kind: 'text', text: label }], span: note.span }], ctx);
    (this.flow as { boxes: Box[] }).boxes = saved;
    [this.keepNext, this.indentNext] = savedState;
    if (boxes[0]) boxes[0].items.push({ kind: 'dest', id: note.id, y: 0 });
    const height = boxes.reduce((h, b, i) => h + b.height + (i > 0 ? b.before : 0) + (i < boxes.length - 1 ? b.after : 0), 0);
    return { id: note.id, boxes, height };
  }

  /** Pushes a run of boxes as one block: the break before its first box obeys keep-with-next; spaces go on its ends. */
  private pushBlock(boxes: Box[], before: number, after: number, keepWithNext = false): void {
    if (boxes.length === 0) return;
    boxes[0].before = Math.max(boxes[0].before, before);
    boxes[0].breakBefore = this.keepNext ? Infinity : boxes[0].breakBefore;
    boxes[boxes.length - 1].after = Math.max(boxes[boxes.length - 1].after, after);
    for (const b of boxes) this.push(b);
    this.keepNext = keepWithNext;
  }

  blocks(blocks: Block[], ctx: Ctx): void {
    // Where the run of stanzas (a poem) being set began in the flow's boxes.
    let poem = -1;
    for (const [i, b] of blocks.entries()) {
      const next = blocks[i + 1];
      this.leadIn = b.kind === 'paragraph' && (next?.kind === 'blockquote' || next?.kind === 'list' || next?.kind === 'table' || next?.kind === 'definitions' || next?.kind === 'figure') && endsInColon(b.children);
      const prev = blocks[i - 1];
      this.held = b.kind === 'figure' && ((prev?.kind === 'paragraph' && endsInColon(prev.children)) || (next !== undefined && continuesSentence(next, b)));
      this.stanza = isLines(b) && isLines(prev);
      this.continues = continuesSentence(b, prev);
      if (isLines(b) && poem < 0) poem = this.flow.boxes.length;
      this.block(b, ctx);
      if (poem >= 0 && !isLines(next)) {
        poemPieces(this.flow.boxes, poem, this.flow.boxes.length, this.g.lines * this.g.leading);
        poem = -1;
      }
    }
  }

  block(b: Block, ctx: Ctx): void {
    // (An epigraph's own paragraphs, set in a group of their own, are not the introduction.)
    if (this.partIntro && ctx.group < 0 && !(b.kind === 'blockquote' && b.epigraph)) {
      this.partIntro = false;
      if (b.kind !== 'heading' || b.level !== 1) {
        // A part's introduction (a translator's note to it) is text, not part of its title page: it
        // begins on the recto after it, the part page's verso left blank, as LaTeX's book class
        // (\@endpart) and memoir (\partpageend) set what follows \part when chapters open on rectos.
        // Its epigraphs stay on the part's page.
        const from = this.flow.boxes.length;
        this.block(b, ctx);
        const first = this.flow.boxes[from];
        if (first) Object.assign(first, { forceBreak: true, recto: true, breakBefore: 0 });
        return;
      }
    }
    const L = this.g.leading;
    switch (b.kind) {
      case 'paragraph': {
        // Read before setting: a note cited in the paragraph is set meanwhile, and its blocks reset it.
        const leadIn = this.leadIn;
        const stanza = this.stanza;
        const node: StructNode = { type: 'P', parent: ctx.parent };
        // Lines broken by hand (a poem's) start flush left, and a stanza after another is set off by a blank line, as verse is, not by an indent.
        // A signature under a preface: flush right, kept with the line above it.
        const signed = b.signature === true;
        const indent = this.indentNext && !isLines(b) && !this.continues && !signed ? this.st.indent : 0;
        // A line that runs over (a long verse) goes on indented under itself, ragged, as verse is set
        // (the Chicago Manual's turnover lines); each line broken by hand starts at the left.
        const verse = isLines(b) && !signed && (ctx.align === 'justify' || ctx.align === 'left') && languageDirection(this.book.meta.language) === 'ltr';
        const hang = verse ? VERSE_TURNOVER * ctx.style.size : 0;
        const at: Ctx = verse ? { ...ctx, x: ctx.x + hang, measure: ctx.measure - hang } : signed ? { ...ctx, align: 'right' } : ctx;
        const lines = this.setLines(b.children, at, { indent, span: b.span, ...(verse ? { hang, align: 'left' as const } : {}) });
        const text = plainText(b.children);
        const boxes = this.lineBoxes(lines, at, node, b.id, ctx.style, text);
        if (verse) stanzaBreaks(boxes, lines, text);
        if (signed && boxes[0]) boxes[0].breakBefore = Infinity;
        if (b.number !== undefined && boxes[0]) boxes[0].items.push(this.marginNumber(b.number, ctx.style));
        this.pushBlock(boxes, stanza ? L : 0, 0, leadIn);
        this.indentNext = true;
        break;
      }
      case 'heading':
        this.heading(b, ctx);
        break;
      case 'blockquote': {
        if (b.epigraph) {
          this.epigraph(b, ctx);
          break;
        }
        const q = this.st.quoteIndent;
        const left = Math.max(q, this.takeNoteLead());
        // In a note the quote keeps the note's type, as LaTeX's quote keeps \footnotesize: the quotes' is larger.
        const inner: Ctx = { ...ctx, style: ctx.inNote ? ctx.style : this.st.quote, x: ctx.x + left, measure: ctx.measure - left - q, group: this.newGroup(ctx), parent: { type: 'BlockQuote', parent: ctx.parent } };
        const cited = attribution(b);
        this.around(ctx, L / 2, () => {
          this.indentNext = false;
          this.blocks(cited ? b.children.slice(0, -1) : b.children, inner);
          if (cited) this.blocks([cited], { ...inner, align: 'right' });
        });
        this.indentNext = true;
        break;
      }
      case 'list':
        this.list(b, ctx);
        break;
      case 'code':
        this.code(b, ctx);
        break;
      case 'rule': {
        // Three spaced asterisks (EB Garamond has no asterism glyph), centred on a grid line of its own.
        const st = this.st.body;
        const w = this.ts.measure('*', st.face, st.size, []);
        const step = st.size * 1.5;
        const x0 = ctx.x + (ctx.measure - w) / 2;
        const box: Box = {
          height: L, before: L, after: L, group: ctx.group, breakBefore: 0, notes: [], anchors: [],
          items: [-step, 0, step].map((dx): Placed => ({ kind: 'text', x: x0 + dx, y: baselineIn(L), text: '*', face: st.face, size: st.size, features: [] })),
        };
        this.pushBlock([box], L, L);
        this.indentNext = false;
        break;
      }
      case 'figure':
        this.figure(b, ctx);
        break;
      case 'table':
        this.table(b, ctx);
        break;
      case 'definitions':
        this.definitions(b, ctx);
        break;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * A paragraph's number in the left margin, on its first baseline, in the notes' size, ranged right
   * half an em from the text (clear of punctuation hanging into the margin); drawn as an artifact.
   */
  private marginNumber(n: number, style: TextStyle): Placed {
    const st = this.st.note;
    const text = String(n);
    const w = this.ts.measure(text, st.face, st.size, st.features);
    return { kind: 'text', x: -w - style.size * 0.8, y: baselineIn(style.leading), text, face: st.face, size: st.size, features: st.features };
  }

  /** The note number's width for the block that opens a note (see noteLead), once. */
  private takeNoteLead(): number {
    const w = this.noteLead;
    this.noteLead = 0;
    return w;
  }

  /**
   * An epigraph, as memoir's \epigraph sets one: in the quotes' type, in a block of EPIGRAPH_WIDTH of
   * the measure at its end (the right in a left-to-right book), a last paragraph that opens with a
   * dash (the attribution) set flush to the block's end; the text after it starts without an indent.
   */
  private epigraph(b: Extract<Block, { kind: 'blockquote' }>, ctx: Ctx): void {
    const children = b.children;
    const L = this.g.leading;
    const width = ctx.measure * EPIGRAPH_WIDTH;
    const rtl = languageDirection(this.book.meta.language) === 'rtl';
    const inner: Ctx = { ...ctx, style: this.st.quote, x: rtl ? ctx.x : ctx.x + ctx.measure - width, measure: width, group: this.newGroup(ctx), parent: { type: 'BlockQuote', parent: ctx.parent } };
    const cited = attribution(b);
    this.around(ctx, L, () => {
      this.indentNext = false;
      this.blocks(cited ? children.slice(0, -1) : children, inner);
      if (cited) this.blocks([cited], { ...inner, align: 'right' });
    });
    this.indentNext = false;
  }

  /** Runs `f` (which pushes boxes) and puts `space` above its first box and below its last. */
  private around(ctx: Ctx, space: number, f: () => void): void {
    const from = this.flow.boxes.length;
    f();
    const boxes = this.flow.boxes;
    if (boxes.length === from || ctx.group >= 0) return;
    boxes[from].before = Math.max(boxes[from].before, space);
    boxes[boxes.length - 1].after = Math.max(boxes[boxes.length - 1].after, space);
  }

  heading(b: Extract<Block, { kind: 'heading' }>, ctx: Ctx): void {
    const L = this.g.leading;
    const level = b.level;
    if (b.part && level === 1 && !ctx.inNote && ctx.group < 0) {
      // A part's title page, as a packet's part has (the chapter after it opens on the next recto).
      this.partPage({ title: plainText(b.children), id: b.id }, b);
      this.afterPart = true;
      this.partIntro = true;
      this.indentNext = false;
      return;
    }
    const title = plainText(b.children);
    // A packet's text that opens with a chapter (Jowett's introduction to a dialogue) sets it under the
    // text's title, a size down from it, as a section: two titles of one size read as two openings.
    const under = level === 1 && !ctx.inNote && b.id === this.openingChapter;
    const style = level === 1 && !under ? this.st.chapter : level <= 2 ? this.st.section : this.st.minor;
    const node: StructNode = { type: `H${Math.min(level, 6)}` as StructType, parent: ctx.parent };
    const hctx: Ctx = { ...ctx, group: style.leading === L ? ctx.group : this.newGroup(ctx) };
    const lines = this.setLines(b.children, hctx, { indent: 0, style, align: level <= 2 ? 'center' : 'left', hyphenate: false, span: b.span });
    const boxes = this.lineBoxes(lines, hctx, node, b.id, style, title);
    // A heading is kept whole, with two lines of what follows (and a chapter's with its sunk opening);
    // one taller than that (a paragraph begun with '#' by mistake, a hostile input) is broken across
    // pages as a paragraph is, from where it stands, rather than pushed off to pages of its own.
    const sunk = level === 1 && !ctx.inNote ? Math.round(this.g.lines / 5) * L : 0;
    const tall = boxes.reduce((h, box) => h + box.height, 0) > (this.g.lines - 2) * L - sunk;
    if (tall) this.warn(b.span, 'pdf-heading-too-tall', `this heading of ${lines.length} lines is taller than a page: it is broken across pages as a paragraph is`, 'shorten it, or make it a paragraph');
    boxes.forEach((box, k) => {
      if (k > 0) box.breakBefore = !tall || k < 2 || boxes.length - k < 2 ? Infinity : 0;
    });
    if (boxes[0]) {
      boxes[0].anchors.unshift(b.id);
      boxes[0].items.push({ kind: 'dest', id: b.id, y: 0 });
      boxes[0].mark = { level, title: b.short ?? title };
    }
    if (under) {
      this.pushBlock(boxes, 2 * L, 2 * L, true);
    } else if (level === 1 && !ctx.inNote) {
      // A chapter opens a new page, sunk by a quarter of the text block.
      const sink = this.openingSink();
      // The first chapter of a part opens on the recto after the part's page, as the part's page does.
      if (this.afterPart) sink.recto = true;
      sink.mark = boxes[0]?.mark;
      if (boxes[0]) boxes[0].mark = undefined;
      this.pushBlock([sink, ...boxes], 0, 2 * L, true);
    } else {
      this.pushBlock(boxes, level === 2 ? 2 * L : L, level === 2 ? L : 0, true);
    }
    if (level === 1) this.afterPart = false;
    this.indentNext = false;
  }

  /**
   * The endnotes (front matter `footnotes: endnotes`), a flow of their own: their title opening a page
   * as a chapter's does, then under each chapter's title (when the book has chapters) its notes in
   * print order, set as footnotes are, one off-grid run per chapter. Nothing here begins a page of
   * the page map: the EPUB has its own notes file.
   */
  endnotes(): void {
    const w = wordsFor(this.book.meta.language);
    this.opening({ title: w.notes, dest: NOTES_DEST, mark: { level: 0, title: w.notes } });
    const ctx: Ctx = { ...this.rootCtx(), inNote: true };
    for (const [k, chapter] of notesInChapters(this.book.blocks, this.book.notes, this.book.meta.title).entries()) {
      const group = this.groups++;
      const span = chapter.notes[0].span;
      if (chapter.title !== undefined) this.heading({ kind: 'heading', level: 2, id: `${NOTES_DEST}-${k + 1}`, children: [{ kind: 'text', text: chapter.title }], span }, ctx);
      for (const note of chapter.notes) this.pushBlock(this.noteFlow(note, group).boxes, 0, 0);
    }
  }

  /** The empty box at the head of an opening page; forces the page break. */
  openingSink(): Box {
    const L = this.g.leading;
    const recto = this.rectoNext && this.flow.boxes.length > 0;
    if (recto) this.rectoNext = false;
    return { height: Math.round(this.g.lines / 5) * L, before: 0, after: 0, group: -1, breakBefore: 0, forceBreak: this.flow.boxes.length > 0, notes: [], items: [], anchors: [], opening: true, ...(recto ? { recto } : {}) };
  }

  /** Whether the next opening page is a recto (the preface after a motto, which stands alone on its spread). */
  private rectoNext = false;

  /** The opening of a book that does not begin with a chapter heading: its title (and subtitle) as the first heading. */
  titleOpening(): void {
    const m = this.book.meta;
    this.opening({ title: m.titleInlines ?? m.title, subtitle: m.subtitleInlines ?? m.subtitle, dest: OPENING_DEST, mark: { level: 0, title: m.title } });
  }

  /** A book's motto before its front matter (see leadingEpigraphs): on a recto of its own, a third of the way down, without a title. */
  mottoPage(): void {
    const sink = this.openingSink();
    sink.height = Math.round(this.g.lines / 3) * this.g.leading;
    sink.recto = true;
    sink.display = true;
    this.pushBlock([sink], 0, 0, true);
    this.rectoNext = true;
  }

  /**
   * A part-title page (a packet's part, or a book's `# … {.part}` heading): a recto of its own with the
   * part's title centred a third of the way down, no running head and no folio; the part's first text
   * or chapter opens on the next recto (two-sided, a blank verso between).
   */
  partPage(part: { title: string; id: string }, heading?: Extract<Block, { kind: 'heading' }>): void {
    const sink = this.openingSink();
    sink.height = Math.round(this.g.lines / 3) * this.g.leading;
    sink.recto = true;
    sink.partTitle = true;
    sink.items.push({ kind: 'dest', id: part.id, y: 0 });
    sink.anchors.push(part.id);
    // The running head over the part's introduction, if it has one.
    sink.mark = { level: 0, title: part.title, part: true };
    const ctx: Ctx = { ...this.rootCtx(), group: this.groups++ };
    // A book's part heading is set from its words, as a block of the text (the EPUB marks the page at it).
    const words: Inline[] = heading?.children ?? [{ kind: 'text', text: part.title }];
    const title = this.lineBoxes(this.setLines(words, ctx, { indent: 0, style: this.st.chapter, align: 'center', hyphenate: false }), ctx, { type: 'H1' }, heading?.id, this.st.chapter, part.title);
    for (const b of title) b.breakBefore = Infinity;
    this.pushBlock([sink, ...title], 0, 0);
  }

  /**
   * The opening of a packet's text, on a new recto: its title and subtitle, a byline (authors, translators) and a headnote that says where it comes from.
   */
  textOpening(text: Text, k: number): void {
    const m = text.meta;
    const w = wordsFor(this.book.meta.language);
    // A book of chapter files names its author once, on its title page.
    // Its translators (unless the title page names them for every text), editors, illustrators…, a line each, as a title page credits them.
    const credits = creditLines(m, w).filter((c) => c.role !== 'translator' || !this.book.packet?.translators.length).map((c) => `${c.lead}${c.gap}${c.names}`);
    const byline = [this.book.packet?.oneAuthor ? '' : joinNames(m.authors, w), ...credits].filter(Boolean);
    const headnote = text.introduction ? undefined : headnoteOf(m);
    this.opening({ title: m.titleInlines ?? m.title, subtitle: m.subtitleInlines ?? m.subtitle, dest: text.id, mark: { level: 0, title: m.title, text: k }, byline, headnote, recto: true });
  }

  private opening(o: { title: string | Inline[]; subtitle?: string | Inline[]; dest: string; mark: Mark; byline?: string[]; headnote?: Inline[]; recto?: boolean }): void {
    const L = this.g.leading;
    const node: StructNode = { type: 'H1' };
    const ctx = this.rootCtx();
    const tctx: Ctx = { ...ctx, group: this.groups++ };
    const boxes: Box[] = [this.openingSink()];
    if (o.recto) boxes[0].recto = true;
    const centred = (text: string | Inline[], style: TextStyle, n: StructNode | undefined, before: number) => {
      const set = this.lineBoxes(this.setLines(typeof text === 'string' ? [{ kind: 'text', text }] : text, tctx, { indent: 0, style, align: 'center', hyphenate: false }), tctx, n, undefined, style);
      if (set[0] && before) set[0].before = before;
      boxes.push(...set);
    };
    boxes[0].items.push({ kind: 'dest', id: o.dest, y: 0 });
    if (o.dest !== OPENING_DEST) boxes[0].anchors.push(o.dest);
    centred(o.title, this.st.chapter, node, 0);
    if (o.subtitle) centred(o.subtitle, this.st.subtitle, node, L / 2);
    const byline = { ...this.st.minor, size: this.st.subtitle.size, leading: this.st.subtitle.leading };
    for (const [i, b] of (o.byline ?? []).entries()) centred(b, i === 0 ? byline : { ...this.st.body, face: 'italic' }, { type: 'P' }, i === 0 ? L : 0);
    if (o.headnote) centred(o.headnote, { ...this.st.note, face: 'italic' }, { type: 'P' }, L / 2);
    for (const box of boxes.slice(1)) box.breakBefore = Infinity;
    boxes[0].mark = o.mark;
    this.pushBlock(boxes, 0, 2 * L, true);
    this.indentNext = false;
  }

  private list(b: Extract<Block, { kind: 'list' }>, ctx: Ctx): void {
    const st = ctx.style;
    const labels = b.items.map((_, i) => (b.ordered ? `${b.numbers?.[i] ?? b.start + i}.` : '•'));
    const labelWidth = Math.max(...labels.map((l) => this.ts.measure(l, st.face, st.size, st.features)));
    const gap = st.size * 0.5;
    const hang = Math.max(this.st.indent, labelWidth + gap);
    // Lists sit in by a paragraph indent, their labels hanging in front of the items' text.
    const inset = Math.max(ctx.inNote ? 0 : this.st.indent, this.takeNoteLead());
    const listNode: StructNode = { type: 'L', parent: ctx.parent };
    // No space around lists: their lines are body lines on the grid.
    this.around(ctx, 0, () => {
      b.items.forEach((item, i) => {
        const li: StructNode = { type: 'LI', parent: listNode };
        const body: StructNode = { type: 'LBody', parent: li };
        const inner: Ctx = { ...ctx, x: ctx.x + inset + hang, measure: ctx.measure - inset - hang, parent: body };
        const from = this.flow.boxes.length;
        this.indentNext = false;
        this.blocks(item, inner);
        const first = this.flow.boxes[from];
        if (first) {
          const line = first.items.find((p) => p.kind === 'line');
          const y = line?.y ?? baselineIn(first.height);
          const lw = this.ts.measure(labels[i], st.face, st.size, st.features);
          first.items.unshift({ kind: 'text', x: ctx.x + inset + hang - gap - lw, y, text: labels[i], face: st.face, size: st.size, features: st.features, node: { type: 'Lbl', parent: li } });
        }
      });
    });
    this.indentNext = true;
  }

  /**
   * A definition list as a glossary is set (LaTeX's description list, pandoc's for it): each term in
   * bold, flush left and ragged, on lines of its own, kept with the first lines of its definition as a
   * heading is; the definitions under it, each from the same edge, sitting in by a quotation's indent.
   * A list of short terms (`hangingTerms`: abbreviations, a play's persons) has them hanging in front
   * of their definitions' first lines instead, the definitions in a column an em clear of the widest
   * (unless that takes more than a third of the measure). Set off by half a line above and below, as a
   * quotation is: without it the paragraph after the list read as one more definition. Tagged as a
   * list, the term its item's label.
   */
  private definitions(b: Extract<Block, { kind: 'definitions' }>, ctx: Ctx): void {
    // In a note that opens with the list, its number runs in before the first term.
    const inset = this.takeNoteLead();
    const listNode: StructNode = { type: 'L', parent: ctx.parent };
    const group = this.newGroup(ctx);
    const terms = b.items.map(({ term }) => {
      const li: StructNode = { type: 'LI', parent: listNode };
      const tctx: Ctx = { ...ctx, x: ctx.x + inset, measure: ctx.measure - inset, group, parent: li };
      return { li, tctx, lines: this.setLines([{ kind: 'strong', children: term.children }], tctx, { indent: 0, align: 'left', hyphenate: false, span: term.span }) };
    });
    const widest = Math.max(0, ...terms.map((t) => t.lines[0]?.width ?? 0)) + ctx.style.size;
    const hanging = hangingTerms(b) !== undefined && terms.every((t) => t.lines.length === 1) && widest <= (ctx.measure - inset) / 3;
    const hang = hanging ? Math.max(widest, this.st.quoteIndent) : this.st.quoteIndent;
    this.around(ctx, this.g.leading / 2, () => {
      b.items.forEach(({ term, definitions }, i) => {
        const { li, tctx, lines } = terms[i];
        // Notes cited in the term are attached here, before its definitions': in reading order.
        const boxes = this.lineBoxes(lines, tctx, { type: 'Lbl', parent: li }, term.id, ctx.style, plainText(term.children));
        if (!hanging) this.pushBlock(boxes, 0, 0, true);
        const from = this.flow.boxes.length;
        const inner: Ctx = { ...ctx, x: ctx.x + inset + hang, measure: ctx.measure - inset - hang, group, parent: { type: 'LBody', parent: li } };
        for (const d of definitions) {
          this.indentNext = false;
          this.blocks(d, inner);
        }
        // The term goes into the box of its definition's first line, on its baseline: the page begins with the term.
        const [first, t] = [this.flow.boxes[from], boxes[0]];
        if (hanging && first && t) {
          first.items.unshift(...t.items);
          first.anchors.unshift(...t.anchors);
          first.notes.unshift(...t.notes);
          first.start = t.start ?? first.start;
        } else if (hanging) this.pushBlock(boxes, 0, 0);
      });
    });
    this.indentNext = true;
  }

  /**
   * Code, line for line in the monospaced face. Each line is drawn as its non-blank segments at
   * column × advance (the face is monospaced), so spaces are never shaped: fontkit cannot read the
   * space glyph of IBM Plex Mono's TTF, and column placement keeps indentation exact anyway.
   */
  private code(b: Extract<Block, { kind: 'code' }>, ctx: Ctx): void {
    const st = this.st.code;
    const rows = b.text.split('\n');
    const texts = rows.map((r) => r.replace(/\t/g, '    '));
    const advance = this.ts.measure('0', st.face, st.size, []);
    const widest = advance * Math.max(0, ...texts.map((t) => [...t].length));
    // Shrink a block with long lines to the measure (down to 6 pt) rather than run into the margin.
    let size = st.size;
    if (widest > ctx.measure) size = Math.max(6, (st.size * ctx.measure) / widest);
    if ((widest * size) / st.size > ctx.measure + 0.01) this.warn(b.span, 'pdf-code-too-wide', 'a line of this code block is wider than the page even at 6 pt: it is broken at the measure, its turnovers indented', 'break the long lines');
    const cw = (advance * size) / st.size;
    const leading = (st.leading * size) / st.size;
    const node: StructNode = { type: 'Code', parent: ctx.parent };
    const group = this.newGroup(ctx);
    // A line still too wide is broken as listings' breaklines does, never run off the page: at its
    // last space that fits, else at the measure, each turnover two columns in from the line's indent.
    const fit = Math.max(8, Math.floor((ctx.measure + 0.01) / cw));
    const lines: { chars: string[]; column: number; row: number }[] = [];
    texts.forEach((text, row) => {
      let chars = [...text];
      const hang = Math.min(Math.floor(fit / 2), chars.findIndex((c) => c !== ' ') + 2);
      let column = 0;
      while (column + chars.length > fit) {
        const room = fit - column;
        const space = chars.lastIndexOf(' ', room);
        const cut = space > room / 2 ? space : room;
        lines.push({ chars: chars.slice(0, cut), column, row });
        chars = chars.slice(cut);
        while (chars[0] === ' ') chars.shift();
        column = hang;
      }
      lines.push({ chars, column, row });
    });
    let offset = 0;
    const boxes = lines.map(({ chars, column, row }, k): Box => {
      const items: Placed[] = [];
      for (let c = 0; c < chars.length; ) {
        if (chars[c] === ' ') {
          c++;
          continue;
        }
        let e = c;
        while (e < chars.length && chars[e] !== ' ') e++;
        items.push({ kind: 'text', x: ctx.x + (column + c) * cw, y: baselineIn(leading), text: chars.slice(c, e).join(''), face: st.face, size, features: [], node });
        c = e;
      }
      const box: Box = { height: leading, before: 0, after: 0, group, notes: [], anchors: [], breakBefore: k === 0 ? 0 : k < 2 || lines.length - k < 2 ? Infinity : 0, items };
      // A row's first line marks where the row starts in the text (the EPUB's page breaks).
      if (k === 0 || lines[k - 1].row !== row) {
        if (!ctx.inNote) box.start = { blockId: b.id, offset };
        offset += rows[row].length + 1;
      }
      return box;
    });
    this.pushBlock(boxes, ctx.group < 0 ? this.g.leading / 2 : 0, ctx.group < 0 ? this.g.leading / 2 : 0);
    this.indentNext = true;
  }

  /** The narrowest measure that sets `words` in two lines (split where the longer line is shortest). */
  private twoLines(words: readonly string[], face: TextStyle['face'], st: TextStyle): number {
    const width = (from: number, to: number) => this.ts.measure(words.slice(from, to).join(' '), face, st.size, st.features);
    let best = Infinity;
    for (let i = 1; i < words.length; i++) {
      const [head, tail] = [width(0, i), width(i, words.length)];
      best = Math.min(best, Math.max(head, tail));
      if (head >= tail) break;
    }
    return best;
  }

  /**
   * A table as books set them: columns as wide as their longest lines where the measure allows
   * (narrowed towards their longest words where it does not), a column's space between columns,
   * rules above, below and under the header, header cells in italic, smaller type when the longest
   * words do not fit side by side. Each row is one unbreakable box; a page may break between rows,
   * but not between the header and the first row, and a page the table runs on to repeats the header.
   */
  private table(b: Extract<Block, { kind: 'table' }>, ctx: Ctx): void {
    const L = this.g.leading;
    // Figures of one width, so that a column's digits stand under each other.
    const base: TextStyle = { ...ctx.style, features: [...ctx.style.features.filter((f) => f !== 'pnum'), 'tnum'] };
    const cols = Math.max(b.align.length, ...b.rows.map((r) => r.length));
    const cells = b.rows.map((r, k) => r.map((c) => (k < b.head ? [{ kind: 'emph', children: c.children } as Inline] : c.children)));
    const widest = new Array<number>(cols).fill(0);
    const longestWord = new Array<number>(cols).fill(0);
    const least = new Array<number>(cols).fill(0);
    const prose = new Array<number>(cols).fill(0);
    const bodyRows: CellWidths[][] = cells.slice(b.head).map(() => []);
    const spans = cellSpans(b);
    const heads: { c: number; n: number; width: number }[] = [];
    cells.forEach((r, k) =>
      r.forEach((inlines, c) => {
        // Its lines as wide as they run (a line ends only at a hard break): on a measure no cell is wider
        // than, or one wider (a word of 25,000 characters, 1e5 pt) was set again with a break point at
        // every character, each kept active on the ragged line (19 s; 40,000 characters: 62 s).
        const oneLine = this.setLines(inlines, { ...ctx, measure: UNBOUNDED }, { indent: 0, align: 'left', hyphenate: false, style: base });
        const width = Math.max(0, ...oneLine.map((l) => l.width));
        // A cell over several columns (a head over a group, a row's one sentence) widens none of them: it is set across them all.
        const spanned = spans[k][c] > 1;
        if (!spanned) widest[c] = Math.max(widest[c], width);
        else heads.push({ c, n: spans[k][c], width });
        const face = k < b.head ? (base.face === 'italic' ? 'regular' : 'italic') : base.face;
        const words = plainText(inlines).split(/\s+/).filter(Boolean);
        for (const w of words) longestWord[c] = Math.max(longestWord[c], this.ts.measure(w, face, base.size, base.features));
        // Where a cell stands on one line and could stand in two within the measure, the width that sets it in two.
        if (k >= b.head) bodyRows[k - b.head][c] = spanned ? { one: 0, two: Infinity } : { one: width, two: oneLine.length === 1 && words.length > 1 && width < 2 * ctx.measure ? this.twoLines(words, face, base) : Infinity };
        // A short label in the body ('White bread', 'Men's clothing') is kept on one line when the measure
        // allows; headers may wrap, as books' column heads do ('Steel / (million tonnes)').
        least[c] = Math.max(least[c], longestWord[c], !spanned && k >= b.head && words.length <= SHORT_LABEL_WORDS && oneLine.length === 1 ? width : 0);
        // A sentence in the body is given a readable measure (or its one line, if shorter), not cut to a word a line.
        if (!spanned && k >= b.head && words.length > SHORT_LABEL_WORDS) prose[c] = Math.max(prose[c], Math.min(width, PROSE_MIN_COLUMN * base.size));
      }),
    );
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    // The space between columns is an em; a table whose words, labels and sentences do not fit side by
    // side so closes it up first, down to half an em (ten columns of pounds, shillings and pence:
    // 'Average Price' whole, in the book's size), then is set smaller (down to 7 pt), as code is, rather
    // than cut every word or set its sentences a word a line; widths and the space between columns
    // shrink with the type.
    const floor = longestWord.map((w, c) => Math.max(w, prose[c]));
    const plan = (measure: number) => {
      const em = cols > 1 ? Math.min(1, Math.max(MIN_COLUMN_GAP, (measure - sum(least.map((w, c) => Math.max(w, prose[c])))) / (base.size * (cols - 1)))) : 1;
      const fitOf = (mins: number[]) => measure / (sum(mins) + em * base.size * (cols - 1));
      const fit = fitOf(floor);
      const k = fit >= 1 ? 1 : Math.max(MIN_TABLE_SIZE / base.size, fit);
      return { em, k, cut: k > fitOf(longestWord) };
    };
    // A table whose words would be cut on the page is set broadside when the text block's height
    // holds it whole: turned a quarter, its top at the page's left, on pages of its own that float as
    // figures do, a quote's or a list's indent left behind. A note's stays in the note, at the foot.
    const frame = this.g.lines * L;
    const upright = ctx.measure;
    const portrait = plan(upright);
    const broadside = portrait.cut && !ctx.inNote ? plan(frame) : undefined;
    const turned = broadside !== undefined && !broadside.cut;
    const at: Ctx = turned ? { ...ctx, x: 0, measure: frame } : ctx;
    const { em, k, cut } = turned ? broadside : portrait;
    if (cut) this.warn(b.span, 'pdf-table-too-wide', `this table's columns do not fit the page side by side even at ${MIN_TABLE_SIZE} pt, ${ctx.inNote ? "and a note's table is not turned" : 'nor turned broadside'}: its longest words are broken across lines`, 'leave out a column, or shorten the longest words');
    const st: TextStyle = k === 1 ? base : { ...base, size: base.size * k, leading: base.leading * k };
    const gap = em * st.size;
    const avail = at.measure - gap * (cols - 1);
    const widths = columnWidths(widest.map((w) => w * k), longestWord.map((w) => w * k), avail, least.map((w) => w * k), prose.map((w) => w * k), bodyRows.map((r) => r.map((w) => ({ one: w.one * k, two: w.two * k }))));
    // What the measure leaves widens the columns under a head set across them, towards its one line
    // (shared in proportion to what each lacks), so that the head is not set a word a line over figures.
    const spanWidth = (h: { c: number; n: number }) => sum(widths.slice(h.c, h.c + h.n)) + gap * (h.n - 1);
    const lacks = heads.map((h) => Math.max(0, h.width * k - spanWidth(h)));
    const share = Math.min(1, Math.max(0, avail - sum(widths)) / (sum(lacks) || 1));
    heads.forEach((h, i) => {
      const add = Math.min(lacks[i] * share, Math.max(0, h.width * k - spanWidth(h)), Math.max(0, avail - sum(widths)));
      for (let j = h.c; j < h.c + h.n; j++) widths[j] += add / h.n;
    });
    const total = sum(widths) + gap * (cols - 1);
    const xs: number[] = [];
    let x = at.x + Math.max(0, (at.measure - total) / 2);
    for (const w of widths) {
      xs.push(x);
      x += w + gap;
    }
    // In a right-to-left book the first column stands at the right.
    if (languageDirection(this.book.meta.language) === 'rtl') xs.forEach((left, c) => (xs[c] = 2 * at.x + at.measure - left - widths[c]));
    const tableNode: StructNode = { type: 'Table', parent: at.parent };
    // Off the grid as a whole (half-line spaces around it), snapped back to it after, as code and figures are.
    const group = this.newGroup(at);
    // Where each line of each row begins in the text (cell id, offset), for a row cut across pages.
    const lineStarts: { line: number; blockId: string; offset: number }[][] = [];
    const boxes = cells.map((r, row): Box => {
      const starts: { line: number; blockId: string; offset: number }[] = [];
      lineStarts.push(starts);
      const rowNode: StructNode = { type: 'TR', parent: tableNode };
      // Never fewer than two body rows on either side of a page break, nor a break after the header.
      const body = row - b.head;
      const breakBefore = row === 0 ? 0 : row < b.head || body < 2 || cells.length - row < 2 ? Infinity : 0;
      const box: Box = { height: st.leading, before: 0, after: 0, group, breakBefore, notes: [], items: [], anchors: [] };
      let rowLines = 1;
      r.forEach((inlines, c) => {
        const cell = b.rows[row][c];
        const node: StructNode = { type: row < b.head ? 'TH' : 'TD', parent: rowNode };
        const span = spans[row][c];
        const align = span > 1 ? (b.align[c] === 'center' ? 'center' : 'left') : b.align[c] || 'left';
        const measure = xs[c + span - 1] + widths[c + span - 1] - xs[c];
        // Words are divided only in columns of running prose: a narrow column keeps them whole.
        const hyphenate = measure >= PROSE_COLUMN * st.size;
        const lines = this.setLines(inlines, { ...at, x: xs[c], measure }, { indent: 0, align, style: st, span: cell.span, hyphenate });
        rowLines = Math.max(rowLines, lines.length);
        lines.forEach((line, i) => {
          const y = i * st.leading;
          starts.push({ line: i, blockId: cell.id, offset: line.start });
          box.items.push({ kind: 'line', x: xs[c], y: y + baselineIn(st.leading), line: this.pack(line), node });
          for (const a of line.runs.flatMap((run) => run.anchors ?? [])) {
            box.anchors.push(a);
            box.items.push({ kind: 'dest', id: a, y });
            if (!at.inNote) this.attachNote(box, a);
          }
        });
        if (!box.start && lines[0] && !at.inNote) box.start = { blockId: cell.id, offset: lines[0].start };
      });
      box.height = rowLines * st.leading;
      return box;
    });
    if (boxes.length === 0) return;
    const x1 = Math.min(...xs);
    if (b.caption) {
      // The caption above the table, centred on it, kept with the header and the first rows.
      const cst = this.st.caption;
      const cctx: Ctx = { ...at, group, style: cst };
      // Centred, as a heading is, and so not hyphenated (see the figure's caption).
      const lines = this.setLines(b.caption.children, cctx, { indent: 0, align: 'center', hyphenate: false, span: b.caption.span });
      const caps = this.lineBoxes(lines, cctx, { type: 'Caption', parent: tableNode }, b.caption.id, cst, plainText(b.caption.children));
      caps[caps.length - 1].after = L / 3;
      for (const c of caps.slice(1)) c.breakBefore = Infinity;
      boxes[0].breakBefore = Infinity;
      boxes.unshift(...caps);
    }
    // A numbered table is a link target ('#table-2'), and a listed one the List of Tables' (by its caption's id): at its caption.
    const dest = b.id || (b.caption && this.book.lists.some((l) => l.kind === 'tables') ? b.caption.id : '');
    if (dest) {
      boxes[0].items.push({ kind: 'dest', id: dest, y: 0 });
      boxes[0].anchors.push(dest);
    }
    const x2 = Math.max(...xs.map((left, c) => left + widths[c]));
    const rule = (box: Box, y: number, thickness: number): void => void box.items.push({ kind: 'rule', x1, x2, y, thickness });
    const rows = boxes.slice(boxes.length - cells.length);
    // A row's depth below its baseline (a quarter of its leading) is about a descender's: a rule at its foot
    // struck the y and p of 'each year', 'present times' (Smith's corn prices). The rule under the header
    // stands clear of its descenders and of the first row's capitals (HEAD_RULE), the header's last row
    // made as much taller as that needs (drawn again so on each page the table runs on to); the rule below
    // the table (in the half line after it) as far under the last row as booktabs sets it.
    rule(rows[0], 0, 0.6);
    if (b.head > 0 && b.head < rows.length) {
      const last = rows[b.head - 1];
      const baseline = last.height - st.leading + baselineIn(st.leading);
      // A note's lines are whole lines of its leading, which the foot of the page is cut and filled by (a table
      // in a note split between two page feet): there the rule stands midway between the header and the first row.
      const room = at.inNote ? 0 : HEAD_RULE.space;
      const y = at.inNote
        ? baseline + (st.leading - (HEAD_RULE.descender + HEAD_RULE.ascender) * st.size) / 2 + HEAD_RULE.descender * st.size
        : baseline + (HEAD_RULE.descender + room) * st.size + HEAD_RULE.thickness / 2;
      const firstBaseline = y + HEAD_RULE.thickness / 2 + (room + HEAD_RULE.ascender) * st.size;
      if (!at.inNote) last.height += Math.max(0, firstBaseline - baselineIn(st.leading) - last.height);
      rule(last, y, HEAD_RULE.thickness);
    }
    rule(rows[rows.length - 1], rows[rows.length - 1].height + FOOT_RULE_DROP * st.size, 0.6);
    // A page that begins inside the body repeats the header above its first row (as an artifact: the
    // header's text and links are tagged once, where it first stands).
    if (b.head > 0 && b.head < rows.length - 1) {
      const items: Placed[] = [];
      let top = 0;
      for (const h of rows.slice(0, b.head)) {
        for (const it of shift(h.items, top)) if (it.kind !== 'dest' && it.kind !== 'link') items.push({ ...it, node: undefined } as Placed);
        top += h.height;
      }
      for (const row of rows.slice(b.head + 1)) row.continued = { height: top, items };
    }
    // A row taller than a page goes on over the next pages in pieces (it ran off the paper).
    const headHeight = boxes.slice(0, b.head).reduce((h, x) => h + x.height, 0);
    const pageHeight = turned ? upright : this.g.lines * L;
    const maxLines = Math.max(1, Math.floor((pageHeight - headHeight) / st.leading) - 2);
    const continued = boxes[b.head + 1]?.continued ?? boxes.at(-1)?.continued;
    const pieces = boxes.flatMap((box, row) => (row < b.head ? [box] : this.cutRow(box, lineStarts[row], st.leading, maxLines, continued)));
    if (turned) this.broadside(pieces, frame, pageHeight);
    else this.pushBlock(pieces, L / 2, L / 2);
    this.indentNext = true;
  }

  /**
   * A broadside table's boxes (laid out on a frame as wide as the text block is high) stacked into
   * frames as high as the measure, each on a page of its own: a box that floats as a figure does, its
   * items turned. A frame after the first begins with the table's header, repeated.
   */
  private broadside(boxes: Box[], width: number, height: number): void {
    // The notes its cells cite go at the foot of the text page before it (the turned pages hold the
    // table alone), where a reader turning the book back finds them; its marks link to them.
    const notes = boxes.flatMap((b) => b.notes);
    let before = this.flow.boxes.length - 1;
    while (before >= 0 && this.flow.boxes[before].float) before--;
    if (before >= 0) this.flow.boxes[before].notes.push(...notes);
    else this.notesAhead.push(...notes);
    let frame: Box | undefined;
    let items: Placed[] = [];
    let y = 0;
    const close = () => {
      if (!frame) return;
      frame.items.push({ kind: 'turned', x: 0, y: 0, width, height, items });
      this.push(frame);
    };
    for (const box of boxes) {
      const h = (frame ? box.before : 0) + box.height + box.after;
      if (!frame || (y + h > height + 1e-6 && y > 0)) {
        close();
        frame = { height: width, before: 0, after: 0, group: this.groups++, breakBefore: 0, notes: [], anchors: [], items: [], float: 1, start: box.start };
        items = [];
        y = 0;
        if (box.continued && box !== boxes[0]) {
          items.push(...box.continued.items);
          y = box.continued.height;
        }
      } else y += box.before;
      items.push(...shift(box.items, y));
      frame.anchors.push(...box.anchors);
      frame.start ??= box.start;
      y += box.height + box.after;
    }
    close();
    // A lead-in's keep ('as follows:') went with the table, which floats: nothing is kept with its pages.
    this.keepNext = false;
  }

  private figure(b: Extract<Block, { kind: 'figure' }>, ctx: Ctx): void {
    const L = this.g.leading;
    // The loader checked the file and resolved it (src is the Markdown's, possibly percent-encoded).
    const path = b.asset?.path ?? '';
    const px = b.asset;
    const node: StructNode = { type: 'Figure', parent: ctx.parent, alt: b.alt || plainText(b.caption) };
    const group = this.newGroup(ctx);
    const boxes: Box[] = [];
    const caps: Box[] = [];
    if (b.caption.length > 0) {
      const cst = this.st.caption;
      const cctx: Ctx = { ...ctx, group, style: cst };
      // Centred, as a heading is, its lines balanced and its words kept whole: 'Figure 2. The comet’s path among
      // the plan-|ets, from infinite space towards the Sun.' (Omega) was cut as a justified line is.
      const lines = this.setLines(b.caption, cctx, { indent: 0, align: 'center', hyphenate: false, span: b.span });
      // A caption that only repeats the alt text (no title given) is drawn but not tagged: read once, as the Figure's alt.
      const repeats = plainText(b.caption).trim() === (b.label ? `${b.label} ${b.alt.trim()}` : b.alt).trim();
      caps.push(...this.lineBoxes(lines, cctx, repeats ? undefined : { type: 'Caption', parent: node }, undefined, cst));
      for (const c of caps) c.breakBefore = Infinity;
    }
    if (!px) {
      this.warn(b.span, 'pdf-image-unreadable', `the image ${b.src} is not a PNG or JPEG that can be read; the PDF shows its caption only`, 'use a PNG or JPEG file');
    } else {
      // As wide as the editor asked ({width=60%}), or as its own size says (an SVG's in CSS pixels, 96 an
      // inch, as the EPUB shows it; a photograph's at 150 pixels an inch), never wider than the measure nor
      // taller than the text block less its caption and three lines, so that a page it heads keeps two
      // lines of text (a figure that does not fit where it stands floats to the head of the next page).
      const asked = b.width && ('share' in b.width ? b.width.share * ctx.measure : b.width.points);
      let w = Math.min(ctx.measure, asked ?? pointSize(px).width);
      let h = (w * px.height) / px.width;
      const captionHeight = caps.length ? L / 3 + caps.reduce((sum, c) => sum + c.height, 0) : 0;
      const maxH = (this.g.lines - 4) * L - captionHeight;
      if (h > maxH) {
        w = (w * maxH) / h;
        h = maxH;
      }
      boxes.push({ height: h, before: 0, after: 0, group, breakBefore: 0, notes: [], anchors: [], items: [{ kind: 'image', path, x: ctx.x + (ctx.measure - w) / 2, y: 0, width: w, height: h, node }] });
      if (caps[0]) caps[0].before = L / 3;
    }
    boxes.push(...caps);
    if (boxes[0]) {
      boxes[0].breakBefore = 0;
      boxes[0].items.push({ kind: 'dest', id: b.id, y: 0 });
      boxes[0].anchors.push(b.id);
      // Figures in the run of the text float; those in quotes, lists and notes stay where they stand.
      // A figure in a sentence (held) stays too.
      if (ctx.group < 0 && !ctx.inNote && boxes.length > 0 && px && !this.held) boxes[0].float = boxes.length;
    }
    this.pushBlock(boxes, ctx.group < 0 ? L : 0, ctx.group < 0 ? L : 0);
  }
}

/** A paragraph that ends in a colon (a lead-in: 'He wrote:'), closing quotes and brackets aside. */
function endsInColon(inlines: Inline[]): boolean {
  // A colon and a dash (':—', the older lead-in: 'runs thus:—') is one too.
  return /:[\s\u2060\u201d\u2019"')\]]*[\u2014\u2013]?\s*$/.test(plainText(inlines));
}

const BALANCE_MAX_LINES = 6;

/**
 * A centred heading of several lines set as narrow as it can be without taking another line, so its
 * lines come out nearly equal ('The Legacies and Heirs / of JV Stalin', not '… Heirs of JV / Stalin').
 * The lines are shifted back to centre on the full measure.
 */
function balanced(lines: Line[], measure: number, set: (measure: number) => Line[]): Line[] {
  let lo = measure / 2;
  let hi = measure;
  let best = lines;
  let bestMeasure = measure;
  for (let i = 0; i < 8; i++) {
    const mid = (lo + hi) / 2;
    const trial = set(mid);
    if (trial.length === lines.length && !trial.some((l) => l.overfull)) {
      best = trial;
      bestMeasure = mid;
      hi = mid;
    } else lo = mid;
  }
  const dx = (measure - bestMeasure) / 2;
  return dx === 0 ? best : best.map((l) => ({ ...l, runs: l.runs.map((r) => ({ ...r, x: r.x + dx })) }));
}

/** The endnotes' flow (see FlowBuilder.endnotes), laid out after the body's. */
export function endnotesFlow(book: Book, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines): Flow {
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  fb.endnotes();
  return fb.flow;
}

/**
 * The body of the book as one stream of boxes, from the opening page to the last paragraph; or of its
 * blocks from `from` to `to` alone (its front matter's text, and the text after it: see frontMatterEnd).
 */
export function bodyFlow(book: Book, g: Geometry, st: Styles, ts: Typesetter, diags: Diagnostics, packed?: PackedLines, from = 0, to = book.blocks.length): Flow {
  const fb = new FlowBuilder(book, g, st, ts, diags, packed);
  if (!book.packet) {
    const blocks = from === 0 && to === book.blocks.length ? book.blocks : book.blocks.slice(from, to);
    const first = blocks[0];
    if (from === 0 && leadingEpigraphs(book.blocks) > 0 && frontMatterEnd(book) > 0) fb.mottoPage();
    else if (!(first?.kind === 'heading' && first.level === 1)) fb.titleOpening();
    fb.blocks(blocks, fb.rootCtx());
    return fb.flow;
  }
  // A packet: each text opens on a new recto, its messages in its own file.
  for (const [k, t] of book.texts.entries()) {
    if (t.from < from || t.to > to) continue;
    fb.file = t.file;
    if (t.part) fb.partPage(t.part);
    fb.textOpening(t, k);
    const blocks = book.blocks.slice(t.from, t.to);
    fb.openingChapter = blocks[0]?.kind === 'heading' && blocks[0].level === 1 ? blocks[0].id : undefined;
    fb.blocks(blocks, fb.rootCtx());
  }
  return fb.flow;
}


/**
 * Column widths within `avail`: every column as wide as its longest line if they all fit; else the
 * columns narrower than an even share of what is left keep their longest line (short columns of
 * figures and names are not broken), and the others share the rest in proportion to their longest
 * lines, never narrower than their minimum (their longest word, raised first to their `prose` measure
 * where they hold sentences, then to their short `labels` whole where the measure allows, the cheapest
 * columns first); squeezed in proportion if even the words do not fit. Beside a column of running prose
 * (a line longer than all the space left), the other columns are first widened to set their cells (the
 * body `rows`' widths in one line and in two) in fewer lines, where the prose keeps its minimum and the
 * table grows by no more lines than the labels lose: the prose takes what is left, as LaTeX's tabularx
 * gives an X column the rest.
 */
export function columnWidths(
  widest: readonly number[],
  longestWord: readonly number[],
  avail: number,
  labels: readonly number[] = longestWord,
  prose: readonly number[] = longestWord,
  rows: readonly (readonly (CellWidths | undefined)[])[] = [],
): number[] {
  const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);
  if (sum(widest) <= avail) return [...widest];
  const least = sum(longestWord);
  if (least >= avail) return longestWord.map((w) => (w * avail) / least);
  // Each column's minimum: its longest word; raised towards its sentences' measure, before any label
  // (a label wraps before a sentence is set a word a line), sharing what is left if they do not all fit;
  // then to its short labels whole column by column, the cheapest first, while the columns' minimums fit.
  const want = longestWord.map((w, c) => Math.max(0, prose[c] - w));
  const share = Math.min(1, (avail - least) / (sum(want) || 1));
  const min = longestWord.map((w, c) => w + want[c] * share);
  const byCost = [...widest.keys()].sort((a, b) => labels[a] - longestWord[a] - (labels[b] - longestWord[b]) || a - b);
  // (A hair's tolerance: a table whose column gap was closed up to fit its labels exactly fits them.)
  for (const c of byCost) if (labels[c] > min[c] && sum(min) + labels[c] - min[c] <= avail + 1e-6) min[c] = labels[c];
  const widths = widest.map(() => 0);
  const open = new Set(widest.keys());
  let left = avail;
  for (let settled = true; settled && open.size > 0; ) {
    settled = false;
    const share = left / open.size;
    for (const c of open) {
      if (widest[c] <= share) {
        widths[c] = widest[c];
        left -= widest[c];
        open.delete(c);
        settled = true;
      }
    }
  }
  // The wide columns: in proportion to their longest lines, each at least its minimum.
  const proportion = (into: number[], cols: number[], room: number) => {
    for (let rest = cols; rest.length > 0; ) {
      const total = rest.reduce((x, c) => x + widest[c], 0);
      const short = rest.filter((c) => (widest[c] * room) / total < min[c]);
      if (short.length === 0) {
        for (const c of rest) into[c] = (widest[c] * room) / total;
        return;
      }
      for (const c of short) {
        into[c] = min[c];
        room -= min[c];
      }
      rest = rest.filter((c) => !short.includes(c));
    }
  };
  proportion(widths, [...open], left);
  // Beside running prose (a column whose longest line is wider than all the room left), that share gives
  // the prose nearly all and may cut a label column a word a line ('Seasteeks, / full-packed / barrels'):
  // the other columns are widened, the narrowest steps first, to set a cell in two lines, then in one
  // ('Herrings, white, per barrel'), where the prose keeps its minimum and the table grows by no more
  // lines than the labels lose (by an estimate of each cell's lines); the prose shares what is left.
  const sinks = [...open].filter((c) => widest[c] > left);
  const labelled = [...open].filter((c) => !sinks.includes(c));
  if (sinks.length === 0 || labelled.length === 0 || rows.length === 0) return widths;
  // What a step costs: the rows' lines (the table's height) and the labels' lines, a line of each alike.
  const cost = (w: readonly number[]) =>
    rows.reduce((h, r) => h + Math.max(1, ...r.map((cell, c) => estimateLines(cell, w[c]))) + labelled.reduce((x, c) => x + estimateLines(r[c], w[c]), 0), 0);
  let best = cost(widths);
  const steps = labelled
    .flatMap((c) => rows.flatMap((r) => (r[c] ? [r[c].two, r[c].one] : []).filter(Number.isFinite).map((w) => ({ c, w }))))
    .sort((a, b) => a.w - b.w || a.c - b.c);
  for (const { c, w } of steps) {
    if (w <= widths[c]) continue;
    const trial = [...widths];
    trial[c] = w;
    const room = left - labelled.reduce((x, l) => x + trial[l], 0);
    if (room < sinks.reduce((x, s) => x + min[s], 0) - 1e-6) continue;
    proportion(trial, sinks, room);
    const h = cost(trial);
    if (h > best) continue;
    best = h;
    widths.splice(0, widths.length, ...trial);
  }
  return widths;
}

/** A table cell's widths on one line and in two (Infinity where it is not set in two). */
export interface CellWidths {
  one: number;
  two: number;
}

/** Lines a cell takes at `width`, as a measure of a row's height: known in one or two, estimated beyond (a line fills nine tenths). */
function estimateLines(cell: CellWidths | undefined, width: number): number {
  if (!cell || cell.one <= width + 1e-6) return 1;
  if (cell.two <= width + 1e-6) return 2;
  return Math.max(Number.isFinite(cell.two) ? 3 : 2, Math.ceil(cell.one / (0.9 * width)));
}

/**
 * The costs of page breaks between a stanza's lines (see STANZA_BREAK): `boxes` are its line boxes,
 * one for each of `lines`, set from `text` (the paragraph's plain text, where a line broken by hand
 * ends in '\n'). Breaks that widows and orphans forbid stay forbidden.
 */
function stanzaBreaks(boxes: Box[], lines: readonly Line[], text: string): void {
  for (let k = 1; k < boxes.length && k < lines.length; k++) {
    if (boxes[k].breakBefore === Infinity) continue;
    // The line broken by hand before this one: back over the spaces (no-break ones too) to the break.
    let at = lines[k].start - 1;
    while (at >= 0 && (text[at] === ' ' || text[at] === '\u00a0')) at--;
    const cost = text[at] !== '\n' ? TURNOVER_BREAK : PAUSE.test(text.slice(lines[k - 1].start, at)) ? STANZA_BREAK_AT_PAUSE : STANZA_BREAK;
    // A quatrain split two and two is no stanza on either page, nor a sonnet's last three lines a sestet.
    const piece = Math.min(k, boxes.length - k) < Math.max(STANZA_PIECE, boxes.length / 3) ? POEM_PIECE_BREAK : 0;
    boxes[k].breakBefore = Math.max(boxes[k].breakBefore, cost + piece);
  }
}

/**
 * A poem's boxes `from`..`to` (its stanzas' lines): if it is no taller than a page (`page` points), a
 * break leaving fewer than POEM_PIECE of its lines on either side costs POEM_PIECE_BREAK more. (A
 * longer poem's first or last lines are a paragraph's: a canto's first tercet may end a page.)
 */
function poemPieces(boxes: Box[], from: number, to: number, page: number): void {
  let height = 0;
  for (let k = from; k < to; k++) height += boxes[k].height + (k > from ? boxes[k].before : 0);
  if (height > page + 1e-6) return;
  for (let k = from + 1; k < to; k++) {
    if (boxes[k].breakBefore === Infinity || Math.min(k - from, to - k) >= POEM_PIECE) continue;
    boxes[k].breakBefore += POEM_PIECE_BREAK;
  }
}
