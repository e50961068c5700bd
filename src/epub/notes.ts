import type { Block, Book, Note } from '../model/index.js';
import { notesInChapters } from '../transform/notenumbers.js';
import { renderBlocks } from './blocks.js';
import { hrefTo, type RenderContext } from './context.js';
import { attrs, escapeText } from './xml.js';

/**
 * The footnotes printed in one file, after its text: EPUB 3 footnotes (`aside`, epub:type footnote,
 * role doc-footnote), which Apple Books and Kobo show as pop-ups and keep out of the flow. Each begins
 * with its number linking back to the first reference; further references get a backlink each.
 */
export function renderNotes(notes: readonly Note[], ctx: RenderContext, label: string): string {
  if (!notes.length) return '';
  const asides = notes.map((note) => {
    const [first, ...more] = note.refIds;
    const back = `<a${attrs({ href: hrefTo(ctx, first) ?? `#${first}`, role: 'doc-backlink', class: 'note-number' })}>${note.number}.</a> `;
    const extra = more
      .map((id, i) => ` <a${attrs({ href: hrefTo(ctx, id) ?? `#${id}`, role: 'doc-backlink', 'aria-label': `Back to reference ${i + 2}` })}>↩</a>`)
      .join('');
    const body = withBacklinks(note.children, ctx, back, extra);
    return `<aside${attrs({ 'epub:type': 'footnote', role: 'doc-footnote', id: note.id, class: 'footnote' })}>\n${body}\n</aside>`;
  });
  return `<section${attrs({ class: 'footnotes', 'aria-label': label })}>\n${asides.join('\n')}\n</section>`;
}

/** The note's blocks with the number at the start of its first paragraph and extra backlinks at the end of its last. */
function withBacklinks(children: readonly Block[], ctx: RenderContext, back: string, extra: string): string {
  const blocks = [...children];
  if (blocks[0]?.kind !== 'paragraph') blocks.unshift({ kind: 'paragraph', id: '', children: [], span: { line: 1, column: 1 } });
  if (extra && blocks[blocks.length - 1].kind !== 'paragraph') blocks.push({ kind: 'paragraph', id: '', children: [], span: { line: 1, column: 1 } });
  const html = blocks.map((b) => renderBlocks([b], ctx));
  html[0] = html[0].replace(/^<p([^>]*)>/, (open) => `${open}${back}`);
  if (extra) html[html.length - 1] = html[html.length - 1].replace(/<\/p>$/, `${extra}</p>`);
  return html.join('\n');
}

/** Id of the endnotes' title in their file. */
export const ENDNOTES_ID = 'notes-title';

/**
 * The endnotes' file (front matter `footnotes: endnotes`), as Standard Ebooks makes theirs: a section
 * of epub:type endnotes, each chapter's title (when the book has chapters) over an ordered list of its
 * notes, each item an endnote with its printed number as the list's (`value`: numbers restart per
 * chapter, or run on) and a backlink to each of its references at its end.
 */
export function renderEndnotes(book: Book, ctx: RenderContext, title: string): string {
  const out = [`<section${attrs({ 'epub:type': 'endnotes', role: 'doc-endnotes', 'aria-labelledby': ENDNOTES_ID })}>`, `<h1 id="${ENDNOTES_ID}">${escapeText(title)}</h1>`];
  for (const chapter of notesInChapters(book.blocks, book.notes, book.meta.title)) {
    if (chapter.title !== undefined) out.push(`<h2>${escapeText(chapter.title)}</h2>`);
    out.push('<ol class="endnotes">');
    for (const note of chapter.notes) {
      const back = note.refIds
        .map((id, i) => `<a${attrs({ href: hrefTo(ctx, id) ?? `#${id}`, 'epub:type': 'backlink', role: 'doc-backlink', ...(i > 0 ? { 'aria-label': `Back to reference ${i + 1}` } : {}) })}>↩</a>`)
        .join(' ');
      out.push(`<li${attrs({ id: note.id, 'epub:type': 'endnote', value: String(note.number) })}>\n${withBacklinks(note.children, ctx, '', ` ${back}`)}\n</li>`);
    }
    out.push('</ol>');
  }
  out.push('</section>');
  return out.join('\n');
}
