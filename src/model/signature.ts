import { isLines, type Block } from './block.js';
import { plainText } from './inline.js';

/** The longest signature, in characters: a name, a place and a date, a line at most. */
const SIGNATURE = 80;

const dashed = (b: Block): boolean => b.kind === 'paragraph' && /^\s*[\u2013\u2014\u2015]/.test(plainText(b.children));

/**
 * The signatures that close a book's front-matter chapters ('—William Archer' under his introduction,
 * '—F. E., London, 1888' under a preface, as Standard Ebooks marks a `z3998:signature`), which both
 * editions set flush right, as they set a quote's attribution: a chapter's last block, after others,
 * a short paragraph that opens with a dash, where none of the chapter's other paragraphs opens with
 * one (that is dialogue). Only front matter: in the text a last line after a dash is a reply.
 */
export function signatures(blocks: readonly Block[]): Set<Block> {
  const found = new Set<Block>();
  const chapter = (b: Block | undefined) => b?.kind === 'heading' && b.level === 1;
  for (let i = 0; i < blocks.length; i++) {
    const h = blocks[i];
    if (!(h.kind === 'heading' && h.level === 1 && h.front !== undefined)) continue;
    let end = i + 1;
    while (end < blocks.length && !chapter(blocks[end])) end++;
    const body = blocks.slice(i + 1, end);
    const last = body.at(-1);
    if (last?.kind === 'paragraph' && body.length >= 2 && dashed(last) && !isLines(last) && plainText(last.children).length <= SIGNATURE && !body.slice(0, -1).some(dashed)) found.add(last);
    i = end - 1;
  }
  return found;
}
