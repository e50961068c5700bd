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
    expect(canHyphenate('ru')).toBe(false);
    expect(hyphenationPoints('revolutionary', 'ru')).toEqual([]);
    expect(hyphenationPoints('революционный', 'en-GB')).toEqual([]);
    expect(hyphenationPoints('revolutionary', 'de')).toEqual([]);
  });
});

describe("samizdat's Liang pass", () => {
  // hypher (a development dependency now) is the reference: its trie and pass over the same patterns.
  it('finds the points hypher finds, in every lower-case word of the seeds and fixtures', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const Hypher = (await import('hypher')).default;
    const hypher = new Hypher((await import('hyphenation.en-gb')).default);
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.md') ? [join(dir, f)] : []));
    const words = new Set<string>();
    for (const f of [...files('seeds'), ...files('test')]) for (const m of readFileSync(f, 'utf8').matchAll(/[a-zßà-ÿā-ſ]{5,}/g)) words.add(m[0]);
    const own = new Set(['present', 'project', 'record', 'object', 'progress', 'desert', 'minute', 'invalid', 'refuse', 'everything', 'something', 'anything', 'nothing', 'throughout', 'without', 'therefore']);
    let compared = 0;
    for (const w of words) {
      if (own.has(w)) continue;
      const parts = hypher.hyphenate(w);
      const expected: number[] = [];
      let at = 0;
      for (const p of parts.slice(0, -1)) expected.push((at += p.length));
      expect({ w, points: hyphenationPoints(w, 'en-GB') }).toEqual({ w, points: expected });
      compared++;
    }
    expect(compared).toBeGreaterThan(1500);
    // The trie as the bundle holds it (packed at compile time) finds the same points.
    const enGb = (await import('hyphenation.en-gb')).default;
    const { Patterns } = await import('../../src/typeset/liang.js');
    const built = new Patterns(enGb);
    const unpacked = new Patterns(built.pack());
    for (const w of words) {
      const [a, b]: number[][] = [[], []];
      built.hyphenate(w, 0, a);
      unpacked.hyphenate(w, 0, b);
      expect({ w, b }).toEqual({ w, b: a });
    }
  });
});
