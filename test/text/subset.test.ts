import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { BOOK_FACES, FALLBACK_FACES, facePath } from '../../src/text/fonts.js';
import { postHeader, subsetTrueType } from '../../src/text/subset.js';
import { trueTypeFile } from '../../src/vendor.js';

// The subset embedded in the PDF: the same glyphs as fontkit's subset, in the same order, with the
// same outlines and advances as the font, composite glyphs (accented letters) with their parts.

/** What the test reads of a fontkit font beyond samizdat's typings. */
interface Font {
  numGlyphs: number;
  italicAngle: number;
  post: { isFixedPitch: number };
  glyphForCodePoint(cp: number): { id: number };
  getGlyph(id: number): { path: { toSVG(): string }; advanceWidth: number; _decode(): { numberOfContours: number } | null };
  createSubset(): { includeGlyph(id: number): number; glyphs: number[]; encode(): Uint8Array };
}
const open = (face: string) => fontkit.openSync(facePath(face)) as unknown as Font;

const TEXT = 'The Legacies and Heirs of Stalin — éàçñøß œ fi ffl Ǆ Ἀθῆναι Москва 1953 ½ “quoted”';

describe('font subsets', () => {
  for (const face of [...BOOK_FACES, ...FALLBACK_FACES.filter((f) => f.name === 'arabic')]) {
    it(`${face.name}: a TrueType file fontkit reads back, glyph for glyph the font's`, () => {
      const font = open(face.name);
      const reference = open(face.name);
      const file = trueTypeFile(font as unknown as fontkit.Font)!;
      const theirs = reference.createSubset();
      const ids = [...new Set([...TEXT].map((c) => reference.glyphForCodePoint(c.codePointAt(0)!).id).filter((id) => id > 0))];
      expect(ids.length).toBeGreaterThan(20);
      for (const id of ids) theirs.includeGlyph(id);
      const bytes = subsetTrueType(file, ids)!;
      theirs.encode();
      const back = fontkit.create(Buffer.from(bytes)) as unknown as Font;
      // Components included in the same order as fontkit's.
      expect(back.numGlyphs).toBe(theirs.glyphs.length);
      let composites = 0;
      theirs.glyphs.forEach((id, n) => {
        const a = reference.getGlyph(id);
        const b = back.getGlyph(n);
        expect({ id, path: b.path.toSVG(), advance: b.advanceWidth }).toEqual({ id, path: a.path.toSVG(), advance: a.advanceWidth });
        if ((a._decode()?.numberOfContours ?? 0) < 0) composites++;
      });
      // Its composite glyphs were renumbered in the subset; the font file's own bytes are left as they were (the subset copies before it renumbers components).
      expect(open(face.name).getGlyph(ids[0]).path.toSVG()).toBe(reference.getGlyph(ids[0]).path.toSVG());
      const post = postHeader(file)!;
      expect(post.isFixedPitch).toBe(Boolean(reference.post.isFixedPitch));
      expect(post.italicAngle).toBe(reference.italicAngle);
      if (face.name !== 'arabic') expect(composites).toBeGreaterThan(0);
    });
  }
});
