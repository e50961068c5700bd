import type { Diagnostics } from '../diagnostics.js';
import { parseFrontMatter } from '../load/frontmatter.js';
import { proseParser } from '../parse/parse.js';
import { readManuscript } from '../load/read.js';
import { LineIndex } from '../lines.js';
import { compileForms } from './match.js';
import { loadRegistry } from './registry.js';

/** A name-like sequence the registry does not cover, for the editor to review. */
export interface NameSuggestion {
  /** The sequence as written, white space collapsed, without a possessive ending: 'Edvard Kardelj'. */
  text: string;
  /** How often it occurs. */
  count: number;
  /** File position of its first occurrence; both from 1. */
  line: number;
  column: number;
  /** compromise reads at least one occurrence as a person's name (it knows mostly English-language names). */
  person: boolean;
}

/**
 * Lists capitalised sequences in a manuscript's text that no registry form covers, most likely
 * persons first (compromise's people detection), then by count. It only reads: the editor decides.
 *
 * Heuristics: code, link targets, marker attributes, `{.noindex}` text and the front matter are not
 * text; a word that starts a sentence or stands in a heading is left out when the text also uses it
 * in lower case ('The', 'Yet', 'Magic'), and so is any single word that the text also writes in
 * lower case ('Revolution'), unless compromise reads it as a name. Words derived from a registry form
 * ('Stalinism', 'Leninist'), acronyms and single letters are left out too.
 * Returns undefined when the manuscript or its registry cannot be read (see `diags`).
 * compromise is loaded here, on first use, so that `samizdat build` never pays for it (~0.3 s).
 */
export async function suggestNames(file: string, diags: Diagnostics): Promise<NameSuggestion[] | undefined> {
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
  const forms = (registry?.persons ?? []).flatMap((p) => p.forms);
  const covered = blankMatches(prose, compileForms([{ id: 'registry', forms }]).find(prose));
  const lowercase = new Set(prose.match(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu) ?? []);
  const { people, tags } = readWithCompromise((await import('compromise')).default, prose);
  const stems = forms.flatMap((f) => [f, f.replace(/[aeiouy]$/, '')]).filter((f) => f.length > 2);
  const derived = stems.length ? new RegExp(`^(?:${stems.map(escape).join('|')})\\p{L}`, 'u') : undefined;
  const isPerson = (start: number, end: number) =>
    people.some(([a, b]) => a < end && start < b) || [...tags].some(([at, t]) => at >= start && at < end && (t.has('FirstName') || t.has('LastName')));

  const found = new Map<string, NameSuggestion>();
  const candidate = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}'’\\-‐])${WORD}(?:(?:[ \\t]+|[ \\t]*\\n[ \\t]*)(?:${PARTICLES}[ \\t]+)?${WORD})*`, 'gu');
  for (const m of covered.matchAll(candidate)) {
    // Split into words with their offsets; drop the words that are not name-like on their own.
    const words = [...m[0].matchAll(new RegExp(WORD, 'gu'))].map((w) => ({
      text: w[0].replace(/['’]s?$/, ''),
      start: m.index + w.index,
      /** 'Stalin’s Heirs' is two things: a possessive ends a name. */
      possessive: /['’]s?$/.test(w[0]),
    }));
    const keep = words.map((w, i) => {
      if (w.text.length < 2 || /^\p{Lu}+$/u.test(w.text) || derived?.test(w.text)) return false;
      const t = tags.get(w.start) ?? new Set<string>();
      if (t.has('Honorific')) return false; // 'President', 'Marshal': titles, not names
      const ordinary = lowercase.has(w.text.toLocaleLowerCase());
      if ((i === 0 && startsSentence(covered, w.start)) || inHeading(covered, w.start)) return !ordinary && (t.has('ProperNoun') || t.has('Person'));
      return !ordinary || t.has('Person');
    });
    // Each maximal run of kept words is one candidate.
    for (let i = 0; i < words.length; i++) {
      if (!keep[i]) continue;
      let j = i;
      while (j + 1 < words.length && keep[j + 1] && !words[j].possessive) j++;
      const start = words[i].start;
      const end = words[j].start + words[j].text.length;
      const name = covered.slice(start, end).replace(/\s+/g, ' ');
      const s = found.get(name);
      if (s) {
        s.count++;
        s.person ||= isPerson(start, end);
      } else {
        const p = lines.position(start);
        found.set(name, { text: name, count: 1, line: p.line, column: p.column, person: isPerson(start, end) });
      }
      i = j;
    }
  }
  return [...found.values()].sort((a, b) => Number(b.person) - Number(a.person) || b.count - a.count || a.line - b.line || a.column - b.column);
}

/** A capitalised word: letters and marks, with inner apostrophes or hyphens ('O’Brien', 'Kai-shek'). */
const WORD = "\\p{Lu}[\\p{L}\\p{M}]*(?:['’\\-‐][\\p{L}\\p{M}]+)*(?:['’]s?)?";
/** Lower-case particles inside names: 'Charles de Gaulle', 'Ludwig van Beethoven', 'Omar ibn al-Khattab'. */
const PARTICLES = '(?:de|da|del|della|der|di|du|van|von|la|le|bin|ibn|al|y|zu|dos|das)';

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
}

function blankMatches(text: string, matches: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const m of matches) out = blank(out, m.start, m.end);
  return out;
}

/** Blanks what is not prose: code, link targets, footnote labels, HTML, marker attributes and `{.noindex}` text. */
function maskMarkup(text: string): string {
  const patterns: RegExp[] = [
    /^([ \t]*)(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, // fenced code
    /(`+)[^`][\s\S]*?\1/g, // code spans
    /\[[^\]\n]*\]\{[^}\n]*\.noindex[^}\n]*\}/g, // suppressed text and its marker
    /\]\{[^}\n]*\}/g, // other marker attributes
    /\]\([^)\n]*\)/g, // link destinations
    /\[\^[^\]\n]*\]:?/g, // footnote labels
    /<[^>\n]*>/g, // HTML
  ];
  let out = text;
  for (const re of patterns) out = out.replace(re, (m) => m.replace(/[^\n]/g, ' '));
  return out;
}

/** What compromise reads in the text: the spans [start, end) of people, and each word's tags by its offset. */
function readWithCompromise(nlp: typeof import('compromise').default, text: string): { people: [number, number][]; tags: Map<number, Set<string>> } {
  type Term = { offset?: { start: number }; tags?: string[] };
  const doc = nlp(text);
  const found = doc.people().json({ offset: true }) as { offset?: { start: number; length: number } }[];
  const people = found.flatMap((p) => (p.offset ? [[p.offset.start, p.offset.start + p.offset.length] as [number, number]] : []));
  const tags = new Map<number, Set<string>>();
  for (const sentence of doc.json({ offset: true, terms: { offset: true } }) as { terms: Term[] }[]) {
    for (const term of sentence.terms) if (term.offset) tags.set(term.offset.start, new Set(term.tags ?? []));
  }
  return { people, tags };
}

/** Whether the word at `at` opens a sentence or a block. */
function startsSentence(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /[ \t‘“"'(\[*_]/.test(text[i])) i--;
  if (i < 0) return true;
  if (/[.!?…:]/.test(text[i])) return true;
  if (text[i] !== '\n') return false;
  // At a line start: a new block when the line before is blank, or the line starts with a block marker.
  const lineStart = i + 1;
  const prefix = text.slice(lineStart, at);
  return i === 0 || text[i - 1] === '\n' || /^\s*(?:>\s*)*(?:[-+*]|\d+[.)])?\s*[‘“"'(\[*_]*$/.test(prefix);
}

/** Whether the word at `at` stands in an ATX heading line. */
function inHeading(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^\s{0,3}#{1,6}\s/.test(text.slice(lineStart, at));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
}
