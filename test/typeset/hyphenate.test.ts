import { describe, expect, it } from 'vitest';
import { canHyphenate, hyphenationPoints } from '../../src/typeset/hyphenate.js';

/** The word with a '·' at each hyphenation point. */
function show(word: string, lang = 'en-GB', capitalAllowed = false): string {
  const points = hyphenationPoints(word, lang, capitalAllowed);
  let out = '';
  let at = 0;
  for (const p of points) {
    out += word.slice(at, p) + '·';
    at = p;
  }
  return out + word.slice(at);
}

describe('hyphenationPoints (en-GB)', () => {
  it('hyphenates common words with British patterns', () => {
    // Checked by eye against the patterns' own output and British usage.
    expect(show('revolutionary')).toBe('re·volu·tion·ary');
    expect(show('organisation')).toBe('or·gan·isa·tion');
    expect(show('ecclesiastical')).toBe('ec·cle·si·ast·ical');
  });

  it('keeps two letters before a hyphen and three after', () => {
    for (const w of ['revolutionary', 'organisation', 'ecclesiastical', 'mannerisms', 'autocratic', 'elevated', 'unwillingness']) {
      for (const p of hyphenationPoints(w, 'en-GB')) {
        expect(p, w).toBeGreaterThanOrEqual(2);
        expect(w.length - p, w).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('never hyphenates a capitalised word mid-sentence (a name) nor an acronym', () => {
    expect(hyphenationPoints('Malenkov', 'en-GB')).toEqual([]);
    expect(hyphenationPoints('Voznesensky', 'en-GB')).toEqual([]);
    expect(hyphenationPoints('Communist', 'en-GB')).toEqual([]);
    expect(hyphenationPoints('UNESCO', 'en-GB', true)).toEqual([]);
    expect(hyphenationPoints('McCarthyism', 'en-GB', true)).toEqual([]);
  });

  it('hyphenates a word with only a capital initial when the caller allows it (a sentence start the book shows common)', () => {
    expect(show('Remembering', 'en-GB', true)).toBe('Re·mem·ber·ing');
    expect(show('‘Socialism', 'en-GB', true)).not.toBe('‘Socialism');
  });

  it('splits at hard hyphens first and never hyphenates next to one', () => {
    expect(hyphenationPoints('Stalin-era', 'en-GB')).toEqual([]);
    const w = 'counter-revolutionary';
    const points = hyphenationPoints(w, 'en-GB');
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) {
      expect(Math.abs(p - w.indexOf('-')), String(p)).toBeGreaterThanOrEqual(2);
      expect(p).not.toBe(w.indexOf('-') + 1);
    }
    for (const p of hyphenationPoints('self-containment', 'en-GB')) expect(p).toBeGreaterThanOrEqual('self-'.length + 2);
  });

  it('keeps punctuation out and offsets in the word as given', () => {
    const w = '‘revolutionary,’';
    for (const p of hyphenationPoints(w, 'en-GB')) {
      expect(p).toBeGreaterThanOrEqual(1 + 2);
      expect(p).toBeLessThanOrEqual(w.indexOf(',') - 3);
    }
    expect(hyphenationPoints('revolutionary’s', 'en-GB').length).toBeGreaterThan(0);
  });

  it('follows the exception list', () => {
    expect(hyphenationPoints('present', 'en-GB')).toEqual([]);
    expect(show('everything')).toBe('every·thing');
  });

  it('does not hyphenate languages without patterns, nor other scripts', () => {
    expect(canHyphenate('en-GB')).toBe(true);
    expect(canHyphenate('ka')).toBe(false);
    expect(hyphenationPoints('revolutionary', 'ka')).toEqual([]);
    expect(hyphenationPoints('революционный', 'en-GB')).toEqual([]);
    expect(hyphenationPoints('revolutionary', 'ru')).toEqual([]);
    expect(hyphenationPoints('revolutionary', 'el')).toEqual([]);
  });
});

describe('hyphenationPoints in the languages of most books', () => {
  it('cuts each by its own TeX patterns (checked by eye against each language’s dictionaries)', () => {
    expect(show('Arbeiterbewegung', 'de')).toBe('Ar·bei·ter·be·we·gung');
    expect(show('révolutionnaire', 'fr')).toBe('ré·vo·lu·tion·naire');
    expect(show('революционный', 'ru')).toBe('ре·во·лю·ци·он·ный');
    expect(show('революційний', 'uk')).toBe('ре·во·лю·цій·ний');
    expect(show('επανάσταση', 'el')).toBe('επα·νά·στα·ση');
    expect(show('revolucionario', 'es')).toBe('re·vo·lu·cio·na·rio');
    expect(show('rivoluzionario', 'it')).toBe('ri·vo·lu·zio·na·rio');
    expect(show('rewolucyjny', 'pl')).toBe('re·wo·lu·cyj·ny');
    expect(show('arbeidersbeweging', 'nl')).toBe('ar·bei·ders·be·we·ging');
    expect(show('samfunnsordningen', 'nb')).toBe('sam·funns·ord·nin·gen');
    for (const lang of ['cs', 'da', 'la', 'pt', 'sv', 'nn', 'no', 'pt-BR', 'de-AT']) expect(canHyphenate(lang), lang).toBe(true);
  });

  it('in German, hyphenates a capitalised noun anywhere (every noun has a capital), but not a word in capitals', () => {
    expect(show('Gesellschaftsordnung', 'de')).toBe('Ge·sell·schafts·ord·nung');
    expect(hyphenationPoints('Gesellschaftsordnung', 'en-GB')).toEqual([]);
    expect(hyphenationPoints('ARBEITERBEWEGUNG', 'de')).toEqual([]);
  });
});
