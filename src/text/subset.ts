import type { TableRecord, TrueTypeFile } from '../vendor.js';

/**
 * Font embedding for pdfkit, read straight from a TrueType file's bytes (OpenType 1.9: glyf, loca,
 * hmtx, head, hhea, maxp, post). pdfkit embeds a subset made by fontkit, which decodes and re-encodes
 * every table it copies element by element (the hinting programs byte by byte), and reads the whole
 * `post` table, every glyph's name, to learn whether the font is fixed-pitch: 20 ms per face, a tenth
 * of a short book's build. The subset here holds the same glyphs, in the same order, with the same
 * outlines, metrics and hinting. Fonts it cannot read (CFF, variations, WOFF) keep fontkit's.
 */

/**
 * The subset of a TrueType font holding `glyphs` (glyph 0 first, then the others in the order given,
 * then the components of composite glyphs as they are met), as a TrueType file; undefined for a font
 * without TrueType outlines (fontkit subsets those).
 */
export function subsetTrueType(file: TrueTypeFile, glyphs: readonly number[]): Uint8Array | undefined {
  const t = file.tables;
  if (!t.glyf || !t.loca || !t.head || !t.hhea || !t.hmtx || !t.maxp) return undefined;
  const subset = new TrueTypeSubset(file.bytes, new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), t as Record<string, TableRecord>);
  for (const g of glyphs) subset.includeGlyph(g);
  return subset.encode();
}

/**
 * The post table's header (what a PDF font descriptor needs: fixed pitch, italic angle); fontkit
 * decodes the whole table, every glyph's name, when any of it is read.
 */
export function postHeader(file: TrueTypeFile): { italicAngle: number; isFixedPitch: boolean } | undefined {
  const post = file.tables.post;
  if (!post) return undefined;
  const v = new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  return { italicAngle: v.getInt32(post.offset + 4) / 65536, isFixedPitch: v.getUint32(post.offset + 12) !== 0 };
}

// Composite glyph flags (glyf, "Composite glyph description").
const ARG_1_AND_2_ARE_WORDS = 0x1;
const WE_HAVE_A_SCALE = 0x8;
const MORE_COMPONENTS = 0x20;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x40;
const WE_HAVE_A_TWO_BY_TWO = 0x80;

/** A subset as fontkit's Subset makes it: glyph 0 first, then glyphs in the order they are included. */
class TrueTypeSubset {
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();
  private readonly longLoca: boolean;
  private readonly longMetrics: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private readonly tables: Record<string, TableRecord>,
  ) {
    this.longLoca = view.getInt16(tables.head.offset + 50) === 1;
    this.longMetrics = view.getUint16(tables.hhea.offset + 34);
    this.includeGlyph(0);
  }

  /** The glyph's id in the subset (added at the end if new). */
  includeGlyph(glyph: number | { id: number }): number {
    const id = typeof glyph === 'object' ? glyph.id : glyph;
    let n = this.mapping.get(id);
    if (n === undefined) {
      n = this.glyphs.length;
      this.glyphs.push(id);
      this.mapping.set(id, n);
    }
    return n;
  }

  private glyphRange(id: number): [number, number] {
    const loca = this.tables.loca.offset;
    const v = this.view;
    return this.longLoca ? [v.getUint32(loca + id * 4), v.getUint32(loca + id * 4 + 4)] : [v.getUint16(loca + id * 2) * 2, v.getUint16(loca + id * 2 + 2) * 2];
  }

  /** The subset as a TrueType file: head, hhea, maxp, loca, glyf, hmtx and the hinting tables (what a PDF needs). */
  encode(): Uint8Array {
    const v = this.view;
    const glyf = this.tables.glyf.offset;
    const outlines: Uint8Array[] = [];
    const hmtx: number[] = [];
    // Components of composite glyphs join the subset as they are met (the list grows as it is read).
    for (let i = 0; i < this.glyphs.length; i++) {
      const id = this.glyphs[i];
      const [start, end] = this.glyphRange(id);
      const outline = this.slice(glyf + start, glyf + end);
      if (outline.length >= 10 && new DataView(outline.buffer).getInt16(0) < 0) {
        const o = new DataView(outline.buffer);
        let p = 10;
        for (;;) {
          const flags = o.getUint16(p);
          o.setUint16(p + 2, this.includeGlyph(o.getUint16(p + 2)));
          p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
          p += flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0;
          if (!(flags & MORE_COMPONENTS)) break;
        }
      }
      outlines.push(outline);
      const m = this.tables.hmtx.offset;
      const long = Math.min(id, this.longMetrics - 1);
      const bearing = id < this.longMetrics ? v.getInt16(m + id * 4 + 2) : v.getInt16(m + this.longMetrics * 4 + (id - this.longMetrics) * 2);
      hmtx.push(v.getUint16(m + long * 4), bearing);
    }
    const n = this.glyphs.length;

    // glyf (each outline padded to 4 bytes) and its long loca.
    let size = 0;
    for (const o of outlines) size += (o.length + 3) & ~3;
    const glyfOut = new Uint8Array(size);
    const locaOut = new DataView(new ArrayBuffer((n + 1) * 4));
    let at = 0;
    outlines.forEach((o, i) => {
      locaOut.setUint32(i * 4, at);
      glyfOut.set(o, at);
      at += (o.length + 3) & ~3;
    });
    locaOut.setUint32(n * 4, at);
    const hmtxOut = new DataView(new ArrayBuffer(n * 4));
    for (let i = 0; i < n; i++) {
      hmtxOut.setUint16(i * 4, hmtx[i * 2]);
      hmtxOut.setInt16(i * 4 + 2, hmtx[i * 2 + 1]);
    }
    const head = this.copy('head');
    head.setUint32(8, 0); // checkSumAdjustment, set below
    head.setInt16(50, 1); // indexToLocFormat: long offsets
    const hhea = this.copy('hhea');
    hhea.setUint16(34, n);
    const maxp = this.copy('maxp');
    maxp.setUint16(4, n);
    const out: Record<string, Uint8Array> = {
      head: bytesOf(head),
      hhea: bytesOf(hhea),
      maxp: bytesOf(maxp),
      loca: bytesOf(locaOut),
      glyf: glyfOut,
      hmtx: bytesOf(hmtxOut),
    };
    for (const tag of ['cvt ', 'prep', 'fpgm']) if (this.tables[tag]) out[tag] = bytesOf(this.copy(tag));
    const file = sfnt(out);
    const adjust = (0xb1b0afba - checksum(file)) >>> 0;
    const headAt = new DataView(file.buffer).getUint32(12 + 16 * Object.keys(out).sort().indexOf('head') + 8);
    new DataView(file.buffer).setUint32(headAt + 8, adjust);
    return file;
  }

  private copy(tag: string): DataView {
    const t = this.tables[tag];
    return new DataView(this.slice(t.offset, t.offset + t.length).buffer);
  }

  /** A copy of bytes of the font file (a Node Buffer's `slice` would be a view of them). */
  private slice(from: number, to: number): Uint8Array {
    return new Uint8Array(this.bytes.subarray(from, to));
  }
}

function bytesOf(v: DataView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** Sum of a table's big-endian 32-bit words (zero-padded to a whole word). */
function checksum(b: Uint8Array): number {
  let sum = 0;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const whole = b.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  if (whole < b.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < b.length ? b[i] : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** An sfnt file of the tables: directory in tag order, each table at a 4-byte boundary. */
function sfnt(tables: Record<string, Uint8Array>): Uint8Array {
  const tags = Object.keys(tables).sort();
  const count = tags.length;
  let size = 12 + 16 * count;
  for (const tag of tags) size += (tables[tag].length + 3) & ~3;
  const file = new Uint8Array(size);
  const v = new DataView(file.buffer);
  const power = 2 ** Math.floor(Math.log2(count));
  v.setUint32(0, 0x00010000);
  v.setUint16(4, count);
  v.setUint16(6, power * 16);
  v.setUint16(8, Math.log2(power));
  v.setUint16(10, count * 16 - power * 16);
  let at = 12 + 16 * count;
  tags.forEach((tag, i) => {
    const t = tables[tag];
    const r = 12 + 16 * i;
    for (let k = 0; k < 4; k++) v.setUint8(r + k, tag.charCodeAt(k));
    v.setUint32(r + 4, checksum(t));
    v.setUint32(r + 8, at);
    v.setUint32(r + 12, t.length);
    file.set(t, at);
    at += (t.length + 3) & ~3;
  });
  return file;
}
