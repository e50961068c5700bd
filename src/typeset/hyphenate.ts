import Hypher from 'hypher';
import enGb from 'hyphenation.en-gb';

/**
 * Where a word may take a discretionary hyphen. British practice: at least two letters before the
 * hyphen and three after it (the en-GB pattern file's own minimums), never in a word with a capital
 * (proper names, acronyms), never right beside a hard hyphen, and never in a language without patterns.
 */

/** Languages with patterns, by primary subtag. en-US text gets the British patterns (better than none). */
const PATTERNS: Record<string, () => Hypher> = {
  en: once(() => new Hypher(enGb)),
};

function once<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

/**
 * Words whose patterns give a wrong or ugly split: 'ta-ble' fixes the points, a word without a hyphen
 * is never hyphenated. Keys are lower case.
 */
const exceptions = new Map<string, number[]>();

/** Add exceptions: 'ex-am-ple' sets the points of 'example'; 'example' alone forbids hyphenating it. */
export function addHyphenationExceptions(words: readonly string[]): void {
  for (const w of words) {
    const parts = w.toLowerCase().split('-');
    const points: number[] = [];
    let at = 0;
    for (const p of parts.slice(0, -1)) points.push((at += p.length));
    exceptions.set(parts.join(''), points);
  }
}

addHyphenationExceptions([
  // Patterns split these where the reader stumbles.
  'present', 'project', 'record', 'object', 'progress', 'desert', 'minute', 'invalid', 'refuse',
  'every-thing', 'some-thing', 'any-thing', 'noth-ing', 'through-out', 'with-out', 'there-fore',
]);

/** True if the language (BCP 47) has hyphenation patterns here. */
export function canHyphenate(lang: string): boolean {
  return primary(lang) in PATTERNS;
}

const primaries = new Map<string, string>();
function primary(lang: string): string {
  let p = primaries.get(lang);
  if (p === undefined) primaries.set(lang, (p = lang.toLowerCase().split('-')[0] ?? ''));
  return p;
}

// Letters (with combining marks) joined by apostrophes: 'party’s' is one run, 'Stalin-era' two.
const LETTER_RUN = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const LATIN_ONLY = /^[a-z\u00df-\u00ff\u0101-\u017f'’]+$/;

const cache = new Map<string, number[]>();
const NONE: number[] = [];

/** The points found so far, by language, sentence-start flag and word (kept between builds by src/pdf/shapecache.ts). */
export function hyphenationCache(): Map<string, number[]> {
  return cache;
}

function firstLetter(word: string): number {
  const m = /\p{L}/u.exec(word);
  return m ? m.index : -1;
}

/**
 * Offsets (UTF-16, from 0, within `word`) before which a hyphen may be inserted, ascending.
 * `word` is a run of non-space characters and may hold punctuation and hard hyphens.
 * `sentenceStart`: the word begins a sentence, so a capital initial does not mark it as a name.
 */
export function hyphenationPoints(word: string, lang: string, sentenceStart = false): number[] {
  const make = PATTERNS[primary(lang)];
  if (!make || word.length < 5) return NONE;
  const key = primary(lang) + (sentenceStart ? '\u0001' : '\u0000') + word;
  const hit = cache.get(key);
  if (hit) return hit;
  const hypher = make();
  const points: number[] = [];
  for (const m of word.matchAll(LETTER_RUN)) {
    const run = m[0];
    const at = m.index;
    if (run.length < hypher.leftMin + hypher.rightMin) continue;
    // A capital: a proper name or an acronym — never hyphenated; except a capital initial on the
    // first word of a sentence, which says nothing about the word (names there are `mention`s).
    const lower = run.toLowerCase();
    const initialOnly = sentenceStart && at === firstLetter(word) && run.slice(1) === lower.slice(1);
    if (run !== lower && !initialOnly) continue;
    if (!LATIN_ONLY.test(lower)) continue;
    const exception = exceptions.get(lower);
    if (exception) {
      for (const p of exception) points.push(at + p);
      continue;
    }
    const parts = hypher.hyphenate(run);
    if (parts.join('').length !== run.length) continue;
    let pos = at;
    for (let i = 0; i < parts.length - 1; i++) {
      pos += parts[i].length;
      points.push(pos);
    }
  }
  const result = points.length ? points : NONE;
  cache.set(key, result);
  return result;
}
