import type { Diagnostics } from '../diagnostics.js';
import { walkBlocks, type Book, type Inline } from '../model/index.js';
import { quote } from '../load/quote.js';

/**
 * Links to `#id` of something the book does not hold: both renderers set them as plain text, so say
 * so at the link (after the ids and the names' mentions are assigned). Heading ids are slugs of
 * their words, which a writer may guess wrong.
 */
export function checkInternalLinks(book: Book, diags: Diagnostics): void {
  const ids = new Set<string>();
  const links: Extract<Inline, { kind: 'link' }>[] = [];
  const inlines = (list: readonly Inline[]) => {
    for (const n of list) {
      if ((n.kind === 'noteRef' || n.kind === 'mention' || n.kind === 'anchor') && n.id) ids.add(n.id);
      if (n.kind === 'link' && n.href.startsWith('#')) links.push(n);
      if ('children' in n) inlines(n.children);
    }
  };
  for (const note of book.notes) ids.add(note.id);
  for (const b of walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])) {
    if ('id' in b && b.id) ids.add(b.id);
    if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
    else if (b.kind === 'figure') inlines(b.caption);
  }
  const headings = [...walkBlocks(book.blocks)].flatMap((b) => (b.kind === 'heading' ? [b.id] : []));
  for (const link of links) {
    const id = link.href.slice(1);
    if (ids.has(id)) continue;
    const at = link.span ?? { line: 1, column: 1 };
    diags.warn(book.file, at.line, at.column, 'link-missing-id', `the link to ${quote(link.href, 60)} leads to nothing in the book; it is set as plain text`,
      headings.length ? `a heading's id is its words in lower case joined by '-', e.g. #${headings[0]}` : 'link to a heading by its #id');
  }
}
