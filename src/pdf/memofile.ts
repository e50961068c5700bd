import { endianness } from 'node:os';
import * as zlib from 'node:zlib';
import type { RunStyle } from '../typeset/boxes.js';
import type { Line, Run } from '../typeset/types.js';
import { columns, PackedLine } from './packedline.js';

/**
 * Set lines as the paragraph memo's file holds them (see memo.ts): flat arrays, not JSON of Run
 * objects (the seed ×100 sets half a million runs), written in a build as paragraphs are set, read
 * back when a build asks. A file: the header's byte length and a CRC-32 of everything after the
 * first 8 bytes (a damaged file is no file), the header (JSON: what the file is keyed to, the run
 * styles, the strings' lengths), the strings one after the other (UTF-8, or UTF-16 when one holds a
 * lone surrogate), then the floats (Float64: widths and positions exactly as set, -0 and infinities
 * included) and the integers (Int32).
 *
 * Strings: per entry its key, then its characters (the looked-up words, the runs' texts and anchors,
 * one after the other; the integers give their lengths). Integers: first each entry's start; an
 * entry is its key (a string index; its characters the next string), its first float, the number of
 * words it looked up and each word's length with the answer (0/1), its number of lines, and per line
 * its number of runs, `start` and flags (FLAGS), then per run its text's length, style (index in
 * `styles`), `offset` and anchors (a count, then each one's length). Floats: per line `width`,
 * `ratio`, its runs' `scale` (the setter gives every run of a line the same) and, when it hangs,
 * `hang.left` and `hang.right`; then per run `x` and `width`.
 */

/** What a file is keyed to besides its entries' keys. */
export interface FileKey {
  /** The code that set the lines (see build.ts). */
  code: string;
  /** Each face's font file as the lines were set: package path, resolved path (null: not installed), SHA-256 ('' when not opened). */
  fonts: [string, string | null, string][];
}

/** Entries' data, in a file read or being written. */
export interface Store {
  readonly strings: readonly string[];
  readonly styles: readonly SavedStyle[];
  readonly floats: Float64Array;
  readonly ints: Int32Array;
}

/** A run's style: what the runs of a paragraph style share. */
type SavedStyle = RunStyle;

interface Header extends FileKey {
  format: typeof FORMAT;
  endian: string;
  floats: number;
  ints: number;
  entries: number;
  /** Each string's length (UTF-16 code units), and how they are encoded, in how many bytes. */
  strings: number[];
  encoding: 'utf8' | 'utf16le';
  bytes: number;
  styles: SavedStyle[];
}

const FORMAT = 'samizdat paragraphs 2';
const FLAGS = { hyphenated: 1, overfull: 2, hang: 4, brokenNoBreakSpace: 8 };

/**
 * A file's entries, if written by `code`: for each its key, the words it looked up each followed by the answer, and where
 * it is in `store`. Undefined when the bytes are not a whole file of this format (damaged, cut
 * short, written on a machine of the other byte order).
 */
export function readMemoFile(bytes: Buffer, code: string): { key: FileKey; store: Store; entries: [string, (string | boolean)[], number][] } | undefined {
  try {
    if (bytes.length < 8 || zlib.crc32(bytes.subarray(8)) !== bytes.readUInt32LE(4)) return undefined;
    const length = bytes.readUInt32LE(0);
    const h = JSON.parse(bytes.toString('utf8', 8, 8 + length)) as Header;
    // Another code's file may be of another format: nothing more is read from it.
    if (h.format !== FORMAT || h.code !== code || h.endian !== endianness()) return undefined;
    const all = bytes.toString(h.encoding, 8 + length, 8 + length + h.bytes);
    const strings: string[] = [];
    let c = 0;
    for (const n of h.strings) strings.push(all.slice(c, (c += n)));
    if (c !== all.length) return undefined;
    const arraysAt = align8(8 + length + h.bytes);
    if (bytes.length !== arraysAt + h.floats * 8 + h.ints * 4) return undefined;
    // Typed arrays want aligned offsets: a copy when the buffer read does not give them.
    const aligned = (bytes.byteOffset + arraysAt) % 8 === 0;
    const buffer = aligned ? bytes.buffer : new Uint8Array(bytes.subarray(arraysAt)).buffer;
    const at = aligned ? bytes.byteOffset + arraysAt : 0;
    const store: Store = { strings, styles: h.styles, floats: new Float64Array(buffer, at, h.floats), ints: new Int32Array(buffer, at + h.floats * 8, h.ints) };
    const { ints } = store;
    const entries: [string, (string | boolean)[], number][] = [];
    for (let e = 0; e < h.entries; e++) {
      let p = ints[e];
      const key = ints[p];
      const chars = strings[key + 1];
      let c = 0;
      p += 2;
      const asked: (string | boolean)[] = [];
      for (let n = ints[p++]; n > 0; n--) asked.push(chars.slice(c, (c += ints[p++])), ints[p++] === 1);
      entries.push([strings[key], asked, ints[e]]);
    }
    return { key: { code: h.code, fonts: h.fonts }, store, entries };
  } catch {
    return undefined;
  }
}

/**
 * The lines of the entry at `at` in `store`, as the layout keeps them (packed, their styles the
 * file's): no Run object is made, as the setter's lines would have to be packed.
 */
export function readLines(store: Store, at: number, intern?: Map<string, string>): PackedLine[] {
  const { ints, floats, strings, styles } = store;
  const chars = strings[ints[at] + 1];
  let c = 0;
  let p = at + 1;
  let q = ints[p++];
  for (let n = ints[p++]; n > 0; n--, p += 2) c += ints[p];
  const lines: PackedLine[] = [];
  for (let n = ints[p++]; n > 0; n--) {
    const count = ints[p++];
    const start = ints[p++];
    const flags = ints[p++];
    const width = floats[q++];
    const ratio = floats[q++];
    const scale = floats[q++];
    const hang = flags & FLAGS.hang ? { left: floats[q++], right: floats[q++] } : undefined;
    const cols = columns(count);
    const { texts, styles: runStyles, xs, widths, offsets } = cols;
    let anchors: Map<number, string[]> | undefined;
    for (let r = 0; r < count; r++) {
      const text = chars.slice(c, (c += ints[p++]));
      const known = intern?.get(text);
      if (known === undefined) intern?.set(text, text);
      texts[r] = known ?? text;
      runStyles[r] = styles[ints[p++]];
      xs[r] = floats[q++];
      widths[r] = floats[q++];
      offsets[r] = ints[p++];
      const k = ints[p++];
      if (k) {
        const ids: string[] = [];
        for (let a = 0; a < k; a++) ids.push(chars.slice(c, (c += ints[p++])));
        (anchors ??= new Map()).set(r, ids);
      }
    }
    lines.push(new PackedLine({ width, hang, start, hyphenated: (flags & FLAGS.hyphenated) !== 0, ratio, overfull: (flags & FLAGS.overfull) !== 0, brokenNoBreakSpace: (flags & FLAGS.brokenNoBreakSpace) !== 0, ...cols, scale, anchors }));
  }
  return lines;
}

/** Entries written one by one (set lines, or entries copied from another store), then a file's bytes. */
export class MemoWriter implements Store {
  readonly strings: string[] = [];
  readonly styles: SavedStyle[] = [];
  private readonly styleIds = new Map<string, number>();
  /** Each copied store's styles as numbered here. */
  private readonly copiedStyles = new Map<Store, number[]>();
  private readonly f = new Growing(Float64Array);
  private readonly i = new Growing(Int32Array);
  private readonly starts: number[] = [];
  private chars = 0;
  private last: Run | undefined;
  private lastStyle = -1;

  /** Entries added or copied. */
  get count(): number {
    return this.starts.length;
  }
  /** The file's size so far, about (its strings counted as one byte a character). */
  get size(): number {
    return this.f.length * 8 + this.i.length * 4 + this.chars;
  }
  get floats(): Float64Array {
    return this.f.data;
  }
  get ints(): Int32Array {
    return this.i.data;
  }

  /** Adds an entry; returns where it is, or undefined when a line holds what this format cannot. */
  add(key: string, asked: readonly (string | boolean)[], lines: readonly Line[]): number | undefined {
    for (const line of lines) {
      if (!Number.isInteger(line.start)) return undefined;
      for (const r of line.runs) if (r.scale !== line.runs[0].scale || !Number.isInteger(r.offset)) return undefined;
    }
    const { i, f } = this;
    const at = this.begin(key, asked.length / 2);
    const chars: string[] = [];
    for (let k = 0; k < asked.length; k += 2) {
      chars.push(asked[k] as string);
      i.push2((asked[k] as string).length, asked[k + 1] ? 1 : 0);
    }
    i.push(lines.length);
    for (const line of lines) {
      i.push3(line.runs.length, line.start, (line.hyphenated ? FLAGS.hyphenated : 0) | (line.overfull ? FLAGS.overfull : 0) | (line.hang ? FLAGS.hang : 0) | (line.brokenNoBreakSpace ? FLAGS.brokenNoBreakSpace : 0));
      f.push3(line.width, line.ratio, line.runs.length ? line.runs[0].scale : 1);
      if (line.hang) f.push2(line.hang.left, line.hang.right);
      for (const r of line.runs) {
        chars.push(r.text);
        i.push2(r.text.length, this.styleOf(r));
        i.push2(r.offset, r.anchors?.length ?? 0);
        if (r.anchors) for (const a of r.anchors) {
          chars.push(a);
          i.push(a.length);
        }
        f.push2(r.x, r.width);
      }
    }
    const all = chars.join('');
    this.strings.push(all);
    this.chars += key.length + all.length;
    return at;
  }

  /** Copies the entry at `at` in `from`; returns where it is now. */
  copy(from: Store, at: number): number {
    const { ints, floats, strings, styles } = from;
    const { i, f } = this;
    let map = this.copiedStyles.get(from);
    if (!map) this.copiedStyles.set(from, (map = styles.map((s) => this.style(s))));
    let p = at;
    const key = ints[p++];
    const q = ints[p++];
    const asked = ints[p++];
    const out = this.begin(strings[key], asked);
    this.strings.push(strings[key + 1]);
    this.chars += strings[key].length + strings[key + 1].length;
    const from0 = p;
    p += 2 * asked;
    let values = 0;
    for (let n = ints[p++]; n > 0; n--) {
      const runs = ints[p];
      values += 3 + (ints[p + 2] & FLAGS.hang ? 2 : 0) + 2 * runs;
      p += 3;
      for (let r = 0; r < runs; r++) p += 4 + ints[p + 3];
    }
    // The integers as they were, but each run's style as numbered here.
    const start = i.length;
    i.append(ints.subarray(from0, p));
    const copied = i.data;
    p = start + 2 * asked;
    for (let n = copied[p++]; n > 0; n--) {
      const runs = copied[p];
      p += 3;
      for (let r = 0; r < runs; r++) {
        copied[p + 1] = map[copied[p + 1]];
        p += 4 + copied[p + 3];
      }
    }
    f.append(floats.subarray(q, q + values));
    return out;
  }

  /** The file of the entries added, keyed to `key`. */
  bytes(key: FileKey): Buffer {
    return Buffer.concat(this.pieces(key));
  }

  /**
   * The same file as pieces to write one after the other: views of the arrays and the strings encoded
   * a few hundred at a time, never the whole file in one buffer (a long book's is tens of MB, made
   * when its build's memory peaks).
   */
  pieces(key: FileKey): Uint8Array[] {
    // The entries' starts first: each moves by their number.
    const n = this.starts.length;
    const encoding = this.strings.every((t) => (t as unknown as { isWellFormed(): boolean }).isWellFormed()) ? 'utf8' : 'utf16le';
    const text: Buffer[] = [];
    let bytes = 0;
    for (let k = 0; k < this.strings.length; k += 512) {
      text.push(Buffer.from(this.strings.slice(k, k + 512).join(''), encoding));
      bytes += text[text.length - 1].length;
    }
    const header: Header = { format: FORMAT, endian: endianness(), ...key, floats: this.f.length, ints: n + this.i.length, entries: n, strings: this.strings.map((t) => t.length), encoding, bytes, styles: this.styles };
    const json = Buffer.from(JSON.stringify(header));
    const directory = new Int32Array(n);
    for (let k = 0; k < n; k++) directory[k] = this.starts[k] + n;
    const rest = [
      json,
      ...text,
      new Uint8Array(align8(8 + json.length + bytes) - (8 + json.length + bytes)),
      new Uint8Array(this.f.data.buffer, 0, this.f.length * 8),
      new Uint8Array(directory.buffer),
      new Uint8Array(this.i.data.buffer, 0, this.i.length * 4),
    ];
    const first = Buffer.alloc(8);
    first.writeUInt32LE(json.length, 0);
    first.writeUInt32LE(rest.reduce((crc, piece) => zlib.crc32(piece, crc), 0), 4);
    return [first, ...rest];
  }

  /** Starts an entry: its key (its characters are the next string), its first float, its number of looked-up words. */
  private begin(key: string, asked: number): number {
    const at = this.i.length;
    this.starts.push(at);
    this.i.push3(this.strings.push(key) - 1, this.f.length, asked);
    return at;
  }

  private styleOf(r: Run): number {
    const l = this.last;
    if (l && l.features === r.features && l.face === r.face && l.size === r.size && l.href === r.href && l.superscript === r.superscript && l.image === r.image) return this.lastStyle;
    const s: SavedStyle = { face: r.face, size: r.size, features: r.features };
    if (r.href !== undefined) s.href = r.href;
    if (r.superscript) s.superscript = true;
    if (r.image) s.image = r.image;
    this.last = r;
    return (this.lastStyle = this.style(s));
  }

  private style(s: SavedStyle): number {
    const k = `${s.face}\0${s.size}\0${s.features.join(',')}\0${s.href ?? ''}\0${s.superscript ? 1 : 0}\0${s.image ? JSON.stringify(s.image) : ''}`;
    let n = this.styleIds.get(k);
    if (n === undefined) this.styleIds.set(k, (n = this.styles.push(s) - 1));
    return n;
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** A typed array that doubles as it fills. */
class Growing<T extends Int32Array | Float64Array> {
  data: T;
  length = 0;
  constructor(private readonly make: new (n: number) => T) {
    this.data = new make(4096);
  }
  push(a: number): void {
    if (this.length + 1 > this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = a;
  }
  push2(a: number, b: number): void {
    if (this.length + 2 > this.data.length) this.grow(this.length + 2);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }
  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) this.grow(this.length + 3);
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
  append(values: ArrayLike<number> & { length: number }): void {
    if (this.length + values.length > this.data.length) this.grow(this.length + values.length);
    (this.data as Float64Array).set(values as Float64Array, this.length);
    this.length += values.length;
  }
  private grow(min: number): void {
    const next = new this.make(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }
}
