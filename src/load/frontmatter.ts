import matter from 'gray-matter';
import { createHash } from 'node:crypto';
import type { Diagnostics } from '../diagnostics.js';
import { plainText, type CoverAsset, type Inline, type Meta, type Numbered, type Prose, type Role, type Span } from '../model/index.js';
import { checkImage, projectFolder, resolveImageFile } from './assets.js';
import { quote } from './quote.js';
import { stripControls, stripForbidden } from './read.js';
import { ALIASES, FIELDS, type FieldSpec } from './schema.js';
import { suggestKey } from './suggest.js';

export interface FrontMatterResult {
  meta: Meta;
  /** The Markdown after the front matter's closing line. */
  body: string;
  /** Number of lines before the body's first line: body line n (from 1) is file line n + bodyLineOffset. */
  bodyLineOffset: number;
  /** The front matter's `cover`, checked: a PNG or JPEG. */
  cover?: CoverAsset;
}

/** Where a top-level key stands in the file (lines and columns from 1) and its value as written. */
interface KeyAt {
  line: number;
  column: number;
  valueColumn: number;
  /** The value's text on the key's line, without a trailing comment; '' when it starts below. */
  raw: string;
}

const DELIMITER = /^---[ \t]*$/;
const CLOSING = /^(---|\.\.\.)[ \t]*$/;

/**
 * What a front matter that leaves a required key out takes from elsewhere: a packet's introduction
 * is by the packet's editors, in the packet's language, and titled 'Introduction' unless it says.
 */
export interface FrontMatterDefaults {
  title?: string;
  author?: string[];
  language?: string;
}

/**
 * Splits the front matter off a manuscript and validates it strictly against FIELDS.
 * Every problem becomes a diagnostic at its file position; returns undefined if any is an error.
 * Prose values are inline Markdown: `parseProse` (the parser's, handed down so the loader stays below it)
 * turns each into the model's inlines. A key of `defaults` the front matter does not give is not
 * required, and takes the default's value.
 */
export function parseFrontMatter(file: string, text: string, diags: Diagnostics, parseProse: (text: string, at: Span) => Inline[], defaults: FrontMatterDefaults = {}): FrontMatterResult | undefined {
  const split = splitFrontMatter(file, text, diags);
  if (!split) return undefined;
  const keys = locateKeys(split.yaml);
  const data = parseYaml(file, split.yaml, keys, diags);
  if (data === undefined) return undefined;
  const at = (key: string): KeyAt => keys.get(key) ?? { line: 1, column: 1, valueColumn: 1, raw: '' };

  // YAML's escapes ("\x1b[31m", "\x07") make control characters the reader never saw in the file.
  for (const key of Object.keys(data)) {
    const v = data[key];
    let removed = 0;
    const clean = (x: unknown) => {
      if (typeof x !== 'string') return x;
      const c = stripControls(x);
      removed += c.removed;
      return c.text;
    };
    Object.defineProperty(data, key, { value: Array.isArray(v) ? v.map(clean) : clean(v), enumerable: true, writable: true, configurable: true });
    if (removed) {
      diags.warn(file, at(key).line, at(key).valueColumn, 'front-matter-control-character', `removed ${removed} control character${removed === 1 ? '' : 's'} or escape sequence${removed === 1 ? '' : 's'} from the value of ${quote(key)}`,
        'write the value as plain text');
    }
  }
  const known = FIELDS.map((f) => f.key);
  const present = new Set(Object.keys(data).filter((k) => known.includes(k) && !isEmpty(data[k])));
  /** Keys an unknown key was taken for: their absence is already explained. */
  const meant = new Set<string>();
  for (const key of Object.keys(data)) {
    if (known.includes(key)) continue;
    const near = suggestKey(key, known, ALIASES, present);
    if (near.key) meant.add(near.key);
    const hint = near.key ? `did you mean '${near.key}'?`
      : near.taken ? `it means '${near.taken}', which line ${at(near.taken).line} already sets: keep one of the two`
        : `the keys are: ${known.filter((k) => !present.has(k)).join(', ')}`;
    diags.error(file, at(key).line, at(key).column, 'front-matter-unknown-key', `unknown front matter key ${quote(key)}`, hint);
  }
  const out: Record<string, string | string[]> = {};
  for (const spec of FIELDS) {
    const value = data[spec.key];
    const where = at(spec.key);
    if (isEmpty(value)) {
      const present = Object.hasOwn(data, spec.key);
      const fallback = present ? undefined : defaults[spec.key as keyof FrontMatterDefaults];
      if (fallback !== undefined) {
        out[spec.key] = fallback;
        continue;
      }
      if (!spec.required || (!present && meant.has(spec.key))) continue;
      diags.error(file, where.line, present ? where.valueColumn : 1, 'front-matter-required',
        present ? `'${spec.key}' is empty` : `the front matter has no '${spec.key}'`, `add a line '${spec.key}: …': ${spec.doc}`);
      continue;
    }
    const checked = checkValue(spec, value, where.raw);
    if ('problem' in checked) diags.error(file, where.line, where.valueColumn, 'front-matter-type', `'${spec.key}' ${checked.problem}`, checked.hint ?? spec.doc);
    else out[spec.key] = checked.value;
  }
  // A web address is where this copy came from, never where the work first appeared.
  if (typeof out.source === 'string' && /^(https?:\/\/|www\.)\S+$/i.test(out.source)) {
    const where = at('source');
    diags.error(file, where.line, where.valueColumn, 'front-matter-type', `'source' is a web address, but it says where the text first appeared (it is printed as 'First published')`,
      out.provenance ? "move the address into 'provenance' and write under 'source' the periodical or publisher, place and year" : "write it as 'provenance: …' (the copy this edition was made from), and under 'source' the periodical or publisher, place and year");
  }
  if (out.series_number !== undefined && out.series === undefined) {
    const where = at('series_number');
    diags.error(file, where.line, where.column, 'front-matter-required', "'series_number' is given without 'series'", "add a line 'series: …' with the series' name");
  }
  const cover = typeof out.cover === 'string' ? loadCover(out.cover, file, projectFolder(file), { line: at('cover').line, column: at('cover').valueColumn }, diags) : undefined;
  if (diags.hasErrors) return undefined;

  const one = (k: string) => out[k] as string | undefined;
  const many = (k: string) => (out[k] as string[] | undefined) ?? [];
  const roles: [string, Role][] = [['translator', 'translator'], ['editor', 'editor'], ['introduction', 'introduction'], ['preface', 'preface'], ['afterword', 'afterword'], ['illustrator', 'illustrator'], ['prepared_by', 'preparer']];
  // Prose values are inline Markdown: parsed into the model's inlines, problems at the value.
  const prose = (k: string): Prose | undefined => {
    const text = one(k);
    return text === undefined ? undefined : parseProse(text, { line: at(k).line, column: at(k).valueColumn });
  };
  // A value of several paragraphs: blank lines split it.
  const paragraphs = (k: string): Prose[] | undefined => one(k)?.split(/\n\s*\n/).filter((p) => p.trim()).map((p) => parseProse(p, { line: at(k).line, column: at(k).valueColumn }));
  const dates: Meta['dates'] = {};
  for (const [kind, key, noteKey] of [['written', 'written', 'written_note'], ['published', 'date', 'date_note'], ['translated', 'translated', 'translated_note'], ['modified', 'modified', 'modified_note']] as const) {
    const written = one(key);
    const note = prose(noteKey);
    const iso = written?.replace(/~$/, '');
    if (iso || note) dates[kind] = { ...(iso ? { iso } : {}), ...(written?.endsWith('~') ? { approximate: true as const } : {}), ...(note ? { note } : {}) };
  }
  const series = one('series');
  const title = marked(prose('title')!);
  const subtitle = one('subtitle') === undefined ? undefined : marked(prose('subtitle')!);
  const meta: Meta = {
    title: title ? plainText(title) : one('title')!,
    subtitle: subtitle ? plainText(subtitle) : one('subtitle'),
    titleInlines: title,
    subtitleInlines: subtitle,
    authors: many('author'),
    contributors: roles.flatMap(([key, role]) => many(key).map((name) => ({ name, role }))),
    language: one('language')!,
    dates,
    source: prose('source'),
    provenance: prose('provenance'),
    translatorsNote: paragraphs('translators_note'),
    editorsNote: paragraphs('editors_note'),
    dedication: paragraphs('dedication'),
    originalTitle: prose('original_title'),
    originalLanguage: one('original_language'),
    rights: prose('rights'),
    identifier: one('identifier') ?? derivedIdentifier(one('title')!, many('author')),
    isbn: one('isbn'),
    description: prose('description'),
    subjects: many('subjects'),
    publisher: prose('publisher'),
    edition: prose('edition'),
    series: series ? (one('series_number') ? { name: series, number: one('series_number') } : { name: series }) : undefined,
    cover: one('cover'),
    names: one('names'),
    number: out.number ? (out.number as Numbered[]) : undefined,
    lists: out.lists ? (out.lists as Numbered[]) : undefined,
    notesByChapter: (out.footnotes as string[] | undefined)?.includes('by-chapter') || undefined,
    endnotes: (out.footnotes as string[] | undefined)?.includes('endnotes') ? { line: at('footnotes').line, column: at('footnotes').column } : undefined,
  };
  for (const k of Object.keys(meta) as (keyof Meta)[]) if (meta[k] === undefined) delete meta[k];
  return { meta, body: split.body, bodyLineOffset: split.closingLine, cover };
}

/**
 * A title's inlines when its Markdown marks something (emphasis, a link, a language), else undefined: a
 * plain title stays the string written.
 */
export function marked(inlines: Inline[]): Inline[] | undefined {
  return inlines.some((n) => n.kind !== 'text') ? inlines : undefined;
}

/**
 * A `cover:` value (a manuscript's or a packet file's), checked as an image of the text is: inside
 * `root`, a PNG, JPEG or SVG, whole. Problems are errors at `at`, the value's place in `file`.
 */
export function loadCover(value: string, file: string, root: string, at: Span, diags: Diagnostics): FrontMatterResult['cover'] {
  const found = resolveImageFile(value, file, root);
  const checked = 'path' in found ? checkImage(found.path, quote(value, 80)) : found;
  if ('path' in checked) return { ...checked, span: at };
  diags.error(file, at.line, at.column, checked.rule, checked.message.replace(/^the (SVG )?image/, 'the cover').replace('PNG, JPEG and SVG images are', 'PNG, JPEG and SVG covers are'), checked.hint);
  return undefined;
}

/**
 * The YAML between a first line `---` and the next line `---` (or `...`), and the body after it.
 * The closing line is found here, not by gray-matter, which would also close on `----` or `---x`.
 */
function splitFrontMatter(file: string, text: string, diags: Diagnostics): { yaml: string; body: string; closingLine: number } | undefined {
  const firstEnd = text.indexOf('\n');
  const first = firstEnd < 0 ? text : text.slice(0, firstEnd);
  if (!DELIMITER.test(first)) {
    const firstWritten = text.match(/^\s*\n(---[ \t]*)\n/);
    diags.error(file, 1, 1, 'front-matter-missing', 'the manuscript does not start with front matter',
      firstWritten ? 'the line --- must be the very first line of the file: remove the blank lines before it'
        : 'start the file with a line ---, then title:, author: and language:, then a line ---');
    return undefined;
  }
  let start = firstEnd + 1;
  for (let line = 2; firstEnd >= 0 && start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const current = text.slice(start, end < 0 ? undefined : end);
    if (CLOSING.test(current)) {
      return { yaml: text.slice(firstEnd + 1, start - 1), body: end < 0 ? '' : text.slice(end + 1), closingLine: line };
    }
    if (end < 0) break;
    start = end + 1;
  }
  // A near miss ('----', ' ---', '--') is the likeliest reason: name its line.
  const lines = text.split('\n', 200);
  const near = lines.findIndex((l, i) => i > 0 && /^\s*-{2,}\s*$/.test(l));
  diags.error(file, 1, 1, 'front-matter-unterminated', 'the front matter that starts here is never closed',
    near > 0 ? `line ${near + 1} ${quote(lines[near])} is not a closing line: write exactly --- at the start of the line` : 'end it with a line --- before the text begins');
  return undefined;
}

/** The most characters a front matter may have (the seed's has 1,500). */
const MAX_FRONT_MATTER = 64 * 1024;

/** The YAML as a mapping, or undefined after reporting why it is not one. */
function parseYaml(file: string, yaml: string, keys: Map<string, KeyAt>, diags: Diagnostics): Record<string, unknown> | undefined {
  // A front matter is a few lines. A huge one, or one whose anchors are repeated by aliases (a
  // 1 MB anchor aliased 600 times ran out of memory), is refused before YAML reads it.
  const aliases = yaml.match(/(?:^|[\s,[{:-])\*[^\s,\]}]+/g)?.length ?? 0;
  if (yaml.length > MAX_FRONT_MATTER || (aliases > 0 && yaml.length * aliases > MAX_FRONT_MATTER * 4)) {
    diags.error(file, 2, 1, 'front-matter-too-large', `the front matter is ${Math.ceil(yaml.length / 1024)} KB${aliases ? ` with ${aliases} YAML aliases` : ''}: samizdat takes at most ${MAX_FRONT_MATTER / 1024} KB, aliases included`,
      'keep long texts in the manuscript, and write each value out instead of repeating it with *aliases');
    return undefined;
  }
  let data: unknown;
  try {
    // Our own split, handed to gray-matter whole. An options object turns its module-level cache
    // off (see DEPENDENCIES.md). Control characters are reported by the reader; js-yaml rejects them.
    data = matter(`---\n${stripForbidden(yaml)}\n---\n`, {}).data;
  } catch (e) {
    // js-yaml reads nested lists and mappings by recursion: thousands of levels overflow the stack.
    if (e instanceof RangeError) {
      const deepest = yaml.split('\n').reduce((best, l, i, all) => (nesting(l) > nesting(all[best]) ? i : best), 0);
      diags.error(file, deepest + 2, 1, 'front-matter-yaml', 'the front matter is not valid YAML: its lists or mappings are nested too deeply to read', 'a front matter is keys with values, or lists of values, one or two levels deep');
      return undefined;
    }
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? String((e as Error).message).split('\n')[0];
    // gray-matter hands js-yaml the text after the opening `---`, newline included: mark line 0 is
    // the rest of file line 1, so mark line k (from 0) is file line k + 1.
    const at = { line: Math.max(1, (mark?.line ?? 0) + 1), column: Math.max(1, (mark?.column ?? 0) + 1) };
    const said = explainYamlError(reason, at, yaml.split('\n'), keys);
    diags.error(file, said.line, said.column, 'front-matter-yaml', said.message, said.hint);
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    diags.error(file, 2, 1, 'front-matter-shape', 'the front matter must be lines of `key: value`, not a single value or a list',
      'write e.g. title: The Legacies and Heirs of JV Stalin');
    return undefined;
  }
  return data as Record<string, unknown>;
}

/** How deeply a line of YAML nests lists and mappings: its indentation and the most brackets open in it. */
function nesting(line: string): number {
  let open = 0;
  let most = 0;
  for (const c of line) {
    if (c === '[' || c === '{') most = Math.max(most, ++open);
    else if (c === ']' || c === '}') open--;
  }
  return line.length - line.trimStart().length + most;
}

/**
 * js-yaml's reason in words an author knows, at the place the mistake is: an unclosed quote is
 * reported at the end of the front matter, where js-yaml noticed it, so point at the quote instead.
 */
function explainYamlError(reason: string, at: { line: number; column: number }, lines: string[], keys: Map<string, KeyAt>) {
  const generic = { ...at, message: `the front matter is not valid YAML: ${reason}`, hint: 'check quotes, colons and indentation' };
  const quoteChar = /within a (double|single) quoted scalar/.exec(reason)?.[1];
  if (quoteChar) {
    const q = quoteChar === 'double' ? '"' : "'";
    const unclosed = q === '"' ? /^"(?:[^"\\]|\\.)*$/ : /^'(?:[^']|'')*$/;
    for (const k of keys.values()) {
      if (k.raw.startsWith(q) && unclosed.test(lines[k.line - 2].slice(k.valueColumn - 1).trimEnd())) {
        return { line: k.line, column: k.valueColumn, message: 'the front matter is not valid YAML: this quote is never closed', hint: `end the value with ${q}` };
      }
    }
    return generic;
  }
  const text = lines[at.line - 2] ?? '';
  if (reason === 'duplicated mapping key') {
    const key = /^['"]?([^'":]+)/.exec(text)?.[1]?.trim();
    return { ...at, message: `the front matter has the key ${quote(key ?? text)} twice`, hint: 'keep one of the two lines' };
  }
  const colon = /^([A-Za-z_][\w-]*):[ \t]+([^'"\s].*:.*?)\s*$/.exec(text);
  if (colon) return { ...at, hint: `a value that holds a colon must be quoted: ${colon[1]}: '${colon[2].replace(/'/g, "''")}'` , message: generic.message };
  return generic;
}

/** Top-level keys of block-style YAML, found on lines that start with `key:`; file line = YAML line + 2. */
function locateKeys(yaml: string): Map<string, KeyAt> {
  const keys = new Map<string, KeyAt>();
  // A plain key runs to the first colon (trimmed below): `[^:]*?[ \t]*:` would be quadratic in a line of blanks.
  const KEY = /^(?:"([^"\\]*)"[ \t]*|'([^']*)'[ \t]*|([^\s#'"?{}[\],&*!|>%@`-][^:]*|-[^\s:][^:]*)):(?=[ \t]|$)/;
  yaml.split('\n').forEach((text, i) => {
    const m = KEY.exec(text);
    if (!m) return;
    const key = m[1] ?? m[2] ?? m[3].trimEnd();
    if (keys.has(key)) return;
    const rest = text.slice(m[0].length);
    const lead = rest.length - rest.trimStart().length;
    const raw = rest.trim().replace(/(^|[ \t])#.*$/, '').trim();
    keys.set(key, { line: i + 2, column: 1, valueColumn: m[0].length + lead + 1, raw });
  });
  return keys;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

type Checked = { value: string | string[] } | { problem: string; hint?: string };

/**
 * A value checked against its field's type. A bare number, boolean or timestamp in a text field is
 * taken as written (`title: 1.10` stays '1.10', which YAML would make 1.1).
 */
export function checkValue(spec: FieldSpec, value: unknown, raw: string): Checked {
  const scalar = (v: unknown, asWritten: string): string | undefined => {
    if (typeof v === 'string') return stripForbidden(v).trim().replace(/(?<![ \t])[ \t]+\n/g, '\n') || undefined;
    if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) {
      if (/^[^'"[{|>&*!]/.test(asWritten)) return asWritten;
      return v instanceof Date ? (Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10)) : String(v);
    }
    return undefined;
  };
  switch (spec.type) {
    case 'text': {
      const s = scalar(value, raw);
      return s !== undefined ? { value: s } : { problem: `must be text, not ${describe(value)}` };
    }
    case 'names': {
      const list = Array.isArray(value) ? value : [value];
      const names = list.map((v) => scalar(v, Array.isArray(value) ? '' : raw));
      const bad = list.find((_, i) => names[i] === undefined);
      if (names.some((s) => s === undefined)) {
        return { problem: `must be a name or a list of names, not ${Array.isArray(value) ? `a list that holds ${describe(bad)}` : describe(value)}`, hint: `write ${spec.key}: A Name, or one '- A Name' line for each` };
      }
      return { value: names as string[] };
    }
    case 'date': {
      const checked = checkDate(value, raw, spec.edition);
      // 'Spring 1917', 'winter of 1847': words a date cannot hold belong in the date's note, printed with it.
      const note = `${spec.key}_note`;
      const years = typeof value === 'string' ? value.match(/(?<!\d)\d{3,4}(?!\d)/g) : undefined;
      const year = years && (years.length === 2 ? `${years[0]}–${years[1]}` : years[0]);
      const words = typeof value === 'string' && /\p{L}{2,}/u.test(value.replace(/\b(?:circa|about|ca|BCE?|AD|CE)\b|B\.\s?C\.(?:\s?E\.)?|A\.D\.|C\.E\./gi, ''));
      if ('problem' in checked && year && words && FIELDS.some((f) => f.key === note)) {
        return { ...checked, hint: `write the date alone, '${year}', and the words in '${note}' ('${note}: ${String(value).trim()}'), printed with it` };
      }
      return checked;
    }
    case 'isbn':
      return checkIsbn(value, raw);
    case 'list': {
      const choices = spec.choices ?? [];
      const list = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v));
      const bad = list.find((v) => typeof v !== 'string' || !choices.includes(v));
      if (bad === undefined) return { value: [...new Set(list as string[])] };
      const near = typeof bad === 'string' ? choices.find((c) => c.startsWith(bad.replace(/s$/, '')) || bad.startsWith(c.replace(/s$/, ''))) : undefined;
      return {
        problem: `must be ${choices.map((c) => `'${c}'`).join(' or ')}, or a list of them, not ${describe(bad)}`,
        hint: near ? `write '${near}'` : `write ${spec.key}: [${choices.join(', ')}], or one of them`,
      };
    }
    case 'language': {
      const s = typeof value === 'string' ? value.trim() : undefined;
      if (s !== undefined && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(s)) return { value: s };
      const fixed = s?.replace(/_/g, '-');
      return {
        problem: `must be a BCP 47 language tag like 'en-GB', not ${describe(value)}`,
        hint: fixed && fixed !== s && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(fixed) ? `write '${fixed}', with a hyphen` : spec.doc,
      };
    }
  }
}

/** 'c. ', 'ca. ', 'circa ', 'about ' before a date not known exactly. */
const CIRCA = /^(?:(?:c|ca|circa)\.\s*|(?:c|ca|circa|about)\s+)/i;
const DATE_HINT = "write '1953-04-14', '1953-04' or '1953', in quotes";
const ERA_HINT = "write '399 BC' (or ISO 8601's '-0398', which counts a year 0: 1 BC is 0000), and 'c. 399 BC' for a date not known exactly";

/**
 * A year, year-month or calendar date that exists (the proleptic Gregorian calendar), as ISO 8601 writes it:
 * 'YYYY[-MM[-DD]]', or with a minus for a year before the common era, numbered as ISO 8601 and astronomers do,
 * with a year 0: '-0398' is 399 BC. '399 BC' (or 'BCE', 'B.C.') and 'AD 30' are taken too, kept in ISO's
 * form ('-0398', '0030'); 'c. 399 BC' ('c.', 'ca.', 'circa', 'about', or EDTF's '1847~') marks a date not known exactly, kept
 * with EDTF's '~' after it. A date of this edition (`edition`) is a real day: neither before the era nor circa.
 * YAML's own timestamps are checked as written.
 */
function checkDate(value: unknown, raw: string, edition = false): Checked {
  let s: string | undefined;
  if (value instanceof Date) {
    // js-yaml makes 1953-02-30 into 2 March: take the date as written and check it ourselves.
    s = raw.match(/^(\d{4})-(\d\d?)-(\d\d?)/)?.slice(1).map((p) => p.padStart(2, '0')).join('-');
    if (!s) s = Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
    // It rolls 25:00 over to the next day too; the time is not kept, but one that cannot be is a typo.
    const time = raw.match(/^[\d-]+(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)/);
    if (time && (Number(time[1]) > 23 || Number(time[2]) > 59 || Number(time[3]) > 60)) return { problem: `is not a time that exists: ${quote(raw.trim())}`, hint: DATE_HINT };
  } else if (typeof value === 'number' && Number.isInteger(value)) s = /^[-+]?\d+$/.test(raw.trim()) ? raw.trim() : String(value);
  else if (typeof value === 'string') s = value.trim();
  if (!s) return { problem: `must be a date like '1953-04-14', '1953-04' or '1953', not ${describe(value)}`, hint: DATE_HINT };
  const written = s;
  // A span of time: ISO 8601's interval '1847-12/1848-01', or two dates with a dash between ('1845–1846').
  const span = s.match(/^(.+?)\s*(?:\/|[–—]|\s-\s)\s*(.+)$/) ?? s.match(/^(-?\d{4})-(\d{4})$/);
  if (span && !edition) {
    const circaAll = CIRCA.test(span[1]);
    let [start, end] = [span[1], span[2]];
    // An era written once is both years', as histories print a span: '400–380 BC', 'AD 170–180'.
    const bare = (x: string) => /^\d{1,4}$/.test(x.replace(CIRCA, ''));
    const after = end.match(/\s*(BCE?|B\.\s?C\.(?:\s?E\.)?|AD|A\.D\.|CE|C\.E\.)$/i);
    if (after && bare(start) && bare(end.slice(0, after.index))) start = `${start} ${after[1]}`;
    else if (bare(end) && /^(?:AD|A\.D\.)\s*\d/i.test(start.replace(CIRCA, ''))) end = `AD ${end}`;
    // ISO 8601's interval may leave out of its end what it shares with its start: '1817-12-21/27' is
    // 21 to 27 December, '1817-12-21/01-03' would end before it began.
    const parts = start.replace(CIRCA, '').match(/^\d{4}(-\d{2}){1,2}$/) ? start.replace(CIRCA, '').split('-') : undefined;
    if (parts && /^\d{2}(-\d{2})?$/.test(end) && end.split('-').length < parts.length) end = [...parts.slice(0, parts.length - end.split('-').length), ...end.split('-')].join('-');
    const [from, to] = [checkDate(start, start), checkDate(circaAll ? `c. ${end}` : end, end)];
    if ('problem' in from) return from;
    if ('problem' in to) return to;
    const [fromIso, toIso] = [String(from.value), String(to.value)];
    const [a, b] = [fromIso.replace(/~$/, ''), toIso.replace(/~$/, '')];
    if (dateOrder(a) >= dateOrder(b)) return { problem: `is a span that ends before it begins, or where it begins: ${quote(written)}`, hint: "write the earlier date first, '1847-12/1848-01'" };
    return { value: `${a}/${b}${fromIso.endsWith('~') || toIso.endsWith('~') ? '~' : ''}` };
  }
  const circa = s.match(/^(?:(?:c|ca|circa)\.\s*|(?:c|ca|circa|about)\s+)(.+)$/i) ?? s.match(/^(.+?)\s*~$/);
  if (circa) s = circa[1];
  const era = s.match(/^(\d{1,4})\s*(BCE?|B\.\s?C\.(?:\s?E\.)?)$/i) ?? s.match(/^(?:AD|A\.D\.)\s*(\d{1,4})$|^(\d{1,4})\s*(?:AD|A\.D\.|CE|C\.E\.)$/i);
  let iso = s;
  if (era) {
    const bc = /^\d/.test(era[0]) && /B/i.test(era[0]);
    const n = Number(era[1] ?? era[2]);
    if (n === 0) return { problem: `has a year 0: ${quote(written)}`, hint: 'counted with BC and AD, 1 BC is followed by AD 1; ISO 8601 writes 1 BC as 0000' };
    iso = bc ? (n === 1 ? '0000' : `-${String(n - 1).padStart(4, '0')}`) : String(n).padStart(4, '0');
  } else if (/^-\d{1,3}(?:-|$)/.test(s)) {
    // '-399' is ambiguous: ISO 8601 wants four digits, and counts a year 0, so 399 BC is -0398, not -0399.
    const n = Number(s.match(/^-(\d+)/)![1]);
    return { problem: `is not an ISO 8601 year: ${quote(written)}`, hint: `ISO 8601 writes a year before the common era with four digits and counts a year 0 (1 BC): write '${n} BC' or '-${String(n - 1).padStart(4, '0')}' for ${n} BC` };
  }
  const m = iso.match(/^(-?)(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$/);
  // '399 B.C', '-399-', 'c. 14 April': a date before the era, or a circa, written some other way.
  // A year of the era before 1000 ('170'): ISO 8601 wants four digits, and says so.
  const early = /^\d{1,3}$/.test(s) ? Number(s) : undefined;
  const hint = early ? `write 'AD ${early}' (or ISO 8601's '${String(early).padStart(4, '0')}', a year in four digits)` : circa || /^-|B\.?\s?C/i.test(written) ? ERA_HINT : DATE_HINT;
  if (!m) return { problem: `must be a date like '1953-04-14', '1953-04' or '1953', not ${describe(value)}`, hint };
  const [year, month, day] = [Number(m[1] + m[2]) || 0, m[3] ? Number(m[3]) : 1, m[4] ? Number(m[4]) : 1];
  const real = new Date(Date.UTC(2000, month - 1, day));
  real.setUTCFullYear(year);
  if (month < 1 || month > 12 || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) {
    return { problem: `is not a date that exists: ${quote(written)}`, hint: DATE_HINT };
  }
  if (year === 0 && m[1]) iso = iso.slice(1); // '-0000' is 0000
  if (edition && (year < 1 || circa)) {
    return { problem: `is this edition's date, a day the editions carry: not ${quote(written)}`, hint: "write the day this edition was made, '2026-12-04'; a date of the work goes under 'written' or 'date'" };
  }
  return { value: circa ? `${iso}~` : iso };
}

/** A checked ISO date as a number that sorts as the dates do (a year, a month, a day: '-0398' before '0001-05'). */
function dateOrder(iso: string): number {
  const [, sign, y, m, d] = iso.match(/^(-?)(\d+)(?:-(\d+))?(?:-(\d+))?$/) ?? [];
  return (Number(sign + y) * 13 + Number(m ?? 0)) * 32 + Number(d ?? 0);
}

/** An ISBN-10 or ISBN-13 with hyphens or spaces, its check digit verified; kept as digits only. */
function checkIsbn(value: unknown, raw: string): Checked {
  const s = typeof value === 'number' ? raw : typeof value === 'string' ? value : undefined;
  const digits = s?.replace(/^ISBN(-1[03])?:?\s*/i, '').replace(/[-\s]/g, '').toUpperCase();
  const hint = "write the 10 or 13 digits printed on the book, hyphens allowed, in quotes: '978-0-14-044757-6'";
  if (!digits || !/^(\d{9}[\dX]|\d{13})$/.test(digits)) return { problem: `must be an ISBN of 10 or 13 digits, not ${describe(value)}`, hint };
  const d = [...digits].map((c) => (c === 'X' ? 10 : Number(c)));
  const sum = digits.length === 10 ? d.reduce((a, x, i) => a + x * (10 - i), 0) % 11 : d.reduce((a, x, i) => a + x * (i % 2 ? 3 : 1), 0) % 10;
  if (sum !== 0) return { problem: `${quote(s!)} has a wrong check digit: it is not a real ISBN`, hint: 'copy it again from the book or the ISBN agency' };
  return { value: digits };
}

/** The same title and authors always give the same identifier, so rebuilds keep a reader's place. */
export function derivedIdentifier(title: string, authors: string[]): string {
  const h = createHash('sha256').update(`${title}\n${authors.join('\n')}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a timestamp';
  if (typeof v === 'object' && v !== null) return 'a mapping';
  return typeof v === 'string' ? quote(v) : `the ${typeof v} ${String(v)}`;
}
