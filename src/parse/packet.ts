import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Diagnostics } from '../diagnostics.js';
import { namesIn, plainText, walkBook, type Block, type ParsedBook, type Inline, type Meta, type Note, type Prose, type Span, type Text, type SourceFile } from '../model/index.js';
import { resolveImages } from '../load/assets.js';
import { checkValue, derivedIdentifier, loadCover, marked } from '../load/frontmatter.js';
import { readManuscript } from '../load/read.js';
import { parseYamlFile, secondDocument } from '../load/yamlfile.js';
import type { FieldSpec } from '../load/schema.js';
import { closest } from '../load/suggest.js';
import { slugify } from '../slug.js';
import { wordsFor } from '../words.js';
import { setDirections } from './direction.js';
import { parseManuscript } from './manuscript.js';
import { parseBody, proseParser } from './parse.js';

/**
 * The keys of a packet file, as data (the README's table is written from it). A packet file is YAML
 * with the packet's own front matter and the list of its texts: `texts:` (paths), or `parts:` (each
 * a `title:` and its `texts:`).
 */
export const PACKET_FIELDS: readonly FieldSpec[] = [
  { key: 'title', type: 'text', required: true, doc: 'Title of the packet or book.' },
  { key: 'subtitle', type: 'text', doc: 'Subtitle, printed under the title.' },
  { key: 'editor', type: 'names', doc: 'Editor or compiler, or a list of them: printed on the title page, the author of the introduction.' },
  { key: 'language', type: 'language', required: true, doc: 'BCP 47 language tag of the packet (its texts give their own).' },
  { key: 'date', type: 'date', edition: true, doc: 'Date of the packet: `2026`, `2026-09` or `2026-09-14` (quote it).' },
  { key: 'rights', type: 'text', doc: 'Copyright and licence statement of the packet as a whole.' },
  { key: 'publisher', type: 'text', doc: 'Publisher of this edition (a school, a course).' },
  { key: 'identifier', type: 'text', doc: 'Stable identifier (URN, URL or UUID). Derived from title, editors and authors if absent.' },
  { key: 'description', type: 'text', doc: 'A sentence or two about the packet, for e-reader libraries.' },
  { key: 'subjects', type: 'names', doc: 'Subject headings, one or a list.' },
  { key: 'cover', type: 'text', doc: 'Cover image, PNG, JPEG or SVG, relative to the packet file: `cover.jpg`. Without it samizdat sets one from the title and editors.' },
  { key: 'introduction', type: 'text', doc: 'The editor’s introduction: a Markdown file (front matter optional), relative to the packet file.' },
  { key: 'texts', type: 'names', doc: 'The manuscripts, in order: paths relative to the packet file, inside its folder. Or `parts:`.' },
  { key: 'parts', type: 'names', doc: 'Texts grouped under part titles: a list of `title:` and `texts:` (instead of `texts:`).' },
];

/** A packet file is named like this; anything else is a manuscript. */
export function isPacketFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

interface Entry {
  path: string;
  at: Span;
  part?: string;
}

/**
 * Reads a packet file and its texts into one Book (see src/model/book.ts): the texts' blocks and
 * notes concatenated, note ids numbered per text (`note-2.1`), the packet's meta as the book's.
 * Returns undefined when the packet or a text could not be read; every problem is a diagnostic at
 * its place in the packet file or the text.
 */
export function loadPacket(file: string, diags: Diagnostics): ParsedBook | undefined {
  const sources: SourceFile[] = [];
  const source = readManuscript(file, diags, sources);
  if (source === undefined) return undefined;
  const { doc, lines } = parseYamlFile(source, { uniqueKeys: true });
  const at = (node: Node | null | undefined): Span => {
    const p = lines.linePos(node?.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  };
  const error = (span: Span, rule: string, message: string, hint?: string) => diags.error(file, span.line, span.column, rule, message, hint);
  for (const e of doc.errors) {
    const p = lines.linePos(e.pos[0]);
    if (e.code === 'MULTIPLE_DOCS') {
      const { message, hint } = secondDocument('a packet file', 'keys');
      error({ line: p.line, column: p.col }, 'packet-yaml', message, hint);
    }
    else error({ line: p.line, column: p.col }, 'packet-yaml', `the packet file is not valid YAML: ${e.message.split('\n')[0]}`, 'check quotes, colons and indentation');
  }
  if (doc.errors.length) return undefined;
  const root = doc.contents;
  if (!isMap(root)) {
    error(at(root as Node), 'packet-shape', 'the packet file must be lines of `key: value`', 'write title:, language: and texts: (a list of manuscripts)');
    return undefined;
  }
  const known = PACKET_FIELDS.map((f) => f.key);
  const nodes = new Map<string, { key: Node; value: Node | null }>();
  for (const pair of root.items as Pair<Node, Node | null>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!known.includes(key)) {
      const near = key === 'author' || key === 'authors' ? 'editor' : closest(key, known);
      error(at(pair.key), 'packet-unknown-key', `unknown packet key '${key}'`, near ? `did you mean '${near}'?` : `the keys are: ${known.join(', ')}`);
      continue;
    }
    nodes.set(key, { key: pair.key, value: pair.value });
  }

  // The packet's own front matter, checked as a manuscript's is.
  const out: Record<string, string | string[]> = {};
  for (const spec of PACKET_FIELDS) {
    if (spec.key === 'texts' || spec.key === 'parts') continue;
    const n = nodes.get(spec.key);
    const value = n?.value ? n.value.toJSON() : undefined;
    if (value === undefined || value === null || value === '') {
      if (spec.required) error(n ? at(n.key) : { line: 1, column: 1 }, 'packet-required', n ? `'${spec.key}' is empty` : `the packet has no '${spec.key}'`, `add a line '${spec.key}: …': ${spec.doc}`);
      continue;
    }
    const raw = n?.value?.range ? source.slice(n.value.range[0], n.value.range[1]) : '';
    const checked = checkValue(spec, value, raw);
    if ('problem' in checked) error(at(n!.value), 'packet-type', `'${spec.key}' ${checked.problem}`, checked.hint ?? spec.doc);
    else out[spec.key] = checked.value;
  }

  // The texts, in order, each a path inside the packet's folder.
  const entries: Entry[] = [];
  const list = (node: Node | null, key: Node, part?: string) => {
    if (!isSeq(node) || node.items.length === 0) {
      error(at(node ?? key), 'packet-type', "'texts' must be a list of manuscripts", 'write one line - path/to/text.md for each text');
      return;
    }
    for (const item of node.items as Node[]) {
      if (!isScalar(item) || typeof item.value !== 'string' || !item.value.trim()) error(at(item), 'packet-type', 'a text must be the path of a manuscript', 'write - path/to/text.md');
      else entries.push({ path: item.value.trim(), at: at(item), ...(part !== undefined ? { part } : {}) });
    }
  };
  const texts = nodes.get('texts');
  const parts = nodes.get('parts');
  if (texts && parts) error(at(parts.key), 'packet-shape', "a packet has either 'texts' or 'parts', not both", "list the texts under each part's texts:");
  else if (texts) list(texts.value, texts.key);
  else if (parts) {
    if (!isSeq(parts.value) || parts.value.items.length === 0) error(at(parts.value ?? parts.key), 'packet-type', "'parts' must be a list of parts", "write - title: Week 1, then texts: under it");
    else {
      for (const p of parts.value.items as Node[]) {
        if (!isMap(p)) {
          error(at(p), 'packet-type', 'a part must have a title and texts', "write - title: Week 1, then texts: under it");
          continue;
        }
        let title: string | undefined;
        let partTexts: { key: Node; value: Node | null } | undefined;
        for (const pair of p.items as Pair<Node, Node | null>[]) {
          const key = isScalar(pair.key) ? String(pair.key.value) : '';
          if (key === 'title' && isScalar(pair.value) && String(pair.value.value ?? '').trim()) title = String(pair.value.value).trim();
          else if (key === 'title') error(at(pair.value ?? pair.key), 'packet-type', "a part's title must be text", 'write title: Week 1');
          else if (key === 'texts') partTexts = { key: pair.key, value: pair.value };
          else error(at(pair.key), 'packet-unknown-key', `unknown part key '${key}'`, 'a part has title: and texts:');
        }
        if (title === undefined) error(at(p), 'packet-required', 'this part has no title', 'add title: …');
        if (!partTexts) error(at(p), 'packet-required', 'this part has no texts', 'add texts: and a list of manuscripts');
        else list(partTexts.value, partTexts.key, title ?? '');
      }
    }
  } else error({ line: 1, column: 1 }, 'packet-required', "the packet has no 'texts'", "add texts: and a list of manuscripts, one '- path.md' line each");

  const folder = realpathSync(dirname(resolve(file)));
  const seen = new Map<string, Span>();
  const checkPath = (path: string, span: Span, what: string): string | undefined => {
    const shown = join(dirname(file), path);
    if (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
      error(span, 'packet-path', `the ${what} ${path} must be a path relative to the packet file`, 'put it in the packet’s folder and give its path from there');
      return undefined;
    }
    let real: string;
    try {
      real = realpathSync(resolve(folder, path));
    } catch {
      error(span, 'packet-path', `there is no ${what} ${shown}`, 'check the path: it is relative to the packet file');
      return undefined;
    }
    const rel = relative(folder, real);
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      error(span, 'packet-path', `the ${what} ${path} lies outside the packet’s folder`, 'copy it into the packet’s folder');
      return undefined;
    }
    if (!statSync(real).isFile()) {
      error(span, 'packet-path', `the ${what} ${shown} is not a file`, 'give the path of a Markdown file');
      return undefined;
    }
    // Read as a manuscript, a packet file would fail at its line 1 for want of front matter: say what it is here.
    if (isPacketFile(real)) {
      const itself = real === realpathSync(resolve(file));
      error(span, 'packet-path', itself ? `the packet file lists itself as a ${what}` : `the ${what} ${path} is a packet file, not a manuscript`, itself ? 'list the Markdown manuscripts it is made of' : `a packet cannot hold a packet: list the manuscripts of ${path} here instead`);
      return undefined;
    }
    const twice = seen.get(real);
    if (twice) {
      error(span, 'packet-duplicate', `the ${what} ${path} is already listed at line ${twice.line}`, 'list each text once');
      return undefined;
    }
    seen.set(real, span);
    return shown;
  };
  // The cover is checked as a manuscript's is, inside the packet's folder as its texts are.
  const cover = typeof out.cover === 'string' ? loadCover(out.cover, file, folder, at(nodes.get('cover')!.value), diags) : undefined;
  const introPath = out.introduction ? checkPath(out.introduction as string, at(nodes.get('introduction')!.value), 'introduction') : undefined;
  const paths = entries.map((e) => checkPath(e.path, e.at, 'text'));
  if (diags.hasErrors) return undefined;

  const one = (k: string) => out[k] as string | undefined;
  // Prose values are inline Markdown, as a manuscript's front matter's are; problems at the value.
  const parseProse = proseParser(file, diags);
  const prose = (k: string): Prose | undefined => (one(k) === undefined ? undefined : parseProse(one(k)!, at(nodes.get(k)!.value)));
  const editors = (out.editor as string[] | undefined) ?? [];
  const language = one('language')!;

  // Each text as a manuscript of its own; the introduction's front matter is optional.
  const loaded: { book: ParsedBook; part?: string; introduction?: boolean }[] = [];
  if (introPath) {
    const intro = loadIntroduction(introPath, editors, language, diags);
    if (intro) loaded.push({ book: intro, introduction: true });
  }
  entries.forEach((e, i) => {
    const b = parseManuscript(paths[i]!, diags);
    if (b) loaded.push({ book: b, ...(e.part !== undefined ? { part: e.part } : {}) });
  });
  // Endnotes gather a book's notes after its text: a packet's texts, each with its own byline and
  // folios running on, keep theirs at the foot of their pages (refused, not half-done).
  for (const { book: b } of loaded) {
    if (b.meta.endnotes) diags.error(b.file, b.meta.endnotes.line, b.meta.endnotes.column, 'endnotes-in-packet', 'endnotes are not supported in a packet: its texts keep their notes at the foot of their pages', 'take `endnotes` out of this text’s `footnotes` (by-chapter may stay), or build the text on its own');
  }
  if (diags.hasErrors) return undefined;

  const metas = loaded.filter((l) => !l.introduction).map((l) => l.book.meta);
  const authors = [...new Set(metas.flatMap((m) => m.authors))];
  const oneAuthor = new Set(metas.map((m) => JSON.stringify(m.authors))).size === 1;
  // Plato translated by Jowett in three files: the title page says so once, as a manuscript's would.
  const translators = oneAuthor && new Set(metas.map((m) => JSON.stringify(namesIn(m, 'translator')))).size === 1 ? namesIn(metas[0], 'translator') : [];
  // A title or subtitle in Markdown ('*Walden* and Other Woods'), as a manuscript's.
  const title = marked(prose('title')!);
  const subtitle = one('subtitle') === undefined ? undefined : marked(prose('subtitle')!);
  const meta: Meta = {
    title: title ? plainText(title) : one('title')!,
    subtitle: subtitle ? plainText(subtitle) : one('subtitle'),
    ...(title ? { titleInlines: title } : {}),
    ...(subtitle ? { subtitleInlines: subtitle } : {}),
    authors,
    language,
    // The editors are the packet's contributors, as a manuscript's are: credited on its title page and
    // cover, dc:contributor (edt) in the OPF.
    contributors: [...translators.map((name) => ({ name, role: 'translator' as const })), ...editors.map((name) => ({ name, role: 'editor' as const }))],
    // A packet's date is when this selection was made: this edition's, not a first publication.
    dates: one('date') ? { modified: { iso: one('date') } } : {},
    rights: prose('rights'),
    identifier: one('identifier') ?? derivedIdentifier(one('title')!, [...editors, ...authors]),
    description: prose('description'),
    subjects: (out.subjects as string[] | undefined) ?? [],
    publisher: prose('publisher'),
    cover: one('cover'),
  };
  for (const k of Object.keys(meta) as (keyof Meta)[]) if (meta[k] === undefined) delete meta[k];

  const book: ParsedBook = {
    file,
    slug: slugify(basename(file, extname(file))) || slugify(meta.title) || 'packet',
    meta,
    ...(cover ? { cover } : {}),
    blocks: [],
    notes: [],
    texts: [],
    sources,
    packet: { oneAuthor, translators },
  };
  let lastPart: string | undefined;
  loaded.forEach((l, k) => {
    renumberNotes(l.book.blocks, l.book.notes, k + 1);
    const text: Text = {
      file: l.book.file,
      meta: l.book.meta,
      from: book.blocks.length,
      to: book.blocks.length + l.book.blocks.length,
      notesFrom: book.notes.length,
      notesTo: book.notes.length + l.book.notes.length,
      id: `samizdat_text-${k + 1}`,
      toc: [],
    };
    if (l.part !== undefined && l.part !== lastPart) text.part = { title: l.part, id: `samizdat_part-${k + 1}` };
    if (l.introduction) text.introduction = true;
    lastPart = l.part;
    book.blocks.push(...l.book.blocks);
    book.notes.push(...l.book.notes);
    book.texts.push(text);
    book.sources.push(...l.book.sources);
  });
  return book;
}

/**
 * The introduction: a manuscript when it has front matter, else a Markdown body titled 'Introduction', by the
 * editors. Its front matter may be as short as a title: the author, language and title it leaves out are the
 * editors, the packet's language and 'Introduction', as without one.
 */
function loadIntroduction(path: string, editors: string[], language: string, diags: Diagnostics): ParsedBook | undefined {
  const sources: SourceFile[] = [];
  const text = readManuscript(path, diags, sources);
  if (text === undefined) return undefined;
  if (/^---[ \t]*\n/.test(text)) return parseManuscript(path, diags, { title: wordsFor(language).introduction, author: editors, language });
  const { blocks, notes } = parseBody(path, text, 0, diags);
  resolveImages(path, blocks, notes, diags);
  setDirections(blocks, notes, language);
  const meta: Meta = { title: wordsFor(language).introduction, authors: editors, language, contributors: [], dates: {}, subjects: [], identifier: '' };
  return { file: path, slug: '', meta, blocks, notes, texts: [], sources };
}

/**
 * Note ids numbered per text, so that two texts' first notes do not share an id: `note-2.1` and
 * `nref-2.1` for text 2 ('.' is never in a heading's slug). The printed numbers stay the text's own.
 */
function renumberNotes(blocks: Block[], notes: Note[], k: number): void {
  const rename = (id: string) => id.replace(/^(note|nref)-/, `$1-${k}.`);
  const inInlines = (inlines: Inline[]) => {
    for (const n of inlines) {
      if (n.kind === 'noteRef') {
        n.noteId = rename(n.noteId);
        n.id = rename(n.id);
      } else if ('children' in n) inInlines(n.children);
    }
  };
  for (const b of walkBook({ blocks, notes })) {
    if (b.kind === 'heading' || b.kind === 'paragraph') inInlines(b.children);
    else if (b.kind === 'figure') inInlines(b.caption);
  }
  for (const n of notes) {
    n.id = rename(n.id);
    n.refIds = n.refIds.map(rename);
  }
}
