import { plainText, walkBlocks, type Book, type IndexLocator, type Inline, type NameIndex, type PageInfo, type PageMap } from '../model/index.js';
import { buildIndex } from '../names/name-index.js';
import { blockInlines } from './chapters.js';
import { hrefTo, type RenderContext } from './context.js';
import { wordsFor } from '../words.js';
import { ui } from './frontpages.js';
import { attrs, escapeText } from './xml.js';

/**
 * The index of names for the EPUB, from the same model as the PDF's (src/names/name-index.ts).
 * With a page map each locator is a print page. Until the PDF layout yields one, the sections of
 * the text stand in for pages: a locator per section that names the person, labelled with its title.
 */
export function epubNameIndex(book: Book, pageMap: PageMap): NameIndex {
  return buildIndex(book, pageMap.pages.length ? pageMap : sectionPageMap(book));
}

/** A page map whose 'pages' are the sections of the text (titles made unique), for an index without print pages. */
function sectionPageMap(book: Book): PageMap {
  const pages: PageInfo[] = [];
  const sectionOf = new Map<string, string>();
  const used = new Set<string>();
  let current = '';
  const open = (title: string) => {
    let label = title;
    for (let n = 2; used.has(label); n++) label = `${title} (${n})`;
    used.add(label);
    pages.push({ label, part: 'body' });
    current = label;
  };
  open(book.meta.title);
  const noteSection = new Map<string, string>();
  for (const b of walkBlocks(book.blocks)) {
    if (b.kind === 'heading' && b.level <= 3) open(plainText(b.children));
    if ('id' in b && b.id) sectionOf.set(b.id, current);
    for (const id of noteIds(blockInlines(b))) if (!noteSection.has(id)) noteSection.set(id, current);
  }
  // A name in a footnote is cited under the section that first refers to the note.
  for (const note of book.notes) {
    const section = noteSection.get(note.id) ?? book.meta.title;
    for (const b of walkBlocks(note.children)) if ('id' in b && b.id) sectionOf.set(b.id, section);
  }
  const anchors: Record<string, string> = {};
  for (const m of book.mentions) anchors[m.id] = sectionOf.get(m.blockId) ?? book.meta.title;
  return { pages, anchors };
}

/**
 * The index file's body, in EPUB Indexes markup: one `index` section holding one `index-entry-list`
 * whose entries each have an `index-term`, their `index-locator` links (one per page, to the first
 * mention on it) and see or see-also references. Letter groups are set apart by space only (class
 * `letter-start`), not as `index-group` sections: epubcheck-ts counts every `index-entry-list` below
 * an `index` and rejects one per group, which Java EPUBCheck allows.
 */
export function indexPage(index: NameIndex, book: Book, havePages: boolean, ctx: RenderContext): string {
  const lang = book.meta.language;
  const w = wordsFor(lang);
  const entries = index.groups.flatMap((g) => g.entries.map((e, i) => ({ e, first: i === 0 })));
  const idOf = new Map(entries.map(({ e }) => [e.heading, `idx-${e.personId}`]));
  const links = (list: IndexLocator[]) =>
    list
      .map((l) => ({ label: l.page, href: hrefTo(ctx, l.mentionIds[0]) }))
      .filter((l) => l.href !== undefined)
      .map((l) => `<a${attrs({ 'epub:type': 'index-locator', href: l.href })}>${escapeText(l.label)}</a>`);
  const items = entries.map(({ e, first }) => {
    let line = `<span epub:type="index-term">${escapeText(e.heading)}</span>`;
    if (e.dates) line += ` <span class="dates">(${escapeText(e.dates)})</span>`;
    const locators = links(e.locators);
    if (locators.length) line += `, ${locators.join(', ')}`;
    const xref = (type: string, word: string, headings: readonly string[]) =>
      `<span epub:type="${type}"><em>${word}</em> ${headings.map((h) => xrefTerm(h, idOf.get(h))).join('; ')}</span>`;
    if (e.see.length) line += `${locators.length ? '. ' : ' '}${xref('index-xref-preferred', w.see, e.see)}`;
    else if (e.seeAlso.length) line += `. ${xref('index-xref-related', w.seeAlso, e.seeAlso)}`;
    // Sub-entries: a list of their own inside the entry, as the EPUB Indexes specification nests them.
    if (e.subentries?.length) {
      const subs = e.subentries.map((s) => {
        const l = links(s.locators);
        return `<li epub:type="index-entry"><span epub:type="index-term">${escapeText(s.heading)}</span>${l.length ? `, ${l.join(', ')}` : ''}</li>`;
      });
      line += `\n<ul epub:type="index-entry-list">\n${subs.join('\n')}\n</ul>\n`;
    }
    return `<li${attrs({ 'epub:type': 'index-entry', id: `idx-${e.personId}`, class: first ? 'letter-start' : undefined })}>${line}</li>`;
  });
  const note = havePages ? w.indexNotePages : w.indexNoteSections;
  return [
    `<section${attrs({ 'epub:type': 'index', role: 'doc-index', class: 'index', 'aria-labelledby': 'index-title' })}>`,
    `<h1 id="index-title">${ui(w.index, w, lang)}</h1>`,
    `<p class="index-note">${ui(note, w, lang)}</p>`,
    '<ul epub:type="index-entry-list">',
    ...items,
    '</ul>',
    '</section>',
  ].join('\n');
}

/** A see reference's term; EPUBCheck wants the term as the xref's child, so the link goes inside it. */
function xrefTerm(heading: string, id: string | undefined): string {
  const words = escapeText(heading);
  return `<span epub:type="index-term">${id ? `<a href="#${id}">${words}</a>` : words}</span>`;
}

/** Ids of the notes a run of inlines refers to, in order. */
function* noteIds(nodes: readonly Inline[]): Generator<string> {
  for (const n of nodes) {
    if (n.kind === 'noteRef') yield n.noteId;
    else if ('children' in n) yield* noteIds(n.children);
  }
}
