import type { Cover } from '../cover/cover.js';
import type { Meta, Prose } from '../model/index.js';
import { aboutFields, creditLines, notesOnText, type AboutField } from '../imprint.js';
import { joinNames, wordsFor, type Words } from '../words.js';
import type { RenderContext } from './context.js';
import { renderInlines } from './inline.js';
import { attrs, escapeText, langAttrs } from './xml.js';

/** A word of samizdat's own, wrapped in a `span` of its language when that is not the book's (English in a book in a language `wordsFor` lacks). */
export function ui(text: string, words: Words, bookLang: string): string {
  const primary = (l: string) => l.toLowerCase().split('-')[0];
  return primary(words.lang) === primary(bookLang) ? escapeText(text) : `<span${attrs(langAttrs(words.lang))}>${escapeText(text)}</span>`;
}

/**
 * The cover page, first in reading order: the cover image alone, as tall as the screen allows
 * (`max-height` in `vh`, after a percentage for reading systems without viewport units).
 */
export function coverPage(cover: Cover, href: string): string {
  return [
    `<section${attrs({ 'epub:type': 'cover', class: 'cover' })}>`,
    `<img${attrs({ role: 'doc-cover', src: href, alt: cover.alt })}/>`,
    '</section>',
  ].join('\n');
}

/**
 * The title page's body: title, subtitle, author(s) unless `byline` is false (a packet of several
 * authors' texts: its editors, contributors, stand for them), then a line for each kind of contributor.
 */
export function titlePage(meta: Meta, ctx: RenderContext, byline = true): string {
  const lang = meta.language;
  const w = wordsFor(lang);
  const lines = [
    `<section${attrs({ 'epub:type': 'titlepage', class: 'titlepage', 'aria-labelledby': 'titlepage-title' })}>`,
    `<h1 id="titlepage-title" class="title">${meta.titleInlines ? renderInlines(meta.titleInlines, ctx) : escapeText(meta.title)}</h1>`,
  ];
  if (meta.subtitle) lines.push(`<p class="subtitle">${meta.subtitleInlines ? renderInlines(meta.subtitleInlines, ctx) : escapeText(meta.subtitle)}</p>`);
  if (byline) lines.push(`<p class="author">${escapeText(joinNames(meta.authors, w))}</p>`);
  for (const c of creditLines(meta)) lines.push(`<p class="contributor">${ui(c.lead, w, lang)}${c.gap}${escapeText(c.names)}</p>`);
  if (meta.publisher) lines.push(`<p class="publisher">${renderInlines(meta.publisher, ctx)}</p>`);
  lines.push('</section>');
  return lines.join('\n');
}

/** The dedication's page (front matter `dedication`): its paragraphs, centred in italic (epub-dedication.css), as in the PDF. */
export function dedicationPage(meta: Meta, ctx: RenderContext): string | undefined {
  if (!meta.dedication?.length) return undefined;
  const w = wordsFor(meta.language);
  return [`<section${attrs({ class: 'dedication', 'epub:type': 'dedication', role: 'doc-dedication', 'aria-label': w.dedication })}>`, ...meta.dedication.map((p) => `<p>${renderInlines(p, ctx)}</p>`), '</section>'].join('\n');
}

/**
 * 'About this text': the fields the PDF's About page shows (src/imprint.ts), then the translator's
 * (or editor's) note, one paragraph per blank-line-separated block. Values are the front matter's inline
 * Markdown, rendered as the text is (`ctx` is the About page's). Undefined when there is nothing to say.
 */
export function aboutPage(meta: Meta, ctx: RenderContext, packet?: { fields: AboutField[]; sources: Prose[] }): string | undefined {
  const lang = meta.language;
  const w = wordsFor(lang);
  const fields = packet?.fields ?? aboutFields(meta);
  const sources = packet?.sources ?? [];
  const notes = notesOnText(meta, w);
  if (!fields.length && !notes.length && !sources.length) return undefined; // nothing to say: no page
  const lines = [`<section${attrs({ class: 'about', 'aria-labelledby': 'about-title' })}>`, `<h1 id="about-title">${ui(w.about, w, lang)}</h1>`];
  const value = (f: AboutField) => f.paragraphs.map((p) => (f.lang ? `<span${attrs(langAttrs(f.lang))}>${renderInlines(p, ctx)}</span>` : renderInlines(p, ctx))).join('<br/>');
  const rows = fields.map((f) => `<dt>${ui(f.label, w, lang)}</dt>\n<dd>${value(f)}</dd>`);
  // A packet's texts, each with its source and rights: one dd each under one dt.
  if (sources.length) rows.push(`<dt>${ui(w.sources, w, lang)}</dt>\n${sources.map((t) => `<dd>${renderInlines(t, ctx)}</dd>`).join('\n')}`);
  if (rows.length) lines.push('<dl>', ...rows, '</dl>');
  for (const n of notes) {
    lines.push(`<h2>${ui(n.heading, w, lang)}</h2>`);
    for (const para of n.paragraphs) lines.push(`<p>${renderInlines(para, ctx)}</p>`);
  }
  lines.push('</section>');
  return lines.join('\n');
}
