import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import { plainText, walkBlocks, type Book, type Inline, type TextBlock } from '../../src/model/index.js';
import { runPasses } from '../../src/build.js';

/** Writes files (path → text) into a new temporary folder and returns the folder. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-names-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Front matter for a test manuscript; `names` is the registry key's value, if any. */
export function frontMatter(names?: string, language = 'en-GB'): string {
  return `---\ntitle: Test\nauthor: Someone\nlanguage: ${language}\n${names ? `names: ${names}\n` : ''}---\n\n`;
}

/** Loads a manuscript and runs the transforms up to names, as build.ts does. */
export function transform(file: string): { book?: Book; diags: Diagnostics; messages: string[] } {
  const diags = new Diagnostics();
  const parsed = parseManuscript(file, diags);
  const book = parsed && runPasses(parsed, diags);
  return { book, diags, messages: diags.list.map(formatDiagnostic) };
}

/** A book from a body and a registry (both as text), in a fresh folder; the registry is `book.names.yaml`. */
export function bookWith(body: string, registry?: string, language = 'en-GB') {
  const files: Record<string, string> = { 'book.md': frontMatter(registry === undefined ? undefined : 'book.names.yaml', language) + body };
  if (registry !== undefined) files['book.names.yaml'] = registry;
  const dir = project(files);
  return { dir, ...transform(join(dir, 'book.md')) };
}

/** Every text block of the book, body first, then notes. */
export function textBlocks(book: Book): TextBlock[] {
  return [...walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])].filter(
    (b): b is TextBlock => b.kind === 'heading' || b.kind === 'paragraph',
  );
}

/** The mention inlines of a run, in document order. */
export function mentionNodes(inlines: readonly Inline[]): Extract<Inline, { kind: 'mention' }>[] {
  const out: Extract<Inline, { kind: 'mention' }>[] = [];
  for (const n of inlines) {
    if (n.kind === 'mention') out.push(n);
    if ('children' in n) out.push(...mentionNodes(n.children));
  }
  return out;
}

/** What each mention covers, as "personId:text", in document order. */
export function mentioned(book: Book): string[] {
  return textBlocks(book).flatMap((b) => mentionNodes(b.children).map((m) => `${m.personId}:${plainText(m.children)}`));
}
