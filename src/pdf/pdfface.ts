import type * as fontkit from 'fontkit';
import type { DeflateMemo } from '../deflate.js';
import { postHeader } from '../text/subset.js';
import type { Shaper } from '../text/shaper.js';
import { facePath, type Face } from '../text/fonts.js';
import { trueTypeFile } from '../vendor.js';

/**
 * A face as pdfkit embeds it (`doc.registerFont(face, new PdfFace(shaper, face))`: pdfkit takes any
 * object with a `layout` as a font): the metrics of the font descriptor from the parsed font, every
 * string shaped by the build's Shaper (the very runs the setter measured), and the subset cut by it.
 * An object of samizdat's own, so no fontkit object is changed. What pdfkit 0.20's EmbeddedFont
 * reads of a font, and nothing more.
 */
export class PdfFace {
  private readonly font: fontkit.Font;

  constructor(
    private readonly shaper: Shaper,
    private readonly face: Face,
    /** Subsets cut by earlier builds (see DeflateMemo), by the font file's SHA-256 and the glyphs. */
    private readonly memo?: DeflateMemo,
  ) {
    this.font = shaper.font(face);
  }

  get postscriptName(): string {
    return this.font.postscriptName;
  }
  get unitsPerEm(): number {
    return this.font.unitsPerEm;
  }
  get ascent(): number {
    return this.font.ascent;
  }
  get descent(): number {
    return this.font.descent;
  }
  get lineGap(): number {
    return (this.font as unknown as { lineGap: number }).lineGap;
  }
  get xHeight(): number {
    return (this.font as unknown as { xHeight: number }).xHeight;
  }
  get capHeight(): number {
    return (this.font as unknown as { capHeight: number }).capHeight;
  }
  get bbox(): unknown {
    return (this.font as unknown as { bbox: unknown }).bbox;
  }
  get head(): unknown {
    return (this.font as unknown as { head: unknown }).head;
  }
  get 'OS/2'(): unknown {
    return (this.font as unknown as { 'OS/2': unknown })['OS/2'];
  }
  /** The post table's header, read from the file: fontkit would decode every glyph's name for it. */
  get post(): { italicAngle: number; isFixedPitch: boolean } {
    const file = trueTypeFile(this.font);
    return (file && postHeader(file)) ?? (this.font as unknown as { post: { italicAngle: number; isFixedPitch: boolean } }).post;
  }
  get italicAngle(): number {
    return this.post.italicAngle;
  }

  getGlyph(id: number): fontkit.Glyph | null {
    return (this.font as unknown as { getGlyph(id: number): fontkit.Glyph | null }).getGlyph(id);
  }

  /**
   * A run as fontkit's `layout` gives it, from the Shaper's: what pdfkit reads of it (glyph id,
   * advance width and code points; positions, fresh, as pdfkit scales them in place).
   */
  layout(text: string, features: string[] = []): { glyphs: { id: number; advanceWidth: number; codePoints: number[] }[]; positions: fontkit.GlyphPosition[]; advanceWidth: number } {
    const run = this.shaper.shape(this.face, features, text);
    const o = run.offsets;
    return {
      glyphs: run.ids.map((id, i) => ({ id, advanceWidth: run.widths[i], codePoints: [...run.chars[i]].map((c) => c.codePointAt(0)!) })),
      positions: run.adv.map((xAdvance, i) => ({ xAdvance, yAdvance: o ? o.yAdvance[i] : 0, xOffset: o ? o.x[i] : 0, yOffset: o ? o.y[i] : 0 })),
      advanceWidth: run.advance,
    };
  }

  /** The subset pdfkit fills as it encodes (glyph 0 first, then glyphs as first drawn) and embeds at the end. */
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array } {
    const glyphs = [0];
    const ids = new Map([[0, 0]]);
    return {
      includeGlyph: (id) => {
        let n = ids.get(id);
        if (n === undefined) {
          ids.set(id, (n = glyphs.length));
          glyphs.push(id);
        }
        return n;
      },
      encode: () => {
        const cut = () => this.shaper.subset(this.face, glyphs);
        return this.memo ? this.memo.subset(this.shaper.fontFileHash(facePath(this.face)), glyphs, cut) : cut();
      },
    };
  }
}
