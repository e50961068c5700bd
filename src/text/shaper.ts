import type * as fontkit from 'fontkit';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { layoutView, trueTypeFile, type TrueTypeFile } from '../vendor.js';
import { ShapingCache } from './cache.js';
import { composesFraction, Fonts, FRACTION, type Face } from './fonts.js';
import { shapeSimple, simpleShaping, type ShapedRun, type SimpleShaping } from './simpleshape.js';
import { subsetTrueType } from './subset.js';

/**
 * A shaped string: per glyph its id in the font, its advance with kerning, its advance width (font
 * units) and the characters it stands for (what a PDF's ToUnicode map gives back), in visual order.
 */
export interface GlyphRun extends ShapedRun {
  /** The sum of `adv`, in font units. */
  advance: number;
  /** Per glyph its x and y offsets and y advance (font units), when a glyph has one (marks, Arabic); else absent. */
  offsets?: { x: number[]; y: number[]; yAdvance: number[] };
  /** Read by this build (a run loaded from the disk cache and never read is not saved again). */
  used?: boolean;
}

/** One face as a Shaper holds it. */
interface FaceState {
  font: fontkit.Font;
  /** The font, shaping with glyphs of samizdat's own (see vendor.ts `layoutView`). */
  view: fontkit.Font;
  file: TrueTypeFile | undefined;
  simple: SimpleShaping | null;
  unitsPerEm: number;
  /** Runs by features (joined with ',') and text. */
  runs: Map<string, Map<string, GlyphRun>>;
}

export interface ShaperOptions {
  /** Where shaped runs and hyphenation points are kept between builds (see cache.ts); none: in memory only. */
  cache?: ShapingCache;
  /** The parsed fonts; a new registry when not given. */
  fonts?: Fonts;
}

/**
 * The text engine of one build: shapes strings in the book's faces (simpleshape.ts for simple runs,
 * fontkit for the rest), once each, for the setter's measuring and the PDF's drawing alike; cuts the
 * font subsets the PDF embeds; and remembers the hyphenation points found. All its memory is its own,
 * made by build.ts and handed down, so two builds at once never see each other's state; with a
 * `cache` it starts from what the manuscript's last build saved and saves what this one used.
 */
export class Shaper {
  private readonly faces = new Map<Face, FaceState>();
  /** The fonts this Shaper shapes with, and which face draws each character. */
  readonly fonts: Fonts;
  /** Hyphenation points by language, capital-allowed flag and word (see typeset/hyphenate.ts). */
  readonly hyphenation: Map<string, number[]>;
  private readonly cache: ShapingCache | undefined;
  /** Runs shaped anew since the last save that the cache keeps (see cache.ts). */
  private added = 0;

  constructor(options: ShaperOptions = {}) {
    this.cache = options.cache;
    this.fonts = options.fonts ?? new Fonts();
    this.hyphenation = this.cache?.hyphenation() ?? new Map();
  }

  private state(face: Face): FaceState {
    let st = this.faces.get(face);
    if (!st) {
      const font = this.fonts.font(face);
      const file = trueTypeFile(font);
      st = { font, view: layoutView(font), file, simple: simpleShaping(file), unitsPerEm: font.unitsPerEm, runs: new Map() };
      this.faces.set(face, st);
      this.cache?.loadRuns(face, st.runs);
    }
    return st;
  }

  /** The parsed font of a face (metrics for the PDF's font descriptor). */
  font(face: Face): fontkit.Font {
    return this.state(face).font;
  }

  unitsPerEm(face: Face): number {
    return this.state(face).unitsPerEm;
  }

  /** `text` shaped in `face` with the OpenType `features` (besides the defaults), as fontkit's `layout` shapes it. */
  shape(face: Face, features: readonly string[], text: string): GlyphRun {
    return this.shapeIn(this.state(face), this.table(face, features), features, text);
  }

  private table(face: Face, features: readonly string[]): Map<string, GlyphRun> {
    const runs = this.state(face).runs;
    const key = features.join(',');
    let t = runs.get(key);
    if (!t) runs.set(key, (t = new Map()));
    return t;
  }

  private shapeIn(st: FaceState, table: Map<string, GlyphRun>, features: readonly string[], text: string): GlyphRun {
    let run = table.get(text);
    if (!run) {
      // Most words take the fast path (simpleshape.ts); what it declines, fontkit shapes.
      run = this.withFractions(st, table, features, text);
      if (!run) {
        const simple = st.simple ? shapeSimple(st.simple, text, features) : undefined;
        run = simple ? withAdvance(simple) : fromFontkit(st.view.layout(text, features as string[]));
      }
      table.set(text, run);
      if (!run.offsets) this.added++;
    }
    run.used = true;
    return run;
  }

  /**
   * `text` with the vulgar fractions the face lacks set from their parts with its 'frac' feature
   * (see fonts.ts `composesFraction`), the rest as usual; undefined when it has none. Their glyphs
   * stand for the parts ('4', '⁄', '5'), which is what a reader copying the PDF's text gets.
   */
  private withFractions(st: FaceState, table: Map<string, GlyphRun>, features: readonly string[], text: string): GlyphRun | undefined {
    if (!FRACTION.test(text)) return undefined;
    const runs: GlyphRun[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      if (!composesFraction(st.font, text.charCodeAt(i))) continue;
      if (i > from) runs.push(this.shapeIn(st, table, features, text.slice(from, i)));
      runs.push(fromFontkit(st.view.layout(text[i].normalize('NFKD'), [...features, 'frac'])));
      from = i + 1;
    }
    if (runs.length === 0) return undefined;
    if (from < text.length) runs.push(this.shapeIn(st, table, features, text.slice(from)));
    const out: GlyphRun = { ids: [], adv: [], widths: [], chars: [], advance: 0 };
    const offsets = runs.some((r) => r.offsets) ? { x: [] as number[], y: [] as number[], yAdvance: [] as number[] } : undefined;
    for (const r of runs) {
      out.ids.push(...r.ids);
      out.adv.push(...r.adv);
      out.widths.push(...r.widths);
      out.chars.push(...r.chars);
      out.advance += r.advance;
      if (offsets) {
        offsets.x.push(...(r.offsets?.x ?? r.ids.map(() => 0)));
        offsets.y.push(...(r.offsets?.y ?? r.ids.map(() => 0)));
        offsets.yAdvance.push(...(r.offsets?.yAdvance ?? r.ids.map(() => 0)));
      }
    }
    if (offsets) out.offsets = offsets;
    return out;
  }

  /**
   * The width of strings in one style, in points: `text` → its advance at `size` pt. For the setter's
   * hot loops (the style's table is looked up once).
   */
  measurer(face: Face, size: number, features: readonly string[]): (text: string) => number {
    const st = this.state(face);
    const table = this.table(face, features);
    const k = size / 1000;
    return (text) => (text === '' ? 0 : ((this.shapeIn(st, table, features, text).advance * 1000) / st.unitsPerEm) * k);
  }

  /** Width in points of `text` set in `face` at `size` pt with `features`. */
  measure(text: string, face: Face, size: number, features: readonly string[]): number {
    if (text === '') return 0;
    const st = this.state(face);
    // In thousandths of an em first, as pdfkit counts (the same arithmetic, the same widths to the last bit).
    return (((this.shapeIn(st, this.table(face, features), features, text).advance * 1000) / st.unitsPerEm) * size) / 1000;
  }

  /**
   * The subset of a face holding `glyphs` (glyph 0 first, then the others in the order given, then
   * the components of composite glyphs), as a font file for the PDF: cut from the TrueType bytes
   * (subset.ts), or by fontkit for a face it cannot read (WOFF).
   */
  subset(face: Face, glyphs: readonly number[]): Uint8Array {
    const st = this.state(face);
    const own = st.file && subsetTrueType(st.file, glyphs);
    if (own) return own;
    const s = (st.font as unknown as { createSubset(): unknown }).createSubset() as { cff?: unknown; includeGlyph(id: number): number; encode(): Uint8Array };
    if (s.cff != null) throw new Error(`face '${face}' has CFF outlines, which samizdat does not embed`);
    for (const g of glyphs) s.includeGlyph(g);
    return s.encode();
  }

  /** Runs remembered and characters in their texts, for tests: what the memory holds grows with the text, not faster. */
  size(): { runs: number; chars: number } {
    let runs = 0;
    let chars = 0;
    for (const st of this.faces.values()) {
      for (const t of st.runs.values()) {
        runs += t.size;
        for (const k of t.keys()) chars += k.length;
      }
    }
    return { runs, chars };
  }

  /** SHA-256 of a font file, as the shaping cache computed it (once) when there is one. */
  fontFileHash(path: string): string {
    return this.cache?.fileHash(path) ?? createHash('sha256').update(readFileSync(path)).digest('hex');
  }

  /**
   * Ends the build: saves the runs it used and the hyphenation points to the cache, if it has one
   * (see cache.ts). Never fails: a cache that cannot be written is no cache. `keepUnused`: the build
   * took lines set by an earlier one (pdf/memo.ts), so the runs it did not shape may still be the
   * setter's; they are kept.
   */
  save(keepUnused = false): void {
    if (!this.cache) return;
    const faces = new Map<Face, Map<string, Map<string, GlyphRun>>>();
    for (const [face, st] of this.faces) faces.set(face, st.runs);
    this.cache.save(faces, this.hyphenation, this.added, keepUnused);
    this.added = 0;
  }
}

function withAdvance(run: ShapedRun): GlyphRun {
  let advance = 0;
  for (const a of run.adv) advance += a;
  return { ...run, advance };
}

/** A run from fontkit's shaping. */
function fromFontkit(run: fontkit.GlyphRun): GlyphRun {
  const out: GlyphRun = { ids: [], adv: [], widths: [], chars: [], advance: 0 };
  let offset = false;
  for (let i = 0; i < run.glyphs.length; i++) {
    const g = run.glyphs[i];
    const p = run.positions[i];
    out.ids.push(g.id);
    out.adv.push(p.xAdvance);
    out.widths.push(g.advanceWidth);
    out.chars.push(String.fromCodePoint(...g.codePoints));
    out.advance += p.xAdvance;
    if (p.xOffset || p.yOffset || p.yAdvance) offset = true;
  }
  if (offset) out.offsets = { x: run.positions.map((p) => p.xOffset), y: run.positions.map((p) => p.yOffset), yAdvance: run.positions.map((p) => p.yAdvance) };
  return out;
}
