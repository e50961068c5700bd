import type { Diagnostics } from '../diagnostics.js';
import { closest } from '../load/suggest.js';
import { dirname, resolve } from 'node:path';
import { plainText, walkBlocks, walkBook, type Block, type Book, type Inline, type Mention, type Person, type Span } from '../model/index.js';
import { compileForms, type FormMatcher } from './match.js';
import { loadRegistry, type LoadedRegistry } from './registry.js';

/**
 * The names transform: loads the registry the front matter names, fills `book.persons`, and turns
 * every mention in the text into a `mention` inline with a unique anchor id, listed in
 * `book.mentions` in document order (body first, then the notes).
 *
 * Where it looks: paragraphs and headings, in block quotes, lists and notes too. Headings count
 * because they are printed words on a page a reader may look the name up for ('Stalin and
 * Malenkov'). Never in code (blocks or spans), figure captions, or text under `{.noindex}`.
 */
export function applyNames(book: Book, diags: Diagnostics): void {
  const registry = loadRegistries(book, diags);
  book.persons = registry?.persons ?? [];
  const matcher = compileForms(book.persons);
  const known = new Map(book.persons.map((p) => [p.id, p]));
  const used = existingIds(book);
  const counts = new Map<string, number>();
  const mentions: Mention[] = [];
  const suppressed = new Set<Span>();
  // The names of the registries, for hints ('add stalin: to book.names.yaml').
  const registryNames = [...new Set(book.texts.flatMap((t) => (t.meta.names ? [t.meta.names] : [])))].join(' or ');

  // Text by text: a marker's span counts in its own text's file.
  for (const text of book.texts) {
    const ctx: Walk = {
      matcher,
      mention(personId, blockId, offset, sub) {
        let n = counts.get(personId) ?? 0;
        let id: string;
        do id = `m-${personId}-${++n}`;
        while (used.has(id));
        counts.set(personId, n);
        used.add(id);
        mentions.push(sub ? { personId, id, blockId, offset, sub } : { personId, id, blockId, offset });
        return id;
      },
      check(marker) {
        if (known.has(marker.personId)) return true;
        const span = marker.span ?? { line: 1, column: 1 };
        if (!registry) {
          diags.error(text.file, span.line, span.column, 'marker-no-registry', `the marker names '${marker.personId}' but the book has no names registry`,
            "add 'names: <file>.names.yaml' to the front matter");
        } else {
          const near = closest(marker.personId, [...known.keys()]);
          diags.error(text.file, span.line, span.column, 'marker-unknown-person', `no person '${marker.personId}' in the names registry`,
            near ? `did you mean '${near}'?` : `add '${marker.personId}:' to ${registryNames}`);
        }
        return false;
      },
      suppressed,
    };
    const notes = book.notes.slice(text.notesFrom, text.notesTo).flatMap((n) => n.children);
    for (const block of walkBlocks([...book.blocks.slice(text.from, text.to), ...notes])) {
      if (block.kind === 'heading' || block.kind === 'paragraph') {
        block.children = markInlines(block.children, block.id, { offset: 0, text: plainText(block.children) }, ctx);
      }
    }
  }
  // Body first, then the notes, as a manuscript's mentions have always been ordered; text by text in a packet.
  const order = new Map<string, number>();
  book.texts.forEach((t, k) => {
    for (const b of walkBlocks(book.blocks.slice(t.from, t.to))) if ('id' in b && b.id) order.set(b.id, k * 2);
    for (const n of book.notes.slice(t.notesFrom, t.notesTo)) for (const b of walkBlocks(n.children)) if ('id' in b && b.id) order.set(b.id, k * 2 + 1);
  });
  book.mentions = book.texts.length > 1 ? mentions.map((m, i) => ({ m, i })).sort((a, b) => (order.get(a.m.blockId)! - order.get(b.m.blockId)!) || a.i - b.i).map((x) => x.m) : mentions;

  if (!registry) return;
  // Say what the registry does not find: a hint that a form is misspelt or a marker forgotten.
  const mentioned = new Set(mentions.map((m) => m.personId));
  for (const p of book.persons) {
    if (p.see.length === 0 && !mentioned.has(p.id)) {
      const at = registry.where.get(p.id)!;
      diags.warn(at.file, at.line, at.column, 'names-unused', `'${p.id}' (${p.heading}) is never mentioned in the text; the index leaves it out`,
        p.forms.length ? `check the forms: ${p.forms.map((f) => `'${f}'`).join(', ')}` : 'give it forms, or mark its mentions with [text]{name=id}');
    }
  }
  for (const text of book.texts) {
    const notes = book.notes.slice(text.notesFrom, text.notesTo).flatMap((n) => n.children);
    for (const span of noIndexSpans(book.blocks.slice(text.from, text.to), notes)) {
      if (!suppressed.has(span)) {
        diags.warn(text.file, span.line, span.column, 'noindex-unused', 'this {.noindex} marker covers no name from the registry', 'remove the marker, or check the registry’s forms');
      }
    }
  }
}

/**
 * The registries of the book's texts merged into one: entries with the same id are one person, who
 * must have the same heading in each (else an error at both places); their forms and references
 * are pooled. Undefined when no text names a registry.
 */
function loadRegistries(book: Book, diags: Diagnostics): { persons: Person[]; where: Map<string, Span & { file: string }> } | undefined {
  const byFile = new Map<string, LoadedRegistry | undefined>();
  for (const t of book.texts) {
    if (!t.meta.names) continue;
    const path = resolve(dirname(t.file), t.meta.names);
    if (!byFile.has(path)) byFile.set(path, loadRegistry(t.file, t.meta.names, diags));
  }
  if (byFile.size === 0) return undefined;
  for (const r of byFile.values()) if (r) book.sources.push(r.source);
  const persons = new Map<string, Person>();
  const where = new Map<string, Span & { file: string }>();
  for (const r of byFile.values()) {
    if (!r) continue;
    for (const p of r.persons) {
      const at = { ...r.where.get(p.id)!, file: r.file };
      const had = persons.get(p.id);
      if (!had) {
        persons.set(p.id, { ...p, forms: [...p.forms], see: [...p.see], seeAlso: [...p.seeAlso] });
        where.set(p.id, at);
        continue;
      }
      if (had.heading !== p.heading) {
        const first = where.get(p.id)!;
        diags.error(first.file, first.line, first.column, 'names-conflict', `'${p.id}' is headed '${had.heading}' here but '${p.heading}' in ${at.file}:${at.line}:${at.column}`, 'a person in two registries of one book must have the same heading');
        diags.error(at.file, at.line, at.column, 'names-conflict', `'${p.id}' is headed '${p.heading}' here but '${had.heading}' in ${first.file}:${first.line}:${first.column}`, 'a person in two registries of one book must have the same heading');
        continue;
      }
      const add = (into: string[], from: readonly string[]) => {
        for (const x of from) if (!into.includes(x)) into.push(x);
      };
      add(had.forms, p.forms);
      add(had.see, p.see);
      add(had.seeAlso, p.seeAlso);
      had.forms.sort((a, b) => b.length - a.length);
    }
  }
  return { persons: [...persons.values()], where };
}

interface Walk {
  matcher: FormMatcher;
  /** Records a mention (filed under an index sub-entry if `sub`) and returns its new anchor id. */
  mention(personId: string, blockId: string, offset: number, sub?: string): string;
  /** Whether a marker's person is in the registry (reports it when not). */
  check(marker: Extract<Inline, { kind: 'mention' }>): boolean;
  /** `.noindex` markers that did hide a name. */
  suppressed: Set<Span>;
}

/**
 * Replaces matched text with mention inlines, walking in document order. `pos.offset` is the
 * running offset in the block's plain text `pos.text` and advances exactly as `plainText` counts.
 */
function markInlines(inlines: Inline[], blockId: string, pos: { offset: number; text: string }, ctx: Walk): Inline[] {
  const out: Inline[] = [];
  for (const node of inlines) {
    switch (node.kind) {
      case 'text': {
        const at = pos.offset;
        const matches = ctx.matcher.find(pos.text, at, at + node.text.length).map((m) => ({ ...m, start: m.start - at, end: m.end - at }));
        if (node.noIndex) {
          if (matches.length > 0) ctx.suppressed.add(node.noIndex);
          out.push(node);
        } else {
          let last = 0;
          for (const m of matches) {
            if (m.start > last) out.push({ kind: 'text', text: node.text.slice(last, m.start) });
            const id = ctx.mention(m.personId, blockId, pos.offset + m.start);
            out.push({ kind: 'mention', personId: m.personId, id, children: [{ kind: 'text', text: node.text.slice(m.start, m.end) }] });
            last = m.end;
          }
          if (last === 0) out.push(node);
          else if (last < node.text.length) out.push({ kind: 'text', text: node.text.slice(last) });
        }
        pos.offset += node.text.length;
        break;
      }
      case 'code':
        pos.offset += node.text.length;
        out.push(node);
        break;
      case 'break':
        pos.offset += 1;
        out.push(node);
        break;
      case 'noteRef':
      case 'image':
        out.push(node);
        break;
      case 'mention': {
        // An editor's marker: already a mention; it gets its anchor here, and no mention inside it.
        if (ctx.check(node)) {
          node.id = ctx.mention(node.personId, blockId, pos.offset, node.sub);
          out.push(node);
          pos.offset += plainLength(node.children);
        } else {
          out.push(...node.children);
          pos.offset += plainLength(node.children);
        }
        break;
      }
      default:
        node.children = markInlines(node.children, blockId, pos, ctx);
        out.push(node);
    }
  }
  return out;
}

function plainLength(inlines: readonly Inline[]): number {
  let n = 0;
  for (const node of inlines) {
    if (node.kind === 'text' || node.kind === 'code') n += node.text.length;
    else if (node.kind === 'break') n += 1;
    else if (node.kind !== 'noteRef' && node.kind !== 'image') n += plainLength(node.children);
  }
  return n;
}

function* noIndexSpans(...lists: Block[][]): Generator<Span> {
  const seen = new Set<Span>();
  function* inInlines(inlines: readonly Inline[]): Generator<Span> {
    for (const n of inlines) {
      if (n.kind === 'text' && n.noIndex && !seen.has(n.noIndex)) {
        seen.add(n.noIndex);
        yield n.noIndex;
      } else if ('children' in n) yield* inInlines(n.children);
    }
  }
  for (const list of lists) for (const b of walkBlocks(list)) if (b.kind === 'heading' || b.kind === 'paragraph') yield* inInlines(b.children);
}

/** Every id already in the book, so that mention anchors never collide with one. */
function existingIds(book: Book): Set<string> {
  const ids = new Set<string>();
  const inInlines = (inlines: readonly Inline[]) => {
    for (const n of inlines) {
      if (n.kind === 'noteRef') ids.add(n.id);
      else if ('children' in n) inInlines(n.children);
    }
  };
  for (const b of walkBook(book)) {
    if ('id' in b && b.id) ids.add(b.id);
    if (b.kind === 'heading' || b.kind === 'paragraph') inInlines(b.children);
  }
  for (const n of book.notes) ids.add(n.id);
  return ids;
}
