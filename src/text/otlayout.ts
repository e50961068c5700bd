/**
 * The parts of a font's OpenType layout tables (GSUB, GPOS, GDEF) that simple shaping needs, read
 * straight from the font file's bytes (OpenType 1.9, "Common Table Formats", GSUB and GPOS).
 * fontkit decodes these tables with generic struct decoders: its first pass over EB Garamond's
 * kerning takes 0.1 s, where reading the few records a word needs takes microseconds.
 *
 * Offsets are validated lazily: a malformed table throws a RangeError from the DataView, which the
 * caller turns into "not simple" (fontkit then shapes the run, or reports the broken font).
 */

export class Bytes {
  private readonly view: DataView;
  constructor(buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  u16(at: number): number {
    return this.view.getUint16(at);
  }
  i16(at: number): number {
    return this.view.getInt16(at);
  }
  u32(at: number): number {
    return this.view.getUint32(at);
  }
  tag(at: number): string {
    return String.fromCharCode(this.view.getUint8(at), this.view.getUint8(at + 1), this.view.getUint8(at + 2), this.view.getUint8(at + 3));
  }
}

/** Index of `glyph` in the Coverage table at `at`, or -1. */
export function coverageIndex(b: Bytes, at: number, glyph: number): number {
  const format = b.u16(at);
  const count = b.u16(at + 2);
  let lo = 0;
  let hi = count - 1;
  if (format === 1) {
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = b.u16(at + 4 + mid * 2);
      if (g === glyph) return mid;
      if (g < glyph) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  if (format === 2) {
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = at + 4 + mid * 6;
      if (glyph < b.u16(r)) hi = mid - 1;
      else if (glyph > b.u16(r + 2)) lo = mid + 1;
      else return b.u16(r + 4) + glyph - b.u16(r);
    }
    return -1;
  }
  throw new RangeError(`coverage format ${format}`);
}

/** Class of `glyph` in the ClassDef table at `at` (0 when not listed). */
export function classOf(b: Bytes, at: number, glyph: number): number {
  const format = b.u16(at);
  if (format === 1) {
    const i = glyph - b.u16(at + 2);
    return i >= 0 && i < b.u16(at + 4) ? b.u16(at + 6 + i * 2) : 0;
  }
  if (format === 2) {
    let lo = 0;
    let hi = b.u16(at + 2) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = at + 4 + mid * 6;
      if (glyph < b.u16(r)) hi = mid - 1;
      else if (glyph > b.u16(r + 2)) lo = mid + 1;
      else return b.u16(r + 4);
    }
    return 0;
  }
  throw new RangeError(`class definition format ${format}`);
}

/** A lookup: its type (extensions resolved), flags and subtable offsets. */
export interface LookupTable {
  type: number;
  flags: number;
  subtables: number[];
}

export const IGNORE_BASE_GLYPHS = 0x2;
export const IGNORE_LIGATURES = 0x4;

/** A GSUB or GPOS table: its scripts' default features and its lookups. */
export class LayoutTable {
  private readonly lookups = new Map<number, LookupTable>();
  constructor(
    readonly b: Bytes,
    readonly at: number,
    readonly gpos: boolean,
  ) {}

  /**
   * The features of the first script of `scripts` the table has, by tag (its default language, as
   * fontkit selects them); undefined when it has none of them.
   */
  features(scripts: string[]): Map<string, number[]> | undefined {
    const b = this.b;
    const list = this.at + b.u16(this.at + 4);
    const count = b.u16(list);
    for (const want of scripts) {
      for (let i = 0; i < count; i++) {
        if (b.tag(list + 2 + i * 6) !== want) continue;
        const script = list + b.u16(list + 2 + i * 6 + 4);
        const out = new Map<string, number[]>();
        const langSys = b.u16(script);
        if (!langSys) return out;
        const features = this.at + b.u16(this.at + 6);
        const n = b.u16(script + langSys + 4);
        for (let k = 0; k < n; k++) {
          const index = b.u16(script + langSys + 6 + k * 2);
          const record = features + 2 + index * 6;
          const feature = features + b.u16(record + 4);
          const lookups: number[] = [];
          for (let j = 0; j < b.u16(feature + 2); j++) lookups.push(b.u16(feature + 4 + j * 2));
          out.set(b.tag(record), lookups);
        }
        return out;
      }
    }
    return undefined;
  }

  /** Lookup `index`, with an extension lookup's subtables replaced by the ones they point to. */
  lookup(index: number): LookupTable {
    let l = this.lookups.get(index);
    if (l) return l;
    const b = this.b;
    const list = this.at + b.u16(this.at + 8);
    const at = list + b.u16(list + 2 + index * 2);
    let type = b.u16(at);
    const subtables: number[] = [];
    for (let i = 0; i < b.u16(at + 4); i++) subtables.push(at + b.u16(at + 6 + i * 2));
    if (type === (this.gpos ? 9 : 7)) {
      type = subtables.length ? b.u16(subtables[0] + 2) : 0;
      for (let i = 0; i < subtables.length; i++) subtables[i] = subtables[i] + b.u32(subtables[i] + 4);
    }
    l = { type, flags: b.u16(at + 2), subtables };
    this.lookups.set(index, l);
    return l;
  }

  /** The coverage table that decides whether a subtable can apply at a glyph at all. */
  triggerCoverage(type: number, at: number): number {
    const b = this.b;
    const format = b.u16(at);
    const context = this.gpos ? 7 : 5;
    const chaining = this.gpos ? 8 : 6;
    if (type === context && format === 3) return at + b.u16(at + 6);
    if (type === chaining && format === 3) {
      const backtrack = b.u16(at + 2);
      return at + b.u16(at + 6 + backtrack * 2);
    }
    return at + b.u16(at + 2);
  }
}

/** Size in bytes of a GPOS value record of `format`. */
export function valueSize(format: number): number {
  let n = 0;
  for (let f = format & 0xff; f; f >>= 1) n += f & 1;
  return n * 2;
}

/** The x advance of the value record at `at`, or null when it moves a glyph otherwise (placement, y advance). */
export function valueAdvance(b: Bytes, at: number, format: number): number | null {
  let x = 0;
  let p = at;
  for (let bit = 1; bit <= 0x80; bit <<= 1) {
    if (!(format & bit)) continue;
    const v = b.i16(p);
    p += 2;
    // Device tables (0x10–0x80) hold offsets; fontkit applies them only to variable fonts.
    if (bit === 0x4) x = v;
    else if (bit < 0x10 && v !== 0) return null;
  }
  return x;
}
