import type { Token } from 'markdown-it';
import type { Diagnostics } from '../diagnostics.js';
import type { Block, Inline, Note, Span } from '../model/index.js';
import { createMarkdown } from './markdown.js';
import { inlinePosition, readMarker, type SpanMeta } from './spans.js';

export interface ParsedBody {
  blocks: Block[];
  notes: Note[];
}

interface Context {
  file: string;
  /** Lines of the whole file before the body: body line n (from 0) is file line n + 1 + offset. */
  lineOffset: number;
  bodyLines: string[];
  diags: Diagnostics;
  /** Footnote index (markdown-it's) → our note, numbered by first reference. */
  notes: Map<number, Note>;
  refCount: number;
}

/**
 * Markdown body → model blocks. Never throws on any input: what it cannot keep becomes a
 * diagnostic. markdown-it's tokens are converted here and go no further (see STYLE.md).
 * Ids are left empty; the ids transform fills them.
 */
export function parseBody(file: string, body: string, lineOffset: number, diags: Diagnostics): ParsedBody {
  const md = createMarkdown();
  const env: Record<string, unknown> = {};
  const tokens = md.parse(body, env);
  const ctx: Context = { file, lineOffset, bodyLines: body.split('\n'), diags, notes: new Map(), refCount: 0 };
  reportDroppedNesting(tokens, ctx, md.options.maxNesting ?? 100);
  const { blocks, noteTokens } = convertBlocks(tokens, ctx);
  for (const [index, toks] of noteTokens) {
    const note = ctx.notes.get(index);
    if (note) note.children = convertBlocks(toks, ctx).blocks;
  }
  const notes = [...ctx.notes.values()].sort((a, b) => a.number - b.number);
  return { blocks, notes };
}

function spanOf(tok: Token | undefined, ctx: Context): Span {
  return { line: (tok?.map?.[0] ?? 0) + 1 + ctx.lineOffset, column: 1 };
}

/** markdown-it silently drops what lies deeper than maxNesting: find the first line it lost and say so. */
function reportDroppedNesting(tokens: Token[], ctx: Context, maxNesting: number): void {
  let covered = 0;
  for (const t of tokens) if (t.map) covered = Math.max(covered, t.map[1]);
  const lost = ctx.bodyLines.findIndex((l, i) => i >= covered && l.trim() !== '');
  if (lost >= 0 && tokens.some((t) => t.level >= maxNesting - 2 || (t.map && t.level > 40))) {
    ctx.diags.error(ctx.file, lost + 1 + ctx.lineOffset, 1, 'nesting-too-deep',
      `block quotes or lists nest deeper than the parser keeps (${maxNesting} levels); the text from here on would be lost`,
      'flatten the nesting');
  }
}

/** Converts a run of block tokens; footnote bodies are returned separately by markdown-it's index. */
function convertBlocks(tokens: Token[], ctx: Context): { blocks: Block[]; noteTokens: Map<number, Token[]> } {
  const root: Block[] = [];
  const noteTokens = new Map<number, Token[]>();
  // A stack of open containers; each holds the list its children go into.
  type Frame = { into: Block[]; block?: Block };
  const stack: Frame[] = [{ into: root }];
  const top = () => stack[stack.length - 1];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open': {
        const inline = tokens[i + 1];
        top().into.push({ kind: 'heading', level: Number(t.tag.slice(1)), id: '', children: convertInlines(inline, ctx), span: spanOf(t, ctx) });
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const children = convertInlines(inline, ctx);
        const only = children.length === 1 ? children[0] : undefined;
        if (only?.kind === 'image' && !t.hidden) {
          top().into.push({ kind: 'figure', id: '', src: only.src, alt: only.alt, caption: only.alt ? [{ kind: 'text', text: only.alt }] : [], span: spanOf(t, ctx) });
        } else if (children.length > 0) {
          top().into.push({ kind: 'paragraph', id: '', children, span: spanOf(t, ctx) });
        }
        i += 2;
        break;
      }
      case 'blockquote_open': {
        const b: Block = { kind: 'blockquote', children: [], span: spanOf(t, ctx) };
        top().into.push(b);
        stack.push({ into: b.children, block: b });
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const b: Block = { kind: 'list', ordered: t.type === 'ordered_list_open', start: Number(t.attrGet('start') ?? 1), items: [], span: spanOf(t, ctx) };
        top().into.push(b);
        stack.push({ into: [], block: b });
        break;
      }
      case 'list_item_open': {
        const list = top().block;
        const item: Block[] = [];
        if (list?.kind === 'list') list.items.push(item);
        stack.push({ into: item });
        break;
      }
      case 'blockquote_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'list_item_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'fence':
      case 'code_block':
        top().into.push({ kind: 'code', id: '', text: t.content.replace(/\n$/, ''), span: spanOf(t, ctx) });
        break;
      case 'hr':
        top().into.push({ kind: 'rule', span: spanOf(t, ctx) });
        break;
      case 'html_block': {
        const span = spanOf(t, ctx);
        ctx.diags.warn(ctx.file, span.line, 1, 'raw-html', 'raw HTML is not supported; it is kept as visible text', 'write it in Markdown, or remove it');
        const text = t.content.replace(/\n+$/, '');
        if (text.trim()) top().into.push({ kind: 'paragraph', id: '', children: [{ kind: 'text', text }], span });
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
      default:
        break; // paragraph_close etc. are consumed above
    }
  }
  return { blocks: root, noteTokens };
}

/** Inline tokens → model inlines. markdown-it gives inline tokens no positions: they take their block's line. */
function convertInlines(inline: Token | undefined, ctx: Context): Inline[] {
  const line = (inline?.map?.[0] ?? 0) + 1 + ctx.lineOffset;
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  /** Positions of the `.noindex` markers the current text lies in (see spans.ts). */
  const noIndex: Span[] = [];
  const push = (node: Inline) => {
    const into = stack[stack.length - 1];
    const last = into[into.length - 1];
    if (node.kind === 'text' && noIndex.length > 0) node.noIndex = noIndex[noIndex.length - 1];
    if (node.kind === 'text' && last?.kind === 'text' && last.noIndex === node.noIndex) last.text += node.text;
    else if (node.kind !== 'text' || node.text !== '') into.push(node);
  };
  const open = (node: Inline & { children: Inline[] }) => {
    push(node);
    stack.push(node.children);
  };
  const close = () => {
    if (stack.length > 1) stack.pop();
  };
  for (const t of inline?.children ?? []) {
    switch (t.type) {
      case 'text':
        push({ kind: 'text', text: t.content });
        break;
      case 'softbreak':
        push({ kind: 'text', text: ' ' });
        break;
      case 'hardbreak':
        push({ kind: 'break' });
        break;
      case 'em_open':
        open({ kind: 'emph', children: [] });
        break;
      case 'strong_open':
        open({ kind: 'strong', children: [] });
        break;
      case 'link_open':
        open({ kind: 'link', href: String(t.attrGet("href") ?? ""), children: [] });
        break;
      case 'em_close':
      case 'strong_close':
      case 'link_close':
        close();
        break;
      case 'span_open': {
        const at = (offset: number) => inlinePosition(inline, offset, (l) => l + 1 + ctx.lineOffset, (l) => ctx.bodyLines[l - 1 - ctx.lineOffset] ?? '');
        const marker = ((t.meta as SpanMeta).marker = readMarker(t.meta as SpanMeta, at, ctx.file, ctx.diags));
        if (marker.open) {
          push(marker.open.node);
          stack.push(marker.open.children);
        }
        if (marker.noIndex) noIndex.push(marker.noIndex);
        break;
      }
      case 'span_close': {
        const marker = (t.meta as SpanMeta).marker;
        if (marker?.open) close();
        if (marker?.noIndex) noIndex.pop();
        break;
      }
      case 'code_inline':
        push({ kind: 'code', text: t.content });
        break;
      case 'image': {
        const src = String(t.attrGet('src') ?? '');
        const col = findColumn(ctx, line, `](${src}`);
        push({ kind: 'image', src, alt: t.content, span: { line, column: Math.max(1, col - 1) } });
        break;
      }
      case 'html_inline': {
        ctx.diags.warn(ctx.file, line, findColumn(ctx, line, t.content), 'raw-html', `raw HTML ${JSON.stringify(t.content)} is kept as visible text`, 'write it in Markdown, or remove it');
        push({ kind: 'text', text: t.content });
        break;
      }
      case 'footnote_ref': {
        const index = (t.meta as { id: number }).id;
        let note = ctx.notes.get(index);
        if (!note) {
          note = { id: '', number: ctx.notes.size + 1, refIds: [], children: [], span: { line, column: 1 } };
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
  for (const note of ctx.notes.values()) note.id = `note-${note.number}`;
  return trimEnds(root);
}

/** Column (from 1) of `needle` on a file line, or 1 when it cannot be found there. */
function findColumn(ctx: Context, fileLine: number, needle: string): number {
  const text = ctx.bodyLines[fileLine - 1 - ctx.lineOffset] ?? '';
  const at = text.indexOf(needle);
  return at < 0 ? 1 : at + 1;
}

function trimEnds(inlines: Inline[]): Inline[] {
  const first = inlines[0];
  if (first?.kind === 'text') first.text = first.text.replace(/^\s+/, '');
  const last = inlines[inlines.length - 1];
  if (last?.kind === 'text') last.text = last.text.replace(/\s+$/, '');
  return inlines.filter((n) => n.kind !== 'text' || n.text !== '');
}
