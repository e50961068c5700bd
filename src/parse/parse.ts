import type { Token } from 'markdown-it';
import type { Diagnostics } from '../diagnostics.js';
import { LineIndex } from '../lines.js';
import { quote } from '../load/quote.js';
import { stripForbidden } from '../load/read.js';
import { isBlank, plainText, walkBlocks, type FigureWidth, type Inline, type Note, type ParsedBlock, type Span, type TableCell } from '../model/index.js';
import type { FootnoteEnv } from './footnote-tail.js';
import { createMarkdown, tokenOffset, type ParseEnv } from './markdown.js';
import { LANGUAGE, parseAttributes, readMarker, reportForeignAttributes, type ForeignAttributes, type SpanMeta } from './spans.js';
import { restoreSubheads } from './subheads.js';
import { cellLines } from './tables.js';

export interface ParsedBody {
  blocks: ParsedBlock[];
  notes: Note<''>[];
}

/** Emphasis, links and spans nested deeper than this are kept as their text only. */
const MAX_INLINE_DEPTH = 32;

interface Context {
  file: string;
  /** Lines of the whole file before the body: body line n (from 0) is file line n + 1 + offset. */
  lineOffset: number;
  bodyLines: string[];
  diags: Diagnostics;
  /** Footnote index (markdown-it's) → our note, numbered by first reference. */
  notes: Map<number, Note<''>>;
  refCount: number;
  env: ParseEnv & { footnotes?: FootnoteEnv };
  /** Where content that markdown-it gives no line (an inline footnote `^[…]`) is reported. */
  fallback?: Span;
  /** Definition line (file, from 1) of each footnote label, found on first use. */
  noteDefinitions?: Map<string, Span>;
  /** markdown-it's index of the inline note `^[…]` being converted, if it is one. */
  inInlineNote?: number;
  /** The parser of figures' titles, made for the first one. */
  prose?: (text: string, at: Span) => Inline[];
  /** Where each fenced div opens, said once for all (see reportDivs). */
  divs?: { at: Span; info: string }[];
  /** Span classes and attributes that mean nothing here, said once each (spans.ts). */
  foreignAttributes?: ForeignAttributes;
  /** The source's page numbers left out (`.pagenum` spans): the first's place and how many, said once. */
  pageNumbers?: { at: Span; count: number };
  /** `\--` in the text (a conversion's escaped typewriter dash): the first's place and how many, said once. */
  escapedDashes?: { at: Span; count: number };
}

/**
 * Markdown body → model blocks. Never throws on any input: what it cannot keep becomes a
 * diagnostic. markdown-it's tokens are converted here and go no further (see STYLE.md).
 * Ids are left empty; the ids transform fills them. Every string in the model is free of the
 * characters XML forbids (the reader has warned about them, at their file positions).
 */
export function parseBody(file: string, body: string, lineOffset: number, diags: Diagnostics): ParsedBody {
  const md = createMarkdown();
  const env: Context['env'] = {};
  const tokens = md.parse(body, env as Record<string, unknown>);
  const ctx: Context = { file, lineOffset, bodyLines: body.split('\n'), diags, notes: new Map(), refCount: 0, env };
  if (env.dropped !== undefined) {
    const p = new LineIndex(body).position(env.dropped);
    diags.error(file, p.line + lineOffset, p.column, 'nesting-too-deep',
      `block quotes or lists nest more than ${md.options.maxNesting} levels deep here: the parser would drop the text inside`,
      'flatten the nesting: no text needs more than a few levels of quotes or lists');
  }
  for (const w of env.tableWarnings ?? []) diags.warn(file, w.line + 1 + lineOffset, w.column, w.rule, w.message, w.hint);
  const { blocks, noteTokens } = convertBlocks(tokens, ctx);
  // A note can be referenced only from another note: convert until no referenced note is left.
  const converted = new Set<number>();
  for (let more = true; more; ) {
    more = false;
    for (const [index, toks] of noteTokens) {
      const note = ctx.notes.get(index);
      if (!note || converted.has(index)) continue;
      converted.add(index);
      more = true;
      ctx.fallback = note.span;
      const label = env.footnotes?.list?.[index]?.label;
      ctx.inInlineNote = label === undefined ? index : undefined;
      const defined = label === undefined ? undefined : definitionOf(label, ctx);
      if (defined) note.span = defined;
      note.children = convertBlocks(toks, ctx).blocks;
    }
  }
  ctx.fallback = undefined;
  ctx.inInlineNote = undefined;
  reportUnusedNotes(ctx);
  reportDivs(ctx);
  if (ctx.foreignAttributes) reportForeignAttributes(ctx.foreignAttributes, ctx.file, ctx.diags);
  reportPageNumbers(ctx);
  reportEscapedDashes(ctx);
  reportDuplicateNotes(ctx);
  const notes = numberInReadingOrder(blocks, [...ctx.notes.values()]);
  for (const note of notes) note.id = `note-${note.number}`;
  return { blocks, notes };
}

/**
 * The notes renumbered as a reader meets them, as LaTeX numbers a \footnote inside a \footnote: the
 * body's in the order of their first reference, and a note cited only inside another note right after
 * the note that cites it (the parser met all the body's marks first, which put such a note after the
 * text's last). The marks take the new numbers; the notes come back in that order.
 */
function numberInReadingOrder(blocks: ParsedBlock[], notes: Note<''>[]): Note<''>[] {
  const byNumber = new Map(notes.map((n) => [n.number, n]));
  const inBody = new Set<Note<''>>();
  const refs: Extract<Inline, { kind: 'noteRef' }>[] = [];
  const order = new Set<Note<''>>();
  const visit = (list: readonly ParsedBlock[], inlines: (l: readonly Inline[]) => void) => {
    for (const b of walkBlocks(list)) {
      if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
      else if (b.kind === 'figure') inlines(b.caption);
    }
  };
  const marks = (list: readonly Inline[], each: (r: Extract<Inline, { kind: 'noteRef' }>) => void) => {
    for (const n of list) {
      if (n.kind === 'noteRef') each(n);
      else if ('children' in n) marks(n.children, each);
    }
  };
  visit(blocks, (l) => marks(l, (r) => inBody.add(byNumber.get(r.number)!)));
  const reach = (note: Note<''> | undefined, fromNote: boolean) => {
    if (!note || order.has(note) || (fromNote && inBody.has(note))) return;
    order.add(note);
    visit(note.children, (l) => marks(l, (r) => reach(byNumber.get(r.number), true)));
  };
  visit(blocks, (l) => marks(l, (r) => reach(byNumber.get(r.number), false)));
  for (const n of notes) order.add(n);
  const renumbered = new Map([...order].map((n, i) => [n.number, i + 1]));
  const collect = (list: readonly ParsedBlock[]) => visit(list, (l) => marks(l, (r) => refs.push(r)));
  collect(blocks);
  for (const n of notes) collect(n.children);
  for (const r of refs) {
    r.number = renumbered.get(r.number)!;
    r.noteId = `note-${r.number}`;
  }
  for (const n of order) n.number = renumbered.get(n.number)!;
  return [...order];
}

/**
 * A parser for the front matter's prose values (see Meta): inline Markdown (`*The Reporter*`, links,
 * `[…]{lang=de}`) as model inlines, by the same converter as the body's. Problems (a refused link,
 * raw HTML) stand at `at`, the value's place in the file.
 */
export function proseParser(file: string, diags: Diagnostics): (text: string, at: Span) => Inline[] {
  const md = createMarkdown();
  // No notes and no images on the front pages: `[^1]` and `![x](y)` stay as written.
  md.inline.ruler.disable(['footnote_ref', 'footnote_inline', 'image'], true);
  return (text, at) => {
    const env: Context['env'] = {};
    const [inline] = md.parseInline(text, env as Record<string, unknown>);
    const ctx: Context = { file, lineOffset: 0, bodyLines: [], diags, notes: new Map(), refCount: 0, env, fallback: at };
    const inlines = trimEnds(convertInlines(inline, ctx));
    if (ctx.foreignAttributes) reportForeignAttributes(ctx.foreignAttributes, file, diags);
    reportPageNumbers(ctx);
    return inlines;
  };
}

/** Longer than this, a heading is most likely a paragraph with a `#` before it. */
const LONG_HEADING = 300;

/**
 * CommonMark counts a list on from its first number; the numbers written are kept where they go one
 * way without counting (years: `1917.` `1920.` `1924.`), or the edition would print years nobody
 * wrote. Numbers that count (`3.` `4.`) or repeat (`1.` `1.` `1.`, written to be counted) are counted.
 */
function writtenNumbersKept(numbers: number[]): boolean {
  if (numbers.length < 2 || !numbers.every(Number.isSafeInteger)) return false;
  const steps = numbers.slice(1).map((n, i) => n - numbers[i]);
  return (steps.every((d) => d > 0) || steps.every((d) => d < 0)) && !steps.every((d) => d === 1);
}

/** A warning at a position (the sink caps each rule: see Diagnostics.warn). */
function warn(ctx: Context, rule: string, at: Span, message: string, hint?: string): void {
  ctx.diags.warn(ctx.file, at.line, at.column, rule, message, hint);
}

/** File line (from 1) of a body line (from 0), and the text of a file line. */
const fileLine = (bodyLine: number, ctx: Context) => bodyLine + 1 + ctx.lineOffset;
const lineText = (line: number, ctx: Context) => ctx.bodyLines[line - 1 - ctx.lineOffset] ?? '';

/** Position of a block token: its first line, at the first character that is not indentation or `>`. */
function spanOf(tok: Token | undefined, ctx: Context): Span {
  if (!tok?.map) return ctx.fallback ?? { line: ctx.lineOffset + 1, column: 1 };
  const line = fileLine(tok.map[0], ctx);
  const lead = /^[\s>]*/.exec(lineText(line, ctx))![0].length;
  return { line, column: lead + 1 };
}

/**
 * Turns offsets in an inline token's content into file positions. markdown-it gives inline tokens
 * only the block's first line; each line of the content is its file line with indentation or
 * block-quote markers removed, so a column is found from where the content line stands in the file line.
 */
function positionsIn(inline: Token | undefined, ctx: Context): (offset: number) => Span {
  const map = inline?.map;
  if (!inline || !map) return () => ctx.fallback ?? { line: ctx.lineOffset + 1, column: 1 };
  let index: LineIndex | undefined;
  // A table cell's lines stand side by side with other cells': each one's place is on the token.
  const cell = cellLines(inline);
  if (cell?.length) {
    return (offset) => {
      index ??= new LineIndex(inline.content);
      const p = index.position(offset);
      const at = cell[Math.min(p.line, cell.length) - 1];
      return { line: fileLine(at.line, ctx), column: at.column + p.column };
    };
  }
  /** Per content line (from 1): how many columns the file line has before it. Found once per line. */
  const shifts = new Map<number, number>();
  return (offset) => {
    index ??= new LineIndex(inline.content);
    const p = index.position(offset);
    const line = fileLine(map[0] + p.line - 1, ctx);
    let shift = shifts.get(p.line);
    if (shift === undefined) {
      const start = index.lineStart(p.line);
      const end = inline.content.indexOf('\n', start);
      const contentLine = inline.content.slice(start, end < 0 ? undefined : end).trimEnd();
      shift = Math.max(contentLine ? lineText(line, ctx).lastIndexOf(contentLine) : 0, 0);
      shifts.set(p.line, shift);
    }
    return { line, column: shift + p.column };
  };
}

/** Converts a run of block tokens; footnote bodies are returned separately by markdown-it's index. */
function convertBlocks(tokens: Token[], ctx: Context): { blocks: ParsedBlock[]; noteTokens: Map<number, Token[]> } {
  const root: ParsedBlock[] = [];
  const noteTokens = new Map<number, Token[]>();
  // A stack of open containers; each holds the list its children go into.
  type Frame = { into: ParsedBlock[]; block?: ParsedBlock };
  const stack: Frame[] = [{ into: root }];
  const top = () => stack[stack.length - 1];
  // The fenced divs open here, each with the language it gives its blocks (`::: {lang=fr}`) and where they begin.
  const openDivs: { lang?: string; epigraph: boolean; id?: string; info: string; into: ParsedBlock[]; from: number; span: Span; warned?: { at: Span; info: string } }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open': {
        const inline = tokens[i + 1];
        const children = convertInlines(inline, ctx);
        const span = spanOf(t, ctx);
        const { short: written, anchor, unlisted, part, epubType } = headingAttributes(children);
        const short = written ?? titleWithoutMarks(children);
        // A paragraph with `---` straight under it is a heading (CommonMark's setext heading), which an
        // editor who meant a rule after the text does not see until the contents lists a paragraph.
        if (t.markup === '-' && t.map && (t.map[1] - t.map[0] > 2 || plainText(children).length > 100)) {
          warn(ctx, 'setext-heading', span, 'the --- under this paragraph makes it a heading, not text followed by a rule',
            'put a blank line before the ---, for a rule; or write the heading as ## Heading');
        } else if (!written && plainText(children).length > LONG_HEADING) {
          // Without a short title the contents, the bookmarks and the running head repeat it whole.
          warn(ctx, 'heading-too-long', span, `a heading of ${plainText(children).length} characters: the contents and the bookmarks give it whole`,
            'was a paragraph marked as a heading? Else give it a short title for the contents: # A long heading {short="Short"}');
        }
        if (plainText(children).trim() !== '') top().into.push({ kind: 'heading', level: Number(t.tag.slice(1)), id: '', children, ...(short ? { short } : {}), ...(anchor ? { anchor } : {}), ...(unlisted ? { unlisted } : {}), ...(part && t.tag === 'h1' ? { part } : {}), ...(epubType && t.tag === 'h1' ? { epubType } : {}), span });
        else if (children.length === 0) warn(ctx, 'heading-empty', span, 'a heading without text is left out', 'write its text after the #');
        else {
          // Only an image or a note mark: the contents would get an entry without words.
          warn(ctx, 'heading-without-text', span, 'a heading without words is set as a paragraph', 'write the heading’s words beside the image or note mark');
          top().into.push({ kind: 'paragraph', id: '', children, span });
        }
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const children = convertInlines(inline, ctx);
        // An image alone in its paragraph is a figure; so is each of a paragraph of images and nothing
        // else (pictures side by side, a converted book's music examples), which set in the line would
        // be as tall as the type.
        const images = children.filter((c): c is Extract<Inline, { kind: 'image' }> => c.kind === 'image');
        const pictures = !t.hidden && images.length > 0 && children.every((c) => c.kind === 'image' || (c.kind === 'text' && c.text.trim() === '') || c.kind === 'break');
        if (pictures) {
          const tokens = inline.children?.filter((c) => c.type === 'image') ?? [];
          images.forEach((only, k) => {
            const image = tokens[k];
            const title = image?.attrGet('title');
            // The caption is inline Markdown (italics for a title, as pandoc reads it), the title's or else the description's.
            const caption = title === null || title === undefined ? descriptionInlines(image, ctx, only.span) : (ctx.prose ??= proseParser(ctx.file, ctx.diags))(String(title), only.span);
            const asked = image?.attrGet('width');
            const width = asked === null || asked === undefined ? undefined : figureWidth(String(asked), only.span, ctx);
            top().into.push({ kind: 'figure', id: '', src: only.src, alt: only.alt, caption, span: only.span, ...(width ? { width } : {}) });
          });
        } else if (children.length > 0) {
          top().into.push({ kind: 'paragraph', id: '', children, span: spanOf(t, ctx), ...((t.meta as { lines?: true } | null)?.lines ? { lines: true as const } : {}) });
        }
        i += 2;
        break;
      }
      case 'blockquote_open': {
        const b: ParsedBlock = { kind: 'blockquote', children: [], span: spanOf(t, ctx) };
        top().into.push(b);
        stack.push({ into: b.children, block: b });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const start = Number(t.attrGet('start') ?? 1);
        const b: ParsedBlock = { kind: 'list', ordered: t.type === 'ordered_list_open', start: Number.isSafeInteger(start) ? start : 1, items: [], span: spanOf(t, ctx) };
        top().into.push(b);
        stack.push({ into: [], block: b });
        break;
      }
      case 'list_item_open': {
        const list = top().block;
        const item: ParsedBlock[] = [];
        if (list?.kind === 'list') {
          list.items.push(item);
          if (list.ordered) (list.numbers ??= []).push(Number(t.info));
        }
        stack.push({ into: item });
        break;
      }
      case 'ordered_list_close': {
        const list = top().block;
        if (list?.kind === 'list' && !writtenNumbersKept(list.numbers ?? [])) delete list.numbers;
        if (stack.length > 1) stack.pop();
        break;
      }
      case 'dl_open': {
        const b: ParsedBlock = { kind: 'definitions', items: [], span: spanOf(t, ctx) };
        top().into.push(b);
        stack.push({ into: [], block: b });
        break;
      }
      case 'dt_open': {
        // The plugin gives every term at least one definition: a dd follows each dt.
        const list = top().block;
        const term: TableCell<''> = { kind: 'paragraph', id: '', children: convertInlines(tokens[i + 1], ctx), span: spanOf(t, ctx) };
        if (list?.kind === 'definitions') list.items.push({ term, definitions: [] });
        i += 2;
        break;
      }
      case 'dd_open': {
        const list = top().block;
        const definition: ParsedBlock[] = [];
        if (list?.kind === 'definitions') list.items.at(-1)?.definitions.push(definition);
        stack.push({ into: definition });
        break;
      }
      case 'blockquote_close':
      case 'bullet_list_close':
      case 'list_item_close':
      case 'dl_close':
      case 'dd_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'fence':
      case 'code_block':
        top().into.push({ kind: 'code', id: '', text: stripForbidden(t.content.replace(/\n$/, '')), span: spanOf(t, ctx) });
        break;
      case 'hr':
        top().into.push({ kind: 'rule', span: spanOf(t, ctx) });
        break;
      case 'html_block': {
        // Comments are the author's notes to themselves: they go, without a word.
        if (HTML_COMMENTS.test(t.content)) break;
        const span = spanOf(t, ctx);
        warn(ctx, 'raw-html', span, `raw HTML ${quote(t.content.trim().split('\n')[0], 40)} is kept as visible text, not as markup`,
          'write it in Markdown, or remove it');
        const text = stripForbidden(t.content.replace(/(?<!\n)\n+$/, ''));
        if (text.trim()) top().into.push({ kind: 'paragraph', id: '', children: [{ kind: 'text', text }], span });
        break;
      }
      case 'table_open': {
        const table: ParsedBlock = { kind: 'table', id: '', head: 0, align: [], rows: [], span: spanOf(t, ctx) };
        top().into.push(table);
        let inHead = false;
        let row: TableCell<''>[] | undefined;
        const fallback = ctx.fallback;
        for (i++; i < tokens.length && tokens[i].type !== 'table_close'; i++) {
          const c = tokens[i];
          if (c.type === 'thead_open') inHead = true;
          else if (c.type === 'thead_close') inHead = false;
          else if (c.type === 'tr_open') {
            row = [];
            table.rows.push(row);
            if (inHead) table.head++;
            // Cells' inline tokens carry no line of their own: their words are reported on their row's.
            ctx.fallback = spanOf(c, ctx);
          } else if ((c.type === 'th_open' || c.type === 'td_open') && row) {
            const style = String(c.attrGet('style') ?? '');
            const align = /text-align:(left|center|right)/.exec(style)?.[1] as 'left' | 'center' | 'right' | undefined;
            if (table.rows.length === 1) table.align.push(align ?? '');
            const first = cellLines(tokens[i + 1])?.[0];
            const span = first ? { line: fileLine(first.line, ctx), column: first.column + 1 } : ctx.fallback ?? table.span;
            row.push({ kind: 'paragraph', id: '', children: convertInlines(tokens[i + 1], ctx), span });
            i += 2;
          }
        }
        ctx.fallback = fallback;
        // A header row without words (`| | |` over the delimiter row, a common way to write a table
        // without headers) is no header: both editions would give screen readers empty header cells.
        if (table.head > 0 && table.rows.slice(0, table.head).every((r) => r.every((c) => isBlank(c.children)))) {
          table.rows.splice(0, table.head);
          table.head = 0;
        }
        restoreSubheads(table);
        break;
      }
      case 'footnote_block_open': {
        // Everything up to footnote_block_close belongs to the notes; collect each note's tokens.
        let j = i + 1;
        let current: Token[] | undefined;
        for (; j < tokens.length && tokens[j].type !== 'footnote_block_close'; j++) {
          const n = tokens[j];
          if (n.type === 'footnote_open') {
            current = [];
            noteTokens.set((n.meta as { id: number }).id, current);
          } else if (n.type === 'footnote_close') current = undefined;
          else if (n.type !== 'footnote_anchor') current?.push(n);
        }
        i = j;
        break;
      }
      case 'container_div_open': {
        // The blocks inside are read as if the fences were not there; a language it gives is theirs, and
        // an epigraph's are set as one.
        const attributes = divAttributes(t.info);
        const lang = attributes?.find((a) => a.key === 'lang' && LANGUAGE.test(a.value))?.value;
        const id = attributes?.find((a) => a.key === 'id' && /^[\p{L}_]/u.test(a.value))?.value;
        const epigraph = EPIGRAPH.test(t.info);
        const warned = !lang && !epigraph ? { at: spanOf(t, ctx), info: t.info.trim() } : undefined;
        if (warned) (ctx.divs ??= []).push(warned);
        openDivs.push({ lang, epigraph, id, info: t.info.trim(), into: top().into, from: top().into.length, span: spanOf(t, ctx), warned });
        break;
      }
      case 'container_div_close': {
        // divs.ts closes every div it opens (at the end of its container if not before).
        const open = openDivs.pop();
        if (!open) break;
        // Its id is a place links lead to, pandoc's way (`::: {#footnote1 .footnote}`, where a conversion of
        // Project Gutenberg's HTML has its notes): an anchor before the first words inside.
        const placed = open.id !== undefined && anchorAtStart(open.into.slice(open.from), open.id);
        if (placed && open.warned && ONLY_ID.test(open.info)) ctx.divs!.splice(ctx.divs!.indexOf(open.warned), 1);
        if (open.lang) inLanguage(open.into.slice(open.from), open.lang);
        // A caption's div right after a figure (`::: caption`, as pandoc writes Project Gutenberg's
        // `<div class="caption">` inside a figure's) is its caption, in place of the image's description.
        const figure = open.into[open.from - 1];
        const inside = open.into.slice(open.from);
        if (CAPTION_DIV.test(open.info) && figure?.kind === 'figure' && inside.length === 1 && inside[0].kind === 'paragraph') {
          figure.caption = inside[0].children;
          open.into.splice(open.from);
          if (open.warned) ctx.divs!.splice(ctx.divs!.indexOf(open.warned), 1);
        }
        if (open.epigraph && open.into.length > open.from) {
          // Quotes inside are the epigraph's own (pandoc's conversions often put the blockquote inside the div).
          const inside = open.into.splice(open.from);
          const children = inside.length === 1 && inside[0].kind === 'blockquote' ? inside[0].children : inside;
          open.into.push({ kind: 'blockquote', children, span: open.span, epigraph: true });
        }
        break;
      }
      default:
        break; // paragraph_close etc. are consumed above or mean nothing
    }
  }
  attachCaptions(root);
  return { blocks: root, noteTokens };
}

/**
 * Pandoc's attributes at the end of a heading, taken off its text: `{short="…"}` (a shorter title),
 * `{#chapter-i}` (its id), `.unlisted` (kept out of the contents, as pandoc keeps it), `.part` (a `#`
 * heading that opens a part of the book, the chapters after it its own: see Block), `epub:type=preface`
 * (read by the front-matter pass), and what
 * pandoc's conversions add (`.unnumbered`, `-`), which change nothing here. Braces that hold no
 * attribute list stay text.
 */
// The pattern starts a blank run only at its start (the lookbehind): linear in a long run of blanks.
const HEADING_ATTRIBUTES = /(?<!\s)\s*\{([^{}]*)\}\s*$/;
function headingAttributes(children: Inline[]): { short?: string; anchor?: string; unlisted?: true; part?: true; epubType?: string } {
  const last = children[children.length - 1];
  const m = last?.kind === 'text' ? HEADING_ATTRIBUTES.exec(last.text) : null;
  if (!m || last?.kind !== 'text') return {};
  // Quotes an editor's program curled, and pandoc's `-` for `.unnumbered`.
  const list = ` ${m[1].replace(/[“”]/g, '"')} `.replace(/\s-(?=\s)/g, ' .unnumbered');
  const attributes = parseAttributes(list, 0, list.length);
  if (!attributes) return {};
  last.text = last.text.slice(0, m.index);
  if (last.text === '') children.pop();
  const short = attributes.find((a) => a.key === 'short')?.value.trim();
  // An id XML takes (one starting with a digit or '-' is not): else the heading's words make it.
  const anchor = attributes.find((a) => a.key === 'id' && /^[\p{L}_]/u.test(a.value))?.value;
  const unlisted = attributes.some((a) => a.key === 'class' && a.value === 'unlisted');
  const part = attributes.some((a) => a.key === 'class' && a.value === 'part');
  const epubType = attributes.find((a) => a.key === 'epub:type')?.value.trim().toLowerCase();
  return { ...(short ? { short } : {}), ...(anchor ? { anchor } : {}), ...(unlisted ? { unlisted: true as const } : {}), ...(part ? { part: true as const } : {}), ...(epubType ? { epubType } : {}) };
}

/**
 * A heading's title for the contents and the running head without its note marks, where it has marks
 * of a converted book, superscript links to its notes (`^[\[1\]](#footnote1)^`, see markdown.ts): a
 * note mark `[^1]` is left out of both, and so are these. Undefined for a heading without one.
 */
function titleWithoutMarks(children: readonly Inline[]): string | undefined {
  const mark = (n: Inline) => n.kind === 'sup' && n.children.length > 0 && n.children.every((c) => c.kind === 'link' && c.href.startsWith('#'));
  if (!children.some(mark)) return undefined;
  const title = plainText(children.filter((n) => !mark(n))).replace(/\s+/g, ' ').trim();
  return title || undefined;
}

/** A fenced div that holds a caption: `::: caption` or `::: {.caption}`. */
const CAPTION_DIV = /^\s*(?:caption\s*$|\{(?:[^}]*\s)?\.caption(?=[\s}]))/;
/** `Table: caption` or `: caption` (pandoc's), and an emphasised paragraph marked `{.caption}`. */
const TABLE_CAPTION = /^(?:Table)?:\s+/;
const CAPTION_MARK = /(?<!\s)\s*\{\.caption\}$/;

/**
 * Makes a caption paragraph next to a table the table's caption: pandoc's `Table: …` (or `: …`)
 * paragraph right before or after it, or an emphasised paragraph ending in `{.caption}` right before it.
 */
function attachCaptions(blocks: ParsedBlock[]): void {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b.kind === 'blockquote') attachCaptions(b.children);
    else if (b.kind === 'list') b.items.forEach(attachCaptions);
    else if (b.kind === 'definitions') for (const item of b.items) item.definitions.forEach(attachCaptions);
    if (b.kind !== 'table' || b.caption) continue;
    // `: caption` right before a table, after a one-line paragraph, reads as a definition list of one
    // term and one definition: it is the paragraph and the table's caption it was before definition lists.
    const list = blocks[i - 1];
    const [only] = list?.kind === 'definitions' && list.items.length === 1 && list.items[0].definitions.length === 1 ? list.items[0].definitions : [];
    if (list?.kind === 'definitions' && only?.length === 1 && only[0].kind === 'paragraph') {
      b.caption = only[0];
      const term = list.items[0].term;
      if (term.children.length > 0) blocks[i - 1] = term;
      else blocks.splice(i-- - 1, 1);
      continue;
    }
    const before = blocks[i - 1];
    const after = blocks[i + 1];
    const caption = (p: ParsedBlock | undefined, marked: boolean): TableCell<''> | undefined => {
      if (p?.kind !== 'paragraph') return undefined;
      const first = p.children[0];
      const last = p.children[p.children.length - 1];
      if (first?.kind === 'text' && TABLE_CAPTION.test(first.text)) {
        return { ...p, children: trimEnds([{ ...first, text: first.text.replace(TABLE_CAPTION, '') }, ...p.children.slice(1)]) };
      }
      if (marked && last?.kind === 'text' && CAPTION_MARK.test(last.text) && p.children.length === 2 && p.children[0].kind === 'emph') {
        return { ...p, children: p.children[0].children };
      }
      return undefined;
    };
    const fromBefore = caption(before, true);
    const fromAfter = fromBefore ? undefined : caption(after, false);
    if (fromBefore) {
      b.caption = fromBefore;
      // Pandoc 2 writes a raw HTML table's <caption> (read as `Table: …` before it) again after it, as `: …`.
      const again = caption(after, false);
      if (again && plainText(again.children) === plainText(fromBefore.children)) blocks.splice(i + 1, 1);
      blocks.splice(--i, 1);
    } else if (fromAfter) {
      b.caption = fromAfter;
      blocks.splice(i + 1, 1);
    }
  }
}

/**
 * Raw HTML that is comments only (dropped). A comment's body never holds '-->': with a lazy
 * `[\s\S]*?` instead, a line of comments followed by a word backtracked through every way of
 * grouping them (30 comments: minutes), and '<!-- a --> b -->' was taken for one comment and dropped.
 */
const HTML_COMMENTS = /^\s*(?:<!--(?:(?!-->)[\s\S])*-->\s*)+$/;
/** Link targets both editions can carry: the web, mail, and ids in the book. */
const LINK_TARGET = /^(?:https?:\/\/[^\s]|mailto:[^\s]|#[^\s])/i;

/** Inline tokens → model inlines, with positions computed from the inline's source text. */
function convertInlines(inline: Token | undefined, ctx: Context): Inline[] {
  const at = positionsIn(inline, ctx);
  countEscapedDashes(inline?.content ?? '', at, ctx);
  if (inline && ctx.env.badReferences?.size) reportBadReferences(inline, at, ctx);
  const tokenAt = (t: Token): Span => {
    const o = tokenOffset(t);
    return o && inline && o.src === inline.content ? at(o.offset) : at(0);
  };
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  /** Positions of the `.noindex` markers the current text lies in (see spans.ts). */
  const noIndex: Span[] = [];
  /** For each open link, emphasis or span: whether it became a node (false when refused or too deep). */
  const opened: boolean[] = [];
  let cursor = 0;
  /** Whether the last text pushed ends in a space (asked of the piece: the merged text is a rope that `endsWith` would flatten). */
  let endsInSpace = false;
  /** Inside a `.pagenum` span (the source's page number), whose text is left out. */
  let pageNumber = 0;
  const push = (node: Inline) => {
    if (pageNumber > 0 && (node.kind === 'text' || node.kind === 'code')) return;
    const into = stack[stack.length - 1];
    const last = into[into.length - 1];
    if (node.kind === 'text' || node.kind === 'code') node.text = stripForbidden(node.text);
    if (node.kind !== 'text' || node.text !== '') endsInSpace = node.kind === 'text' && node.text.endsWith(' ');
    if (node.kind === 'text' && noIndex.length > 0) node.noIndex = noIndex[noIndex.length - 1];
    if (node.kind === 'text' && last?.kind === 'text' && last.noIndex === node.noIndex) last.text += node.text;
    else if ((node.kind !== 'text' && node.kind !== 'code') || node.text !== '') into.push(node);
  };
  let warnedDepth = false;
  const tooDeep = (t: Token) => {
    if (stack.length <= MAX_INLINE_DEPTH) return false;
    if (!warnedDepth) warn(ctx, 'nesting-too-deep', tokenAt(t), `emphasis, links or spans nest deeper than ${MAX_INLINE_DEPTH} levels here; the deeper ones are set as plain text`);
    warnedDepth = true;
    return true;
  };
  /** After a dropped comment, the space before it and the one after it would make two. */
  let afterComment = false;
  const open = (t: Token, node: Inline & { children: Inline[] }, into: Inline[] = node.children) => {
    const ok = !tooDeep(t);
    if (ok) {
      push(node);
      stack.push(into);
    }
    opened.push(ok);
  };
  const close = () => {
    if (opened.pop() && stack.length > 1) stack.pop();
  };
  for (const t of inline?.children ?? []) {
    const wasAfterComment = afterComment;
    afterComment = false;
    switch (t.type) {
      case 'text': {
        const doubled = wasAfterComment && endsInSpace && t.content.startsWith(' ');
        push({ kind: 'text', text: doubled ? t.content.slice(1) : t.content });
        if (t.content.includes('[^')) cursor = reportUndefinedNotes(t.content, inline!, at, cursor, ctx);
        break;
      }
      case 'softbreak':
        push({ kind: 'text', text: ' ' });
        break;
      case 'hardbreak':
        push({ kind: 'break' });
        break;
      case 'em_open':
        open(t, { kind: 'emph', children: [] });
        break;
      case 'strong_open':
        open(t, { kind: 'strong', children: [] });
        break;
      case 'sup_open':
      case 'sub_open':
        open(t, { kind: t.type === 'sup_open' ? 'sup' : 'sub', children: [] });
        break;
      case 'link_open': {
        // Its id (`[[10]](#note-10){#noteref-10}`, see spans.ts), an anchor before it, whether the link is kept or not.
        const id = (t.meta as { id?: string } | null)?.id;
        if (id !== undefined && /^[\p{L}_]/u.test(id)) push({ kind: 'anchor', id, children: [] });
        const href = String(t.attrGet('href') ?? '');
        if (LINK_TARGET.test(href)) {
          const p = tokenAt(t);
          // An internal link's position, so that one to an id the book lacks can be reported where it is written.
          open(t, href.startsWith('#') ? { kind: 'link', href, children: [], span: { line: p.line, column: Math.max(1, p.column - 1) } } : { kind: 'link', href, children: [] });
        } else {
          const p = tokenAt(t);
          warn(ctx, 'link-target', { line: p.line, column: Math.max(1, p.column - (t.markup === 'autolink' ? 0 : 1)) },
            `the link to ${quote(href)} is set as plain text: only http, https and mailto links and links to #ids work in both editions`,
            'write the full https:// address, or link to a heading by its #id');
          opened.push(false);
        }
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 'sup_close':
      case 'sub_close':
      case 'link_close':
        close();
        break;
      case 'span_open': {
        const marker = ((t.meta as SpanMeta).marker = readMarker(t.meta as SpanMeta, at, ctx.file, ctx.diags, (ctx.foreignAttributes ??= new Map())));
        if (marker.open) open(t, marker.open.node, marker.open.children);
        else opened.push(false);
        if (marker.noIndex) noIndex.push(marker.noIndex);
        if (marker.pageNumber) {
          pageNumber++;
          if (ctx.pageNumbers) ctx.pageNumbers.count++;
          else ctx.pageNumbers = { at: marker.pageNumber, count: 1 };
        }
        break;
      }
      case 'span_close': {
        const marker = (t.meta as SpanMeta).marker;
        close();
        if (marker?.noIndex) noIndex.pop();
        if (marker?.pageNumber) pageNumber--;
        break;
      }
      case 'code_inline':
        push({ kind: 'code', text: t.content });
        break;
      case 'image': {
        // A description is plain text, so a note mark in it would vanish with its note, unsaid (markdown-it counts the note as referenced).
        for (const label of noteLabels(t.children ?? [])) {
          warn(ctx, 'footnote-in-alt', tokenAt(t), `the footnote mark [^${label}] in an image's description is left out, and its note with it unless the text refers to it too: a description is plain text`,
            'put the mark in the text, after the image or in the paragraph that mentions the figure');
        }
        // `{alt="…"}` after it describes it; the description in brackets is then the caption only.
        const alt = (t.meta as { alt?: string } | null)?.alt ?? tokensText(t.children ?? []);
        push({ kind: 'image', src: String(t.attrGet('src') ?? ''), alt: stripForbidden(alt).trim(), span: tokenAt(t) });
        break;
      }
      case 'html_inline': {
        if (HTML_COMMENTS.test(t.content)) {
          afterComment = true;
          continue;
        }
        warn(ctx, 'raw-html', tokenAt(t), `raw HTML ${quote(t.content, 40)} is kept as visible text, not as markup`, 'write it in Markdown, or remove it');
        push({ kind: 'text', text: t.content });
        break;
      }
      case 'footnote_ref': {
        const { id: index, label } = t.meta as { id: number; label?: string };
        if (index === ctx.inInlineNote && label !== undefined) {
          // markdown-it-footnote gives a reference inside an inline note ^[…] the inline note's own
          // number, and loses the note it meant: keep the reference as the text it was.
          warn(ctx, 'footnote-in-inline-note', tokenAt(t), `the footnote [^${label}] inside an inline note ^[…] cannot be linked; it is kept as text`,
            'make the inline note a [^label] note of its own');
          push({ kind: 'text', text: `[^${label}]` });
          break;
        }
        if (index === ctx.inInlineNote) {
          // An inline note inside an inline note: the plugin gives both one number and keeps only the
          // outer one's tokens, so the inner text would vanish. Keep it in the outer note as written.
          const o = tokenOffset(t);
          const written = o ? bracketed(o.src, o.offset) : '^[…]';
          warn(ctx, 'footnote-in-inline-note', tokenAt(t), `the inline note ${quote(written, 40)} inside an inline note cannot be a note of its own; its text is kept in the outer note as written`,
            'make one of them a [^label] note');
          push({ kind: 'text', text: written });
          break;
        }
        let note = ctx.notes.get(index);
        if (!note) {
          note = { id: '', number: ctx.notes.size + 1, refIds: [], children: [], span: tokenAt(t) };
          ctx.notes.set(index, note);
        }
        const refId = `nref-${++ctx.refCount}`;
        note.refIds.push(refId);
        push({ kind: 'noteRef', noteId: `note-${note.number}`, number: note.number, id: refId });
        break;
      }
      default:
        if (t.content) push({ kind: 'text', text: t.content });
    }
  }
  return trimBreaks(trimEnds(root), inline?.content ?? '');
}

/**
 * An image's description as inlines, its emphasis kept, for a caption; problems stand at the image.
 * Without its note marks (warned of where the image is converted) and images in it.
 */
function descriptionInlines(image: Token | undefined, ctx: Context, at: Span): Inline[] {
  const children = (image?.children ?? []).filter((c) => c.type !== 'footnote_ref' && c.type !== 'image');
  const saved = ctx.fallback;
  ctx.fallback = at;
  try {
    return trimEnds(convertInlines({ children, content: image?.content ?? '', map: null } as unknown as Token, ctx));
  } finally {
    ctx.fallback = saved;
  }
}

/** The labels of the note marks among inline tokens (an image's description, images inside it included). */
function noteLabels(tokens: Token[]): string[] {
  return tokens.flatMap((t) => (t.type === 'footnote_ref' ? [String((t.meta as { label?: string }).label ?? (t.meta as { id: number }).id + 1)] : t.type === 'image' ? noteLabels(t.children ?? []) : []));
}

/** The plain text of inline tokens, as markdown-it's renderer makes an image's alt text. */
function tokensText(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline' || t.type === 'html_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.type === 'image') out += tokensText(t.children ?? []);
  }
  return out;
}

/**
 * Every `[^label]` in `text` (a label without white space or ']'), as `/\[\^([^\]\s]+)\]/g` finds them
 * but in linear time: that regular expression tries the rest of the text from every `[^` of a long
 * run of them ('[^[^[^…', 40,000 of them took 5 s).
 */
function* footnoteLabels(text: string): Generator<[string, string]> {
  // The first ']' or white space at or after each offset.
  const stop = new Int32Array(text.length + 1);
  stop[text.length] = text.length;
  for (let k = text.length - 1; k >= 0; k--) stop[k] = /[\]\s]/.test(text[k]) ? k : stop[k + 1];
  for (let i = text.indexOf('[^'); i >= 0; ) {
    const j = stop[i + 2];
    if (j > i + 2 && text[j] === ']') {
      yield [text.slice(i, j + 1), text.slice(i + 2, j)];
      i = text.indexOf('[^', j + 1);
    } else i = text.indexOf('[^', i + 1);
  }
}

/** `[^label]` left as text means no definition: say so. Returns the content offset searched up to. */
/** The character references of this inline that name no character (markdown.ts: `characterReferences`), each said at its place, once. */
function reportBadReferences(inline: Token, at: (offset: number) => Span, ctx: Context): void {
  const refs = ctx.env.badReferences!.get(inline.content);
  if (!refs) return;
  ctx.env.badReferences!.delete(inline.content);
  for (const r of refs) {
    if (r.set !== '\uFFFD') {
      warn(ctx, 'control-character', at(r.offset), `the character reference ${quote(r.markup)} names a control character: set as '${r.set}', the Windows-1252 character it stands for, as browsers read it`,
        'the text was converted from an old web page; write the character itself');
    } else {
      warn(ctx, 'character-reference', at(r.offset), `the character reference ${quote(r.markup)} names no character (a surrogate, a noncharacter, a control or past U+10FFFF): set as the replacement character �`,
        'write the character that was meant, or its right number');
    }
  }
}

function reportUndefinedNotes(text: string, inline: Token, at: (offset: number) => Span, cursor: number, ctx: Context): number {
  for (const m of footnoteLabels(text)) {
    const where = inline.content.indexOf(m[0], cursor);
    // Not in the source as written (an escaped \[^a\]): nothing after it is either.
    if (where < 0) return inline.content.length;
    cursor = where + m[0].length;
    if (inline.content[where - 1] === '\\' || ctx.env.footnotes?.refs?.[`:${m[1]}`] !== undefined) continue;
    warn(ctx, 'footnote-undefined', at(where), `the footnote ${quote(m[0])} is never defined; it is kept as text`,
      `add a line '${m[0]}: …' with the note's text`);
  }
  return cursor;
}

/** `^[…]` as written from `at` in `src`, up to the bracket that closes it (escapes and nested brackets counted). */
function bracketed(src: string, at: number): string {
  let depth = 0;
  for (let i = at + 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return src.slice(at, i + 1);
  }
  return src.slice(at);
}

/** File position of the definition `[^label]:` of a footnote. */
function definitionOf(label: string, ctx: Context): Span | undefined {
  if (!ctx.noteDefinitions) {
    ctx.noteDefinitions = new Map();
    ctx.bodyLines.forEach((text, i) => {
      const m = /^([\s>]*)\[\^([^\]\s]+)\]:/.exec(text);
      if (m && !ctx.noteDefinitions!.has(m[2])) ctx.noteDefinitions!.set(m[2], { line: fileLine(i, ctx), column: m[1].length + 1 });
    });
  }
  return ctx.noteDefinitions.get(label);
}

/** A label defined twice: the first definition is kept (src/parse/footnote-tail.ts); say so at each later one. */
function reportDuplicateNotes(ctx: Context): void {
  const duplicates = ctx.env.footnotes?.duplicates;
  if (!duplicates?.length) return;
  const wanted = new Set(duplicates);
  const seen = new Map<string, Span>();
  ctx.bodyLines.forEach((text, i) => {
    const m = /^([\s>]*)\[\^([^\]\s]+)\]:/.exec(text);
    if (!m || !wanted.has(m[2])) return;
    const at = { line: fileLine(i, ctx), column: m[1].length + 1 };
    const first = seen.get(m[2]);
    if (!first) seen.set(m[2], at);
    else {
      warn(ctx, 'footnote-duplicate', at, `the footnote [^${m[2]}] is defined again here; the first definition, at line ${first.line}, is used and this text is left out`,
        `give this note a label of its own, or merge the two texts`);
    }
  });
}

/** Points per unit of the lengths pandoc reads in an image's width (a bare number is pixels). */
const POINTS: Record<string, number> = { '': 0.75, px: 0.75, pt: 1, in: 72, inch: 72, cm: 72 / 2.54, mm: 72 / 25.4 };

/** An image's `{width=…}` as a figure's width, or undefined (warned) when it is none pandoc reads. */
function figureWidth(value: string, at: Span, ctx: Context): FigureWidth | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%|px|pt|in|inch|cm|mm)?\s*$/.exec(value);
  const n = m ? Number(m[1]) : 0;
  // Wider than the text (`150%`, `40in`) is read, and set as wide as the text.
  if (m && n > 0) return m[2] === '%' ? { share: n / 100 } : { points: n * POINTS[m[2] ?? ''] };
  warn(ctx, 'image-width', at, `the width ${quote(value, 20)} is not one samizdat reads: the figure is set at its own size`, 'write a share of the text’s width, {width=60%}, or a length in cm, mm, in, pt or px, {width=8cm}');
  return undefined;
}

/** A fenced div that holds an epigraph: `::: epigraph` or `::: {.epigraph}` (with other attributes or not). */
const EPIGRAPH = /^\s*(?:epigraph\s*$|\{(?:[^}]*\s)?\.epigraph(?=[\s}]))/;

/** A fenced div's attributes, pandoc's `::: {#id .class lang=fr}`, or undefined (`::: poem`, or braces that hold no attribute list). */
function divAttributes(info: string): ReturnType<typeof parseAttributes> {
  const inner = /^\s*\{(.*)\}\s*$/.exec(info)?.[1];
  if (inner === undefined) return undefined;
  const list = ` ${inner.replace(/[“”]/g, '"')} `;
  return parseAttributes(list, 0, list.length);
}

/** A div's attributes that are an id alone: `{#footnote1}`. */
const ONLY_ID = /^\{\s*#[^\s{}]+\s*\}$/;

/** Puts an empty anchor `id` before the words of the first paragraph or heading among `blocks`; false when there is none. */
function anchorAtStart(blocks: readonly ParsedBlock[], id: string): boolean {
  for (const b of walkBlocks(blocks)) {
    if (b.kind !== 'paragraph' && b.kind !== 'heading') continue;
    b.children.unshift({ kind: 'anchor', id, children: [] });
    return true;
  }
  return false;
}

/**
 * Sets the text of blocks in a language, as a span `[…]{lang=fr}` around each paragraph's, heading's,
 * cell's and caption's words would: hyphenation, quotation marks and the EPUB's `lang` follow it.
 */
function inLanguage(blocks: readonly ParsedBlock[], lang: string): void {
  const wrap = (children: Inline[]): Inline[] => (children.length ? [{ kind: 'foreign', lang, children }] : children);
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'paragraph' || b.kind === 'heading') b.children = wrap(b.children);
    else if (b.kind === 'figure') b.caption = wrap(b.caption);
  }
}

/** `\--` not part of a longer run of hyphens: pandoc's writer escapes a typewriter's `--` so (Project Gutenberg's em dash). */
const ESCAPED_DASH = /(?<![\\-])\\--(?!-)/g;

/** A backtick code span (set as written, its `\--` too), as CommonMark delimits one: a run of backticks closed by a run as long. */
const CODE_SPAN = /(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

function countEscapedDashes(src: string, at: (offset: number) => Span, ctx: Context): void {
  if (!src.includes('\\--')) return;
  // Code spans blanked, each character a space: the places of the others stay.
  for (const m of src.replace(CODE_SPAN, (code) => ' '.repeat(code.length)).matchAll(ESCAPED_DASH)) {
    if (ctx.escapedDashes) ctx.escapedDashes.count++;
    else ctx.escapedDashes = { at: at(m.index), count: 1 };
  }
}

/** The escaped typewriter dashes, said once for the book: set as en dashes, where the text most likely meant em dashes. */
function reportEscapedDashes(ctx: Context): void {
  const d = ctx.escapedDashes;
  if (!d) return;
  warn(ctx, 'escaped-dash', d.at, `${d.count === 1 ? '\\-- is' : `\\-- (${d.count} times) is`} set as an en dash (–): pandoc writes a typewriter's -- so, which in a transcription such as Project Gutenberg's stands for an em dash`,
    'write --- for an em dash (—), or -- for an en dash, without the backslash');
  ctx.escapedDashes = undefined;
}

/** The source's page numbers left out, said once for the book (a converted book has one per page). */
function reportPageNumbers(ctx: Context): void {
  const n = ctx.pageNumbers;
  if (!n) return;
  warn(ctx, 'page-numbers', n.at, `${n.count === 1 ? 'a page number of the source (a .pagenum span) is' : `${n.count} page numbers of the source (.pagenum spans) are`} left out: the editions number their own pages; ids in them are kept, so links to them still lead there`,
    'nothing to do; or delete the spans from the manuscript');
  ctx.pageNumbers = undefined;
}

/** Pandoc's fenced divs, once for the book (a conversion writes one per section): their text is read, their attributes do nothing. */
function reportDivs(ctx: Context): void {
  const [first, ...more] = ctx.divs ?? [];
  if (!first) return;
  // (An id is something: an anchor, see above; said only where a div has one.)
  const ids = [first, ...more].some((d) => /(?:^|[\s{])#[^\s}]/.test(d.info));
  warn(ctx, 'div-attributes', first.at, `the fenced div ::: ${quote(first.info, 40)}${more.length ? ` and ${more.length} more` : ''} ${more.length ? 'are' : 'is'} read as the text inside, the attributes doing nothing here${ids ? ' but an id (a place links lead to)' : ''}`,
    'remove the ::: lines, or keep them: the text is set as it is');
}

/** markdown-it-footnote drops definitions nothing refers to: say so. */
function reportUnusedNotes(ctx: Context): void {
  for (const [key, index] of Object.entries(ctx.env.footnotes?.refs ?? {})) {
    if (index >= 0) continue;
    const label = key.slice(1);
    warn(ctx, 'footnote-unused', definitionOf(label, ctx) ?? { line: ctx.lineOffset + 1, column: 1 },
      `the footnote [^${label}] is never referenced, so it is left out`, `refer to it in the text with [^${label}], or delete it`);
  }
}

/**
 * A line break at the edge of a paragraph breaks no line. Pandoc writes HTML's `<br>` as a `\` at a
 * line's end, and Project Gutenberg's spacing (`<p><br><br></p>`, `<img><br>`) leaves paragraphs of
 * lone `\` lines and a `\` after a picture; the last one, ending the paragraph, CommonMark keeps as a
 * visible backslash. They go, as pandoc's editions show none: a paragraph of breaks is none, and a
 * picture with a break after it is a figure.
 */
function trimBreaks(inlines: Inline[], content: string): Inline[] {
  const last = inlines[inlines.length - 1];
  // An unescaped `\` ends the source: the text's last backslash is that one.
  if (last?.kind === 'text' && last.text.endsWith('\\') && /(?:^|[^\\])(?:\\\\)*\\$/.test(content.trimEnd())) last.text = last.text.slice(0, -1);
  const blank = (n: Inline) => n.kind === 'break' || (n.kind === 'text' && /^[ \t\n]*$/.test(n.text));
  let from = 0;
  let to = inlines.length;
  while (from < to && blank(inlines[from])) from++;
  while (to > from && blank(inlines[to - 1])) to--;
  return trimEnds(inlines.slice(from, to));
}

function trimEnds(inlines: Inline[]): Inline[] {
  const first = inlines[0];
  if (first?.kind === 'text') first.text = first.text.trimStart();
  const last = inlines[inlines.length - 1];
  if (last?.kind === 'text') last.text = last.text.trimEnd();
  return inlines.filter((n) => n.kind !== 'text' || n.text !== '');
}
