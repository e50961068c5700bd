import { walkBlocks, type Block, type Inline, type Text } from '../model/index.js';
import { wordsFor } from '../words.js';

/**
 * Numbers the tables and figures of each text whose front matter asks for it (`number: [tables,
 * figures]`), in reading order from 1 in each text: the caption begins 'Table 1. ' (in the text's
 * language), a table without a caption gets one that says just 'Table 1.', and the block takes the
 * id 'table-1' or 'figure-1' for links (`[Table 1](#table-1)`). The label is part of the caption's
 * text, so the PDF, the EPUB and the page map's offsets all see the same words. Runs before
 * `assignIds`, which keeps these ids (and makes a new caption's paragraph id).
 */
export function numberCaptions(blocks: Block[], texts: readonly Pick<Text, 'meta' | 'from' | 'to'>[]): void {
  for (const t of texts) {
    const what = new Set(t.meta.number ?? []);
    if (!what.size) continue;
    const words = wordsFor(t.meta.language);
    let tables = 0;
    let figures = 0;
    for (const b of walkBlocks(blocks.slice(t.from, t.to))) {
      if (b.kind === 'table' && what.has('tables')) {
        b.label = `${words.table} ${++tables}.`;
        b.id = `table-${tables}`;
        b.caption = b.caption ? { ...b.caption, children: labelled(b.label, b.caption.children) } : { kind: 'paragraph', id: '', children: [{ kind: 'text', text: b.label }], span: b.span };
      } else if (b.kind === 'figure' && what.has('figures')) {
        b.label = `${words.figure} ${++figures}.`;
        b.id = `figure-${figures}`;
        b.caption = labelled(b.label, b.caption);
      }
    }
  }
}

function labelled(label: string, caption: Inline[]): Inline[] {
  return caption.length ? [{ kind: 'text', text: `${label} ` }, ...caption] : [{ kind: 'text', text: label }];
}
