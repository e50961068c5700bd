import { describe, expect, it } from 'vitest';
import { buildPdf, pageTexts } from '../pdf/helpers.js';
import { buildEpub, text, unzip } from './helpers.js';
import { fillDate, formatDate } from '../../src/words.js';

// The words samizdat adds around a text (its own pages' headings, labels, cross-references) are in the
// book's language where src/words.ts has it, the same in both editions; otherwise English, marked as
// English for screen readers.

const FRENCH = 'test/fixtures/words/essai.md';
const CZECH = 'test/fixtures/words/cesky.md';

describe('the words of a book in French', () => {
  it('EPUB: contents, about page, title page and index in French, unmarked', async () => {
    const files = await unzip(await buildEpub(FRENCH));
    const nav = text(files, 'OEBPS/toc.xhtml');
    expect(nav).toContain('Table des matières');
    expect(nav).toContain('Index des noms');
    expect(nav).toContain('À propos de ce texte');
    const about = text(files, 'OEBPS/about.xhtml');
    for (const label of ['Première publication', 'Titre original', 'Langue originale', 'Traduction', 'Source de cet exemplaire', 'Droits', 'Note du traducteur']) {
      expect(about).toContain(`${label}<`);
    }
    expect(about).toContain('14 avril 1953');
    expect(about).toContain('anglais');
    expect(text(files, 'OEBPS/title.xhtml')).toContain('Traduit par Marie Dupont et Jean Martin');
    const index = text(files, 'OEBPS/index.xhtml');
    expect(index).toContain('<h1 id="index-title">Index des noms</h1>');
    expect(index).toContain('<em>voir aussi</em>');
    // Without a print edition's page map the locators are sections, and the note under the title says so.
    expect(index).toContain('<p class="index-note">Chaque renvoi indique la section');
  });

  it('PDF: the same words on its pages and in its bookmarks', async () => {
    const built = await buildPdf(FRENCH);
    const all = pageTexts(built.path).join('\n');
    for (const w of ['Table des matières', 'Index des noms', 'À propos de ce texte', 'Première publication', 'Source de cet exemplaire', 'Note du traducteur', '14 avril 1953']) {
      expect(all).toContain(w);
    }
    // 'Voir aussi' (see also) in the index's second column, where pdftotext splits its lines.
    expect(all).toMatch(/\bVoir\b/);
    expect(built.layout.outline[0].title).toBe('Table des matières');
  });
});

describe('the words of a book in a language samizdat has none for', () => {
  it('are English, inside spans marked as English', async () => {
    const files = await unzip(await buildEpub(CZECH));
    expect(text(files, 'OEBPS/about.xhtml')).toContain('<h1 id="about-title"><span lang="en" xml:lang="en">About this text</span></h1>');
    expect(text(files, 'OEBPS/index.xhtml')).toContain('<h1 id="index-title"><span lang="en" xml:lang="en">Index of names</span></h1>');
  });
});

describe('dates written ahead of time', () => {
  it('read as Intl writes them, every day of a leap year and months alone, in each language', async () => {
    const { DATE_LANGUAGES, prebuiltDates } = await import('../../src/bundle/build.mjs');
    const dates = prebuiltDates();
    expect(Object.keys(dates).sort()).toEqual([...DATE_LANGUAGES].sort());
    for (const lang of DATE_LANGUAGES) {
      for (let day = 0; day < 366; day++) {
        const date = new Date(Date.UTC(1952, 0, 1 + day));
        const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(fillDate(dates[lang], y, m, d)).toBe(formatDate(iso, lang));
        if (d === 1) expect(fillDate(dates[lang], y, m, undefined)).toBe(formatDate(iso.slice(0, 7), lang));
      }
    }
    expect(fillDate(dates['en-GB'], 1953, 4, 14)).toBe('14 April 1953');
    expect(fillDate(dates.ru, 1953, 4, 14)).toBe('14 апреля 1953 г.');
  });
});
