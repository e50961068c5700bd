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

/** A string's glyphs as a TJ array's contents, and how far they move the pen. */
interface Encoded {
  /** Hex glyph strings and kerning adjustments, exactly as pdfkit's `_fragment` writes them. */
  tj: string;
  /** Advance of the whole string in thousandths of the font size (kerning included). */
  advance: number;
  /** Number of glyphs (character spacing is added once per glyph). */
  glyphs: number;
}

/**
 * Draws text straight into the page's content stream, a whole group of pieces (a line, a running
 * head) in one text object: one text matrix per line and one TJ array per font, the space between
 * words given as a TJ adjustment computed from the exact positions, so every glyph lands where
 * pdfkit's own `text()` would put it (the same encoder, the same glyph strings and kerning). The
 * glyph string of each (font, features, text) is encoded once per document. pdfkit's `_fragment`
 * costs a save, a transform, a text object, a re-shaped string and a dozen small writes per word.
 *
 * Each face is registered with pdfkit on first use as the font object the setter measured with
 * (src/typeset/fonts.ts), so every font file is parsed once per process.
 */
export class TextWriter {
  private readonly fonts = new Map<Face, PdfFont>();
  /** Per font and features: text → its encoding, or null when a glyph is offset (marks). */
  private readonly encoded = new Map<PdfFont, Map<string, Map<string, Encoded | null>>>();
  /** Features arrays (one per paragraph style, so many equal ones) → their key. */
  private readonly featureKeys = new WeakMap<readonly string[], string>();

  constructor(private readonly doc: TextDoc) {}

  /** pdfkit's font object for a face, registered on first use. */
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

  /** A string's encoding through pdfkit's encoder (which also adds its glyphs to the subset); null if a glyph has an x or y offset. */
  private encode(font: PdfFont, text: string, features: readonly string[]): Encoded | null {
    let fkey = this.featureKeys.get(features);
    if (fkey === undefined) this.featureKeys.set(features, (fkey = features.join(',')));
    const byFeatures = this.encoded.get(font)!;
    let cache = byFeatures.get(fkey);
    if (!cache) byFeatures.set(fkey, (cache = new Map()));
    let out = cache.get(text);
    if (out !== undefined) return out;
    const [hex, positions] = font.encode(text, features as string[]);
    const commands: string[] = [];
    let last = 0;
    let advance = 0;
    out = null;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      if (p.xOffset || p.yOffset) break;
      advance += p.xAdvance;
      const adjust = p.xAdvance - p.advanceWidth;
      if (adjust !== 0 || i === positions.length - 1) {
        commands.push(`<${hex.slice(last, i + 1).join('')}> ${num(-adjust)}`);
        last = i + 1;
      }
      if (i === positions.length - 1) out = { tj: commands.join(' '), advance, glyphs: positions.length };
    }
    cache.set(text, out);
    return out;
  }

  /**
   * Draws the pieces in order as one text object. Pieces whose glyphs are offset (combining marks)
   * go through pdfkit's own `_fragment`, which places each such glyph.
   */
  draw(pieces: readonly TextPiece[]): void {
    const doc = this.doc;
    const h = doc.page.height;
    const fonts = doc.page.fonts;
    let out = '';
    let open = false;
    let inArray = false;
    let fontId = '';
    let size = 0;
    let scale = 1;
    let tracking = 0;
    // Where the pen stands after the last glyph drawn, in page coordinates (NaN: set a text matrix).
    let penX = NaN;
    let penY = NaN;
    const endArray = () => {
      if (inArray) out += '] TJ\n';
      inArray = false;
    };
    const close = () => {
      if (!open) return;
      endArray();
      doc.addContent(Buffer.from(`${out}ET\nQ\n`, 'latin1'));
      out = '';
      open = false;
    };
    for (const p of pieces) {
      if (p.text === '') continue;
      const font = this.font(p.face);
      if (fonts[font.id] == null) fonts[font.id] = font.ref();
      const enc = this.encode(font, p.text, p.features);
      if (enc === null) {
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
        out = `q\n1 0 0 -1 0 ${num(h)} cm\nBT\n`;
        open = true;
        fontId = '';
        scale = 1;
        tracking = 0;
        penX = penY = NaN;
      }
      const y = h - p.y;
      const t = p.tracking ?? 0;
      const s = p.scale ?? 1;
      // A new line, or letter-spaced text (whose advance depends on its glyph count): a text matrix.
      if (y !== penY || t !== 0 || tracking !== 0) {
        endArray();
        out += `1 0 0 1 ${num(p.x)} ${num(y)} Tm\n`;
        penX = p.x;
        penY = y;
      }
      if (font.id !== fontId || p.size !== size) {
        endArray();
        out += `/${font.id} ${num(p.size)} Tf\n`;
        fontId = font.id;
        size = p.size;
      }
      if (t !== tracking) {
        endArray();
        out += `${num(t)} Tc\n`;
        tracking = t;
      }
      if (s !== scale) {
        endArray();
        out += `${num(s * 100)} Tz\n`;
        scale = s;
      }
      out += inArray ? ' ' : '[';
      inArray = true;
      // The gap from the pen to this piece, in thousandths of the font size as the TJ array counts (negative moves right).
      const gap = num(((penX - p.x) * 1000) / (size * scale));
      if (gap !== 0) out += `${gap} `;
      out += enc.tj;
      penX = p.x + ((enc.advance * size) / 1000 + t * enc.glyphs) * scale;
    }
    close();
  }
}
