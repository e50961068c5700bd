import type { Meta } from '../model/index.js';
import { attrs, escapeText, langAttrs } from './xml.js';

/** Words the EPUB adds around the text. English for now; `ui` marks them as such in a book in another language. */
export const UI = {
  titlePage: 'Title page',
  about: 'About this text',
  contents: 'Contents',
  landmarks: 'Landmarks',
  pages: 'Pages',
  index: 'Index of names',
  translatedBy: 'Translated by',
  source: 'First published',
  date: 'Date',
  originalTitle: 'Original title',
  originalLanguage: 'Original language',
  translator: 'Translation',
  provenance: 'This copy',
  rights: 'Rights',
  noteOnText: 'A note on the text',
  translatorsNote: 'Translator’s note',
  text: 'Text',
  notes: 'Notes',
} as const;

/** A UI string, wrapped in an English `span` when the book is in another language. */
export function ui(text: string, bookLang: string): string {
  return /^en\b/i.test(bookLang) ? escapeText(text) : `<span${attrs(langAttrs('en'))}>${escapeText(text)}</span>`;
}

/** 'YYYY-MM-DD' as '14 April 1953' in the book's language ('YYYY-MM' → 'April 1953', 'YYYY' as is). */
export function formatDate(iso: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (!m) return String(y);
  const date = new Date(Date.UTC(y, m - 1, d || 1));
  const opts: Intl.DateTimeFormatOptions = d ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  try {
    return new Intl.DateTimeFormat(lang, opts).format(date);
  } catch {
    return iso;
  }
}

/** Names joined as a reader says them: 'A', 'A and B', 'A, B and C'. */
export function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The title page's body: title, subtitle, author(s), translator(s). */
export function titlePage(meta: Meta): string {
  const lang = meta.language;
  const lines = [
    `<section${attrs({ 'epub:type': 'titlepage', class: 'titlepage', 'aria-labelledby': 'titlepage-title' })}>`,
    `<h1 id="titlepage-title" class="title">${escapeText(meta.title)}</h1>`,
  ];
  if (meta.subtitle) lines.push(`<p class="subtitle">${escapeText(meta.subtitle)}</p>`);
  lines.push(`<p class="author">${escapeText(joinNames(meta.authors))}</p>`);
  if (meta.translators.length) lines.push(`<p class="translator">${ui(UI.translatedBy, lang)} ${escapeText(joinNames(meta.translators))}</p>`);
  if (meta.publisher) lines.push(`<p class="publisher">${escapeText(meta.publisher)}</p>`);
  lines.push('</section>');
  return lines.join('\n');
}

/**
 * 'About this text': where the text comes from and on what terms, the fields the PDF's imprint page
 * shows, then the translator's (or editor's) note, one paragraph per blank-line-separated block.
 * Undefined when the front matter has none of these fields.
 */
export function aboutPage(meta: Meta): string | undefined {
  const lang = meta.language;
  const rows: [string, string][] = [];
  if (meta.source) rows.push([UI.source, escapeText(meta.source)]);
  if (meta.date) rows.push([UI.date, escapeText(formatDate(meta.date, lang))]);
  if (meta.originalTitle) {
    const ol = meta.originalLanguage;
    rows.push([UI.originalTitle, ol ? `<span${attrs(langAttrs(ol))}>${escapeText(meta.originalTitle)}</span>` : escapeText(meta.originalTitle)]);
  }
  if (meta.originalLanguage) rows.push([UI.originalLanguage, escapeText(languageName(meta.originalLanguage))]);
  if (meta.translators.length) rows.push([UI.translator, escapeText(joinNames(meta.translators))]);
  if (meta.provenance) rows.push([UI.provenance, escapeText(meta.provenance)]);
  if (meta.rights) rows.push([UI.rights, escapeText(meta.rights)]);
  if (!rows.length && !meta.translatorsNote) return undefined; // nothing to say: no page
  const lines = [`<section${attrs({ class: 'about', 'aria-labelledby': 'about-title' })}>`, `<h1 id="about-title">${ui(UI.about, lang)}</h1>`];
  if (rows.length) lines.push('<dl>', ...rows.map(([k, v]) => `<dt>${ui(k, lang)}</dt>\n<dd>${v}</dd>`), '</dl>');
  if (meta.translatorsNote) {
    lines.push(`<h2>${ui(meta.translators.length ? UI.translatorsNote : UI.noteOnText, lang)}</h2>`);
    for (const para of meta.translatorsNote.split(/\n\s*\n/)) lines.push(`<p>${escapeText(para.replace(/\s+/g, ' ').trim())}</p>`);
  }
  lines.push('</section>');
  return lines.join('\n');
}

/** 'ru' → 'Russian', in English (the UI's language); the tag itself when unknown. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
