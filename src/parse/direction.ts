import { plainText, walkBook, type Block, type Inline, type Note } from '../model/index.js';
import { languageDirection, textDirection } from '../model/direction.js';

/**
 * Gives every foreign run without a `dir` the one its text needs: 'rtl' for Hebrew, Arabic and the
 * other right-to-left scripts, and 'ltr' for left-to-right text in a right-to-left book. A run with
 * no letters takes its language's direction. An explicit `dir=` is kept.
 */
export function setDirections(blocks: Block[], notes: Note[], bookLanguage: string): void {
  const base = languageDirection(bookLanguage);
  const inlines = (list: Inline[]) => {
    for (const n of list) {
      if (n.kind === 'foreign' && !n.dir) {
        const dir = textDirection(plainText(n.children)) ?? languageDirection(n.lang);
        if (dir !== base || dir === 'rtl') n.dir = dir;
      }
      if ('children' in n) inlines(n.children);
    }
  };
  for (const b of walkBook({ blocks, notes })) {
    if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
    else if (b.kind === 'figure') inlines(b.caption);
  }
}
