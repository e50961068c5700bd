import type * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * Every private part of a dependency samizdat relies on, and nothing else: what fontkit, pdfkit and
 * jszip do not document but samizdat cannot do without. Each was read in the exact version pinned in
 * package.json (`PINNED`; test/vendor.test.ts fails when the installed one differs), so an upgrade is
 * a deliberate step that starts here. Nothing here, nor anywhere else, replaces a method or a field
 * of an object a dependency made: samizdat reads them, or makes objects of its own.
 */
export const PINNED = { fontkit: '2.0.4', pdfkit: '0.20.2', jszip: '3.10.2' } as const;

// ——— fontkit 2.0.4 ———

/** A table's place in a font file (the sfnt table directory). */
export interface TableRecord {
  offset: number;
  length: number;
}

/**
 * A TrueType font's bytes and table directory, for the readers that take what they need from the file
 * itself (text/simpleshape.ts shapes simple words from GSUB and GPOS, text/subset.ts cuts subsets),
 * where fontkit decodes whole tables first. Undefined for what they cannot read: WOFF and WOFF2
 * (compressed tables), fonts with variations.
 */
export interface TrueTypeFile {
  bytes: Uint8Array;
  tables: Record<string, TableRecord | undefined>;
  /** The glyph id of a code point by the font's cmap (0: none), without making fontkit's Glyph objects. */
  glyphId(codePoint: number): number;
}

interface FontkitInternals {
  /** 'TTF' for an uncompressed sfnt (TrueType or CFF outlines), 'WOFF', 'WOFF2', 'DFont', 'TTC'. */
  type?: string;
  stream?: { buffer: Uint8Array };
  directory?: { tables: Record<string, TableRecord | undefined> };
  _variationProcessor?: unknown;
  _cmapProcessor: { lookup(cp: number): number };
}

export function trueTypeFile(font: fontkit.Font): TrueTypeFile | undefined {
  const f = font as unknown as FontkitInternals;
  const tables = f.directory?.tables;
  if (f.type !== 'TTF' || !f.stream || !tables || f._variationProcessor) return undefined;
  return { bytes: f.stream.buffer, tables, glyphId: (cp) => f._cmapProcessor.lookup(cp) };
}

/**
 * fontkit keeps one Glyph object per glyph id, with the characters of the first run that made it: a
 * shaped run's glyphs then carry another text's characters (an Arabic letter first met inside a
 * ligature maps to nothing), and the PDF's ToUnicode map, made from them, would depend on what was
 * shaped before (another book in the same process). This returns an object of samizdat's own whose
 * prototype is the font: its `layout` is fontkit's, run with a `getGlyph` that gives each glyph a run
 * asks for with other characters as a view of the shared one (decoded metrics and outline shared)
 * with its own. It relies on fontkit's layout engine asking `this.getGlyph(id, codePoints)` for the
 * glyphs it substitutes (fontkit 2.0.4, OTLayoutEngine.substitute).
 */
export function layoutView(font: fontkit.Font): fontkit.Font {
  const getGlyph = (font as unknown as { getGlyph(id: number, codePoints?: number[]): fontkit.Glyph | null }).getGlyph;
  const view = Object.create(font) as fontkit.Font & { getGlyph(id: number, codePoints?: number[]): fontkit.Glyph | null };
  view.getGlyph = function (id: number, codePoints: number[] = []) {
    const g = getGlyph.call(this, id, codePoints);
    if (!g || sameCodePoints(g.codePoints, codePoints)) return g;
    void g.advanceWidth; // computed on the shared glyph, so that views inherit it
    return Object.create(g, { codePoints: { value: codePoints, enumerable: true } }) as fontkit.Glyph;
  };
  return view;
}

function sameCodePoints(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ——— pdfkit 0.20.2 ———

/**
 * pdfkit's embedded font (EmbeddedFont), as the text writer uses it: its resource id and reference,
 * and its encoder, which shapes through the font object samizdat registered (text/pdfface.ts) and
 * adds the glyphs to the subset.
 */
export interface PdfFont {
  id: string;
  ref(): unknown;
  encode(text: string, features?: string[]): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
}

/** What pdfkit's EmbeddedFont keeps of the glyphs it encoded: the subset, and each subset glyph's width and code points. */
interface PdfFontInternals {
  subset: { includeGlyph(id: number): number };
  scale: number;
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
}

/**
 * Adds a shaped run's glyphs to the font's subset exactly as pdfkit's `encode` does (in order, each
 * glyph's width and code points recorded on its first use), without shaping or formatting anything;
 * true if each glyph got the code in `codes` (then the run's glyph string is the one encoded before).
 */
export function includeGlyphs(font: PdfFont, run: { ids: readonly number[]; widths: readonly number[]; chars: readonly string[] }, codes: readonly number[]): boolean {
  const f = font as unknown as PdfFontInternals;
  let same = run.ids.length === codes.length;
  for (let i = 0; i < run.ids.length; i++) {
    const gid = f.subset.includeGlyph(run.ids[i]);
    if (f.widths[gid] == null) f.widths[gid] = run.widths[i] * f.scale;
    if (f.unicode[gid] == null) f.unicode[gid] = [...run.chars[i]].map((c) => c.codePointAt(0)!);
    if (gid !== codes[i]) same = false;
  }
  return same;
}

interface PdfkitInternals {
  _font: PdfFont;
  page: { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
  _fragment(text: string, x: number, y: number, options: object): void;
  _root: { data: Record<string, unknown> };
}

/** The embedded font `doc.font(name)` selected. */
export function currentFont(doc: object): PdfFont {
  return (doc as PdfkitInternals)._font;
}

/** Adds `font` to the current page's resources (a page drawn with the font's glyphs names it there). */
export function usePageFont(doc: object, font: PdfFont): void {
  const fonts = (doc as PdfkitInternals).page.fonts;
  if (fonts[font.id] == null) fonts[font.id] = font.ref();
}

/** Adds a form or image object to the current page's resources under `name` (a page that draws it with Do names it there). */
export function usePageXObject(doc: object, name: string, ref: unknown): void {
  const xobjects = (doc as PdfkitInternals).page.xobjects;
  if (xobjects[name] == null) xobjects[name] = ref;
}

/** pdfkit's own drawing of one string (what `text()` does for each line), for strings with offset glyphs. */
export function drawFragment(doc: object, text: string, x: number, y: number, options: object): void {
  (doc as PdfkitInternals)._fragment(text, x, y, options);
}

/**
 * Embeds an image pdfkit opened (`doc.openImage` of its checked bytes) in the document now (the image's `embed`,
 * which `doc.image` calls on first use), and settles once pdfkit has written it. pdfkit decodes a PNG
 * with an alpha channel, a transparent palette or interlacing asynchronously (zlib's inflate on the
 * thread pool) and writes its objects when that ends: images drawn in a row came out in the order
 * their decoding ended, which varied from build to build. Embedded one at a time, in page order, they
 * come out in that order. A PNG drops its decoder once written (PNGImage.finalize); a JPEG is written
 * at once.
 */
export async function embedImage(doc: object, opened: object, name: string): Promise<void> {
  const image = opened as { obj?: unknown; image?: unknown; embed(doc: object): void };
  if (image.obj) return;
  image.embed(doc);
  for (let waited = 0; 'image' in image && image.image != null; waited++) {
    if (waited > 60_000) throw new Error(`pdfkit did not finish embedding ${name}`);
    await new Promise((resolve) => setTimeout(resolve, waited < 100 ? 0 : 1));
  }
}

/** Sets an entry of the document catalog, which pdfkit has no call for (/PageLabels). */
export function setCatalogEntry(doc: object, key: string, value: unknown): void {
  (doc as PdfkitInternals)._root.data[key] = value;
}

/**
 * A pdfkit document that writes `xmp` as its XMP packet: pdfkit makes its own in `_addInfo`, without
 * escaping (`&` in a title gives malformed XML), so a document class of samizdat's own writes the
 * packet there instead.
 *
 * With `deflate`, every stream pdfkit would compress is deflated by it rather than by pdfkit (the same
 * bytes as pdfkit's `zlib.deflateSync`): each page's content stream (`page` true), and the others (font
 * subsets, ToUnicode maps: `page` false, which must give the bytes) as pdfkit ends them, through a
 * reference of samizdat's own (`Reference`). When it gives a promise for a page (deflated on another
 * thread), the page is
 * written as pdfkit would write it, with a one-byte stand-in for the stream, and pdfkit draws on:
 * from the stand-in's dictionary on, what pdfkit writes waits in order until the bytes come, then goes
 * out with the stream's real Length and bytes in place; the cross-reference table is written last,
 * with each object's offset moved on by what the streams before it gained. The file is byte for byte
 * the one a synchronous deflate writes. `settled(n)` waits until at most `n` streams are awaited.
 */
export function pdfDocument(options: object, xmp: string, deflate?: (data: Uint8Array, page: boolean) => Uint8Array | Promise<Uint8Array>): unknown {
  const Base = PDFDocument as unknown as new (options: object) => PdfkitDocument;
  class Reference extends PdfReference {
    /** pdfkit's, with the stream deflated by `deflate` first (then handed to pdfkit as written). */
    override finalize(): void {
      if (this.compress && this.buffer.length > 0) {
        const out = deflate!(Buffer.concat(this.buffer), false);
        if (!(out instanceof Uint8Array)) throw new Error('unreachable: a stream other than a page deflated elsewhere');
        this.compress = false;
        this.buffer = [out];
      }
      super.finalize();
    }
  }
  class Document extends Base {
    /** Content streams being deflated elsewhere, by their object number. */
    private readonly later = new Map<number, Promise<Uint8Array>>();
    /** The stream whose object pdfkit is writing now, and how many of its writes (dictionary, 'stream', bytes) were taken. */
    private taking?: { stream: Stream; writes: number };
    /** What pdfkit wrote since the first stream still awaited, in order. */
    private queue: (Uint8Array | Stream)[] = [];
    /** Each stand-in's place in pdfkit's count of bytes, and how much longer the real stream and its dictionary are. */
    private readonly gains: { at: number; gain: number }[] = [];
    private finalizing = false;
    private readonly settledWaiters: { n: number; resolve(): void; reject(e: unknown): void }[] = [];
    /** Why a stream never came (the thread failed): what waits for streams learns it too. */
    private failed?: { error: unknown };

    _addInfo(): void {
      this.appendXML(xmp);
    }

    /** pdfkit's reference (its `ref`, with its bookkeeping), of the class above when the document deflates its streams. */
    override ref(data?: object): PdfReference {
      if (!deflate) return super.ref(data);
      const ref = new Reference(this, this._offsets.length + 1, data);
      this._offsets.push(null);
      this._waiting++;
      return ref;
    }

    /**
     * Pages are written out when the next begins and at the end: each page's content stream is
     * deflated here by `deflate` and handed to pdfkit as written (or as a stand-in: see above),
     * after the page's marked content is closed as pdfkit would close it.
     */
    override flushPages(): void {
      if (deflate) {
        for (const page of this._pageBuffer) {
          this.endPageMarkings(page);
          const c = page.content;
          if (!c.compress || c.buffer.length === 0) continue;
          const out = deflate(Buffer.concat(c.buffer), true);
          // Its Filter (FlateDecode) was set as it was written; its Length is set from the buffer.
          c.compress = false;
          if (out instanceof Uint8Array) c.buffer = [out];
          else {
            c.buffer = [STAND_IN];
            this.later.set(c.id, out);
          }
        }
      }
      super.flushPages();
    }

    /** pdfkit's `_write` (strings as Latin-1 with a newline), with the awaited streams' objects held in order. */
    override _write(data: string | Uint8Array): void {
      const bytes = typeof data === 'string' ? Buffer.from(data + '\n', 'latin1') : data;
      // pdfkit's constructor writes the header before this class's fields are made.
      if (this.queue === undefined) {
        this.push(bytes);
        this._offset += bytes.length;
        return;
      }
      const taking = this.taking;
      if (taking) {
        // The object's dictionary, 'stream', then the stand-in: all three replaced by what the stream becomes.
        if (taking.writes++ === 0) {
          taking.stream.dictionary = data as string;
          this.gains.push({ at: this._offset, gain: 0 });
          this.queue.push(taking.stream);
        }
        if (taking.writes === 3) this.taking = undefined;
      } else if (this.queue.length > 0) this.queue.push(bytes);
      else this.push(bytes);
      this._offset += bytes.length;
      if (typeof data === 'string' && data.endsWith(' 0 obj')) {
        const id = Number(data.slice(0, -6));
        const out = this.later.get(id);
        if (out) {
          this.later.delete(id);
          const stream: Stream = { dictionary: '', gains: this.gains.length };
          this.taking = { stream, writes: 0 };
          out
            .then((deflated) => {
              stream.bytes = deflated;
              this.drain();
            })
            .catch((e: unknown) => this.fail(e));
        }
      }
    }

    /** Writes out what waited, up to the first stream still awaited; then the end, if pdfkit reached it. */
    private drain(): void {
      let i = 0;
      for (; i < this.queue.length; i++) {
        const q = this.queue[i];
        if (q instanceof Uint8Array) {
          this.push(q);
          continue;
        }
        if (!q.bytes) break;
        const dictionary = q.dictionary.replace(`/Length ${STAND_IN.length}\n`, `/Length ${q.bytes.length}\n`);
        if (dictionary === q.dictionary) throw new Error(`unreachable: a page stream's dictionary without its Length: ${q.dictionary}`);
        this.gains[q.gains].gain = dictionary.length - q.dictionary.length + q.bytes.length - STAND_IN.length;
        this.push(Buffer.from(`${dictionary}\nstream\n`, 'latin1'));
        this.push(q.bytes);
      }
      this.queue.splice(0, i);
      const awaited = this.queue.filter((q) => !(q instanceof Uint8Array)).length + this.later.size;
      for (const w of this.settledWaiters.splice(0)) {
        if (awaited <= w.n) w.resolve();
        else this.settledWaiters.push(w);
      }
      if (this.queue.length === 0 && this.finalizing) this.finishLater();
    }

    /** Settles once at most `n` page streams are still being deflated elsewhere; rejects if one never will be. */
    settled(n: number): Promise<void> {
      if (this.failed) return Promise.reject(this.failed.error);
      const awaited = this.queue.filter((q) => !(q instanceof Uint8Array)).length + this.later.size;
      if (awaited <= n) return Promise.resolve();
      return new Promise((resolve, reject) => this.settledWaiters.push({ n, resolve, reject }));
    }

    private fail(e: unknown): void {
      this.failed ??= { error: e };
      for (const w of this.settledWaiters.splice(0)) w.reject(e);
      this.emit('error', e);
    }

    /** The cross-reference table and trailer, once every stream before them is out. */
    override _finalize(): void {
      this.finalizing = true;
      if (this.queue.length === 0) this.finishLater();
    }

    private finishLater(): void {
      this.finalizing = false;
      if (this.gains.length > 0) {
        // Offsets as pdfkit counted them, with stand-ins, moved on by the gains of the streams before them
        // (the gains are in the order of their places: sums so far, found by bisection).
        const sums = [0];
        for (const g of this.gains) sums.push(sums[sums.length - 1] + g.gain);
        const moved = (offset: number) => {
          let lo = 0;
          let hi = this.gains.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (this.gains[mid].at < offset) lo = mid + 1;
            else hi = mid;
          }
          return offset + sums[lo];
        };
        this._offsets = this._offsets.map((o) => (o == null ? o : moved(o)));
        this._offset = moved(this._offset);
        this.gains.length = 0;
      }
      super._finalize();
    }
  }
  return new Document(options);
}

/** A page stream deflated elsewhere: the dictionary pdfkit wrote for its stand-in, and the bytes once they come. */
interface Stream {
  dictionary: string;
  /** Its index in the document's `gains`. */
  gains: number;
  bytes?: Uint8Array;
}

/** What pdfkit writes in place of a stream deflated elsewhere, until its bytes come. */
const STAND_IN = new Uint8Array(1);

/** The parts of pdfkit 0.20.2's PDFReference (an indirect object, with its stream) that `Reference` reads or overrides. */
interface PdfReference {
  id: number;
  data: object;
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

/**
 * pdfkit's PDFReference, which it does not export: the class of a reference its document's `ref` makes
 * (called here on a stand-in for a document, which it reads `_offsets`, `_waiting` and `compress` of).
 */
const PdfReference = (PDFDocument.prototype as unknown as { ref(this: object, data: object): object }).ref.call({ _offsets: [], _waiting: 0, compress: false }, {}).constructor as new (document: object, id: number, data?: object) => PdfReference;

/** The parts of pdfkit 0.20.2's PDFDocument that the document class above overrides or reads. */
interface PdfkitDocument {
  ref(data?: object): PdfReference;
  appendXML(xml: string): void;
  flushPages(): void;
  endPageMarkings(page: object): void;
  _pageBuffer: PdfPage[];
  _write(data: string | Uint8Array): void;
  _finalize(): void;
  _offset: number;
  _offsets: (number | null)[];
  /** References made and not yet ended: pdfkit ends the document when none is left. */
  _waiting: number;
  push(chunk: Uint8Array | null): boolean;
  emit(event: string, ...args: unknown[]): boolean;
}

/** A pdfkit page: its content stream (a PDFReference) as it buffers what was drawn until the page ends. */
interface PdfPage {
  content: { id: number; compress: boolean; buffer: Uint8Array[] };
}

// ——— jszip 3.10.2 (epub-gen-memory's zip) ———

/**
 * What a jszip file object holds as it was given (a string or bytes), read without jszip's
 * asynchronous round trip; undefined for anything else.
 */
export function jszipData(file: object): string | Uint8Array | undefined {
  const held = (file as { _data?: unknown })._data;
  return typeof held === 'string' || held instanceof Uint8Array ? held : undefined;
}
