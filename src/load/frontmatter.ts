import matter from 'gray-matter';
import { createHash } from 'node:crypto';
import type { Diagnostics } from '../diagnostics.js';
import type { Meta } from '../model/index.js';
import { FIELDS, type FieldSpec } from './schema.js';
import { closest } from './suggest.js';

export interface FrontMatterResult {
  meta: Meta;
  /** The Markdown after the front matter. */
  body: string;
  /** Number of lines before the body's first line: body line n is file line n + bodyLineOffset. */
  bodyLineOffset: number;
}

/**
 * Splits the front matter off a manuscript and validates it strictly against FIELDS.
 * Every problem becomes a diagnostic at its file position; returns undefined if any is an error.
 */
export function parseFrontMatter(file: string, text: string, diags: Diagnostics): FrontMatterResult | undefined {
  if (!/^---[ \t]*\n/.test(text)) {
    diags.error(file, 1, 1, 'front-matter-missing', 'the manuscript has no front matter',
      'start the file with a line ---, then title:, author: and language:, then a line ---');
    return undefined;
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An options object turns gray-matter's module-level cache off (see DEPENDENCIES.md).
    parsed = matter(text, {});
  } catch (e) {
    const mark = (e as { mark?: { line: number; column: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? String((e as Error).message).split('\n')[0];
    // mark.line counts from 0 inside the front matter, which starts on file line 2.
    diags.error(file, (mark?.line ?? 0) + 2, (mark?.column ?? 0) + 1, 'front-matter-yaml', `front matter is not valid YAML: ${reason}`,
      'check quotes, colons and indentation; quote values that contain a colon');
    return undefined;
  }
  const fmLines = parsed.matter.replace(/^\n/, '').split('\n');
  const closing = text.indexOf('\n---', 3);
  const bodyLineOffset = text.slice(0, text.indexOf('\n', closing + 1) + 1).split('\n').length - 1;
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diags.error(file, 2, 1, 'front-matter-shape', 'front matter must be a list of `key: value` lines');
    return undefined;
  }
  const where = (key: string) => {
    const i = fmLines.findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`'${key}':`) || l.startsWith(`"${key}":`));
    if (i < 0) return { line: 2, column: 1, valueColumn: 1 };
    const colon = fmLines[i].indexOf(':');
    const after = fmLines[i].slice(colon + 1);
    return { line: i + 2, column: 1, valueColumn: colon + 2 + (after.length - after.trimStart().length) };
  };
  const values = data as Record<string, unknown>;
  const out: Record<string, string | string[]> = {};
  const known = new Set(FIELDS.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (known.has(key)) continue;
    const at = where(key);
    const near = closest(key, [...known]);
    diags.error(file, at.line, at.column, 'front-matter-unknown-key', `unknown front matter key '${key}'`,
      near ? `did you mean '${near}'?` : `known keys: ${[...known].join(', ')}`);
  }
  for (const spec of FIELDS) {
    const value = values[spec.key];
    const at = where(spec.key);
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (spec.required) {
        const present = spec.key in values;
        diags.error(file, present ? at.line : 1, present ? at.valueColumn : 1, 'front-matter-required',
          present ? `'${spec.key}' is empty` : `front matter has no '${spec.key}'`, `add a line '${spec.key}: …' — ${spec.doc}`);
      }
      continue;
    }
    const checked = checkValue(spec, value);
    if (typeof checked === 'object' && 'problem' in checked) {
      diags.error(file, at.line, at.valueColumn, 'front-matter-type', `'${spec.key}' ${checked.problem}`, spec.doc);
    } else out[spec.key] = checked;
  }
  if (diags.hasErrors) return undefined;
  const one = (k: string) => out[k] as string | undefined;
  const many = (k: string) => (out[k] as string[] | undefined) ?? [];
  const meta: Meta = {
    title: one('title')!,
    subtitle: one('subtitle'),
    authors: many('author'),
    language: one('language')!,
    date: one('date'),
    source: one('source'),
    provenance: one('provenance'),
    translators: many('translator'),
    translatorsNote: one('translators_note'),
    originalTitle: one('original_title'),
    originalLanguage: one('original_language'),
    rights: one('rights'),
    identifier: one('identifier') ?? derivedIdentifier(one('title')!, many('author')),
    description: one('description'),
    subjects: many('subjects'),
    publisher: one('publisher'),
    names: one('names'),
  };
  for (const k of Object.keys(meta) as (keyof Meta)[]) if (meta[k] === undefined) delete meta[k];
  return { meta, body: parsed.content, bodyLineOffset };
}

/** The same title and authors always give the same identifier, so rebuilds keep a reader's place. */
function derivedIdentifier(title: string, authors: string[]): string {
  const h = createHash('sha256').update(`${title}\n${authors.join('\n')}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function checkValue(spec: FieldSpec, value: unknown): string | string[] | { problem: string } {
  const text = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v.trim().replace(/[ \t]+\n/g, '\n') || undefined;
    if (typeof v === 'number' && spec.type !== 'language') return String(v);
    return undefined;
  };
  switch (spec.type) {
    case 'text': {
      const s = text(value);
      return s ?? { problem: `must be text, not ${describe(value)}` };
    }
    case 'names': {
      const list = Array.isArray(value) ? value : [value];
      const out = list.map(text);
      if (out.some((s) => s === undefined)) return { problem: 'must be a name or a list of names' };
      return out as string[];
    }
    case 'date': {
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      const s = text(value);
      if (!s || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(s)) return { problem: `must be a date like '1953-04-14', '1953-04' or '1953', not ${describe(value)}` };
      return s;
    }
    case 'language': {
      const s = text(value);
      if (!s || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(s)) return { problem: `must be a BCP 47 language tag like 'en-GB', not ${describe(value)}` };
      return s;
    }
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object' && v !== null) return 'a mapping';
  return typeof v === 'string' ? `'${v}'` : `${typeof v} ${String(v)}`;
}
