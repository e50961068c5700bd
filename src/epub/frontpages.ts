import type { Meta } from '../model/index.js';
import { formatDate, joinNames, languageName, wordsFor, type Words } from '../words.js';
import { attrs, escapeText, langAttrs } from './xml.js';

/** A word of samizdat's own, wrapped in a `span` of its language when that is not the book's (English in a book in a language `wordsFor` lacks). */
export function ui(text: string, words: Words, bookLang: string): string {
  const primary = (l: string) => l.toLowerCase().split('-')[0];
  return primary(words.lang) === primary(bookLang) ? escapeText(text) : `<span${attrs(langAttrs(words.lang))}>${escapeText(text)}</span>`;
}

/**
 * The title page's body: title, subtitle, author(s) (a packet's editors instead, when `editors` is
 * given), translator(s); `alsoEditors` below the authors (a book of chapter files with an editor).
 */
export function titlePage(meta: Meta, editors?: readonly string[], alsoEditors: readonly string[] = []): string {
  const lang = meta.language;
  const w = wordsFor(lang);
  const lines = [
    `<section${attrs({ 'epub:type': 'titlepage', class: 'titlepage', 'aria-labelledby': 'titlepage-title' })}>`,
    `<h1 id="titlepage-title" class="title">${escapeText(meta.title)}</h1>`,
  ];
  if (meta.subtitle) lines.push(`<p class="subtitle">${escapeText(meta.subtitle)}</p>`);
  if (!editors) lines.push(`<p class="author">${escapeText(joinNames(meta.authors, w))}</p>`);
  for (const list of [editors ?? [], alsoEditors]) if (list.length) lines.push(`<p class="author">${ui(w.editedBy, w, lang)} ${escapeText(joinNames(list, w))}</p>`);
  if (meta.translators.length) lines.push(`<p class="translator">${ui(w.translatedBy, w, lang)} ${escapeText(joinNames(meta.translators, w))}</p>`);
  if (meta.publisher) lines.push(`<p class="publisher">${escapeText(meta.publisher)}</p>`);
  lines.push('</section>');
  return lines.join('\n');
}

/**
 * 'About this text': where the text comes from and on what terms, the fields the PDF's imprint page
 * shows, then the translator's (or editor's) note, one paragraph per blank-line-separated block.
 * Undefined when the front matter has none of these fields.
 */
export function aboutPage(meta: Meta, sources: readonly string[] = []): string | undefined {
  const lang = meta.language;
  const w = wordsFor(lang);
  const rows: [string, string][] = [];
  if (meta.source) rows.push([w.firstPublished, escapeText(meta.source)]);
  if (meta.date) rows.push([w.date, escapeText(formatDate(meta.date, lang))]);
  if (meta.originalTitle) {
    const ol = meta.originalLanguage;
    rows.push([w.originalTitle, ol ? `<span${attrs(langAttrs(ol))}>${escapeText(meta.originalTitle)}</span>` : escapeText(meta.originalTitle)]);
  }
  if (meta.originalLanguage) rows.push([w.originalLanguage, escapeText(languageName(meta.originalLanguage, w))]);
  if (meta.translators.length) rows.push([w.translation, escapeText(joinNames(meta.translators, w))]);
  if (meta.provenance) rows.push([w.provenance, escapeText(meta.provenance)]);
  if (meta.rights) rows.push([w.rights, escapeText(meta.rights)]);
  // A packet's texts, each with its source and rights: one dd each under one dt.
  if (sources.length) rows.push([w.sources, sources.map(escapeText).join('</dd>\n<dd>')]);
  if (!rows.length && !meta.translatorsNote) return undefined; // nothing to say: no page
  const lines = [`<section${attrs({ class: 'about', 'aria-labelledby': 'about-title' })}>`, `<h1 id="about-title">${ui(w.about, w, lang)}</h1>`];
  if (rows.length) lines.push('<dl>', ...rows.map(([k, v]) => `<dt>${ui(k, w, lang)}</dt>\n<dd>${v}</dd>`), '</dl>');
  if (meta.translatorsNote) {
    lines.push(`<h2>${ui(meta.translators.length ? w.translatorsNote : w.noteOnText, w, lang)}</h2>`);
    for (const para of meta.translatorsNote.split(/\n\s*\n/)) lines.push(`<p>${escapeText(para.replace(/\s+/g, ' ').trim())}</p>`);
  }
  lines.push('</section>');
  return lines.join('\n');
}

