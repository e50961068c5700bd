import { readFileSync } from 'node:fs';
import type { Diagnostics } from '../diagnostics.js';
import { LineIndex } from '../lines.js';
import { walkBlocks, type Book, type Inline, type Span } from '../model/index.js';
import { coverageHint, describeCharacter, uncoveredCharacters, uncoveredInText, type Uncovered } from '../typeset/uncovered.js';

/**
 * Refuses text that no font can draw: pdfkit would print empty boxes without a word. Each missing
 * character is named once, at its first place in the manuscript, with how often it occurs.
 */
export function checkGlyphCoverage(book: Book, diags: Diagnostics): void {
  const found = new Map<number, { u: Uncovered; span: Span; count: number }>();
  const add = (list: Uncovered[], span: Span) => {
    for (const u of list) {
      const seen = found.get(u.codePoint);
      if (seen) seen.count++;
      else found.set(u.codePoint, { u, span, count: 1 });
    }
  };
  const frontMatter: Span = { line: 1, column: 1 };
  const m = book.meta;
  for (const text of [m.title, m.subtitle, ...m.authors, ...m.translators, m.source, m.provenance, m.translatorsNote, m.rights, m.originalTitle]) {
    if (text) add(uncoveredInText(text, 'regular'), frontMatter);
  }
  const texts = (inlines: Inline[], span: Span) => add(uncoveredCharacters(inlines), span);
  for (const b of walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])) {
    if (b.kind === 'heading' || b.kind === 'paragraph') texts(b.children, b.span);
    else if (b.kind === 'figure') texts(b.caption, b.span);
    else if (b.kind === 'code') add(uncoveredInText(b.text, 'mono'), b.span);
  }
  if (found.size === 0) return;
  // One error per source line, listing the characters that first appear on it.
  const source = readSource(book.file);
  const byLine = new Map<number, { at: Span; chars: string[] }>();
  for (const { u, span, count } of found.values()) {
    const at = source ? locate(source, span, u.char) : span;
    const entry = byLine.get(at.line) ?? byLine.set(at.line, { at, chars: [] }).get(at.line)!;
    entry.chars.push(describeCharacter(u) + (count > 1 ? ` ×${count}` : ''));
  }
  for (const { at, chars } of byLine.values()) {
    diags.error(book.file, at.line, at.column, 'pdf-missing-glyph',
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
