import type { StateBlock } from 'markdown-it';

/**
 * Pandoc's fenced divs (`::: {.epigraph}` … `:::`), which its conversions of HTML and EPUB write, as
 * pandoc reads them: an opening fence is three colons or more with attributes after them (trailing
 * colons allowed), a closing fence colons alone, and a closing fence closes the innermost div open.
 * Pandoc writes nested divs with fences of one length (`::: poem`, `::: stanza`, `:::`, `:::`);
 * markdown-it-container closed the outer div at the first `:::` and printed the second as text.
 * The tokens are markdown-it-container's (`container_div_open` with the fence's `info`, and
 * `container_div_close`); a div never closed ends with its container.
 */
export function fencedDiv(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = fence(state, startLine);
  if (!first || first.info === '') return false;
  if (silent) return true;
  let depth = 1;
  let nextLine = startLine;
  let closed = false;
  while (++nextLine < endLine) {
    const start = state.bMarks[nextLine] + state.tShift[nextLine];
    // A line indented less than the container's ends it (a list item's div ends with the item).
    if (start < state.eMarks[nextLine] && state.sCount[nextLine] < state.blkIndent) break;
    if (state.sCount[nextLine] - state.blkIndent >= 4) continue;
    const f = fence(state, nextLine);
    if (!f) continue;
    if (f.info !== '') depth++;
    else if (--depth === 0) {
      closed = true;
      break;
    }
  }
  const parent = state.parentType;
  const lineMax = state.lineMax;
  state.parentType = 'container' as typeof state.parentType;
  state.lineMax = nextLine;
  const open = state.push('container_div_open', 'div', 1);
  open.markup = first.markup;
  open.block = true;
  open.info = first.info;
  open.map = [startLine, nextLine];
  state.md.block.tokenize(state, startLine + 1, nextLine);
  const close = state.push('container_div_close', 'div', -1);
  close.markup = closed ? fence(state, nextLine)!.markup : '';
  close.block = true;
  state.parentType = parent;
  state.lineMax = lineMax;
  state.line = nextLine + (closed ? 1 : 0);
  return true;
}

/** A fence on `line`: its colons and what follows them (trailing colons and spaces taken off), or undefined. */
function fence(state: StateBlock, line: number): { markup: string; info: string } | undefined {
  const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  const m = /^(:{3,})(.*)$/.exec(text);
  return m ? { markup: m[1], info: m[2].replace(/[\s:]*$/, '').trim() } : undefined;
}
