import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { shapeSimple, simpleShaping } from '../../src/text/simpleshape.js';
import { trueTypeFile } from '../../src/vendor.js';
import { BOOK_FACES, FALLBACK_FACES, facePath } from '../../src/text/fonts.js';

// The fast path must give what fontkit gives, glyph for glyph: a measured word that differs from the
// drawn word pushes a justified line past its margin, and a wrong glyph is a wrong letter on the page.

const root = join(import.meta.dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    // The books of names-books are a corpus for `names suggest` (300 KB): their words would triple this test's time.
    if (statSync(p).isDirectory()) return f === 'names-books' ? [] : markdownFiles(p);
    return f.endsWith('.md') ? [p] : [];
  });
}

/** Every word of the seeds and fixtures, their hyphenation-style prefixes, and sequences fonts ligate or kern. */
function corpus(): string[] {
  const words = new Set<string>();
  for (const f of [...markdownFiles(join(root, 'seeds')), ...markdownFiles(join(root, 'test'))]) {
    for (const w of readFileSync(f, 'utf8').split(/\s+/)) {
      if (!w) continue;
      words.add(w);
      if (w.length > 4) words.add(w.slice(0, 3) + '-');
    }
  }
  const letters = 'abcdefhijklmnopqrstuvwxyzAFLPTVWY.,;:’\'"“”-–—()[]1234567890';
  for (const a of letters) for (const b of letters) words.add(a + b);
  for (const w of ['office', 'affluent', 'fjord', 'Thatcher', 'first', 'flight', 'efficient', 'ſt', 'Qu', 'AVA', 'ŁÓDŹ', 'Ἀθῆναι', 'Москва', 'fi fl', '1/2', '½', 'x\u00ADy', 'é', 'e\u0301', 'A\u200dB']) words.add(w);
  return [...words];
}

const FEATURE_SETS = [['kern', 'liga', 'onum'], ['kern', 'c2sc', 'smcp', 'onum'], []];
const words = corpus();
const MIN_SHARE: Record<string, number> = { regular: 0.9, italic: 0.9, bold: 0.9, boldItalic: 0.9, mono: 0.7 };

describe('simple shaping', () => {
  for (const face of [...BOOK_FACES, ...FALLBACK_FACES.filter((f) => f.name !== 'cjk')]) {
    it(`${face.name}: the same glyphs and advances as fontkit for every word it shapes`, () => {
      const font = simpleShaping(trueTypeFile(fontkit.openSync(facePath(face.name)) as fontkit.Font));
      const reference = fontkit.openSync(facePath(face.name)) as fontkit.Font;
      let shaped = 0;
      for (const features of FEATURE_SETS) {
        for (const w of words) {
          const mine = font && shapeSimple(font, w, features);
          if (!mine) continue;
          shaped++;
          const run = reference.layout(w, features);
          const theirs = {
            ids: run.glyphs.map((g) => g.id),
            adv: run.positions.map((p) => p.xAdvance),
            widths: run.glyphs.map((g) => g.advanceWidth),
          };
          expect({ word: w, features, ids: mine.ids, adv: mine.adv, widths: mine.widths }).toEqual({ word: w, features, ...theirs });
          expect(mine.chars.join('')).toBe(w);
        }
      }
      // EB Garamond's faces shape nearly every word here, Source Code Pro most (its ccmp is contextual);
      // the fallbacks are checked on what they shape, which may be nothing (no GPOS, contextual lookups).
      const share = shaped / (words.length * FEATURE_SETS.length);
      expect(share).toBeGreaterThanOrEqual(MIN_SHARE[face.name] ?? 0);
    });
  }

  it('declines what it does not do: marks, ignorables, fractions, other scripts', () => {
    const font = simpleShaping(trueTypeFile(fontkit.openSync(facePath('regular')) as fontkit.Font))!;
    for (const w of ['e\u0301', 'x\u00ADy', 'A\u200dB', '1\u20442', 'שלום', '中文']) expect(shapeSimple(font, w, ['kern'])).toBeUndefined();
    expect(shapeSimple(font, 'Stalin', ['kern'])).toBeDefined();
  });
});
