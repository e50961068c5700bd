import { readFileSync } from 'node:fs';
import type { Diagnostics } from '../diagnostics.js';
import { aboutFields, creditLines, notesOnText } from '../imprint.js';
import { LineIndex } from '../lines.js';
import { plainText, walkBlocks, type Block, type Book, type Inline, type Meta, type Span } from '../model/index.js';
import type { Fonts } from '../text/fonts.js';
import { coverageHint, describeCharacter, uncoveredCharacters, uncoveredInText, type CoveredTexts, type Uncovered } from '../typeset/uncovered.js';

/**
 * Refuses text that no font can draw: pdfkit would print empty boxes without a word. Each missing
 * character is named once, at its first place in the manuscript, with how often it occurs.
 */
export function checkGlyphCoverage(book: Book, diags: Diagnostics, fonts: Fonts, known?: CoveredTexts): void {
  // Text by text (a packet's spans count in each text's own file); the book's own meta with the first.
  for (const [k, t] of book.texts.entries()) {
    const metas = k === 0 && t.meta !== book.meta ? [book.meta, t.meta] : [t.meta];
    const notes = book.notes.slice(t.notesFrom, t.notesTo).flatMap((n) => n.children);
    checkText(k === 0 && t.meta !== book.meta ? book.file : t.file, t.file, metas, [...book.blocks.slice(t.from, t.to), ...notes], diags, fonts, known);
  }
}

function checkText(metaFile: string, file: string, metas: readonly Meta[], blocks: Block[], diags: Diagnostics, fonts: Fonts, known?: CoveredTexts): void {
  const found = new Map<number, { u: Uncovered; span: Span; count: number; file: string }>();
  const add = (list: Uncovered[], span: Span, where = file) => {
    for (const u of list) {
      const seen = found.get(u.codePoint);
      if (seen) seen.count++;
      else found.set(u.codePoint, { u, span, count: 1, file: where });
    }
  };
  const frontMatter: Span = { line: 1, column: 1 };
  // What the title and About pages print of each front matter (src/imprint.ts).
  for (const [i, m] of metas.entries()) {
    const where = i === 0 ? metaFile : file;
    for (const text of [m.title, m.subtitle, ...m.authors, ...creditLines(m).map((c) => c.names), m.publisher && plainText(m.publisher)]) {
      if (text) add(uncoveredInText(fonts, text, 'regular'), frontMatter, where);
    }
    for (const p of [...aboutFields(m).flatMap((f) => f.paragraphs), ...notesOnText(m).flatMap((n) => n.paragraphs)]) add(uncoveredCharacters(fonts, p), frontMatter, where);
  }
  const texts = (inlines: Inline[], span: Span) => add(uncoveredCharacters(fonts, inlines, 'regular', known), span);
  // A definition list's terms are set in bold (the walk meets the list before its terms).
  const terms = new Set<Block>();
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'definitions') for (const item of b.items) terms.add(item.term);
    if (b.kind === 'heading' || b.kind === 'paragraph') texts(terms.has(b) ? [{ kind: 'strong', children: b.children }] : b.children, b.span);
    else if (b.kind === 'figure') texts(b.caption, b.span);
    else if (b.kind === 'code') add(uncoveredInText(fonts, b.text, 'mono', 0, [], known), b.span);
  }
  if (found.size === 0) return;
  // One error per source line, listing the characters that first appear on it.
  const sources = new Map<string, LineIndex | undefined>();
  const byLine = new Map<string, { at: Span; file: string; chars: string[] }>();
  for (const { u, span, count, file: f } of found.values()) {
    if (!sources.has(f)) sources.set(f, readSource(f));
    const source = sources.get(f);
    const at = source ? locate(source, span, u.char) : span;
    const key = `${f}:${at.line}`;
    const entry = byLine.get(key) ?? byLine.set(key, { at, file: f, chars: [] }).get(key)!;
    entry.chars.push(describeCharacter(u) + (count > 1 ? ` ×${count}` : ''));
  }
  for (const { at, file: f, chars } of byLine.values()) {
    diags.error(f, at.line, at.column, 'pdf-missing-glyph',
      `no font has a glyph for ${chars.join(', ')}: the PDF would show empty boxes`,
      `${coverageHint()}; build only the EPUB with --format epub, or replace the characters`);
  }
}

function readSource(file: string): LineIndex | undefined {
  try {
    return new LineIndex(readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  } catch {
    return undefined;
  }
}

/** The first place of `char` at or after the block's line; the block's own position when not found. */
function locate(source: LineIndex, span: Span, char: string): Span {
  const at = source.text.indexOf(char, source.lineStart(span.line));
  return at < 0 ? span : source.position(at);
}
