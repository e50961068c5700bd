import type { StateBlock, Token } from 'markdown-it';
import type { CellLine, TablesEnv } from './tables.js';

/**
 * A raw HTML table, as editors paste them from Project Gutenberg's and Standard Ebooks' books and as
 * pandoc's Markdown writer writes a table its other syntaxes cannot hold (`-t markdown-grid_tables`:
 * cells of paragraphs or lists, a header of two rows). Before, it was kept as visible text, tags and
 * all ('<td>Hamlet</td> <td><p>Prince of Denmark…'). It is read into the tokens of a pipe table, as
 * pandoc's tables are: the rows of its <thead> (or the first rows of th alone, without one) are header
 * rows, its <tfoot> rows follow the body, a cell spanning columns has its text in its first column and
 * the others empty (both editions set a head so across them: see cellSpans), one spanning rows leaves
 * the cells under it empty; its <caption> is the table's caption. Inside a cell, <em>/<i>, <strong>/<b>,
 * <sup>, <sub>, <br>, links and images are kept as their Markdown; paragraphs and list items are set
 * one a line (the cell is one paragraph in the model), with a warning; any other tag is left out, its
 * text kept. A table inside a cell, or one without its </table>, is left as the raw HTML it was.
 */
export function htmlTable(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const line = (l: number) => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  if (!/^<table(?=[\s>])/i.test(line(startLine))) return false;
  // The table's lines, each one's start in the joined text, up to the one holding </table>.
  const starts: number[] = [];
  let html = '';
  let last = -1;
  for (let l = startLine; l < endLine; l++) {
    // A table opening in it is not read here: so each line is looked at for one table at most (no run of
    // unclosed tables makes the reading quadratic).
    if (l > startLine && /<table(?=[\s>])/i.test(line(l))) return false;
    starts.push(html.length);
    html += `${line(l)}\n`;
    if (/<\/table\s*>/i.test(line(l))) {
      last = l;
      break;
    }
  }
  if (last < 0) return false;
  const end = /<\/table\s*>/i.exec(html)!;
  // Anything after </table> on its line, and a table in a table, are the raw HTML block's.
  if (html.slice(end.index + end[0].length).trim() !== '' || /<table[\s>]/i.test(html.slice(6, end.index))) return false;
  const read = readTable(html.slice(0, end.index));
  if (!read || read.rows.length === 0) return false;
  if (silent) return true;
  const place = (offset: number): CellLine => {
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1] <= offset) k++;
    const l = startLine + k;
    const fileLineStart = state.src.lastIndexOf('\n', state.bMarks[l] + state.tShift[l] - 1) + 1;
    return { line: l, column: state.bMarks[l] + state.tShift[l] - fileLineStart + offset - starts[k] };
  };
  if (read.caption) {
    const open = state.push('paragraph_open', 'p', 1);
    open.map = [startLine, startLine + 1];
    const inline = state.push('inline', '', 0);
    inline.content = `Table: ${read.caption.text}`;
    inline.map = open.map;
    inline.children = [];
    const at = place(read.caption.at);
    (inline as Token & { samizdatLines?: CellLine[] }).samizdatLines = [{ line: at.line, column: at.column - 'Table: '.length }];
    state.push('paragraph_close', 'p', -1);
  }
  const grid = layOut(read.rows);
  const head = countHead(read.rows);
  let flattened: { at: CellLine; more: number } | undefined;
  state.push('table_open', 'table', 1).map = [startLine, last + 1];
  grid.forEach((row, r) => {
    if (r === 0 && head > 0) state.push('thead_open', 'thead', 1);
    if (r === head) state.push('tbody_open', 'tbody', 1);
    const l = place(read.rows[r].at).line;
    state.push('tr_open', 'tr', 1).map = [l, l + 1];
    const tag = r < head ? 'th' : 'td';
    row.forEach((cell, c) => {
      const open = state.push(`${tag}_open`, tag, 1);
      const align = grid.find((x, k) => k >= head && x[c]?.align)?.[c]?.align;
      if (align) open.attrs = [['style', `text-align:${align}`]];
      const inline = state.push('inline', '', 0);
      inline.content = cell?.text ?? '';
      inline.map = [l, l + 1];
      inline.children = [];
      if (cell) {
        const at = place(cell.at);
        (inline as Token & { samizdatLines?: CellLine[] }).samizdatLines = cell.text.split('\n').map(() => at);
        if (cell.flattened) {
          if (flattened) flattened.more++;
          else flattened = { at, more: 0 };
        }
      }
      state.push(`${tag}_close`, tag, -1);
    });
    state.push('tr_close', 'tr', -1);
    if (r === head - 1) state.push('thead_close', 'thead', -1);
  });
  if (head < grid.length) state.push('tbody_close', 'tbody', -1);
  state.push('table_close', 'table', -1);
  state.line = last + 1;
  if (flattened) {
    const env = state.env as TablesEnv;
    const more = flattened.more;
    (env.tableWarnings ??= []).push({
      line: flattened.at.line, column: flattened.at.column + 1, rule: 'table-cell-flattened',
      message: `a table cell holds paragraphs or a list${more ? ` (and ${more} more cell${more === 1 ? '' : 's'} of this table)` : ''}: set as one paragraph, each paragraph or item on a line of its own, the markers kept`,
      hint: 'a cell is one paragraph here: move the list or the paragraphs out of the table, or join them',
    });
  }
  return true;
}

/** A cell as read: its text as Markdown (lines apart by hard breaks), where it starts in the table's HTML, its spans. */
interface Cell {
  text: string;
  at: number;
  colspan: number;
  rowspan: number;
  header: boolean;
  align?: 'left' | 'center' | 'right';
  flattened: boolean;
}
interface Row {
  part: 'head' | 'body' | 'foot';
  at: number;
  cells: Cell[];
}

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);
const INLINE: Record<string, string> = { em: '*', i: '*', cite: '*', strong: '**', b: '**', sup: '^', sub: '~' };
/** The most columns or rows a cell is taken to span (a colspan of a million would make a million cells). */
const MAX_SPAN = 100;
/** Characters the inline parser would read as markup, escaped in a cell's text ('&' is left: entities are read). */
const MARKUP = /[\\`*_[\]<>!^~|$]/g;

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** A cell while it is read: its finished lines and the Markdown of the line it is on. */
interface OpenCell extends Omit<Cell, 'text' | 'flattened'> {
  lines: string[];
  out: string[];
  /** A paragraph or list item began a line of it after another line. */
  blocks: boolean;
  tagEnd: number;
}

/** The table's caption and rows, or undefined for HTML it does not read as one table. */
function readTable(html: string): { caption?: { text: string; at: number }; rows: Row[] } | undefined {
  const rows: Row[] = [];
  let part: Row['part'] = 'body';
  let row: Row | undefined;
  let cell: OpenCell | undefined;
  let caption: { at: number; out: string[] } | undefined;
  let inCaption = false;
  /** The targets of the links open where the reader is (undefined for one set as its text). */
  const links: (string | undefined)[] = [];
  const sink = () => (cell ? cell.out : inCaption ? caption?.out : undefined);
  const endLine = () => {
    if (!cell) return false;
    const text = cell.out.join('').replace(/\s+/g, ' ').trim();
    cell.out = [];
    if (text) cell.lines.push(text);
    return text !== '';
  };
  const closeCell = () => {
    if (!cell || !row) return;
    endLine();
    const { lines, out, blocks, tagEnd, ...rest } = cell;
    void out;
    row.cells.push({ ...rest, at: rest.at >= 0 ? rest.at : tagEnd, text: lines.join('\\\n'), flattened: blocks && lines.length > 1 });
    cell = undefined;
    links.length = 0;
  };
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    const text = html.slice(last, m.index);
    const out = sink();
    if (text.trim()) {
      if (!out) return undefined; // text between rows: not a table read here
      const at = last + text.length - text.trimStart().length;
      if (cell && cell.at < 0) cell.at = at;
      if (inCaption && caption && caption.at < 0) caption.at = at;
      out.push(text.replace(/\s+/g, ' ').replace(MARKUP, '\\$&'));
    } else if (text) out?.push(' ');
    last = m.index + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const [, close, rawName, attrs] = m;
    const name = rawName.toLowerCase();
    if (name === 'table') {
      // Its own opening tag; a table in a cell is the raw HTML block's.
      if (m.index !== 0 || close) return undefined;
    } else if (name === 'caption') {
      if (!close && (rows.length > 0 || caption)) return undefined;
      if (!close) caption = { at: -1, out: [] };
      inCaption = !close;
    } else if (name === 'thead' || name === 'tbody' || name === 'tfoot') {
      closeCell();
      row = undefined;
      part = close ? 'body' : name === 'thead' ? 'head' : name === 'tfoot' ? 'foot' : 'body';
    } else if (name === 'colgroup' || name === 'col') {
      continue;
    } else if (name === 'tr') {
      closeCell();
      row = undefined;
      if (!close) rows.push((row = { part, at: m.index, cells: [] }));
    } else if (name === 'th' || name === 'td') {
      closeCell();
      if (close) continue;
      if (!row) rows.push((row = { part, at: m.index, cells: [] }));
      const style = attr(attrs, 'style') ?? '';
      const align = (attr(attrs, 'align') ?? /text-align\s*:\s*(left|center|right)/i.exec(style)?.[1])?.toLowerCase();
      cell = {
        at: -1, tagEnd: last, lines: [], out: [], blocks: false, header: name === 'th',
        colspan: Math.max(1, Math.min(MAX_SPAN, Number(attr(attrs, 'colspan')) || 1)),
        rowspan: Math.max(1, Math.min(MAX_SPAN, Number(attr(attrs, 'rowspan')) || 1)),
        align: align === 'left' || align === 'center' || align === 'right' ? align : undefined,
      };
    } else if (!cell && !inCaption) {
      // A tag outside the cells (a <p> between rows, a table in the table): not a table read here.
      return undefined;
    } else if (BLOCK.has(name)) {
      if (cell && endLine() && !close) cell.blocks = true;
      else if (cell && !close && cell.lines.length > 0) cell.blocks = true;
      if (cell && !close && name === 'li') cell.out.push('- ');
    } else if (name === 'br') {
      endLine();
    } else if (INLINE[name]) {
      out?.push(INLINE[name]);
    } else if (name === 'a') {
      if (close) {
        const href = links.pop();
        if (href !== undefined) out?.push(`](${href})`);
      } else {
        const href = attr(attrs, 'href');
        links.push(href ? destination(href) : undefined);
        if (links.at(-1) !== undefined) out?.push('[');
      }
    } else if (name === 'img') {
      const src = attr(attrs, 'src');
      if (src && destination(src)) out?.push(`![${(attr(attrs, 'alt') ?? '').replace(MARKUP, '\\$&')}](${destination(src)})`);
      else if (attr(attrs, 'alt')) out?.push((attr(attrs, 'alt') ?? '').replace(MARKUP, '\\$&'));
    }
  }
  // Text after the last tag: the last cell's, when its </td> was left out (old HTML leaves out the closing tags).
  const tail = html.slice(last);
  if (tail.trim()) {
    if (!cell) return undefined;
    if (cell.at < 0) cell.at = last + tail.length - tail.trimStart().length;
    cell.out.push(tail.replace(/\s+/g, ' ').replace(MARKUP, '\\$&'));
  }
  closeCell();
  const cap = caption ? caption.out.join('').replace(/\s+/g, ' ').trim() : '';
  return { caption: cap ? { text: cap, at: Math.max(0, caption!.at) } : undefined, rows: rows.filter((r) => r.cells.length > 0) };
}

/** The rows laid on a grid: a cell spanning columns or rows is in its first place, the others it covers empty. */
function layOut(rows: Row[]): (Cell | undefined)[][] {
  const ordered = [...rows.filter((r) => r.part === 'head'), ...rows.filter((r) => r.part === 'body'), ...rows.filter((r) => r.part === 'foot')];
  rows.splice(0, rows.length, ...ordered);
  const grid: (Cell | undefined | null)[][] = rows.map(() => []);
  rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row.cells) {
      while (grid[r][c] !== undefined) c++;
      for (let dr = 0; dr < cell.rowspan && r + dr < rows.length; dr++) {
        for (let dc = 0; dc < cell.colspan; dc++) grid[r + dr][c + dc] = dr === 0 && dc === 0 ? cell : null;
      }
      c += cell.colspan;
    }
  });
  const columns = Math.max(...grid.map((g) => g.length));
  return grid.map((g) => Array.from({ length: columns }, (_, c) => g[c] ?? undefined));
}

/** Header rows: those of the <thead>, or without one the first rows of th alone. */
function countHead(rows: Row[]): number {
  const head = rows.filter((r) => r.part === 'head').length;
  if (head > 0) return head;
  let k = 0;
  while (k < rows.length - 1 && rows[k].cells.every((c) => c.header)) k++;
  return k;
}

/** A link's or image's address as a Markdown destination: in angle brackets when it holds spaces or parentheses; undefined when it cannot be one (a line break or an angle bracket in it). */
function destination(url: string): string | undefined {
  if (/[<>\n]/.test(url)) return undefined;
  return /[\s()]/.test(url) ? `<${url}>` : url;
}
