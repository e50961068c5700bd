import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Diagnostics } from '../diagnostics.js';
import { MAX_TEXT_BYTES, readInputFile, sourceFile, stripControls, unreadable } from '../load/read.js';
import { closest } from '../load/suggest.js';
import { parseYamlFile, secondDocument } from '../load/yamlfile.js';
import type { Person, SourceFile, Span } from '../model/index.js';
import { normalizeForm } from './match.js';

/**
 * The names registry: a YAML file beside the manuscript (front matter `names:`), one entry per
 * person, keyed by an id made of letters, digits, `-` and `_`:
 *
 *   stalin:
 *     heading: Stalin, Joseph Vissarionovich   # as the index prints it (required)
 *     forms: [JV Stalin, Stalin]                # what to find in the text: one or a list
 *     sort: Stalin Joseph                       # optional; defaults to the heading
 *     dates: 1878–1953                          # optional; printed after the heading
 *     see_also: lenin                           # optional: ids or headings of other entries
 *   bonaparte:
 *     heading: Bonaparte, Napoleon
 *     see: napoleon                             # a cross-reference only: no forms, no page numbers
 *
 * Every problem is a diagnostic at its line and column in the YAML file.
 */
export interface FieldSpec {
  key: string;
  doc: string;
}

export const REGISTRY_FIELDS: readonly FieldSpec[] = [
  { key: 'heading', doc: "The entry as the index prints it: 'Stalin, Joseph Vissarionovich', 'Mao Tse-tung'. Required." },
  { key: 'forms', doc: "What the matcher finds in the text: 'Stalin', 'JV Stalin'. One or a list; none for a person only marked by hand." },
  { key: 'sort', doc: 'The key the entry sorts under, with the book’s language’s collation. Defaults to the heading.' },
  { key: 'dates', doc: "Life dates, printed after the heading: '1878–1953' (a hyphen between digits becomes an en dash, and the space after 'c.', 'fl.', 'b.' or 'd.' before a year a no-break space)." },
  { key: 'see', doc: 'Makes the entry a cross-reference: the ids or headings it sends the reader to. Takes no forms.' },
  { key: 'see_also', doc: 'Ids or headings of related entries, printed after the page numbers.' },
];

const KNOWN = REGISTRY_FIELDS.map((f) => f.key);
const ID = /^[A-Za-z0-9_-]+$/;

/** A loaded registry: the persons in file order, with where each form and field stands (for later messages). */
export interface Registry {
  persons: Person[];
  /** Position of each person's id in the registry file. */
  where: Map<string, Span>;
}

/** Parses and validates a registry's text. `file` is its path for messages. Returns what is valid. */
export function parseRegistry(file: string, text: string, diags: Diagnostics): Registry {
  const { doc, lines } = parseYamlFile(text);
  const at = (node: { range?: [number, number, number] | null } | null | undefined): Span => {
    const p = lines.linePos(node?.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  };
  const error = (span: Span, rule: string, message: string, hint?: string) => diags.error(file, span.line, span.column, rule, message, hint);
  // Control characters and terminal escapes (YAML's "\x1b[31m" makes them) would reach the index, and XML cannot carry them.
  const clean = (value: string, node: Node): string => {
    const c = stripControls(value);
    if (c.removed) {
      const p = at(node);
      diags.warn(file, p.line, p.column, 'names-control-character', `removed ${c.removed} control character${c.removed === 1 ? '' : 's'} or escape sequence${c.removed === 1 ? '' : 's'} from this value`,
        'write the value as plain text');
    }
    return c.text;
  };
  const registry: Registry = { persons: [], where: new Map() };
  for (const e of doc.errors) {
    const p = lines.linePos(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') error({ line: p.line, column: p.col }, 'names-duplicate-id', 'this id (or key) is already used above', 'give each entry its own id, each field once');
    else if (e.code === 'MULTIPLE_DOCS') {
      const { message, hint } = secondDocument('a names registry', 'entries');
      error({ line: p.line, column: p.col }, 'names-yaml', message, hint);
    }
    else error({ line: p.line, column: p.col }, 'names-yaml', `the names registry is not valid YAML: ${e.message.split('\n')[0]}`, 'check quotes, colons and indentation');
  }
  if (doc.errors.length > 0) return registry;
  const root = doc.contents;
  // Empty (a file begun and not filled, or every entry commented out): said, as the book then has no index.
  const empty = () => {
    diags.warn(file, 1, 1, 'names-empty', 'the names registry lists no one: the book has no index of names', "write e.g. 'stalin:' on a line and '  heading: Stalin, Joseph' under it, or take 'names:' out of the front matter");
    return registry;
  };
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return empty();
  if (!isMap(root)) {
    error(at(root), 'names-shape', 'the names registry must map ids to entries', "write e.g. 'stalin:' on a line, then '  heading: Stalin, Joseph' under it");
    return registry;
  }
  if (root.items.length === 0) return empty();

  // Pass 1: each entry on its own.
  const raw: { person: Person; seeNodes: Node[]; seeAlsoNodes: Node[]; formNodes: Node[] }[] = [];
  for (const pair of root.items as Pair<Node, Node>[]) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const idAt = at(pair.key);
    if (!ID.test(id)) {
      error(idAt, 'names-id', `'${id}' is not a valid id`, 'ids are letters, digits, - and _ (they become part of link anchors)');
      continue;
    }
    if (!isMap(pair.value)) {
      error(pair.value ? at(pair.value) : idAt, 'names-shape', `'${id}' must be an entry with at least a heading`, `write '  heading: …' on the line under '${id}:'`);
      continue;
    }
    const fields = new Map<string, Pair<Node, Node>>();
    for (const f of pair.value.items as Pair<Node, Node>[]) {
      const key = isScalar(f.key) ? String(f.key.value) : '';
      if (KNOWN.includes(key)) fields.set(key, f);
      else {
        const near = closest(key, KNOWN);
        error(at(f.key), 'names-unknown-key', `unknown key '${key}' in '${id}'`, near ? `did you mean '${near}'?` : `known keys: ${KNOWN.join(', ')}`);
      }
    }
    const one = (key: string, numbers = false): string | undefined => {
      const f = fields.get(key);
      if (!f) return undefined;
      const v = f.value;
      if (isScalar(v) && (typeof v.value === 'string' || (numbers && typeof v.value === 'number'))) {
        const s = clean(String(v.value), v).replace(/[ \t\r\n]+/g, ' ').trim(); // a no-break space ('c. 1265') stays one
        if (s) return s;
      }
      error(v ? at(v) : at(f.key), 'names-type', `'${key}' of '${id}' must be ${numbers ? 'text or a year' : 'text'}, not ${describe(v)}`,
        REGISTRY_FIELDS.find((s) => s.key === key)?.doc);
      return undefined;
    };
    const many = (key: string): { values: string[]; nodes: Node[] } => {
      const f = fields.get(key);
      if (!f) return { values: [], nodes: [] };
      const items: (Node | null)[] = isSeq(f.value) ? (f.value.items as Node[]) : [f.value];
      const values: string[] = [];
      const nodes: Node[] = [];
      for (const item of items) {
        const text = item && isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') ? clean(String(item.value), item) : '';
        if (text.trim()) {
          values.push(text.replace(/\s+/g, ' ').trim());
          nodes.push(item!);
        } else {
          error(item ? at(item) : at(f.key), 'names-type', `'${key}' of '${id}' must be text or a list of texts, not ${describe(item)}`,
            REGISTRY_FIELDS.find((s) => s.key === key)?.doc);
        }
      }
      return { values, nodes };
    };
    const heading = one('heading');
    if (!fields.has('heading')) error(idAt, 'names-heading', `'${id}' has no heading`, `add '  heading: …' — ${REGISTRY_FIELDS[0].doc}`);
    const forms = many('forms');
    const see = many('see');
    const seeAlso = many('see_also');
    const sort = one('sort');
    // A hyphen between figures is an en dash; 'c. 1559' (or ca., fl., b., d.) is never cut after its abbreviation: a no-break space.
    const dates = one('dates', true)?.replace(/(\d)\s*-\s*(\d)/g, '$1–$2').replace(/(^|[\s(–])(c|ca|fl|b|d)\.[ \t]+(?=\d)/g, '$1$2.\u00a0');
    if (see.values.length > 0 && forms.values.length > 0) {
      error(at(fields.get('forms')!.key), 'names-see-forms', `'${id}' is a cross-reference (see) and cannot have forms`,
        'give the forms to the entry it points to');
    }
    if (!heading) continue;
    const person: Person = { id, heading, sortKey: sort ?? heading, forms: forms.values.map(normalizeForm), see: see.values, seeAlso: seeAlso.values };
    if (dates) person.dates = dates;
    registry.where.set(id, idAt);
    raw.push({ person, seeNodes: see.nodes, seeAlsoNodes: seeAlso.nodes, formNodes: forms.nodes });
  }

  // Pass 2: what entries say about each other.
  const formOwner = new Map<string, { id: string; line: number }>();
  const byHeading = new Map<string, Person[]>();
  for (const { person } of raw) byHeading.set(person.heading, [...(byHeading.get(person.heading) ?? []), person]);
  const ids = new Set(raw.map((r) => r.person.id));
  for (const { person, formNodes } of raw) {
    person.forms.forEach((form, i) => {
      const where = at(formNodes[i]);
      const owner = formOwner.get(form);
      if (owner) {
        error(where, 'names-duplicate-form', owner.id === person.id ? `'${form}' is listed twice in '${person.id}'` : `the form '${form}' of '${person.id}' is already a form of '${owner.id}' (line ${owner.line})`,
          owner.id === person.id ? 'remove one' : 'a form can name only one person: mark the other uses with [text]{name=id}');
      } else formOwner.set(form, { id: person.id, line: where.line });
    });
    const twin = byHeading.get(person.heading)!.find((p) => p !== person && p.dates === person.dates);
    if (twin && raw.findIndex((r) => r.person === twin) < raw.findIndex((r) => r.person === person)) {
      error(registry.where.get(person.id)!, 'names-duplicate-heading', `'${person.id}' has the same heading and dates as '${twin.id}'`,
        'merge the two entries, or add dates to tell them apart');
    }
  }
  for (const { person, seeNodes, seeAlsoNodes } of raw) {
    const resolve = (refs: string[], nodes: Node[], key: string) =>
      refs.flatMap((ref, i) => {
        const target = ids.has(ref) ? raw.find((r) => r.person.id === ref)!.person : byHeading.get(ref)?.[0];
        if (!target || target === person) {
          const near = closest(ref, [...ids]) ?? [...byHeading.keys()].find((h) => h.toLowerCase().startsWith(ref.toLowerCase()));
          error(at(nodes[i]), 'names-see', target ? `'${person.id}' refers to itself in '${key}'` : `'${key}' of '${person.id}' names no entry: '${ref}'`,
            near && !target ? `did you mean '${near}'?` : 'write the id or the exact heading of another entry');
          return [];
        }
        return [target.heading];
      });
    person.see = resolve(person.see, seeNodes, 'see');
    person.seeAlso = resolve(person.seeAlso, seeAlsoNodes, 'see_also');
    person.forms.sort((a, b) => b.length - a.length); // the model keeps them longest first
    registry.persons.push(person);
  }
  reportSeeLoops(registry, file, diags);
  return registry;
}

/**
 * Cross-references (entries with `see` and no forms) that lead back to themselves (a see b, b see
 * a): a reader who follows them goes in circles and finds no pages. A warning at the entry's id.
 */
function reportSeeLoops(registry: Registry, file: string, diags: Diagnostics): void {
  const seeOnly = new Map(registry.persons.filter((p) => p.see.length > 0 && p.forms.length === 0).map((p) => [p.heading, p]));
  for (const p of seeOnly.values()) {
    const path = new Map<Person, Person | undefined>([[p, undefined]]);
    const stack = p.see.map((h) => [h, p] as const);
    while (stack.length) {
      const [heading, from] = stack.pop()!;
      const q = seeOnly.get(heading);
      if (!q) continue;
      if (q === p) {
        const chain: string[] = [];
        for (let r: Person | undefined = from; r && r !== p; r = path.get(r)) chain.unshift(r.id);
        const at = registry.where.get(p.id) ?? { line: 1, column: 1 };
        diags.warn(file, at.line, at.column, 'names-see-loop', `'${p.id}' refers the reader in a circle: ${[p.id, ...chain, p.id].join(' → ')}, and no entry on the way has pages`,
          'point one of them at the entry that holds the forms and pages');
        break;
      }
      if (path.has(q)) continue;
      path.set(q, from);
      for (const h of q.see) stack.push([h, q]);
    }
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (isSeq(v)) return 'a list';
  if (isMap(v)) return 'a mapping';
  if (isScalar(v)) return v.value === null ? 'nothing' : typeof v.value === 'string' ? `'${v.value}'` : `${typeof v.value} ${String(v.value)}`;
  return 'something else';
}

/** A registry with the path it was read from (as messages print it). */
export type LoadedRegistry = Registry & { file: string; source: SourceFile };

/**
 * Reads the registry named by the front matter. The path is relative to the manuscript and must
 * stay inside the manuscript's folder (no absolute paths, no `..` out of it, no symbolic link
 * leading out of it): a book's files travel together, and a build reads nothing else.
 */
export function loadRegistry(manuscript: string, names: string, diags: Diagnostics): LoadedRegistry | undefined {
  const folder = dirname(manuscript);
  const file = join(folder, names);
  const refuse = (message: string, hint: string) => {
    const at = namesKeyPosition(manuscript);
    diags.error(manuscript, at.line, at.column, 'names-path', message, hint);
    return undefined;
  };
  if (isAbsolute(names) || /^[A-Za-z]:[\\/]|^\\\\/.test(names)) {
    return refuse(`the names registry '${names}' is an absolute path`, 'give a path relative to the manuscript, e.g. names: book.names.yaml');
  }
  if (isOutside(resolve(folder), resolve(file))) {
    return refuse(`the names registry '${names}' lies outside the manuscript's folder`, 'keep the registry beside the manuscript or in a folder below it');
  }
  let text: string;
  let source: SourceFile;
  try {
    if (isOutside(realpathSync(folder), realpathSync(file))) {
      return refuse(`the names registry '${names}' is a link to a file outside the manuscript's folder`, 'copy the file beside the manuscript');
    }
    const bytes = readInputFile(file, { maxBytes: MAX_TEXT_BYTES });
    source = sourceFile(file, bytes);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === undefined || code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'it is not UTF-8' : unreadable(e);
    return refuse(`cannot read the names registry '${file}': ${why}`, 'check the names: key in the front matter');
  }
  return { ...parseRegistry(file, text, diags), file, source };
}

function isOutside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * Where the `names:` value stands in the manuscript's front matter (1:1 when it cannot be found): for
 * a refusal's message only, so looked for then, in the front matter's lines alone.
 */
function namesKeyPosition(file: string): Span {
  let text = '';
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return { line: 1, column: 1 };
  }
  let from = text.indexOf('\n') + 1;
  for (let i = 1; from > 0 && from < text.length; i++) {
    const to = text.indexOf('\n', from);
    const line = text.slice(from, to < 0 ? text.length : to).replace(/\r$/, '');
    if (/^---\s*$/.test(line)) break;
    const m = /^(['"]?names['"]?\s*:\s*)/.exec(line);
    if (m) return { line: i + 1, column: m[1].length + 1 };
    from = to + 1;
  }
  return { line: 1, column: 1 };
}
