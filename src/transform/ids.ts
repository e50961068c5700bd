import { plainText, walkBlocks, type Block, type Inline, type Note, type Text } from '../model/index.js';
import { slugify } from '../slug.js';

/**
 * Gives every linkable block a unique id, valid as an XML id and stable across builds of the same
 * text: headings get a slug of their text ('stalin-and-malenkov', then '-2', '-3' for repeats,
 * 'section-N' when the text has no letters, an 's-' prefix when the slug looks like an id another
 * stage makes up), paragraphs and other text blocks 'p-N' in order (a numbered figure or table keeps its own),
 * the body first, then the notes in their printed order; an anchor (`[5.]{#chapter-1-5}`) keeps the id
 * written, as a heading's does.
 *
 * In a packet the ids are unique in the book, so a second text's 'table-1' or 'introduction' becomes
 * 'table-1-2' or 'introduction-2'; a `#table-1` link written in that text then has its href changed to
 * the id its own text's table got. A link leads where it would if its text were a book of its own
 * (a manuscript's ids and links are as it alone would give them).
 */
export function assignIds(blocks: Block[], notes: readonly Note[] = [], texts: readonly Pick<Text, 'from' | 'to' | 'notesFrom' | 'notesTo'>[] = [{ from: 0, to: blocks.length, notesFrom: 0, notesTo: notes.length }]): void {
  const used = new Set<string>();
  // Per set of ids taken, the suffix each base was last given: its next repeat is looked for from there
  // (a heading repeated in each of a hundred parts would try every suffix before its own, each time).
  const suffixes = new WeakMap<Set<string>, Map<string, number>>();
  const unique = (base: string, taken = used) => {
    let last = suffixes.get(taken);
    if (!last) suffixes.set(taken, (last = new Map()));
    let id = base;
    let n = last.get(base) ?? 1;
    while (taken.has(id)) id = `${base}-${++n}`;
    if (n > 1) last.set(base, n);
    taken.add(id);
    return id;
  };
  // Per text: the ids a writer may link to (headings', numbered tables' and figures') as that text
  // alone would give them, and the id each got in the book, where the two differ.
  const own = texts.map(() => ({ used: new Set<string>(), renamed: new Map<string, string>() }));
  const give = (t: number, base: string) => {
    const id = unique(base);
    const alone = unique(base, own[t].used);
    if (alone !== id) own[t].renamed.set(alone, id);
    return id;
  };
  let paragraphs = 0;
  let sections = 0;
  // The book's order (every text's body, then every text's notes), one text at a time.
  const parts = [...texts.map((t, k) => [k, blocks.slice(t.from, t.to)] as const), ...texts.map((t, k) => [k, notes.slice(t.notesFrom, t.notesTo).flatMap((n) => n.children)] as const)];
  for (const [t, list] of parts) {
    for (const b of walkBlocks(list)) {
      if (b.kind === 'heading') {
        sections++;
        // The id the manuscript wrote ({#chapter-i}), or one made of the heading's words.
        const slug = b.anchor ?? slugify(plainText(b.children));
        b.id = give(t, !slug ? `section-${sections}` : GENERATED.test(slug) ? `s-${slug}` : slug);
      } else if ((b.kind === 'figure' || b.kind === 'table') && b.id) {
        b.id = give(t, b.id); // a numbered one's 'figure-N', 'table-N' (numbering.ts)
      } else if (b.kind === 'paragraph' || b.kind === 'code' || b.kind === 'figure') {
        b.id = unique(`p-${++paragraphs}`);
      }
      const inlines = b.kind === 'heading' || b.kind === 'paragraph' ? b.children : b.kind === 'figure' ? b.caption : [];
      for (const a of anchorsIn(inlines)) {
        // The id written, unless a stage makes ids like it or it is taken: a link written to it follows.
        const written = a.id;
        a.id = give(t, GENERATED.test(written) ? `s-${written}` : written);
        if (a.id !== written && !own[t].renamed.has(written)) own[t].renamed.set(written, a.id);
      }
    }
  }
  for (const [t, list] of parts) {
    const { renamed } = own[t];
    if (!renamed.size) continue;
    for (const b of walkBlocks(list)) {
      if (b.kind === 'heading' || b.kind === 'paragraph') relink(b.children, renamed);
      else if (b.kind === 'figure') relink(b.caption, renamed);
    }
  }
}

function* anchorsIn(inlines: readonly Inline[]): Generator<Extract<Inline, { kind: 'anchor' }>> {
  for (const n of inlines) {
    if (n.kind === 'anchor') yield n;
    if ('children' in n) yield* anchorsIn(n.children);
  }
}

/** Points the `#id` links among `inlines` at the ids their text's blocks got in the book. */
function relink(inlines: readonly Inline[], renamed: ReadonlyMap<string, string>): void {
  for (const n of inlines) {
    if (n.kind === 'link' && n.href.startsWith('#')) {
      const id = renamed.get(n.href.slice(1));
      if (id) n.href = `#${id}`;
    }
    if ('children' in n) relink(n.children, renamed);
  }
}

/**
 * Prefixes of the ids other stages make up (notes `note-N`, their references `nref-N`, mentions
 * `m-…`, index entries `idx-…`, page breaks `page-…`, numbered tables and figures `table-N`,
 * `figure-N`): a heading called 'Note 1' or 'Table 2' must not take one.
 */
const GENERATED = /^(?:note|nref|m|idx|page)-|^(?:table|figure)-\d+$/;
