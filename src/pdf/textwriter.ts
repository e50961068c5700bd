import type { DeflateMemo } from '../deflate.js';
import type { Shaper } from '../text/shaper.js';
import type { ShapedRun } from '../text/simpleshape.js';
import type { Face } from '../typeset/types.js';
import { currentFont, drawFragment, includeGlyphs, usePageFont, type PdfFont } from '../vendor.js';
import type { PackedLine } from './packedline.js';
import { PdfFace } from './pdfface.js';

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

/** The parts of pdfkit's document the writer uses (its private parts are in src/vendor.ts). */
export interface TextDoc {
  page: { height: number };
  registerFont(name: string, src: unknown): unknown;
  font(name: string): unknown;
  fontSize(size: number): unknown;
  addContent(data: string | Uint8Array): unknown;
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
 * Each face is registered with pdfkit on first use as a PdfFace of the build's Shaper: every string
 * is drawn with the glyphs and advances it was measured with, and each face's subset is cut by it.
 */
export class TextWriter {
  private readonly fonts = new Map<Face, PdfFont>();
  /** Per font and features: text → its encoding, or null when a glyph is offset (marks); and a session's encodings from earlier builds. */
  private readonly encoded = new Map<PdfFont, Map<string, { encoded: Map<string, Encoded | null>; before: Map<string, Coded> | undefined }>>();
  /** Features arrays (one per paragraph style, so many equal ones) → their key. */
  private readonly featureKeys = new WeakMap<readonly string[], string>();

  constructor(
    private readonly doc: TextDoc,
    private readonly shaper: Shaper,
    /** Text objects an earlier build of a session wrote (see TextObjects). */
    private readonly objects?: TextObjects,
    /** Font subsets cut by earlier builds (see PdfFace). */
    private readonly subsets?: DeflateMemo,
  ) {}

  /** pdfkit's font object for a face, registered on first use. */
  font(face: Face): PdfFont {
    let f = this.fonts.get(face);
    if (!f) {
      this.doc.registerFont(face, new PdfFace(this.shaper, face, this.subsets));
      this.doc.font(face);
      f = currentFont(this.doc);
      this.fonts.set(face, f);
      this.encoded.set(f, new Map());
    }
    return f;
  }

  /**
   * A string's encoding, as pdfkit's encoder makes it (adding its glyphs to the font's subset) from
   * the Shaper's run; null if a glyph has an x or y offset. With a session's TextObjects, a string an
   * earlier build encoded is not encoded again when its glyphs get the same codes in this document
   * (they are given in order of first use): its glyphs are added to the subset as the encoder would.
   */
  private encode(font: PdfFont, face: Face, text: string, features: readonly string[]): Encoded | null {
    let fkey = this.featureKeys.get(features);
    if (fkey === undefined) this.featureKeys.set(features, (fkey = features.join(',')));
    const byFeatures = this.encoded.get(font)!;
    let table = byFeatures.get(fkey);
    if (!table) byFeatures.set(fkey, (table = { encoded: new Map(), before: this.objects?.coded(face, fkey) }));
    const cache = table.encoded;
    let out = cache.get(text);
    if (out !== undefined) return out;
    const before = table.before?.get(text);
    if (before && includeGlyphs(font, before.run, before.codes)) {
      cache.set(text, before.encoded);
      return before.encoded;
    }
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
    if (table.before && out) table.before.set(text, { run: this.shaper.shape(face, features, text), codes: hex.map((h) => parseInt(h, 16)), encoded: out });
    cache.set(text, out);
    return out;
  }

  // The text object being written (see put): its operators so far and the text state they set.
  private out = '';
  private open = false;
  private inArray = false;
  private fontId = '';
  private size = 0;
  private scale = 1;
  private tracking = 0;
  /** Where the pen stands after the last glyph drawn, in PDF coordinates (NaN: set a text matrix). */
  private penX = NaN;
  private penY = NaN;

  /** Draws the pieces in order as one text object (see put). */
  draw(pieces: readonly TextPiece[]): void {
    for (const p of pieces) this.put(p.text, p.face, p.size, p.features, p.x, p.y, p.scale ?? 1, p.tracking ?? 0);
    this.end();
  }

  /**
   * Adds a string to the current text object (opened on first use; `end` closes it): `x` and `y` are
   * the left end of its baseline from the page's top-left corner. Strings whose glyphs are offset
   * (combining marks) go through pdfkit's own `_fragment`, which places each such glyph.
   */
  put(text: string, face: Face, size: number, features: readonly string[], x: number, y: number, scale = 1, tracking = 0): void {
    if (text === '') return;
    const doc = this.doc;
    const font = this.font(face);
    usePageFont(doc, font);
    const enc = this.encode(font, face, text, features);
    if (enc === null) {
      this.fragment = true;
      this.end();
      doc.font(face);
      doc.fontSize(size);
      drawFragment(doc, text, x, y, { baseline: 'alphabetic', features, characterSpacing: tracking, ...(scale !== 1 ? { horizontalScaling: scale * 100 } : {}) });
      return;
    }
    if (!this.open) {
      this.out = `q\n1 0 0 -1 0 ${num(doc.page.height)} cm\nBT\n`;
      this.open = true;
      this.fontId = '';
      this.scale = 1;
      this.tracking = 0;
      this.penX = this.penY = NaN;
    }
    const py = doc.page.height - y;
    // A new line, or letter-spaced text (whose advance depends on its glyph count): a text matrix.
    if (py !== this.penY || tracking !== 0 || this.tracking !== 0) {
      this.endArray();
      this.out += `1 0 0 1 ${num(x)} ${num(py)} Tm\n`;
      this.penX = x;
      this.penY = py;
    }
    if (font.id !== this.fontId || size !== this.size) {
      this.endArray();
      this.out += `/${font.id} ${num(size)} Tf\n`;
      this.fontId = font.id;
      this.size = size;
    }
    if (tracking !== this.tracking) {
      this.endArray();
      this.out += `${num(tracking)} Tc\n`;
      this.tracking = tracking;
    }
    if (scale !== this.scale) {
      this.endArray();
      this.out += `${num(scale * 100)} Tz\n`;
      this.scale = scale;
    }
    this.out += this.inArray ? ' ' : '[';
    this.inArray = true;
    // The gap from the pen to this string, in thousandths of the font size as the TJ array counts (negative moves right).
    const gap = num(((this.penX - x) * 1000) / (size * scale));
    if (gap !== 0) this.out += `${gap} `;
    this.out += enc.tj;
    this.penX = x + ((enc.advance * size) / 1000 + tracking * enc.glyphs) * scale;
  }

  /** Closes the current text object and writes it into the page; returns its bytes (none if none was open). */
  end(): Buffer | undefined {
    if (!this.open) return undefined;
    this.endArray();
    const bytes = Buffer.from(`${this.out}ET\nQ\n`, 'latin1');
    this.doc.addContent(bytes);
    this.out = '';
    this.open = false;
    return bytes;
  }

  /** A string went through pdfkit's own drawing (see put): what was written is not one text object. */
  private fragment = false;

  /**
   * Draws runs `from`..`to` of a packed line (images aside: the caller draws them) as one text
   * object, its left end at `x`, its baseline at `y`: `put` for each run, then `end`. With a session's
   * TextObjects, the bytes an earlier build wrote for the same line at the same place are written
   * instead, once the same calls to the font have been made as `put` makes (the face registered and
   * named in the page's resources, the glyphs added to the subset) and every run encoded to the same
   * glyph codes as then: codes are given in order of first use in the document, so a glyph new
   * before this line could change them.
   */
  line(p: PackedLine, from: number, to: number, x: number, y: number, tracking: number): void {
    const objects = this.objects;
    if (!objects) {
      for (let k = from; k < to; k++) if (!p.styles[k].image) this.put(p.texts[k], p.styles[k].face, p.styles[k].size, p.styles[k].features, x + p.xs[k], y, p.scale || 1, tracking);
      this.end();
      return;
    }
    const place: Place = { from, x, y, tracking, height: this.doc.page.height };
    const cached = objects.get(p, place);
    const fonts: string[] = [];
    const tjs: string[] = [];
    let same = cached !== undefined;
    for (let k = from; k < to; k++) {
      const st = p.styles[k];
      const text = p.texts[k];
      if (st.image || text === '') continue;
      const font = this.font(st.face);
      usePageFont(this.doc, font);
      const enc = this.encode(font, st.face, text, st.features);
      if (enc === null) {
        same = false;
        break;
      }
      if (same && (font.id !== cached!.fonts[fonts.length] || enc.tj !== cached!.tjs[tjs.length])) same = false;
      fonts.push(font.id);
      tjs.push(enc.tj);
    }
    if (same && fonts.length === cached!.fonts.length) {
      this.doc.addContent(cached!.bytes);
      objects.hits++;
      objects.keep(p, cached!);
      return;
    }
    this.fragment = false;
    for (let k = from; k < to; k++) if (!p.styles[k].image) this.put(p.texts[k], p.styles[k].face, p.styles[k].size, p.styles[k].features, x + p.xs[k], y, p.scale || 1, tracking);
    const bytes = this.end();
    objects.misses++;
    if (bytes && !this.fragment) objects.keep(p, { ...place, bytes, fonts, tjs });
  }

  private endArray(): void {
    if (this.inArray) this.out += '] TJ\n';
    this.inArray = false;
  }
}

/** Where runs of a packed line are drawn: from run `from`, at (x, y) on a page `height` tall, letter-spaced by `tracking`. */
interface Place {
  from: number;
  x: number;
  y: number;
  tracking: number;
  height: number;
}

/** A string's glyphs as shaped, their codes in the document it was encoded for, and its encoding. */
interface Coded {
  run: ShapedRun;
  codes: number[];
  encoded: Encoded;
}

/** A text object as written for a line at one place: its bytes, and the font and glyph codes of each run. */
interface TextObject extends Place {
  bytes: Buffer;
  /** Per run drawn, in order: its font's resource name and its encoding (TJ operands). */
  fonts: string[];
  tjs: string[];
}

/**
 * The text objects of packed lines, for a process that builds the same book again (`build --watch`):
 * made by build.ts's BuildSession and handed down, never a module's state. A line the paragraph memo
 * kept (the same PackedLine, see PackedLines) drawn at the same place is not formatted again (see
 * TextWriter.line). What a build did not draw is forgotten when the next build ends (`sweep`).
 */
export class TextObjects {
  // A line is drawn at one place or a few: its objects are looked through, compared by number (a key
  // string made of the coordinates cost more than the rest of a reused line's drawing).
  private entries = new WeakMap<PackedLine, TextObject[]>();
  private used = new WeakMap<PackedLine, TextObject[]>();
  /**
   * Strings encoded, by face, features and text (see TextWriter.encode). Not swept: they are at most
   * the strings the session shaped, which its Shaper keeps too.
   */
  private readonly codes = new Map<Face, Map<string, Map<string, Coded>>>();
  /** Written as before, and anew, since the last sweep (the benchmark prints them). */
  hits = 0;
  misses = 0;

  get(line: PackedLine, place: Place): TextObject | undefined {
    return find(this.used.get(line), place) ?? find(this.entries.get(line), place);
  }

  keep(line: PackedLine, object: TextObject): void {
    const list = this.used.get(line);
    if (!list) {
      this.used.set(line, [object]);
      return;
    }
    let at = firstAtY(list, object.y);
    for (; at < list.length && list[at].y === object.y; at++) {
      if (samePlace(list[at], object)) {
        list[at] = object;
        return;
      }
    }
    list.splice(at, 0, object);
  }

  /** The strings encoded in a face with features (joined with ','), by text. */
  coded(face: Face, features: string): Map<string, Coded> {
    let byFeatures = this.codes.get(face);
    if (!byFeatures) this.codes.set(face, (byFeatures = new Map()));
    let table = byFeatures.get(features);
    if (!table) byFeatures.set(features, (table = new Map()));
    return table;
  }

  /** Ends a build: keeps what it drew, forgets the rest. */
  sweep(): void {
    this.entries = this.used;
    this.used = new WeakMap();
    this.hits = 0;
    this.misses = 0;
  }
}

function samePlace(a: Place, b: Place): boolean {
  return a.from === b.from && a.x === b.x && a.y === b.y && a.tracking === b.tracking && a.height === b.height;
}

/**
 * A line's objects are kept in order of their baseline: a line the same text repeats (an epigraph, a
 * refrain, a book of copies) is drawn at many places, and looked up at each.
 */
function find(list: readonly TextObject[] | undefined, place: Place): TextObject | undefined {
  if (!list) return undefined;
  for (let at = firstAtY(list, place.y); at < list.length && list[at].y === place.y; at++) if (samePlace(list[at], place)) return list[at];
  return undefined;
}

/** The index of the first object at or below baseline `y` in a list in order of baselines. */
function firstAtY(list: readonly TextObject[], y: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].y < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
