import type { StateBlock, Token } from 'markdown-it';

/**
 * Pandoc's simple, multiline and grid tables, which its Markdown writer makes of HTML tables (Standard
 * Ebooks' and Project Gutenberg's books through pandoc): simple ones of most, multiline ones when cells
 * wrap, grid ones when a cell holds more than a line of text. Each is read as pandoc reads it and
 * pushed as the tokens of a pipe table, each cell's inline token carrying where its lines stand
 * (`cellLines`), so that what is reported inside a cell points at its place in the file.
 */

/** Where a line of a cell's text stands: its body line (from 0) and the column (from 0) of its first character in that line. */
export interface CellLine {
  line: number;
  column: number;
}

/** Where each line of a table cell's inline token stands, when a rule here made it. */
export function cellLines(token: Token): CellLine[] | undefined {
  return (token as Token & { samizdatLines?: CellLine[] }).samizdatLines;
}

/** A problem found while reading a table, reported by the converter (block rules have no diagnostics). */
export interface TableWarning {
  /** Body line, from 0. */
  line: number;
  /** Column in the file line, from 1. */
  column: number;
  rule: string;
  message: string;
  hint: string;
}

/** What the table rules leave in markdown-it's `env`. */
export interface TablesEnv {
  tableWarnings?: TableWarning[];
  /** Where the last multiline table without a closing line ran to (a line, from 0), in its container. */
  unclosedTable?: { until: number; endLine: number; blkIndent: number };
}

type Align = 'left' | 'center' | 'right' | '';
/** Part of a line in a column: its text as written, its body line and the column (from 0) in the file line where it starts. */
interface Piece {
  text: string;
  line: number;
  column: number;
  /** The word cut at the piece's start, when the column's edge falls inside one (`Ave|rage`): pandoc cuts it there too. */
  cutWord?: string;
}
interface Row {
  from: number;
  to: number;
  /** Per column, the pieces of its lines, top to bottom. */
  cells: Piece[][];
}

// Characters pandoc counts as two columns wide (East Asian wide and full-width, emoji) or none (combining marks) when it lines columns up.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO_WIDTH = /[\p{M}\u200B-\u200F\u2060\uFEFF]/u;

/** The display column (from 0) at which each UTF-16 index of a line starts, and at its end; tabs stop every 4 columns. */
function displayColumns(line: string): number[] {
  const cols = new Array<number>(line.length + 1);
  let c = 0;
  for (let i = 0; i < line.length; ) {
    const ch = String.fromCodePoint(line.codePointAt(i)!);
    cols[i] = c;
    if (ch.length === 2) cols[i + 1] = c;
    c += ch === '\t' ? 4 - (c % 4) : ZERO_WIDTH.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
    i += ch.length;
  }
  cols[line.length] = c;
  return cols;
}

/** A line with its display columns: `at(c)` is the index of the first character at column c or after (past a combining mark's base). */
function measured(line: string) {
  const cols = /^[\x20-\x7e]*$/.test(line) ? undefined : displayColumns(line);
  const at = (c: number) => {
    if (!cols) return Math.max(0, Math.min(c, line.length));
    let i = 0;
    while (i < line.length && cols[i] < c) i++;
    while (i < line.length && ZERO_WIDTH.test(line[i]) && i > 0) i++;
    return i;
  };
  const column = (i: number) => (cols ? cols[i] : i);
  return { line, at, column, width: column(line.length) };
}

/** Helpers over the lines of a block rule's state, in the frame of the table's first line. */
function lines(state: StateBlock, endLine: number) {
  const raw = (l: number) => state.src.slice(state.bMarks[l], state.eMarks[l]);
  return {
    raw,
    blank: (l: number) => l >= endLine || raw(l).trim() === '',
    /** The line without its indentation, if it is not indented as code. */
    text: (l: number) => (state.sCount[l] - state.blkIndent < 4 ? state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]) : ''),
    /** Columns (from 0) of the file line before what `raw` gives (block-quote markers). */
    shift: (l: number) => (state.bMarks[l] === 0 ? 0 : state.bMarks[l] - (state.src.lastIndexOf('\n', state.bMarks[l] - 1) + 1)),
  };
}

/** The runs of a dashed line, in display columns. */
function runsOf(line: string): { from: number; to: number }[] {
  const m = measured(line);
  return [...line.matchAll(/-+/g)].map((r) => ({ from: m.column(r.index), to: m.column(r.index + r[0].length) }));
}

/** A line cut at display columns: the first piece from the line's start (no text is left out), each other from its column. */
function cut(state: StateBlock, endLine: number, l: number, starts: number[]): Piece[] {
  const { raw, shift } = lines(state, endLine);
  const m = measured(raw(l));
  return starts.map((s, k) => {
    const from = k === 0 ? 0 : m.at(s);
    const to = k + 1 < starts.length ? m.at(starts[k + 1]) : m.line.length;
    const piece: Piece = { text: m.line.slice(from, Math.max(from, to)), line: l, column: shift(l) + from };
    if (k > 0 && from > 0 && from < m.line.length && /\S/.test(m.line[from - 1]) && /\S/.test(m.line[from])) {
      piece.cutWord = `${/\S*$/.exec(m.line.slice(0, from))![0]}|${/^\S*/.exec(m.line.slice(from))![0]}`;
    }
    return piece;
  });
}

/** Pandoc's alignment of a column from its header's lines (or, without a header, its first row's) over a run of dashes. */
function alignOf(lineTexts: string[], from: number, to: number, next: number | undefined): Align {
  const pieces = lineTexts.map((line) => {
    const m = measured(line);
    return m.line.slice(m.at(from), next === undefined ? undefined : m.at(next)).trimEnd();
  }).filter((p) => p !== '');
  if (pieces.length === 0) return '';
  // The longest line decides, the last of equals (pandoc's maximumBy).
  const s = pieces.reduce((a, b) => (measured(b).width >= measured(a).width ? b : a));
  const [indented, short] = [/^\s/.test(s), measured(s).width < to - from];
  return indented && short ? 'center' : indented ? 'right' : short ? 'left' : '';
}

/** A list item's marker at a cell line's start: pandoc reads the cell's text as a list. */
// Letters (`a.`, `A.`) are left out: a line of a cell's paragraph may begin with an initial.
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)]|#\.)(?:\s|$)/;

/**
 * A cell's text for the inline parser: its lines, trimmed, each one's place kept. Paragraphs (apart by
 * a blank line) and the items of a list each start a line of their own (a hard break, the markers kept
 * as text): the model's cell is one paragraph. `flattened` says that happened.
 */
function cellText(pieces: Piece[]): { content: string; lines: CellLine[]; flattened: boolean } {
  const parts: (CellLine & { text: string; breakBefore: boolean })[] = [];
  let gap = false;
  let list = false;
  for (const p of pieces) {
    const text = p.text.trim();
    if (text === '') {
      gap = parts.length > 0;
      continue;
    }
    const item = LIST_ITEM.test(text) && (parts.length === 0 || gap || list);
    if (item && parts.length === 0) list = true;
    const column = p.column + p.text.length - p.text.trimStart().length;
    const breakBefore = parts.length > 0 && (gap || item);
    // A marker padded as pandoc pads it (`-   one`) on a line of its own: the line's end is one space.
    const marker = item ? /^\S+\s+(?=\S)/.exec(text)?.[0] : undefined;
    if (marker) {
      parts.push({ text: marker.trimEnd(), line: p.line, column, breakBefore });
      parts.push({ text: text.slice(marker.length), line: p.line, column: column + marker.length, breakBefore: false });
    } else parts.push({ text, line: p.line, column, breakBefore });
    gap = false;
  }
  return {
    content: parts.map((p, i) => p.text + (parts[i + 1]?.breakBefore ? '\\' : '')).join('\n'),
    lines: parts.map(({ line, column }) => ({ line, column })),
    flattened: parts.some((p) => p.breakBefore),
  };
}

/** Pushes a table's tokens, as markdown-it's pipe tables make them; warns once if cells had to be flattened. */
function pushTable(state: StateBlock, from: number, to: number, align: Align[], head: Row[], body: Row[]): void {
  let flattened: CellLine | undefined;
  let more = 0;
  const row = (r: Row, cell: 'th' | 'td') => {
    state.push('tr_open', 'tr', 1).map = [r.from, r.to];
    r.cells.forEach((pieces, k) => {
      const open = state.push(`${cell}_open`, cell, 1);
      if (align[k]) open.attrs = [['style', `text-align:${align[k]}`]];
      const text = cellText(pieces);
      if (text.flattened) {
        if (flattened) more++;
        else flattened = text.lines[0];
      }
      const inline = state.push('inline', '', 0);
      inline.content = text.content;
      inline.map = [r.from, r.to];
      inline.children = [];
      (inline as Token & { samizdatLines?: CellLine[] }).samizdatLines = text.lines;
      state.push(`${cell}_close`, cell, -1);
    });
    state.push('tr_close', 'tr', -1);
  };
  state.push('table_open', 'table', 1).map = [from, to];
  if (head.length) {
    state.push('thead_open', 'thead', 1);
    for (const r of head) row(r, 'th');
    state.push('thead_close', 'thead', -1);
  }
  state.push('tbody_open', 'tbody', 1);
  for (const r of body) row(r, 'td');
  state.push('tbody_close', 'tbody', -1);
  state.push('table_close', 'table', -1);
  state.line = to;
  if (flattened) {
    warnAt(state, flattened.line, flattened.column + 1, 'table-cell-flattened',
      `a table cell holds paragraphs or a list${more ? ` (and ${more} more cell${more === 1 ? '' : 's'} of this table)` : ''}: set as one paragraph, each paragraph or item on a line of its own, the markers kept`,
      'a cell is one paragraph here: move the list or the paragraphs out of the table, or join them');
  }
}

/**
 * Warns once for a table whose column edges fall inside words, at the first: a table pandoc lined up and
 * an editor changed after (a note mark `[^654]` put in for a placeholder three characters longer moved
 * 'Average of the different prices' across an edge: 'Ave|rage'; '95,|500' in a column of pounds). The
 * halves stand in two cells, as pandoc reads them, and the reader sees a word or a sum torn apart.
 */
function warnCutWords(state: StateBlock, rows: Row[]): void {
  const cut = rows.flatMap((r) => r.cells.flat()).filter((p) => p.cutWord);
  if (cut.length === 0) return;
  const [first] = cut;
  warnAt(state, first.line, first.column + 1, 'table-word-cut',
    `a column's edge falls inside the word '${first.cutWord}'${cut.length > 1 ? ` (and ${cut.length - 1} more in this table)` : ''}: its halves are set in two cells, as pandoc sets them`,
    "move the text so that it stands over or under its own column's dashes, or widen the dashes");
}

/** Records a warning for the converter to report, once per place (a rule may be tried on a line more than once). */
function warnAt(state: StateBlock, line: number, column: number, rule: string, message: string, hint: string): void {
  const env = state.env as TablesEnv;
  const list = (env.tableWarnings ??= []);
  if (!list.some((w) => w.line === line && w.column === column && w.rule === rule)) list.push({ line, column, rule, message, hint });
}

/** The most lines a simple table's header is read from (a head over groups, the columns' heads; a third for a unit). */
const MAX_HEAD_LINES = 4;

/** Whether a line's words all stand over runs of dashes: nothing but spaces in the gaps between them. */
function withinRuns(line: string, runs: { from: number; to: number }[]): boolean {
  const m = measured(line);
  return runs.slice(1).every((r, k) => m.line.slice(m.at(runs[k].to), m.at(r.from)).trim() === '');
}

/** A simple table's dashed line: two columns or more, each three dashes or more, apart. */
const DASHES = /^-{3,}(?: +-{3,})+ *$/;
/** A multiline table's closing line, or its top one: one run of dashes or more. */
const DASH_LINE = /^-{3,}(?: +-{3,})* *$/;

/**
 * Pandoc's simple tables: a header line over a line of dashes, a run of dashes for each column, then a
 * row a line until a blank line; or, without a header, the rows between two dashed lines. A column's
 * cells are what each line holds from its run of dashes on; the header's place over its dashes aligns
 * it (flush right: right, flush left: left, neither: centred), as in pandoc. Read as a pipe table is:
 * CommonMark made the header a paragraph, the dashes a section break and the rows one paragraph.
 */
export function simpleTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const { raw, blank, text } = lines(state, endLine);
  // A header whose first cell is empty starts far in: an indented code block but for the dashes under it.
  if (blank(startLine)) return false;
  const headed = !DASHES.test(text(startLine));
  let dashLine = headed ? startLine + 1 : startLine;
  // A header of several lines (a head over a group of columns above the columns' own, as a two-row
  // HTML header reads when typed out): pandoc has one line and reads the rest as a paragraph; here it
  // was a paragraph, a section break and a paragraph of the rows run together. Each line is a header
  // row when its words all stand over the dashes, none in the gaps between the runs.
  while (headed && dashLine < startLine + MAX_HEAD_LINES && !blank(dashLine) && !DASHES.test(text(dashLine))) dashLine++;
  if (dashLine >= endLine || !DASHES.test(text(dashLine)) || blank(dashLine + 1)) return false;
  // A line of prose over a table ('The prices were these:') runs past the dashes: the lines over the one over them may not.
  if (dashLine > startLine + 1) {
    const runs = runsOf(raw(dashLine));
    const fits = (h: number) => withinRuns(raw(h), runs) && (h === dashLine - 1 || measured(raw(h).trimEnd()).width <= runs[runs.length - 1].to);
    if (!range(startLine, dashLine).every(fits)) return false;
  }
  let last = dashLine + 1;
  while (!blank(last + 1) && !(DASHES.test(text(last + 1)) && blank(last + 2))) last++;
  const closing = !blank(last + 1) ? last + 1 : -1;
  // Without a header the rows need their closing dashes, or a list of dashed lines would be a table.
  if (!headed && closing < 0) return false;
  if (silent) return true;
  const runs = runsOf(raw(dashLine));
  const starts = runs.map((r) => r.from);
  const first = headed ? startLine : dashLine + 1;
  // A header of several lines: the one over the dashes names the columns and aligns them.
  const align = runs.map((r, k) => alignOf([raw(headed ? dashLine - 1 : first)], r.from, r.to, runs[k + 1]?.from));
  const row = (l: number): Row => ({ from: l, to: l + 1, cells: cut(state, endLine, l, starts).map((p) => [p]) });
  const body: Row[] = [];
  for (let l = dashLine + 1; l <= last; l++) body.push(row(l));
  const head = range(startLine, headed ? dashLine : startLine).map(row);
  warnCutWords(state, [...head, ...body]);
  pushTable(state, startLine, (closing > 0 ? closing : last) + 1, align, head, body);
  return true;
}

/**
 * Pandoc's multiline tables: a line of dashes, the header's lines, a run of dashes for each column, the
 * rows apart by blank lines, a line of dashes and a blank line; without a header, the runs open the table
 * (the rows apart by blank lines, or it is a simple table). A row's lines in a column are one cell. A
 * column is aligned by where its header's longest line stands over its dashes, as in simple tables.
 * Without its closing line the table is left as text, with a warning: pandoc would read the text after
 * it, up to the next line of dashes, as its rows.
 */
export function multilineTable(headed: boolean) {
  return (state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean => {
    const { raw, blank, text, shift } = lines(state, endLine);
    const t = text(startLine);
    let dashLine = startLine;
    // Without a header the runs stand after a blank line: under text they are a failed table's or a simple table's.
    if (!headed && startLine > 0 && !blank(startLine - 1)) return false;
    if (headed) {
      if (!/^-{3,} *$/.test(t) || blank(startLine + 1)) return false;
      dashLine = startLine + 1;
      while (!blank(dashLine) && !DASH_LINE.test(text(dashLine))) dashLine++;
      if (dashLine === startLine + 1 || blank(dashLine)) return false;
    }
    if (!DASHES.test(text(dashLine)) || blank(dashLine + 1)) return false;
    // The rows, up to the next line of dashes: the closing one if a blank line follows it.
    // A table that failed before ran on to where this one would: it fails the same way (else a run of them is quadratic).
    const env = state.env as TablesEnv;
    const failed = env.unclosedTable;
    if (failed && startLine < failed.until && failed.endLine === endLine && failed.blkIndent === state.blkIndent) return false;
    // The closing line: dashes before a blank line, as pandoc has it, but the one shaped as the table's first line if
    // one is, before the end: pandoc writes a row of em dashes as runs of `---`, and would end the table there.
    let close = -1;
    for (let l = dashLine + 1; ; l++) {
      const dashes = l < endLine && DASH_LINE.test(text(l));
      if (dashes && blank(l + 1)) {
        if (close < 0 || text(l).trimEnd() === t.trimEnd()) close = l;
        if (text(l).trimEnd() === t.trimEnd()) break;
      } else if (l >= endLine || /^#{1,6}(?:\s|$)/.test(text(l)) || (dashes && /^-+ *$/.test(text(l)))) {
        // The end, a heading or another table's top line (one run over text; runs over text are a row of `---`).
        if (close >= 0) break;
        env.unclosedTable = { until: l, endLine, blkIndent: state.blkIndent };
        if (!silent) {
          warnAt(state, startLine, shift(startLine) + state.tShift[startLine] + 1, 'table-unclosed',
            'this multiline table has no closing line of dashes followed by a blank line: it is not read as one table',
            'end the table with a line of dashes, as long as its first, and a blank line');
        }
        return false;
      }
    }
    const rows: { from: number; to: number }[] = [];
    let from = -1;
    for (let l = dashLine + 1; l <= close; l++) {
      if (l < close && !blank(l)) {
        if (from < 0) from = l;
      } else if (from >= 0) {
        rows.push({ from, to: l });
        from = -1;
      }
    }
    const l = close;
    // Without a header and without a blank line between rows, it is a simple table (tried before).
    if (rows.length === 0 || (!headed && rows.length === 1 && rows[0].to === l)) return false;
    if (silent) return true;
    const runs = runsOf(raw(dashLine));
    const starts = runs.map((r) => r.from);
    const alignLines = headed ? range(startLine + 1, dashLine).map(raw) : range(rows[0].from, rows[0].to).map(raw);
    const align = runs.map((r, k) => alignOf(alignLines, r.from, r.to, runs[k + 1]?.from));
    const toRow = (r: { from: number; to: number }): Row => {
      const cuts = range(r.from, r.to).map((x) => cut(state, endLine, x, starts));
      return { ...r, cells: starts.map((_, k) => cuts.map((c) => c[k])) };
    };
    const head = headed ? toRow({ from: startLine + 1, to: dashLine }) : undefined;
    const body = rows.map(toRow);
    warnCutWords(state, head ? [head, ...body] : body);
    pushTable(state, startLine, l + 1, align, head ? [head] : [], body);
    return true;
  };
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** A grid table's top line, its colons aligning the columns of a table without a header; a line between rows (`-`) or under the header (`=`). */
const GRID_TOP = /^\+(?::?-+:?\+)+ *$/;
const GRID_RULE = /^\+(?:(?::?-+:?\+)+|(?::?=+:?\+)+) *$/;

/**
 * Pandoc's grid tables: rows between lines of `+---+`, their cells between bars standing under the
 * `+` of the top line, a line of `+===+` under the header (none: no header). Alignment is the
 * colons of the line under the header (of the top line, without one), as in pipe tables. A cell's
 * lines are one cell; its paragraphs and lists are flattened into it (see cellText). A table whose
 * bars do not stand under its `+` is traced cell by cell (pandoc 3's cells spanning columns or rows:
 * see spannedGrid); one whose borders close no cells (a ragged inner border) is left as text with a
 * warning; one without its closing line ends at its last row, with a warning. Later lines of `=`
 * (pandoc 3's table foot) part rows like lines of `-`.
 */
export function gridTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const { raw, blank, text, shift } = lines(state, endLine);
  if (!GRID_TOP.test(text(startLine))) return false;
  const top = measured(raw(startLine));
  const bounds = [...top.line.matchAll(/\+/g)].map((p) => top.column(p.index));
  const rows: { from: number; to: number }[] = [];
  /** The lines of `=`, in order. */
  const equals: number[] = [];
  let from = -1;
  let l = startLine + 1;
  for (; !blank(l); l++) {
    const line = measured(raw(l));
    const t = text(l);
    const separator = GRID_RULE.test(t);
    if (!separator && t[0] !== '|') break;
    // Every mark under a `+` of the top line: a line between rows has all its `+` there, a line of cells its bars (the last may stray).
    const mark = separator ? '+' : '|';
    const marks = separator ? bounds : bounds.slice(0, -1);
    const missing = marks.find((b) => line.line[line.at(b)] !== mark || line.column(line.at(b)) !== b);
    const stray = separator && [...line.line.matchAll(/\+/g)].length !== bounds.length;
    if (missing !== undefined || stray || (separator && from < 0)) {
      // Cells spanning columns or rows, as pandoc 3 writes them: traced, each set in its first place.
      const spanned = spannedGrid(state, startLine, endLine);
      if (spanned) {
        if (!silent) pushTable(state, startLine, spanned.end, spanned.align, spanned.rows.slice(0, spanned.head), spanned.rows.slice(spanned.head));
        return true;
      }
      if (!silent) {
        const at = missing ?? bounds[0];
        warnAt(state, l, shift(l) + line.at(at) + 1, 'table-grid-ragged',
          `this line of a grid table has no ${mark} under the + at column ${shift(startLine) + top.at(at) + 1} of its top line, and its borders close no cells (a border out of place): the table is set as text`,
          'line the borders up under the + of the top line; a cell spanning columns or rows is closed by its borders on all four sides');
      }
      return false;
    }
    if (separator) {
      if (t.includes('=')) equals.push(l);
      rows.push({ from, to: l });
      from = -1;
    } else if (from < 0) from = l;
  }
  if (from >= 0) rows.push({ from, to: l });
  if (rows.length === 0) return false;
  if (silent) return true;
  if (from >= 0) {
    warnAt(state, l - 1, shift(l - 1) + state.tShift[l - 1] + 1, 'table-unclosed',
      'this grid table has no closing line (+---+) after its last row: the row is read as if it had one', 'close the table with its top line');
  }
  // The header is every row above the first line of `=` (pandoc 3: a head over a group of columns, the
  // columns' own heads under it), but for a foot's top line (two lines of `=` round the last rows, none
  // above them): a table without a header. Before, the rows of a header of two were set as body rows.
  const footOnly = equals.length === 2 && equals[1] === l - 1 && rows.findIndex((r) => r.to === equals[0]) > 0;
  const headRule = equals.length > 0 && !footOnly ? equals[0] : -1;
  const headRows = headRule >= 0 ? rows.findIndex((r) => r.to === headRule) + 1 : 0;
  const aligner = raw(headRule >= 0 ? headRule : startLine);
  const rule = measured(aligner);
  const align = bounds.slice(0, -1).map((b, k): Align => {
    const seg = aligner.slice(rule.at(b) + 1, rule.at(bounds[k + 1]));
    const [left, right] = [seg.startsWith(':'), seg.endsWith(':')];
    return left && right ? 'center' : left ? 'left' : right ? 'right' : '';
  });
  // A cell is what stands between two bars; the last runs to the line's end, less its closing bar.
  const starts = bounds.slice(0, -1).map((b) => b + 1);
  const toRow = (r: { from: number; to: number }): Row => {
    const cuts = range(r.from, r.to).map((x) => {
      const pieces = cut(state, endLine, x, starts);
      // Each piece but the last ends in the bar after it; the first starts with the indent and the bar before it.
      return pieces.map((p, k) => ({
        ...p,
        text: (k === 0 ? p.text.replace(/^\s*\|/, (m) => ' '.repeat(m.length)) : p.text).replace(k + 1 < pieces.length ? /\|$/ : /\|\s*$/, ''),
      }));
    });
    return { ...r, cells: starts.map((_, k) => cuts.map((c) => c[k])) };
  };
  pushTable(state, startLine, l, align, rows.slice(0, headRows).map(toRow), rows.slice(headRows).map(toRow));
  return true;
}

/**
 * A grid table whose cells span columns or rows, as pandoc 3 writes an HTML table with colspan and
 * rowspan (and as gridtables, which pandoc 3 reads them with, traces them): a cell is what its borders
 * close, a line of `-` or `=` above and below, a `|` or `+` to its left and right; the columns are
 * between the `+` of every line, the rows between the lines that are a border anywhere. Read into the
 * model's cells, which span nothing: a cell's text stands in its first row and column, the places it
 * covers are empty (a head over a group of columns is then set across them: see cellSpans). The header
 * is the rows above the first line of `=`. Undefined when the borders close no such cells (a border
 * out of place): the caller warns and leaves the table as text.
 */
function spannedGrid(state: StateBlock, startLine: number, endLine: number): { rows: Row[]; head: number; align: Align[]; end: number } | undefined {
  const { raw, blank, text, shift } = lines(state, endLine);
  let end = startLine + 1;
  while (!blank(end) && /^[+|]/.test(text(end))) end++;
  const ms = range(startLine, end).map((l) => measured(raw(l)));
  const charAt = (i: number, c: number) => {
    const m = ms[i];
    const k = m.at(c);
    return m.column(k) === c ? (m.line[k] ?? ' ') : ' ';
  };
  // The columns' edges: every `+` of a border (beside a `-`, `=` or `:`; a `+` in a cell's text is none), in display columns.
  const corner = (line: string, k: number) => /[-=:]/.test(line[k - 1] ?? '') || /[-=:]/.test(line[k + 1] ?? '');
  const edges = [...new Set(ms.flatMap((m) => [...m.line.matchAll(/\+/g)].filter((p) => corner(m.line, p.index)).map((p) => m.column(p.index))))].sort((a, b) => a - b);
  if (edges.length < 2 || ms.length < 3) return undefined;
  const segments = edges.length - 1;
  /** Whether line i is a border over segment s: `-`, `=` or `:` from edge to edge, each edge a `+` or the border running on across it. */
  const border = (i: number, s: number) => {
    const m = ms[i];
    const [from, to] = [m.at(edges[s]), m.at(edges[s + 1])];
    return m.column(from) === edges[s] && m.column(to) === edges[s + 1] && /^[-=:+][-=:]+[-=:+]$/.test(m.line.slice(from, to + 1));
  };
  const separators = range(0, ms.length).filter((i) => range(0, segments).some((s) => border(i, s)));
  const last = ms.length - 1;
  if (separators[0] !== 0 || separators.at(-1) !== last || !range(0, segments).every((s) => border(0, s) && border(last, s))) return undefined;
  // Bands: the lines between two lines that are a border somewhere; a unit is a band's segment.
  const bands = separators.slice(0, -1).map((top, k) => ({ top, bottom: separators[k + 1] }));
  if (bands.some((b) => b.bottom === b.top + 1)) return undefined;
  const id = (b: number, s: number) => b * segments + s;
  const parent = range(0, bands.length * segments);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const [b, band] of bands.entries()) {
    for (let s = 0; s < segments; s++) {
      // A line of text in the band: its edges are bars, or `+` where a border meets them; none or all.
      if (s + 1 < segments) {
        const walls = range(band.top + 1, band.bottom).filter((i) => /[|+]/.test(charAt(i, edges[s + 1])));
        if (walls.length === 0) parent[find(id(b, s + 1))] = find(id(b, s));
        else if (walls.length !== band.bottom - band.top - 1) return undefined;
      }
      if (b + 1 < bands.length && !border(band.bottom, s)) parent[find(id(b + 1, s))] = find(id(b, s));
    }
    if (range(band.top + 1, band.bottom).some((i) => charAt(i, edges[0]) !== '|' && charAt(i, edges[0]) !== '+')) return undefined;
  }
  // Each cell a rectangle of units, whose text is the lines between its borders.
  const cells = new Map<number, { b0: number; b1: number; s0: number; s1: number; units: number }>();
  for (let b = 0; b < bands.length; b++) {
    for (let s = 0; s < segments; s++) {
      const root = find(id(b, s));
      const c = cells.get(root);
      if (!c) cells.set(root, { b0: b, b1: b, s0: s, s1: s, units: 1 });
      else Object.assign(c, { b0: Math.min(c.b0, b), b1: Math.max(c.b1, b), s0: Math.min(c.s0, s), s1: Math.max(c.s1, s), units: c.units + 1 });
    }
  }
  if ([...cells.values()].some((c) => c.units !== (c.b1 - c.b0 + 1) * (c.s1 - c.s0 + 1))) return undefined;
  // A bar inside a cell spanning columns is one out of place ('| Bananas  | $1.34  |' a column to the right), not a span.
  for (const c of cells.values()) {
    if (c.s1 === c.s0) continue;
    for (let i = bands[c.b0].top + 1; i < bands[c.b1].bottom; i++) {
      const m = ms[i];
      if (m.line.slice(m.at(edges[c.s0] + 1), m.at(edges[c.s1 + 1])).includes('|')) return undefined;
    }
  }
  const rows: Row[] = bands.map((band) => ({ from: startLine + band.top + 1, to: startLine + band.bottom, cells: range(0, segments).map(() => []) }));
  for (const c of cells.values()) {
    const pieces: Piece[] = [];
    for (let i = bands[c.b0].top + 1; i < bands[c.b1].bottom; i++) {
      const m = ms[i];
      const [from, to] = [m.at(edges[c.s0] + 1), m.at(edges[c.s1 + 1])];
      // A border inside a cell spanning rows is none of its text.
      if (separators.includes(i) && range(c.s0, c.s1 + 1).every((s) => border(i, s))) continue;
      pieces.push({ text: m.line.slice(from, Math.max(from, to)), line: startLine + i, column: shift(startLine + i) + from });
    }
    rows[c.b0].cells[c.s0] = pieces;
  }
  const equals = separators.find((i) => i > 0 && i < last && ms[i].line.includes('='));
  const head = equals === undefined ? 0 : bands.findIndex((b) => b.bottom === equals) + 1;
  const aligner = ms[equals ?? 0];
  const align = range(0, segments).map((s): Align => {
    const seg = aligner.line.slice(aligner.at(edges[s] + 1), aligner.at(edges[s + 1]));
    const [left, right] = [seg.startsWith(':'), seg.endsWith(':')];
    return left && right ? 'center' : left ? 'left' : right ? 'right' : '';
  });
  return { rows, head, align, end: startLine + ms.length };
}

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

/**
 * markdown-it's pipe table rule, wrapped: a row with more cells than the header has columns loses the
 * cells past them, as GFM says, and they were lost from both editions without a word (`| one | two |
 * three |` under a header of two: 'three' gone). Each such row is a warning at its first cell left out.
 */
export function pipeTableCellsKept(table: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    const from = state.tokens.length;
    if (!table(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    let columns = 0;
    let inBody = false;
    for (const t of state.tokens.slice(from)) {
      if (t.type === 'th_open') columns++;
      else if (t.type === 'tbody_open') inBody = true;
      else if (t.type === 'tr_open' && inBody && t.map) {
        const line = t.map[0];
        const start = state.bMarks[line] + state.tShift[line];
        const cells = pipeCells(state.src.slice(start, state.eMarks[line]));
        if (cells.length <= columns) continue;
        const lost = cells[columns];
        const at = start + lost.at + (lost.text.length - lost.text.trimStart().length);
        const column = at - state.src.lastIndexOf('\n', at - 1);
        const text = cells.slice(columns).map((c) => c.text.trim()).join(' | ');
        warnAt(state, line, column, 'table-extra-cells',
          `this row has ${cells.length} cells where the table's header has ${columns}: ${cells.length - columns === 1 ? 'the last' : `the last ${cells.length - columns}`}, '${text.length > 40 ? `${text.slice(0, 40)}…` : text}', ${cells.length - columns === 1 ? 'is' : 'are'} left out of both editions`,
          'add a column to the header row (and the line of dashes under it), or join the cells: a | inside a cell is written \\|');
      }
    }
    return true;
  };
}

/** A pipe table's delimiter row (`|---|:--:|`), as markdown-it reads one. */
const PIPE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * How many rows of cells stand over a pipe table's header row (the one over its delimiter row), read
 * as header rows too: lines starting with `|`, right above it, of no more cells than the table has
 * columns; 0 when `startLine` does not begin such a header. GFM has one header row, and pandoc reads
 * the lines above it as a line block; an editor writes a head over a group of columns so, and before,
 * the rows were set as verse, bars and all, and the table's first row a paragraph of bars and dashes.
 */
export function pipeHeadRows(state: StateBlock, startLine: number, endLine: number): number {
  const text = (l: number) => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  const row = (l: number) => l < endLine && state.sCount[l] - state.blkIndent < 4 && /^\|/.test(text(l)) && !PIPE_DELIMITER.test(text(l));
  let header = startLine;
  while (header - startLine < MAX_HEAD_LINES && row(header) && row(header + 1)) header++;
  if (header === startLine || header + 1 >= endLine || !row(header) || !PIPE_DELIMITER.test(text(header + 1))) return 0;
  const columns = pipeCells(text(header + 1)).length;
  for (let l = startLine; l < header; l++) if (pipeCells(text(l)).length > columns) return 0;
  return header - startLine;
}

/**
 * markdown-it's pipe table rule, wrapped: a header of several rows (see pipeHeadRows) is read, the
 * rows over the last one pushed as header rows before it, aligned as their columns.
 */
export function pipeTableHeadRows(table: BlockRule): BlockRule {
  return (state, startLine, endLine, silent) => {
    const extra = pipeHeadRows(state, startLine, endLine);
    if (extra === 0) return table(state, startLine, endLine, silent);
    const from = state.tokens.length;
    if (!table(state, startLine + extra, endLine, silent)) return false;
    if (silent) return true;
    const made = state.tokens.slice(from);
    made[0].map = [startLine, state.line];
    const head = made.findIndex((t) => t.type === 'thead_open');
    const firstRow = made.slice(head + 1, made.findIndex((t) => t.type === 'tr_close') + 1);
    const ths = firstRow.filter((t) => t.type === 'th_open');
    const rows: Token[] = [];
    for (let l = startLine; l < startLine + extra; l++) {
      const start = state.bMarks[l] + state.tShift[l];
      const cells = pipeCells(state.src.slice(start, state.eMarks[l]));
      const open = new state.Token('tr_open', 'tr', 1);
      open.map = [l, l + 1];
      rows.push(open);
      ths.forEach((th, k) => {
        const cell = new state.Token('th_open', 'th', 1);
        cell.attrs = th.attrs;
        const inline = new state.Token('inline', '', 0);
        inline.content = (cells[k]?.text ?? '').trim().replace(/\\\|/g, '|');
        inline.map = [l, l + 1];
        inline.children = [];
        if (cells[k]) {
          const at = start + cells[k].at + (cells[k].text.length - cells[k].text.trimStart().length);
          (inline as Token & { samizdatLines?: CellLine[] }).samizdatLines = [{ line: l, column: at - (state.src.lastIndexOf('\n', at - 1) + 1) }];
        }
        rows.push(cell, inline, new state.Token('th_close', 'th', -1));
      });
      rows.push(new state.Token('tr_close', 'tr', -1));
    }
    state.tokens.splice(from + head + 1, 0, ...rows);
    return true;
  };
}

/** A pipe table row's cells as markdown-it splits them (at each | not after a backslash; the outer ones opening and closing the row), with their offsets in `row`. */
function pipeCells(row: string): { text: string; at: number }[] {
  const cells: { text: string; at: number }[] = [];
  let start = 0;
  for (let i = 0; i <= row.length; i++) {
    if (i === row.length || (row[i] === '|' && row[i - 1] !== '\\')) {
      cells.push({ text: row.slice(start, i), at: start });
      start = i + 1;
    }
  }
  if (cells.length && !cells[0].text.trim()) cells.shift();
  if (cells.length && !cells[cells.length - 1].text.trim()) cells.pop();
  return cells;
}
