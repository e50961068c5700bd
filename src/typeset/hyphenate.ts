import cs from 'hyphenation.cs';
import da from 'hyphenation.da';
import de from 'hyphenation.de';
import el from 'hyphenation.el-monoton';
import enGb from 'hyphenation.en-gb';
import es from 'hyphenation.es';
import fr from 'hyphenation.fr';
import it from 'hyphenation.it';
import la from 'hyphenation.la';
import nb from 'hyphenation.nb-no';
import nl from 'hyphenation.nl';
import pl from 'hyphenation.pl';
import pt from 'hyphenation.pt';
import ru from 'hyphenation.ru';
import sv from 'hyphenation.sv';
import uk from 'hyphenation.uk';
import { PREBUILT } from '../prebuilt.js';
import { Patterns } from './liang.js';

/**
 * Where a word may take a discretionary hyphen: by TeX's patterns for the text's language, with each
 * pattern file's own minimums (English: two letters before the hyphen and three after it, British
 * practice), never in a proper name, never in a word in capitals or with an inner capital (acronyms,
 * 'McCarthy'), never right beside a hard hyphen, and never in a language without patterns. A capital
 * initial marks a name unless the book shows otherwise: a word that begins a sentence is hyphenated
 * only if its lower-case form occurs in the book's text ('Nevertheless' when 'nevertheless' does;
 * never 'Stalinism' when 'stalinism' does not; see `lowerCaseWords` and `capitalIsCommon`); in German,
 * whose nouns all take one, a capital initial says nothing (the names registry keeps names whole).
 */

/**
 * Languages with patterns, by primary subtag: the languages of most books a reader would set. en-US
 * text gets the British patterns (better than none); Norwegian Nynorsk the Bokmål ones, which carry
 * both. English's trie is in the bundle (src/prebuilt.ts); the others are built on first use (~15 ms).
 */
const PATTERNS: Record<string, () => Patterns> = {
  en: once(() => new Patterns(PREBUILT.patterns.en ?? enGb)),
  ...Object.fromEntries(
    Object.entries({ cs, da, de, el, es, fr, it, la, nb, nl, nn: nb, no: nb, pl, pt, ru, sv, uk }).map(([lang, file]) => [lang, once(() => new Patterns(file))]),
  ),
};

/** Languages whose common nouns take a capital initial. */
const NOUNS_CAPITALISED = new Set(['de']);

function once<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

/**
 * Words whose patterns give a wrong or ugly split, lower case: 'ex-am-ple' sets the points of
 * 'example', 'example' alone forbids hyphenating it. A fixed table (the Shaper's hyphenation memo and
 * disk cache hold points found with it; its source is in their key).
 */
const EXCEPTIONS: ReadonlyMap<string, readonly number[]> = new Map(
  [
    // Patterns split these where the reader stumbles.
    'present', 'project', 'record', 'object', 'progress', 'desert', 'minute', 'invalid', 'refuse',
    'every-thing', 'some-thing', 'any-thing', 'noth-ing', 'through-out', 'with-out', 'there-fore',
  ].map((w) => {
    const parts = w.split('-');
    let at = 0;
    return [parts.join(''), parts.slice(0, -1).map((p) => (at += p.length))];
  }),
);

/** True if the language (BCP 47) has hyphenation patterns here. */
export function canHyphenate(lang: string): boolean {
  return primary(lang) in PATTERNS;
}

function primary(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? '';
}

// Letters (with combining marks) joined by apostrophes: 'party’s' is one run, 'Stalin-era' two.
const LETTER_RUN = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
// The letters each language's patterns are for: a word in another script is not theirs to cut.
const LATIN = /^[a-z\u00df-\u00ff\u0101-\u017f'’]+$/;
const SCRIPT: Record<string, RegExp> = { el: /^[\p{Script=Greek}\p{M}'’]+$/u, ru: /^[\p{Script=Cyrillic}\p{M}'’]+$/u, uk: /^[\p{Script=Cyrillic}\p{M}'’]+$/u };

// Module state: the one empty answer, shared and never written to.
const NONE: number[] = [];

function firstLetter(word: string): number {
  const m = /\p{L}/u.exec(word);
  return m ? m.index : -1;
}

/**
 * The lower-case words of a text (letter runs as `hyphenationPoints` cuts them, without a capital):
 * the evidence that a capitalised word is a common one. Linear in the text; add a book's texts once.
 */
export function lowerCaseWords(texts: Iterable<string>, into: Set<string> = new Set()): Set<string> {
  for (const text of texts) {
    // The runs as strings (matchAll would make a match object per word).
    for (const run of text.match(LETTER_RUN) ?? []) if (run.length >= 5 && run === run.toLowerCase()) into.add(run);
  }
  return into;
}

/**
 * True when the word's first letter run has a capital initial and nothing else in capitals, and its
 * lower-case form is in `lower` (a book's `lowerCaseWords`): the capital then says nothing about the
 * word at the start of a sentence. False without evidence, so names stay whole.
 */
export function capitalIsCommon(word: string, lower: ReadonlySet<string> | undefined): boolean {
  if (!lower || word.length < 5) return false;
  const m = FIRST_RUN.exec(word);
  if (!m) return false;
  const run = m[1];
  const low = run.toLowerCase();
  return run !== low && run.slice(1) === low.slice(1) && lower.has(low);
}
// The first letter run of a word (what may precede it is punctuation: '‘Nevertheless').
const FIRST_RUN = /^[^\p{L}]*([\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*)/u;

/**
 * Offsets (UTF-16, from 0, within `word`) before which a hyphen may be inserted, ascending.
 * `word` is a run of non-space characters and may hold punctuation and hard hyphens.
 * `capitalAllowed`: the word's capital initial is not a name's (it begins a sentence and the book uses
 * the word in lower case: `capitalIsCommon`); otherwise a letter run with a capital is never hyphenated.
 * `memo`: the points found so far, by language, flag and word (the Shaper's, kept between builds by
 * src/text/cache.ts); the book's evidence is applied before the lookup (it decides the flag), so
 * entries hold for every book.
 */
export function hyphenationPoints(word: string, lang: string, capitalAllowed = false, memo?: Map<string, number[]>): number[] {
  const language = primary(lang);
  const make = PATTERNS[language];
  if (!make || word.length < 5) return NONE;
  const key = language + (capitalAllowed ? '\u0001' : '\u0000') + word;
  const hit = memo?.get(key);
  if (hit) return hit;
  const patterns = make();
  const points: number[] = [];
  for (const m of word.matchAll(LETTER_RUN)) {
    const run = m[0];
    const at = m.index;
    if (run.length < patterns.leftMin + patterns.rightMin) continue;
    // A capital: a proper name or an acronym — never hyphenated; except the capital initial of a
    // word the caller has shown to be common (`capitalIsCommon`).
    const lower = run.toLowerCase();
    const initialOnly = (capitalAllowed || NOUNS_CAPITALISED.has(language)) && at === firstLetter(word) && run.slice(1) === lower.slice(1);
    if (run !== lower && !initialOnly) continue;
    if (!(SCRIPT[language] ?? LATIN).test(lower)) continue;
    const exception = EXCEPTIONS.get(lower);
    if (exception) {
      for (const p of exception) points.push(at + p);
      continue;
    }
    patterns.hyphenate(lower, at, points);
  }
  const result = points.length ? points : NONE;
  memo?.set(key, result);
  return result;
}
