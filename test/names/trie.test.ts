/**
 * The form matcher walks a trie of all forms (src/names/match.ts), where it used one regular
 * expression of every form, which tried each form at each place (5,000 persons over a book: 38 s
 * of the transform stage, now 5 s, most of it reading the registry). A differential test against that
 * regular expression, on random texts and forms full of the cases it handled (spaces, apostrophes,
 * hyphens, forms inside words, longer and shorter forms at one place).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileForms, type FormMatch } from '../../src/names/match.js';

const WORD = '[\\p{L}\\p{N}\\p{M}]';
const key = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ').replace(/[’]/g, "'").replace(/[‐‑]/g, '-');
function formPattern(form: string): string {
  let out = '';
  for (const ch of form) {
    if (ch === ' ') out += '\\s+';
    else if (ch === "'") out += "['’]";
    else if (ch === '-') out += '[-‐‑]';
    else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
/** The matcher as it was: one regular expression, longest form first. */
function regexFind(persons: { id: string; forms: string[] }[], text: string): FormMatch[] {
  const owner = new Map<string, string>();
  for (const p of persons) for (const f of p.forms) if (key(f) && !owner.has(key(f))) owner.set(key(f), p.id);
  const forms = [...owner.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (!forms.length) return [];
  const re = new RegExp(`(?<!${WORD})(?:${forms.map(formPattern).join('|')})(?!${WORD})`, 'gu');
  return [...text.matchAll(re)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, personId: owner.get(key(m[0]))! }));
}

describe('the trie matcher', () => {
  const piece = fc.constantFrom('Mao', 'Tse', 'tung', 'Stalin', 'JV', "O'Brien", 'O’Brien', 'Tse-tung', 'Tse‑tung', 'ism', 's', 'Ab', 'A', 'é', 'Ö');
  const sep = fc.constantFrom(' ', '  ', '\n', '', "'", '’', '-', '‐', '.', ', ');
  const text = fc.array(fc.tuple(piece, sep), { maxLength: 30 }).map((xs) => xs.map(([p, s]) => p + s).join(''));
  const form = fc.array(fc.tuple(piece, fc.constantFrom(' ', '', "'", '-')), { minLength: 1, maxLength: 3 }).map((xs) => xs.map(([p, s], i) => p + (i < xs.length - 1 ? s : '')).join(''));
  const persons = fc.array(fc.array(form, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }).map((ps) => ps.map((forms, i) => ({ id: `p${i}`, forms })));

  it('finds what the regular expression of all forms found, on random texts and forms', () => {
    fc.assert(fc.property(persons, text, (ps, t) => {
      expect(compileForms(ps).find(t)).toEqual(regexFind(ps, t));
    }), { numRuns: 300 });
  });

  it('with 5,000 persons, finds each mention of a text of 20,000 words', () => {
    const ps = Array.from({ length: 5000 }, (_, i) => ({ id: `p${i}`, forms: [`Person${i}son`, `Mr Person${i}son`] }));
    const words = Array.from({ length: 20_000 }, (_, i) => (i % 10 === 0 ? `Mr Person${i % 5000}son` : 'word'));
    const joined = words.join(' ');
    const found = compileForms(ps).find(joined);
    expect(found).toHaveLength(2000);
    expect(found.every((m) => m.personId === `p${/^Mr Person(\d+)son$/.exec(joined.slice(m.start, m.end))![1]}`)).toBe(true);
  });
});
