import markdownIt, { type MarkdownIt, type StateBlock, type StateInline, type Token } from 'markdown-it';
import deflist from 'markdown-it-deflist';
import footnote from 'markdown-it-footnote';
import { WINDOWS_1252 } from '../load/read.js';
import { fencedDiv } from './divs.js';
import { footnoteTail } from './footnote-tail.js';
import { bracketedSpans } from './spans.js';
import { htmlTable } from './htmltable.js';
import { gridTable, multilineTable, pipeHeadRows, pipeTableCellsKept, pipeTableHeadRows, simpleTable, type TablesEnv } from './tables.js';

/** What a parse leaves in markdown-it's `env` besides the footnotes: see `createMarkdown`. */
export interface ParseEnv extends TablesEnv {
  /** Offset (from 0) in the body of the first text markdown-it dropped because it lay deeper than `maxNesting`. */
  dropped?: number;
  /** Numeric character references that name no character (see `characterReferences`), by the inline source they stand in. */
  badReferences?: Map<string, BadReference[]>;
}

/** A numeric character reference that names no character: `&#xD800;`, `&#0;`, or a C1 control (`&#146;`, HTML's Windows-1252). */
export interface BadReference {
  /** Offset (from 0) in its inline's source. */
  offset: number;
  /** As written: '&#146;'. */
  markup: string;
  /** What is set in its place: the Windows-1252 character a C1 control stands for, or U+FFFD. */
  set: string;
}

/** Where an inline token starts: an offset (from 0) in `src`, the source string its parser read. */
export interface TokenOffset {
  src: string;
  offset: number;
}

/**
 * Where an inline token starts, recorded as markdown-it creates it (it keeps no position itself).
 * Kept on the token (a WeakMap costs a third of the parse time on a long paragraph, in GC).
 */
export function tokenOffset(token: Token): TokenOffset | undefined {
  return (token as Token & { samizdatOffset?: TokenOffset }).samizdatOffset;
}

/**
 * The one markdown-it instance. `html: true` only so that raw HTML arrives as its own tokens,
 * which the converter turns into literal text with a warning: it is never emitted as markup.
 * Three changes to markdown-it's own behaviour, all so that nothing is lost without a word:
 * - every inline token's offset is recorded (`tokenOffset`), for positions in diagnostics;
 * - text deeper than `maxNesting`, which markdown-it drops, is recorded in `env.dropped`;
 * - every link and image destination is let through (markdown-it turns `file:`, `javascript:` and
 *   most `data:` ones into plain text silently): the converter refuses them with a diagnostic.
 * NUL is no longer replaced with U+FFFD: the converter strips it like every other character XML forbids.
 */
export function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: true, xhtmlOut: true, linkify: false, typographer: false });
  md.use(footnote);
  // The plugin's own tail step is quadratic in the number of notes.
  md.core.ruler.at('footnote_tail', footnoteTail);
  md.use(bracketedSpans);
  // Pandoc's superscripts and subscripts: 1^st^, H~2~O (see scripts).
  md.inline.ruler.after('footnote_ref', 'scripts', scripts);
  md.inline.ruler.at('entity', characterReferences(ruleOf<(state: StateInline, silent: boolean) => boolean>(md.inline.ruler, 'entity')));
  // A superscript around a link, ^[\[1\]](#footnote1)^, before the inline note ^[…] it would be taken for.
  md.inline.ruler.before('footnote_inline', 'bracketed_superscript', bracketedSuperscript);
  // Pandoc's fenced divs (`::: {.epigraph}` … `:::`), which its conversions of HTML and EPUB write:
  // read as the blocks inside them (parse.ts warns that the div's attributes do nothing). A fence
  // with nothing after it only closes one, the innermost, as in pandoc (see divs.ts).
  md.block.ruler.before('fence', 'container_div', fencedDiv, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  // Pandoc's definition lists (a term, then `:   definition` or `~   definition` under it), which its
  // conversions of glossaries and lists of persons write: CommonMark printed the colons as text.
  md.use(deflist);

  const Base = md.inline.State;
  md.inline.State = class extends Base {
    override push(type: string, tag: string, nesting: -1 | 0 | 1): Token {
      const token = super.push(type, tag, nesting);
      // Rules push their token while `pos` is still at the construct's start (html_inline, image,
      // footnote_ref) or just inside it (link_open, after the `[`).
      (token as Token & { samizdatOffset?: TokenOffset }).samizdatOffset = { src: this.src, offset: this.pos };
      return token;
    }
  };

  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state: StateBlock, startLine: number, endLine: number) => {
    // The same test markdown-it makes before it skips the rest of a container.
    if (state.level >= md.options.maxNesting) {
      const line = state.skipEmptyLines(startLine);
      const env = state.env as ParseEnv;
      const offset = state.bMarks[line] + state.tShift[line];
      if (line < endLine && state.sCount[line] >= state.blkIndent && (env.dropped === undefined || offset < env.dropped)) env.dropped = offset;
    }
    tokenize(state, startLine, endLine);
  };

  md.core.ruler.at('normalize', (state) => {
    state.src = state.src.replace(/\r\n?/g, '\n');
  });
  md.validateLink = () => true;
  // `~~struck~~` has no place in the model: it stays as written, tildes and all.
  md.disable('strikethrough');
  // markdown-it's own pipe table rule, wrapped so that cells past the header's columns are said, not lost in
  // silence, and so that rows of cells over the header row are header rows too.
  md.block.ruler.at('table', pipeTableHeadRows(pipeTableCellsKept(ruleOf<Parameters<typeof pipeTableCellsKept>[0]>(md.block.ruler, 'table'))), { alt: ['paragraph', 'reference'] });
  md.block.ruler.before('table', 'line_block', lineBlock);
  // Pandoc's tables, in the order pandoc tries them: a multiline table with a header before a simple
  // table, one without after (with a blank line between rows, or it is simple), grid tables apart.
  md.block.ruler.before('table', 'grid_table', gridTable);
  md.block.ruler.before('table', 'multiline_table', multilineTable(true));
  md.block.ruler.before('table', 'simple_table', simpleTable);
  md.block.ruler.before('table', 'multiline_table_headless', multilineTable(false));
  // A raw HTML table, read as a table before it would be raw HTML set as text.
  md.block.ruler.before('html_block', 'html_table', htmlTable, { alt: ['paragraph', 'reference', 'blockquote'] });
  return md;
}

/** A rule markdown-it has under `name`, to wrap: its ruler lists them in `__rules__`, which it does not export. */
function ruleOf<F>(ruler: unknown, name: string): F {
  return (ruler as { __rules__: { name: string; fn: F }[] }).__rules__.find((r) => r.name === name)!.fn;
}

/**
 * markdown-it's entity rule, wrapped: a numeric reference that names no character (a surrogate such as
 * `&#xD800;`, `&#0;`, a noncharacter, past U+10FFFF) becomes U+FFFD, as CommonMark says, and one to a C1
 * control (`&#146;`, `&#151;`: HTML pages of Windows-1252 days, and what pandoc made of them) did too,
 * where browsers read the Windows-1252 character; both in silence. The C1 ones are read as browsers
 * read them, and each is recorded in `env.badReferences`, for the converter to say where it stands.
 */
function characterReferences(entity: (state: StateInline, silent: boolean) => boolean) {
  return (state: StateInline, silent: boolean): boolean => {
    const at = state.pos;
    if (!entity(state, silent)) return false;
    const token = state.tokens[state.tokens.length - 1];
    if (silent || token?.info !== 'entity' || token.content !== '\uFFFD' || !token.markup.startsWith('&#')) return true;
    const code = /^&#x/i.test(token.markup) ? parseInt(token.markup.slice(3), 16) : parseInt(token.markup.slice(2), 10);
    if (code === 0xfffd) return true;
    const meant = code >= 0x80 && code <= 0x9f ? WINDOWS_1252[code - 0x80] : '\u0000';
    if (meant !== '\u0000') token.content = meant;
    const refs = ((state.env as ParseEnv).badReferences ??= new Map());
    if (!refs.has(state.src)) refs.set(state.src, []);
    refs.get(state.src)!.push({ offset: at, markup: token.markup, set: token.content });
    return true;
  };
}

/**
 * What a superscript or subscript holds in a book: st, 2, 10, *, †, n+1; a letter in italics (`K~*n*~`, a
 * mathematical text's index) and spaces escaped with a backslash (`~ν\ =\ 0~`), as pandoc reads them.
 */
const SCRIPT = /^(?:[\p{L}\p{N}\p{M}*†‡+\-−=′″’.,]|\\ )+$/u;

/**
 * `^…^` a superscript and `~…~` a subscript, as pandoc reads them, holding only what one holds in a
 * book (`SCRIPT`): a caret or tilde before anything else is text (`[^[^`, `x^(y` stay as written, no
 * character taken as markup), and so is a run of tildes (`~~struck~~`). After the footnote rules, so
 * an inline note's `^[` is theirs.
 */
function scripts(state: StateInline, silent: boolean): boolean {
  const marker = state.src[state.pos];
  if (marker !== '^' && marker !== '~') return false;
  let end = state.pos;
  while (end < state.posMax && state.src[end] === marker) end++;
  const close = end - state.pos === 1 ? state.src.indexOf(marker, end) : -1;
  const inner = close > end && close < state.posMax ? state.src.slice(end, close) : '';
  if (!SCRIPT.test(inner)) {
    // Taken as text here, or the next rule would read a tilde of `~~a~` as opening a subscript.
    if (!silent) state.pending += state.src.slice(state.pos, end);
    state.pos = end;
    return true;
  }
  if (!silent) {
    const kind = marker === '^' ? 'sup' : 'sub';
    state.push(`${kind}_open`, kind, 1);
    // Its inlines read as the link rule reads a label's: an emphasis in it is one ('K~*n*~' printed its
    // asterisks), a lone '*' stays a character. An escaped space is pandoc's no-break space.
    const from = state.tokens.length;
    const max = state.posMax;
    state.pos = end;
    state.posMax = close;
    state.md.inline.tokenize(state);
    state.pushPending();
    state.posMax = max;
    // (markdown-it's escape rule keeps the backslash of `\ ` as a token of its own, the space in the text after it.)
    const inside = state.tokens.slice(from);
    inside.forEach((t, k) => {
      const next = inside[k + 1];
      if (t.type === 'text_special' && t.info === 'escape' && t.content === '\\' && next?.type === 'text' && next.content.startsWith(' ')) {
        t.content = '\u00a0';
        next.content = next.content.slice(1);
      }
    });
    state.push(`${kind}_close`, kind, -1);
  }
  state.pos = close + 1;
  return true;
}

/**
 * Pandoc's superscript that opens with a bracket, `^[\[1\]](#footnote1)^`: its conversions of Project
 * Gutenberg's HTML write one for every note mark (`<sup><a href="#footnote1">[1]</a></sup>`). Pandoc
 * tries a superscript before an inline note `^[…]`, and so does this rule: it holds no white space
 * outside the links and spans inside it, opens with one, and ends at the next `^`. Anything else starting `^[`
 * (`^[a note, with spaces]`) is left to the inline note. Before, the mark was read as an inline
 * note of '[1]' and `(#footnote1)^` printed after it.
 */
function bracketedSuperscript(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5e /* ^ */ || state.src.charCodeAt(start + 1) !== 0x5b /* [ */) return false;
  // It opens with a link or a span, passed over whole; a bare `[` leaves the carets as written (`[^[^`).
  state.pos = start + 1;
  state.md.inline.skipToken(state);
  let pos = state.pos;
  let close = -1;
  while (pos > start + 2 && pos < state.posMax) {
    const ch = state.src.charCodeAt(pos);
    if (ch === 0x5e) {
      close = pos;
      break;
    }
    if (state.md.utils.isWhiteSpace(ch)) break;
    if (!MARKUP_START.test(state.src[pos])) {
      pos++;
      continue;
    }
    // A link, span, code or escape is passed over whole, spaces and all, as pandoc reads it as one inline.
    state.pos = pos;
    state.md.inline.skipToken(state);
    pos = state.pos;
  }
  state.pos = start;
  if (close <= start + 1) return false;
  if (!silent) {
    state.push('sup_open', 'sup', 1);
    const max = state.posMax;
    state.pos = start + 1;
    state.posMax = close;
    state.md.inline.tokenize(state);
    state.pushPending();
    state.posMax = max;
    state.push('sup_close', 'sup', -1);
  }
  state.pos = close + 1;
  return true;
}

/** Where markdown-it's text rule stops: a character that may open markup (its `isTerminatorChar`). */
const MARKUP_START = /[!#$%&*+\-:<=>@[\\\]^_`{}~]/;

/** A table's delimiter row (`|---|:--:|`): the line under a header row starting with `|` makes a table, not a line block. */
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * Pandoc's line blocks, how its conversions write poems and addresses: each line starts with `| `,
 * keeps its line and its indent; a line starting with a space continues the one before; a `|` alone
 * ends a stanza. Each stanza becomes a paragraph of lines broken by hand (set as verse), as if
 * written with a `\` at each line's end. Before, the bars were printed and the lines run together.
 */
function lineBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const text = (l: number) => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  const barred = (l: number) => l < endLine && state.sCount[l] - state.blkIndent < 4 && /^\|(?: |$)/.test(text(l));
  if (!barred(startLine) || (startLine + 1 < endLine && DELIMITER_ROW.test(text(startLine + 1))) || pipeHeadRows(state, startLine, endLine) > 0) return false;
  const stanzas: { from: number; to: number; lines: string[] }[] = [];
  let stanza: (typeof stanzas)[number] | undefined;
  let next = startLine;
  for (; next < endLine; next++) {
    const continues = !barred(next) && stanza && state.sCount[next] > state.blkIndent && text(next) !== '';
    if (!barred(next) && !continues) break;
    if (continues) {
      stanza!.lines[stanza!.lines.length - 1] += ` ${text(next).trim()}`;
      stanza!.to = next + 1;
      continue;
    }
    const line = text(next).slice(2);
    if (line.trim() === '') {
      stanza = undefined;
      continue;
    }
    // Its indent kept, as pandoc keeps it: no-break spaces, which the inline parser leaves.
    const indent = /^ */.exec(line)![0].length;
    if (!stanza) stanzas.push((stanza = { from: next, to: next + 1, lines: [] }));
    stanza.lines.push('\u00a0'.repeat(indent) + line.slice(indent).trimEnd());
    stanza.to = next + 1;
  }
  if (silent) return true;
  for (const s of stanzas) {
    const open = state.push('paragraph_open', 'p', 1);
    open.map = [s.from, s.to];
    open.meta = { lines: true }; // a stanza of one line has no break to say so
    const inline = state.push('inline', '', 0);
    inline.content = s.lines.join('\\\n');
    inline.map = [s.from, s.to];
    inline.children = [];
    state.push('paragraph_close', 'p', -1);
  }
  state.line = next;
  return true;
}
