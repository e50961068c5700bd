import { createRequire } from 'node:module';
import type { Diagnostics } from '../diagnostics.js';
import { parseFrontMatter } from '../load/frontmatter.js';
import { proseParser } from '../parse/parse.js';
import { readManuscript } from '../load/read.js';
import { LineIndex } from '../lines.js';
import { ABBREVIATED, ADJECTIVE, COMMON_NOUN, DEITIES, DEMONYM, EPITHETS, GROUP, NUMERAL, OTHER_PERSON_TITLES, PARTICLES, PLACE_BEFORE, PLACE_OF, TITLES } from './evidence.js';
import { compileForms } from './match.js';
import { loadRegistry } from './registry.js';
import { familyNameFirst } from '../words.js';

/** What a suggestion most likely names; only persons belong in a names registry. */
export type SuggestionKind = 'person' | 'place' | 'group' | 'organisation' | 'work' | 'other';

/** One name the registry does not cover, with all the forms it takes in the text: one line for the editor. */
export interface NameSuggestion {
  /** The fullest form, without a title or a possessive ending: 'Rosa Luxemburg', 'Louis the Twelfth', 'W. G. Ward'. */
  name: string;
  /** Every form as written (white space collapsed), the commonest first: 'Rosa Luxemburg', 'Luxemburg', 'Luxemburg’s'. */
  forms: string[];
  /** Occurrences of all its forms. */
  count: number;
  /** File position of the first occurrence; both from 1. */
  line: number;
  column: number;
  /** The first occurrence with some words around it, on one line. */
  context: string;
  kind: SuggestionKind;
  /**
   * Most of its occurrences stand in Chinese or Korean, a span or div marked so (`[Mei Yao-chʽên]{lang=zh-Latn-wadegile}`,
   * a romanisation included), or the book is in one: the family name comes first and an index keeps it
   * there, not inverted (Chicago 16.83), so the draft's heading is the name as written.
   */
  familyFirst: boolean;
}

/**
 * Lists the names in a manuscript's text that no registry form covers, grouped by person, persons
 * first. It only reads: the editor decides, and saves a registry (see draft.ts) if they want one.
 *
 * A name is a run of capitalised words ('Rosa Luxemburg'), with its title ('Pope Pius III', 'Dr.
 * Arnold'), initials ('W. G. Ward'), particles ('Oliverotto da Fermo'), regnal number or byname
 * ('Francis I', 'Louis the Twelfth', 'Hiero the Syracusan'), and 'of' a place after a given name
 * ('Philip of Macedon'). What the text itself says decides most of the rest:
 * - a word the text also writes in lower case is an ordinary word ('Revolution', 'Yet'), unless a
 *   title stands before it ('General Gordon');
 * - a single word seen only at the start of sentences or in headings is left out;
 * - a title before a name makes it a person, whatever else holds;
 * - 'in', 'at', 'into'… before it, or 'Duke of' and the like, make it a place; 'the' before most of
 *   its uses, or the ending of a plural people, party or family ('Venetians', 'Bolsheviks', 'Orsini'),
 *   a group; italics, the title of a work;
 * - compromise's tags fill in: persons' given and family names, places, organisations, peoples,
 *   months and days (left out).
 * A one-word name joins the one longer name it ends or begins ('Luxemburg' → 'Rosa Luxemburg');
 * when two longer names share it ('Giovanni'), it keeps its own line.
 * Code, link targets, marker attributes, `{.noindex}` text, the front matter, registry forms and words
 * derived from them ('Stalinism') are not read. Returns undefined when the manuscript or its registry
 * cannot be read (see `diags`).
 */
export function suggestNames(file: string, diags: Diagnostics): NameSuggestion[] | undefined {
  const text = readManuscript(file, diags);
  if (text === undefined) return undefined;
  const fm = parseFrontMatter(file, text, diags, proseParser(file, diags));
  if (!fm) return undefined;
  const registry = fm.meta.names ? loadRegistry(file, fm.meta.names, diags) : undefined;
  if (diags.hasErrors) return undefined;
  const lines = new LineIndex(text);
  const bodyStart = fm.bodyLineOffset >= lines.lineCount ? text.length : lines.lineStart(fm.bodyLineOffset + 1);

  // The prose only, with every other character blanked so that offsets stay file offsets.
  const prose = maskMarkup(blank(text, 0, bodyStart));
  // The same for emphasis, a span's attributes blanked with a character that is no space: emphasis
  // around a span that marks its language, `*[Tʽung Tien]{lang=zh-Latn}*` (a title, as Standard Ebooks
  // marks foreign ones), would else close after a space, which is no emphasis.
  const emphasis = maskMarkup(blank(text, 0, bodyStart), '\u2060');
  const forms = (registry?.persons ?? []).flatMap((p) => p.forms);
  const covered = blankMatches(prose, compileForms([{ id: 'registry', forms }]).find(prose));
  const stems = forms.flatMap((f) => [f, f.replace(/[aeiouy]$/, '')]).filter((f) => f.length > 2);
  const derived = stems.length ? new RegExp(`^(?:${stems.map(escape).join('|')})\\p{L}`, 'u') : undefined;
  const reading = read(covered, emphasis);
  const occurrences = findNames(covered, reading, derived);
  const familyFirstBook = familyNameFirst(fm.meta.language);
  const ranges = familyFirstBook ? [] : familyFirstRanges(text);
  const inRanges = (at: number) => ranges.some(([a, b]) => a <= at && at < b);
  return groupNames(occurrences, reading).map((g) => {
    const first = g.occurrences[0];
    const p = lines.position(first.start);
    const byForm = new Map<string, number>();
    for (const o of g.occurrences) byForm.set(o.form, (byForm.get(o.form) ?? 0) + 1);
    return {
      name: g.name,
      forms: [...byForm].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length).map(([f]) => f),
      count: g.occurrences.length,
      line: p.line,
      column: p.column,
      context: contextOf(prose, first.start, first.end),
      kind: g.kind as SuggestionKind,
      familyFirst: familyFirstBook || g.occurrences.filter((o) => inRanges(o.start)).length * 2 > g.occurrences.length,
    };
  });
}

/** What the whole text says about its words: which it writes in lower case, which are in italics, compromise's tags. */
interface Reading {
  /** The text read, as searched (offsets are file offsets). */
  text: string;
  lowercase: Set<string>;
  /** [start, end) of each emphasised span. */
  italics: [number, number][];
  /** compromise's tags of the word that starts at an offset. */
  tags: Map<number, Set<string>>;
  /** [start, end) of what compromise reads as places and as organisations. */
  places: [number, number][];
  organisations: [number, number][];
}

function read(text: string, emphasis = text): Reading {
  // A CommonJS build of compromise, loaded here so that a build never pays for it (~0.2 s); require, not
  // import(): the launcher's code-cached bundle cannot import() (see src/launcher.ts).
  const nlp = createRequire(import.meta.url)('compromise') as typeof import('compromise').default;
  // compromise's own patterns take quadratic time on a long run of one punctuation mark (a line of
  // 50,000 dots: 40 s); such a run says nothing about names, so it reads blanks of the same length.
  const doc = nlp(text.replace(/([^\p{L}\p{N}\s])\1{63,}/gu, (run) => ' '.repeat(run.length)));
  const spans = (found: { offset?: { start: number; length: number } }[]) =>
    found.flatMap((p) => (p.offset ? [[p.offset.start, p.offset.start + p.offset.length] as [number, number]] : []));
  const tags = new Map<number, Set<string>>();
  type Term = { offset?: { start: number }; tags?: string[] };
  for (const sentence of doc.json({ offset: true, terms: { offset: true } }) as { terms: Term[] }[]) {
    for (const term of sentence.terms) if (term.offset) tags.set(term.offset.start, new Set(term.tags ?? []));
  }
  return {
    text,
    lowercase: new Set(text.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu) ?? []),
    italics: [...emphasis.matchAll(/(?<![*_\p{L}])([*_])(?![\s*_])[^*_\n]+?(?<!\s)\1(?![*_\p{L}])/gu)].map((m) => [m.index, m.index + m[0].length]),
    tags,
    places: spans(doc.places().json({ offset: true })),
    organisations: spans(doc.organizations().json({ offset: true })),
  };
}

/** A word of the text: letters and marks with inner apostrophes or hyphens, and a possessive ending. */
interface Token {
  text: string;
  /** Without a possessive or elided ending: 'Luxemburg' for 'Luxemburg’s', 'De' for 'De’'. */
  bare: string;
  start: number;
  end: number;
  cap: boolean;
  possessive: boolean;
}

const TOKEN = /[\p{L}\p{M}]+(?:['’\-‐][\p{L}\p{M}]+)*(?:['’]s?(?![\p{L}\p{M}]))?/gu;

/** One occurrence of a name in the text. */
interface Occurrence {
  /** As written, white space collapsed: 'Dr. Arnold’s'. */
  form: string;
  /** Without title or possessive: 'Arnold'; a title that names someone else stays: 'Mrs. Arnold'. */
  core: string;
  /** The given and family names, without particles, numbers and bynames: ['Louis'] for 'Louis the Twelfth'. */
  nameWords: string[];
  /** It has a number, a byname or 'of' a place: a regnal name, one person. */
  regnal: boolean;
  /** A title stood before it. */
  titled: boolean;
  /** It ends in a possessive ('Herzen’s *Kolokol*'): an owner, not a place one is in. */
  possessive: boolean;
  /** A title that names another person than the bare surname (Mrs, Queen…). */
  otherPerson: boolean;
  start: number;
  end: number;
  /** Offsets of its words, for compromise's tags. */
  wordStarts: number[];
  sentenceStart: boolean;
  heading: boolean;
  italic: boolean;
  /** The word just before it, in lower case ('' when punctuation stands between). */
  before: string;
  /** The word before that, as written (for 'Duke of Ferrara', 'city of Pisa'). */
  beforeBefore: string;
  /** The word just after it, as written ('' when punctuation stands between). */
  after: string;
  afterStart: number;
}

function findNames(text: string, r: Reading, derived: RegExp | undefined): Occurrence[] {
  const tokens: Token[] = [...text.matchAll(TOKEN)].map((m) => {
    // 'De’ Medici', 'd’ Este': an elided particle, not a possessive.
    const possessive = /['’]s?$/.test(m[0]) && !/^(?:de|d|dell|dall|degli|l)['’]$/i.test(m[0]);
    return { text: m[0], bare: m[0].replace(/['’]s?$/, ''), start: m.index, end: m.index + m[0].length, cap: /^\p{Lu}/u.test(m[0]), possessive };
  });
  const tagged = (t: Token, ...names: string[]) => names.some((n) => r.tags.get(t.start)?.has(n));
  const ordinary = (t: Token) => r.lowercase.has(t.bare.toLocaleLowerCase());
  const isTitle = (t: Token) => t.cap && TITLES.has(t.bare);
  const isInitial = (t: Token) => /^\p{Lu}$/u.test(t.text);
  const isParticle = (t: Token) => PARTICLES.has(t.bare.toLocaleLowerCase()) || /^(?:d|de|dell|l)['’]$/i.test(t.text);
  const nameLike = (t: Token) =>
    t.cap && t.bare.length > 1 && !/['’](?:ll|re|ve|d|m|t)$/.test(t.text) && !DEITIES.has(t.bare) && !/^\p{Lu}+$/u.test(t.bare) && !TITLES.has(t.bare) && !derived?.test(t.bare) &&
    (!ordinary(t) || (tagged(t, 'FirstName', 'LastName') && !startsSentence(text, t.start))) &&
    // 'Later Giovanni': compromise knows a function word even where the text never writes it in lower case.
    (tagged(t, 'FirstName', 'LastName') || !(tagged(t, 'Adverb', 'Conjunction', 'Preposition', 'Determiner', 'Pronoun', 'QuestionWord') ||
      (tagged(t, 'Adjective', 'Comparative') && startsSentence(text, t.start))));
  /** Only spaces, or one line break, between two tokens; or the full stop of an abbreviation or an initial. */
  const joined = (a: Token, b: Token) => {
    const gap = text.slice(a.end, b.start);
    // One run of blanks, each written once: `[ \t]*\n?[ \t]*` would try every split of a long blank gap (quadratic).
    if (/^[ \t]*(?:\n[ \t]*)?$/.test(gap) && gap.length > 0) return true;
    return /^\.[ \t]*(?:\n[ \t]*)?$/.test(gap) && (ABBREVIATED.has(a.bare) || isInitial(a));
  };
  const wordBefore = (i: number) => (i > 0 && /^\s+$/.test(text.slice(tokens[i - 1].end, tokens[i].start)) ? tokens[i - 1] : undefined);

  const out: Occurrence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // A name starts with a title or initials followed by a name, or with a name.
    let k = i;
    while (k + 1 < tokens.length && (isTitle(tokens[k]) || isInitial(tokens[k])) && !tokens[k].possessive && joined(tokens[k], tokens[k + 1])) k++;
    if (!nameLike(tokens[k])) continue;
    const titles = tokens.slice(i, k).filter(isTitle);
    const nameWords = [tokens[k]];
    let regnal = false;
    let j = k;
    while (j + 1 < tokens.length && !tokens[j].possessive && joined(tokens[j], tokens[j + 1])) {
      const next = tokens[j + 1];
      const after = tokens[j + 2];
      const named = titles.length > 0 || nameWords.some((w) => tagged(w, 'FirstName'));
      if (nameLike(next) || /^(?:d|l|dell)['’]\p{Lu}/u.test(next.text)) {
        nameWords.push(next);
        j++;
      } else if (isInitial(next) && after && joined(next, after) && nameLike(after)) {
        j++;
      } else if (NUMERAL.test(next.bare) && next.cap && named && !regnal) {
        regnal = true;
        j++;
      } else if (after && joined(next, after) && (isParticle(next) || (next.cap && PARTICLES.has(next.bare.toLocaleLowerCase()))) && nameLike(after)) {
        nameWords.push(after);
        j += 2;
      } else if (after && !regnal && next.text === 'the' && joined(next, after) && after.cap && (EPITHETS.has(after.bare) || (DEMONYM.test(after.bare) && !ordinary(after)))) {
        regnal = true;
        j += 2;
      } else if (after && !regnal && next.text === 'of' && named && joined(next, after) && nameLike(after) && !(tokens[j + 3]?.cap && joined(after, tokens[j + 3]))) {
        regnal = true;
        j += 2;
      } else break;
    }
    const start = tokens[i].start;
    const end = tokens[j].end;
    const last = tokens[j];
    // 'Mrs. Arnold' is not 'Dr. Arnold'; 'Miss Helen Macfarlane' is 'Helen Macfarlane'.
    const otherPerson = nameWords.length === 1 && titles.some((t) => OTHER_PERSON_TITLES.has(t.bare));
    // The core keeps initials ('W. G. Ward') and drops titles, except one that names someone else ('Mrs. Arnold').
    const coreStart = otherPerson ? start : (tokens.slice(i, k + 1).find((t) => !isTitle(t)) ?? tokens[k]).start;
    const before = wordBefore(i);
    const beforeBefore = before ? wordBefore(i - 1) : undefined;
    const afterTok = tokens[j + 1] && /^\s+$/.test(text.slice(end, tokens[j + 1].start)) ? tokens[j + 1] : undefined;
    out.push({
      form: collapse(text.slice(start, end)),
      core: collapse(text.slice(coreStart, last.start + last.bare.length)),
      nameWords: nameWords.map((w) => w.bare),
      regnal,
      titled: titles.length > 0,
      possessive: last.possessive,
      otherPerson,
      start,
      end,
      wordStarts: nameWords.map((w) => w.start),
      sentenceStart: startsSentence(text, start),
      heading: inHeading(text, start),
      italic: r.italics.some(([a, b]) => a <= start && end <= b),
      before: before?.text.toLocaleLowerCase() ?? '',
      beforeBefore: beforeBefore?.text ?? '',
      after: afterTok?.text ?? '',
      afterStart: afterTok?.start ?? -1,
    });
    i = j;
  }
  return out;
}

interface Group {
  name: string;
  occurrences: Occurrence[];
  kind: SuggestionKind | 'drop';
}

/** Groups occurrences by name, judges what each names, and folds one-word names into the longer name they belong to. */
function groupNames(occurrences: Occurrence[], r: Reading): Group[] {
  const byCore = new Map<string, Occurrence[]>();
  for (const o of occurrences) byCore.set(o.core, [...(byCore.get(o.core) ?? []), o]);
  const groups: Group[] = [...byCore].map(([name, os]) => ({ name, occurrences: os, kind: judge(os, r) }));
  coordinate(occurrences, groups, r);

  const persons = groups.filter((g) => g.kind === 'person');
  // One word: not 'W. G. Ward' (initials), 'Louis the Twelfth' (regnal) or 'Rosa Luxemburg'.
  const single = (g: Group) => g.occurrences[0].nameWords.length === 1 && !g.occurrences[0].regnal && !/\s/.test(g.occurrences[0].core);
  const alone = new Set(persons.filter(single).map((g) => g.occurrences[0].nameWords[0]));
  const givenName = (g: Group, word: string) => g.occurrences.some((o) => o.nameWords.indexOf(word) >= 0 && r.tags.get(o.wordStarts[o.nameWords.indexOf(word)])?.has('FirstName'));
  const targets = persons.filter((g) => !single(g) && !g.occurrences[0].otherPerson);
  for (const g of persons.filter((g) => single(g) && !g.occurrences[0].otherPerson)) {
    const word = g.occurrences[0].nameWords[0];
    // The longer names it could belong to: it ends them ('Luxemburg', 'Rosa Luxemburg') or begins them ('Cesare', 'Cesare Borgia').
    const into = targets.filter((t) => {
      const words = t.occurrences[0].nameWords;
      return (words.at(-1) === word && !t.occurrences[0].regnal) || words[0] === word;
    });
    const t = into.length === 1 ? into[0] : undefined;
    // Not into a regnal name ('Charles', 'Charles the Seventh'), nor into two names side by side ('Caesar Alexander':
    // 'Caesar' is found alone too, and is no given name).
    if (!t || t.occurrences[0].regnal) continue;
    const others = t.occurrences[0].nameWords.filter((w) => w !== word);
    if (others.length > 0 && others.every((w) => alone.has(w) && !givenName(t, w))) continue;
    t.occurrences.push(...g.occurrences);
    g.kind = 'drop';
  }
  const order: (SuggestionKind | 'drop')[] = ['person', 'place', 'group', 'organisation', 'work', 'other'];
  return groups
    .filter((g) => g.kind !== 'drop')
    .map((g) => {
      g.occurrences.sort((a, b) => a.start - b.start);
      // The fullest form names the line: the most words, then the commonest.
      const cores = g.occurrences.map((o) => o.core);
      g.name = cores.reduce((best, c) => (c.split(' ').length > best.split(' ').length ? c : best), g.name);
      return g;
    })
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || b.occurrences.length - a.occurrences.length || a.occurrences[0].start - b.occurrences[0].start);
}

/**
 * Names in a list share their kind: 'Brittany, Burgundy, Gascony, and Normandy' are places, 'French,
 * British and American' peoples, when their judged neighbours are. Only for one-word names that nothing
 * marks as a person; a few rounds let a list's known members reach its far end.
 */
function coordinate(occurrences: Occurrence[], groups: Group[], r: Reading): void {
  const groupOf = new Map<Occurrence, Group>();
  for (const g of groups) for (const o of g.occurrences) groupOf.set(o, g);
  const index = new Map(occurrences.map((o, i) => [o, i]));
  const listed = (a: Occurrence, b: Occurrence) => /^(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$/.test(r.text.slice(a.end, b.start));
  const open = new Set(groups.filter((g) => g.kind === 'person' && g.occurrences[0].nameWords.length === 1 && !g.occurrences[0].regnal &&
    !g.occurrences.some((o) => o.titled || o.wordStarts.some((w) => ['FirstName', 'LastName', 'Person'].some((t) => r.tags.get(w)?.has(t))))));
  for (let round = 0; round < 3; round++) {
    for (const g of open) {
      const votes = new Map<string, number>();
      for (const o of g.occurrences) {
        const i = index.get(o)!;
        for (const [a, b] of [[occurrences[i - 1], o], [o, occurrences[i + 1]]] as const) {
          if (!a || !b || !listed(a, b)) continue;
          const other = groupOf.get(a === o ? b : a)!;
          // 'Metternich and Guizot, French radicals': an adjective before a noun is no member of the list.
          if (/^\p{Ll}/u.test((a === o ? b : a).after)) continue;
          if (open.has(other) && other.kind === 'person') continue; // undecided itself
          votes.set(other.kind, (votes.get(other.kind) ?? 0) + 1);
        }
      }
      const [kind, n] = [...votes].filter(([k]) => k !== 'person' && k !== 'drop').sort((a, b) => b[1] - a[1])[0] ?? ['person', 0];
      if (n > (votes.get('person') ?? 0) && n * 2 >= g.occurrences.length) g.kind = kind as SuggestionKind;
    }
  }
}

/** What the occurrences of one name say it is. */
function judge(os: Occurrence[], r: Reading): SuggestionKind | 'drop' {
  const n = os.length;
  const most = (test: (o: Occurrence) => boolean) => os.filter(test).length * 2 > n;
  const tags = new Set(os.flatMap((o) => o.wordStarts.flatMap((s) => [...(r.tags.get(s) ?? [])])));
  const has = (...names: string[]) => names.some((t) => tags.has(t));
  // Compromise's places and organisations, but not a possessive ('Herzen’s *Kolokol* office'): a person owns things too.
  const within = (spans: [number, number][]) => (o: Occurrence) => !o.possessive && spans.some(([a, b]) => a <= o.start && o.end <= b + 1);
  const first = os[0];
  const single = first.nameWords.length === 1 && !first.regnal;
  const lastWord = first.nameWords.at(-1)!;
  if (os.some((o) => o.titled)) return 'person';
  if (os.every((o) => o.italic)) return 'work';
  if (os.every((o) => o.heading)) return 'drop';
  const given = has('FirstName', 'MaleName', 'FemaleName');
  const personTag = given || has('LastName') || (has('Person') && !has('Place'));
  if (single) {
    // Only ever first in its sentence: an ordinary word ('Thereupon the…'), unless a verb follows it as its subject ('Sismondi was…').
    const subject = (o: Occurrence) => /^\p{Ll}/u.test(o.after) && (r.tags.get(o.afterStart)?.has('Verb') ?? false);
    if (os.every((o) => o.sentenceStart || o.heading) && !personTag && !os.some(subject)) return 'drop';
    if (has('Month', 'WeekDay', 'Date', 'Holiday')) return 'drop';
    // compromise reads it as no noun, or as a pronoun or another function word: 'Amid', 'They', 'Nobody', 'Dear'.
    if (!has('Noun') || has('Pronoun', 'Determiner', 'Conjunction', 'Preposition', 'Adverb', 'Expression', 'QuestionWord')) return 'drop';
  }
  // 'the Duke of Ferrara', 'the city of Pisa'; 'in Belgrade', 'at Rugby' (not 'in George Harney’s paper').
  const titleOf = (o: Occurrence) => o.before === 'of' && (TITLES.has(o.beforeBefore) || TITLES.has(o.beforeBefore.replace(/s$/, '')) || PLACE_OF.has(o.beforeBefore.toLocaleLowerCase()));
  if (most((o) => !o.possessive && (titleOf(o) || (!given && PLACE_BEFORE.has(o.before))))) return 'place';
  if (!given && first.nameWords.length > 1 && has('WeekDay', 'Holiday')) return 'drop';
  if (!personTag && most(within(r.organisations))) return 'organisation';
  if (!personTag && first.nameWords.some((w) => COMMON_NOUN.test(w))) return 'other';
  // 'the Dissenters', 'the Whigs': a plural.
  const plural = /[^aeiousx'’]s$/.test(lastWord) && (os.some((o) => o.before === 'the') || os.every((o) => o.wordStarts.some((w) => r.tags.get(w)?.has('Plural'))));
  if (!personTag && single && plural) return 'group';
  // 'English Whigs', 'Catholic Saints', 'Communist League': a people's or a party's adjective first.
  if (!given && first.nameWords.length > 1 && ADJECTIVE.test(first.nameWords[0])) return 'group';
  if (has('Demonym') || (!personTag && GROUP.test(lastWord))) return 'group';
  // 'Russian people', 'a Socialist', 'Christian doctrine': a people's, a faith's or a party's adjective.
  const adjectiveUse = (o: Occurrence) => o.before === 'a' || o.before === 'an' || /^\p{Lu}/u.test(o.after) || (/^\p{Ll}/u.test(o.after) && (r.tags.get(o.afterStart)?.has('Noun') ?? false));
  if (ADJECTIVE.test(lastWord) && ((!personTag && os.some(adjectiveUse)) || most(adjectiveUse))) return 'group';
  if (single && most((o) => o.before === 'the')) return 'other';
  // 'a Jew', 'an Englishman': one of a kind, not someone.
  if (single && !given && most((o) => o.before === 'a' || o.before === 'an')) return 'group';
  if (!personTag && most(within(r.places))) return 'place';
  if (!personTag && most(within(r.organisations))) return 'organisation';
  if (!personTag && has('Place', 'Country', 'City', 'Region')) return 'place';
  return 'person';
}

/** The occurrence with up to about 40 characters on each side, on one line, cut at word boundaries. */
function contextOf(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n\n', start) + 1;
  const lineEnd = text.indexOf('\n\n', end);
  const from = Math.max(lineStart, start - 40);
  const to = Math.min(lineEnd === -1 ? text.length : lineEnd, end + 40);
  let s = text.slice(from, to);
  if (from > lineStart) s = `…${s.replace(/^\S*\s/, '')}`;
  if (to < (lineEnd === -1 ? text.length : lineEnd)) s = `${s.replace(/\s\S*$/, '')}…`;
  return collapse(s);
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
}

function blankMatches(text: string, matches: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const m of matches) out = blank(out, m.start, m.end);
  return out;
}

/** [start, end) of the spans (`[…]{lang=zh}`) and fenced divs (`::: {lang=ko}` up to the next `:::`) in such a language. */
function familyFirstRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/\[[^[\]\n]*\]\{[^{}\n]*?\blang="?([A-Za-z0-9-]+)"?[^{}\n]*\}/g)) if (familyNameFirst(m[1])) out.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(/^:{3,}[ \t]*\{[^{}\n]*?\blang="?([A-Za-z0-9-]+)"?[^{}\n]*\}[ \t]*$/gm)) {
    if (!familyNameFirst(m[1])) continue;
    const after = m.index + m[0].length;
    const close = text.slice(after).search(/^:{3,}[ \t]*$/m);
    out.push([m.index, close < 0 ? text.length : after + close]);
  }
  return out;
}

const ATTRIBUTES = /\]\{[^{}\n]*\}/g;

/**
 * `text` with what is not prose blanked, offsets kept: code, link targets, footnote labels, HTML, marker
 * attributes (with `attributes`) and `{.noindex}` text.
 */
function maskMarkup(text: string, attributes = ' '): string {
  const patterns: RegExp[] = [
    /^([ \t]*)(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, // fenced code
    // Each starts only where its opening run starts and stops at the next opener, so that a long run
    // of backticks, brackets or angle brackets is read once, not once per character (quadratic).
    /(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, // code spans
    /\[[^[\]\n]*\]\{[^{}\n]*\.noindex[^{}\n]*\}/g, // suppressed text and its marker
    ATTRIBUTES, // other marker attributes
    /\]\((?:[^()\n]|\([^()\n]*\))*\)/g, // link destinations (one level of parentheses inside)
    /\[\^[^[\]\n]*\]:?/g, // footnote labels
    /<[^<>\n]*>/g, // HTML
  ];
  let out = text;
  for (const re of patterns) out = out.replace(re, (m) => m.replace(/[^\n]/g, re === ATTRIBUTES ? attributes : ' '));
  return out;
}

/** Whether the word at `at` opens a sentence or a block. */
function startsSentence(text: string, at: number): boolean {
  let i = at - 1;
  // A quotation's first word starts a sentence ('the text “Boast not thyself”'), and so does the word after one's end.
  if (/[‘“«"]/.test(text.slice(Math.max(0, at - 2), at).trim().slice(-1))) return true;
  while (i >= 0 && /[ \t‘“"'(\[*_”’»]/.test(text[i])) i--;
  if (i < 0) return true;
  if (/[.!?…:]/.test(text[i])) return !ABBREVIATED.has(text.slice(text.lastIndexOf(' ', i - 1) + 1, i).replace(/^\W+/, ''));
  if (text[i] !== '\n') return false;
  // At a line start: a new block when the line before is blank, or the line starts with a block marker.
  const lineStart = i + 1;
  const prefix = text.slice(lineStart, at);
  return i === 0 || text[i - 1] === '\n' || /^[\s>]*(?:(?:[-+*]|\d+[.)])\s*)?[‘“"'(\[*_]*$/.test(prefix);
}

/** Whether the word at `at` stands in an ATX heading line. */
function inHeading(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^\s{0,3}#{1,6}\s/.test(text.slice(lineStart, at));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
}
