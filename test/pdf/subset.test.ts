import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { fastEmbedding } from '../../src/pdf/subset.js';
import { BOOK_FACES, FALLBACK_FACES, facePath } from '../../src/typeset/fonts.js';

// The subset embedded in the PDF: the same glyphs as fontkit's subset, in the same order, with the
// same outlines and advances as the font, composite glyphs (accented letters) with their parts.

const TEXT = 'The Legacies and Heirs of Stalin — éàçñøß œ fi ffl Ǆ Ἀθῆναι Москва 1953 ½ “quoted”';

describe('font subsets', () => {
  for (const face of [...BOOK_FACES, ...FALLBACK_FACES.filter((f) => f.name === 'arabic')]) {
    it(`${face.name}: a TrueType file fontkit reads back, glyph for glyph the font's`, () => {
      const font = fontkit.openSync(facePath(face.name)) as fontkit.Font;
      const reference = fontkit.openSync(facePath(face.name)) as fontkit.Font;
      fastEmbedding(font);
      const ours = (font as unknown as { createSubset(): { includeGlyph(id: number): number; glyphs: number[]; encode(): Uint8Array } }).createSubset();
      const theirs = (reference as unknown as { createSubset(): { includeGlyph(id: number): number; glyphs: number[]; encode(): Uint8Array } }).createSubset();
      const ids = [...TEXT].map((c) => reference.glyphForCodePoint(c.codePointAt(0)!).id).filter((id) => id > 0);
      expect(ids.length).toBeGreaterThan(20);
      for (const id of ids) expect(ours.includeGlyph(id)).toBe(theirs.includeGlyph(id));
      const bytes = ours.encode();
      theirs.encode();
      expect(ours.glyphs).toEqual(theirs.glyphs); // components included in the same order
      const back = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      expect(back.numGlyphs).toBe(ours.glyphs.length);
      let composites = 0;
      ours.glyphs.forEach((id, n) => {
        const a = reference.getGlyph(id);
        const b = back.getGlyph(n);
        expect({ id, path: b.path.toSVG(), advance: b.advanceWidth }).toEqual({ id, path: a.path.toSVG(), advance: a.advanceWidth });
        if (((a as unknown as { _decode(): { numberOfContours: number } | null })._decode()?.numberOfContours ?? 0) < 0) composites++;
      });
      // Its composite glyphs were renumbered in the subset; the font file's own bytes are left as they were (the subset copies before it renumbers components).
      expect(fontkit.openSync(facePath(face.name)).getGlyph(ids[0]).path.toSVG()).toBe(reference.getGlyph(ids[0]).path.toSVG());
      expect(font.post.isFixedPitch).toBe(reference.post.isFixedPitch);
      expect(font.italicAngle).toBe(reference.italicAngle);
      if (face.name !== 'arabic') expect(composites).toBeGreaterThan(0);
    });
  }
});
