import { plainText, type Block, type TocEntry } from '../model/index.js';

/** The contents tree from the top-level headings (those inside quotes and lists are not sections). */
export function buildToc(blocks: readonly Block[]): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: TocEntry[] = [];
  for (const b of blocks) {
    if (b.kind !== 'heading' || b.level > 3) continue;
    const entry: TocEntry = { id: b.id, level: b.level, title: b.short ?? plainText(b.children), children: [] };
    while (stack.length && stack[stack.length - 1].level >= b.level) stack.pop();
    (stack.length ? stack[stack.length - 1].children : root).push(entry);
    stack.push(entry);
  }
  return root;
}
