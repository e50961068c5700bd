import { plainText, walkBook, type Block, type Note } from '../model/index.js';
import { slugify } from '../slug.js';

/**
 * Gives every linkable block a unique id, valid as an XML id and stable across builds of the same
 * text: headings get a slug of their text ('stalin-and-malenkov', then '-2', '-3' for repeats,
 * 'section-N' when the text has no letters, an 's-' prefix when the slug looks like an id another
 * stage makes up), paragraphs and other text blocks 'p-N' in order (a numbered figure or table keeps its own),
 * the body first, then the notes in their printed order.
 */
export function assignIds(blocks: Block[], notes: readonly Note[] = []): void {
  const used = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  let paragraphs = 0;
  let sections = 0;
  for (const b of walkBook({ blocks, notes })) {
    if (b.kind === 'heading') {
      sections++;
      const slug = slugify(plainText(b.children));
      b.id = unique(!slug ? `section-${sections}` : GENERATED.test(slug) ? `s-${slug}` : slug);
    } else if ((b.kind === 'figure' || b.kind === 'table') && b.id) {
      b.id = unique(b.id); // a numbered one's 'figure-N', 'table-N' (numbering.ts)
    } else if (b.kind === 'paragraph' || b.kind === 'code' || b.kind === 'figure') {
      b.id = unique(`p-${++paragraphs}`);
    }
  }
}

/**
 * Prefixes of the ids other stages make up (notes `note-N`, their references `nref-N`, mentions
 * `m-…`, index entries `idx-…`, page breaks `page-…`, numbered tables and figures `table-N`,
 * `figure-N`): a heading called 'Note 1' or 'Table 2' must not take one.
 */
const GENERATED = /^(?:note|nref|m|idx|page)-|^(?:table|figure)-\d+$/;
