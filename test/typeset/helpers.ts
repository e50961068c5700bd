import bidiJs, { type Bidi } from 'bidi-js';
import { join } from 'node:path';
import { Diagnostics } from '../../src/diagnostics.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import { type Block, type Inline, plainText, walkBlocks } from '../../src/model/index.js';
import { runPasses } from '../../src/build.js';
import { Shaper } from '../../src/text/shaper.js';
import { WordMemo } from '../../src/typeset/boxes.js';
import { setParagraph as set } from '../../src/typeset/setParagraph.js';
import type { Face, Line, ParagraphStyle } from '../../src/typeset/types.js';

/** The text engine of the tests in one file: no disk cache. */
export const SHAPER = new Shaper();
const WORDS = new WordMemo();

/** setParagraph with the tests' Shaper. */
export function setParagraph(inlines: readonly Inline[], style: ParagraphStyle): Line[] {
  return set(inlines, style, SHAPER, WORDS);
}

/** Width in points, as the tests' Shaper measures it. */
export function measure(text: string, face: Face, size: number, features: readonly string[]): number {
  return SHAPER.measure(text, face, size, features);
}

export const SEED = join(import.meta.dirname, '../../seeds/legacies-and-heirs-of-jv-stalin.md');

/** Body text as the A5 page builder sets it: 11 pt on a 280 pt measure (25 em), 1 em indent. */
export const BODY: ParagraphStyle = { measure: 280, indent: 11, face: 'regular', size: 11, align: 'justify', lang: 'en-GB', hyphenate: true };

/** The seed's text blocks (headings and paragraphs, notes too), with names marked as mentions. */
export function seedBlocks(): Extract<Block, { kind: 'paragraph' | 'heading' }>[] {
  const diags = new Diagnostics();
  const book = runPasses(parseManuscript(SEED, diags)!, diags);
  const blocks = [...walkBlocks(book.blocks), ...book.notes.flatMap((n) => [...walkBlocks(n.children)])];
  return blocks.filter((b): b is Extract<Block, { kind: 'paragraph' | 'heading' }> => b.kind === 'paragraph' || b.kind === 'heading');
}

/** A run's characters from the plain text: its text without the hyphen the setter added at a break. */
export function ownText(line: Line, k: number): string {
  const r = line.runs[k];
  // Runs are in visual order: the hyphen ends the logically last run (at the left in a right-to-left line).
  const last = line.runs.reduce((a, b) => (b.offset > a.offset ? b : a));
  return line.hyphenated && r === last && r.text.endsWith('-') ? r.text.slice(0, -1) : r.text;
}

/**
 * Check the offset contract; returns a list of problems (empty when all holds):
 * every run's own text is the plain text at its offset; in order, the runs cover every character of
 * the plain text except spaces, soft hyphens and zero-width spaces; each line's `start` is where its
 * first character is, with only spaces between one line's end and the next line's start.
 */
export function offsetProblems(inlines: readonly Inline[], lines: Line[]): string[] {
  const plain = plainText(inlines);
  const problems: string[] = [];
  let at = 0; // next plain-text offset not yet covered
  lines.forEach((line, n) => {
    // Runs in logical order: by offset (right-to-left stretches are mirrored in x).
    const own = line.runs.map((r, k) => ({ r, text: ownText(line, k) })).filter((o) => o.r.offset >= 0);
    own.sort((a, b) => a.r.offset - b.r.offset);
    // The line starts at its first character; only a note number (inserted, at that place) or spaces may come before it.
    if (own.length && (line.start > own[0].r.offset || !/^\s*$/.test(plain.slice(line.start, own[0].r.offset)))) problems.push(`line ${n}: start ${line.start}, first run at ${own[0].r.offset}`);
    if (own.length && line.runs.every((r) => r.offset >= 0) && line.start !== own[0].r.offset) problems.push(`line ${n}: start ${line.start}, first run at ${own[0].r.offset}`);
    for (const { r, text } of own) {
      if (!sameOrMirrored(plain.slice(r.offset, r.offset + text.length), text)) problems.push(`line ${n}: run '${text}' at ${r.offset} reads '${plain.slice(r.offset, r.offset + text.length)}'`);
      const gap = plain.slice(at, r.offset);
      if (!/^[\s\u00ad\u200b]*$/.test(gap)) problems.push(`line ${n}: '${gap}' (at ${at}) is in no run`);
      at = Math.max(at, r.offset + text.length);
    }
  });
  if (!/^[\s\u00ad\u200b]*$/.test(plain.slice(at))) problems.push(`'${plain.slice(at, at + 40)}' at the end is in no run`);
  return problems;
}

const bidi = ((typeof bidiJs === 'function' ? bidiJs : (bidiJs as { default: unknown }).default) as () => Bidi)();

/** A run's text against the plain text: equal, but for brackets and the like drawn mirrored at right-to-left levels. */
function sameOrMirrored(plain: string, drawn: string): boolean {
  if (plain.length !== drawn.length) return false;
  for (let i = 0; i < plain.length; i++) if (plain[i] !== drawn[i] && bidi.getMirroredCharacter(plain[i]) !== drawn[i]) return false;
  return true;
}

/** Lines that reach past the measure (beyond punctuation allowed to hang) or start left of 0 beyond their hang. */
export function widthProblems(lines: Line[], measure: number): string[] {
  const out: string[] = [];
  lines.forEach((l, n) => {
    const left = Math.min(...l.runs.map((r) => r.x));
    const right = Math.max(...l.runs.map((r) => r.x + r.width));
    const hangL = l.hang?.left ?? 0;
    const hangR = l.hang?.right ?? 0;
    // Only punctuation hangs, and never more than about half an em.
    if (hangL > 0.6 * 11 || hangR > 0.6 * 11) out.push(`line ${n}: hangs ${hangL}/${hangR}`);
    if (left < -hangL - 1e-6) out.push(`line ${n}: starts at ${left}`);
    if (right > measure + hangR + 1e-6) out.push(`line ${n}: ends at ${right.toFixed(3)} > ${measure} (${l.runs.map((r) => r.text).join(' ')})`);
    if (l.overfull) out.push(`line ${n}: overfull`);
  });
  return out;
}

/** Widths of the word spaces of a line: gaps between runs that have white space between them in the plain text. */
export function spaceGaps(line: Line, plain: string): number[] {
  const out: number[] = [];
  for (let k = 1; k < line.runs.length; k++) {
    const a = line.runs[k - 1];
    const b = line.runs[k];
    if (a.offset < 0 || b.offset < 0) continue;
    const between = plain.slice(a.offset + ownText(line, k - 1).length, b.offset);
    if (between.length && /^\s+$/.test(between)) out.push(b.x - (a.x + a.width));
  }
  return out;
}
