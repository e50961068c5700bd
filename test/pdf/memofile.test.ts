/**
 * The paragraph memo's file format (src/pdf/memofile.ts): lines set from real books (right-to-left
 * text, inline images, links, note anchors, hanging punctuation, hyphens) come back from the bytes
 * exactly as the setter made them, every field and every float (packed, as the layout keeps them);
 * through an entry copied from one file into another too.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { layoutPdf } from '../../src/pdf/layout.js';
import { MemoWriter, readLines, readMemoFile } from '../../src/pdf/memofile.js';
import { PackedLine, StyleTable } from '../../src/pdf/packedline.js';
import { bookTypesetter } from '../../src/pdf/setter.js';
import { Shaper } from '../../src/text/shaper.js';
import type { Line } from '../../src/typeset/types.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BOOKS = ['test/fixtures/bidi/hebrew-book.md', 'test/fixtures/bidi/arabic-book.md', 'test/fixtures/hazards/assets/good.md', 'test/fixtures/epub-book/book.md', 'seeds/legacies-and-heirs-of-jv-stalin.md'];

/** Every paragraph a book's layout set, with its lines. */
function setLines(file: string): Line[][] {
  const shaper = new Shaper();
  const ts = bookTypesetter(shaper);
  const all: Line[][] = [];
  const diags = new Diagnostics();
  layoutPdf(prepareBook(file, diags), { paper: 'a5' }, diags, { ...ts, setParagraph: (inlines, style) => (all.push(ts.setParagraph(inlines, style)), all[all.length - 1]) });
  return all;
}

/** Lines as the layout keeps them, which is how the file gives them back. */
const packed = (lines: Line[]) => lines.map((l) => PackedLine.pack(l, new StyleTable()));

describe('the paragraph memo file', () => {
  const paragraphs = BOOKS.flatMap((b) => setLines(join(ROOT, b)));
  const key = { code: 'test', fonts: [] as [string, string | null, string][] };

  it('gives back the lines as set, and an entry copied into another file the same', () => {
    const runs = paragraphs.flatMap((p) => p.flatMap((l) => l.runs));
    // The books hold what the format must carry.
    expect(runs.some((r) => r.image)).toBe(true);
    expect(runs.some((r) => r.href)).toBe(true);
    expect(runs.some((r) => r.anchors?.length)).toBe(true);
    expect(paragraphs.some((p) => p.some((l) => l.hang))).toBe(true);
    expect(paragraphs.some((p) => p.some((l) => l.hyphenated))).toBe(true);

    const w = new MemoWriter();
    const at = paragraphs.map((lines, i) => w.add(`key ${i}`, i % 2 ? ['Nevertheless', true, 'Brought', false] : [], lines)!);
    const file = readMemoFile(w.bytes(key), 'test')!;
    expect(file.key).toEqual(key);
    expect(file.entries.map(([k]) => k)).toEqual(paragraphs.map((_, i) => `key ${i}`));
    expect(file.entries[1][1]).toEqual(['Nevertheless', true, 'Brought', false]);
    paragraphs.forEach((lines, i) => {
      expect(readLines(w, at[i])).toStrictEqual(packed(lines));
      expect(readLines(file.store, file.entries[i][2])).toStrictEqual(packed(lines));
    });

    // Every other entry copied into a new file, from the file read.
    const copy = new MemoWriter();
    const kept = file.entries.filter((_, i) => i % 2 === 0).map(([k, , a]) => [k, copy.copy(file.store, a)] as const);
    const again = readMemoFile(copy.bytes(key), 'test')!;
    expect(again.entries.map(([k]) => k)).toEqual(kept.map(([k]) => k));
    again.entries.forEach(([k, , a]) => expect(readLines(again.store, a)).toStrictEqual(packed(paragraphs[Number(k.slice(4))])));
  }, 60_000);

  it('is no file when damaged or cut short', () => {
    const w = new MemoWriter();
    paragraphs.slice(0, 20).forEach((lines, i) => w.add(`key ${i}`, [], lines));
    const bytes = w.bytes(key);
    expect(readMemoFile(bytes, 'test')).toBeDefined();
    expect(readMemoFile(bytes, 'other code')).toBeUndefined();
    expect(readMemoFile(bytes.subarray(0, bytes.length >> 1), 'test')).toBeUndefined();
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 100] ^= 1;
    expect(readMemoFile(damaged, 'test')).toBeUndefined();
    expect(readMemoFile(Buffer.from('not a file'), 'test')).toBeUndefined();
  });
});
