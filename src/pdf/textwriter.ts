import { faceFont } from '../typeset/index.js';
import type { Face } from '../typeset/types.js';

/** A string to draw in one face at one place: a run of a set line, a folio, a leader dot. */
export interface TextPiece {
  text: string;
  face: Face;
  size: number;
  features: readonly string[];
  /** Left end of the baseline, in points from the page's left edge. */
  x: number;
  /** Baseline, in points from the page's top edge. */
  y: number;
  /** Horizontal scale of the glyphs (1 = none). */
  scale?: number;
  /** Extra space after every character, in points. */
  tracking?: number;
}

/** The parts of pdfkit's document and embedded font (0.20) the writer uses; see render.ts for the rest. */
export interface TextDoc {
  page: { height: number; fonts: Record<string, unknown> };
  registerFont(name: string, src: unknown): unknown;
  font(name: string): unknown;
  _font: PdfFont;
  fontSize(size: number): unknown;
  addContent(data: string | Uint8Array): unknown;
  _fragment(text: string, x: number, y: number, options: object): void;
}
export interface PdfFont {
  id: string;
  ref(): unknown;
  encode(text: string, features?: string[]): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}

/** pdfkit's number format: rounded to 6 decimals. */
function num(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Draws text straight into the page's content stream, a whole group of pieces (a line, a running
 * head) in one text object: one font change where the face or size changes, one text matrix per
 * piece, and the glyph string of each (font, features, text) encoded once per document. The glyphs,
 * their kerning and their positions are exactly those pdfkit's own `text()` writes (the same
 * encoder, the same TJ arrays, the same numbers), without its per-call cost (a save, a transform, a
 * text object, a re-shaped string and a dozen small writes per word).
 *
 * Each face is registered with pdfkit on first use as the font object the setter measured with
 * (src/typeset/fonts.ts), so every font file is parsed once per process and shaped words are shared.
 */
export class TextWriter {
  private readonly fonts = new Map<Face, PdfFont>();
  /** Per font: features + text → the TJ array's contents, or null when a glyph is offset (marks). */
  private readonly encoded = new Map<PdfFont, Map<string, string | null>>();

  constructor(private readonly doc: TextDoc) {}

  /** pdfkit's font object for a face, registered on first use; every shaped string is cached on it. */
  font(face: Face): PdfFont {
    let f = this.fonts.get(face);
    if (!f) {
      this.doc.registerFont(face, faceFont(face));
      this.doc.font(face);
      f = this.doc._font;
      this.fonts.set(face, f);
      this.encoded.set(f, new Map());
    }
    return f;
  }

  /** The TJ array's contents for a string, as pdfkit's `_fragment` builds it; null if a glyph has an x or y offset. */
  private tj(font: PdfFont, text: string, features: readonly string[]): string | null {
    const cache = this.encoded.get(font)!;
    const key = features.length ? `${features.join(',')}|${text}` : text;
    let out = cache.get(key);
    if (out !== undefined) return out;
    const [hex, positions] = font.encode(text, features as string[]);
    const commands: string[] = [];
    let last = 0;
    out = '';
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      if (p.xOffset || p.yOffset) {
        out = null;
        break;
      }
      const adjust = p.xAdvance - p.advanceWidth;
      if (adjust !== 0 || i === positions.length - 1) {
        commands.push(`<${hex.slice(last, i + 1).join('')}> ${num(-adjust)}`);
        last = i + 1;
      }
    }
    if (out !== null) out = commands.join(' ');
    cache.set(key, out);
    return out;
  }

  /**
   * Draws the pieces in order as one text object (pieces whose glyphs are offset, such as combining
   * marks, go through pdfkit's own `_fragment`, which places each such glyph).
   */
  draw(pieces: readonly TextPiece[]): void {
    const doc = this.doc;
    const h = doc.page.height;
    const fonts = doc.page.fonts;
    let out = '';
    let open = false;
    let fontId = '';
    let size = NaN;
    let scale = 1;
    let tracking = 0;
    const close = () => {
      if (!open) return;
      doc.addContent(Buffer.from(`${out}ET\nQ\n`, 'latin1'));
      out = '';
      open = false;
    };
    for (const p of pieces) {
      if (p.text === '') continue;
      const font = this.font(p.face);
      if (fonts[font.id] == null) fonts[font.id] = font.ref();
      const tj = this.tj(font, p.text, p.features);
      if (tj === null) {
        close();
        doc.font(p.face);
        doc.fontSize(p.size);
        doc._fragment(p.text, p.x, p.y, {
          baseline: 'alphabetic',
          features: p.features,
          characterSpacing: p.tracking ?? 0,
          ...(p.scale && p.scale !== 1 ? { horizontalScaling: p.scale * 100 } : {}),
        });
        continue;
      }
      if (!open) {
        out += `q\n1 0 0 -1 0 ${num(h)} cm\nBT\n`;
        open = true;
        fontId = '';
        scale = 1;
        tracking = 0;
      }
      out += `1 0 0 1 ${num(p.x)} ${num(h - p.y)} Tm\n`;
      if (font.id !== fontId || p.size !== size) {
        out += `/${font.id} ${num(p.size)} Tf\n`;
        fontId = font.id;
        size = p.size;
      }
      const t = p.tracking ?? 0;
      if (t !== tracking) {
        out += `${num(t)} Tc\n`;
        tracking = t;
      }
      const s = p.scale ?? 1;
      if (s !== scale) {
        out += `${num(s * 100)} Tz\n`;
        scale = s;
      }
      out += `[${tj}] TJ\n`;
    }
    close();
  }
}
