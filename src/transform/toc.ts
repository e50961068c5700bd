import { plainText, walkBlocks, type Block, type ListOf, type Numbered, type TocEntry } from '../model/index.js';

/**
 * The contents tree from the top-level headings (those inside quotes and lists are not sections), a
 * part's chapters under it. An unlisted heading is left out with the headings under it, as pandoc
 * leaves out its section.
 */
export function buildToc(blocks: readonly Block[]): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: TocEntry[] = [];
  let hidden = 0; // the level of the unlisted heading whose section this is, or 0
  for (const b of blocks) {
    if (b.kind !== 'heading' || b.level > 3) continue;
    if (hidden && b.level > hidden) continue;
    hidden = b.unlisted ? b.level : 0;
    if (hidden) continue;
    // A part stands above the chapters (level 0), which go under it.
    const entry: TocEntry = { id: b.id, level: b.part ? 0 : b.level, title: b.short ?? plainText(b.children), children: [] };
    while (stack.length && stack[stack.length - 1].level >= entry.level) stack.pop();
    (stack.length ? stack[stack.length - 1].children : root).push(entry);
    stack.push(entry);
  }
  return root;
}

/**
 * The lists the front matter asks for (`lists: [figures, tables]`), figures before tables: every figure
 * of the text (not of its notes) with a caption or a description, and every table with a caption,
 * found by its number's id ('table-2') or its caption's.
 */
export function buildLists(blocks: readonly Block[], asked: readonly Numbered[] = []): ListOf[] {
  const figures: ListOf['entries'] = [];
  const tables: ListOf['entries'] = [];
  for (const b of walkBlocks(blocks)) {
    const title = b.kind === 'figure' ? plainText(b.caption).trim() || b.alt.trim() : b.kind === 'table' && b.caption ? plainText(b.caption.children).trim() : '';
    // A figure with neither caption nor description, or a caption of a note mark alone, has no words to list.
    if (!title) continue;
    if (b.kind === 'figure') figures.push({ id: b.id, title });
    else if (b.kind === 'table' && b.caption) tables.push({ id: b.id || b.caption.id, title });
  }
  return [...(asked.includes('figures') ? [{ kind: 'figures' as const, entries: figures }] : []), ...(asked.includes('tables') ? [{ kind: 'tables' as const, entries: tables }] : [])];
}
