import type { TrueTypeFile } from '../vendor.js';
import { Bytes, classOf, coverageIndex, IGNORE_BASE_GLYPHS, IGNORE_LIGATURES, LayoutTable, valueAdvance, valueSize } from './otlayout.js';

/**
 * A fast path for fontkit's `font.layout(text, features)` on simple runs: Latin, Greek, Cyrillic and
 * common characters without combining marks, in a font whose OpenType lookups for them are single
 * substitutions, ligatures and pair or single positioning. That is nearly every word of a European
 * book, and fontkit spends about 0.1 ms on each of them in a fresh process (it rebuilds its plan per
 * call and its generic machinery takes long to warm up): a quarter of the seed's first build.
 *
 * It follows fontkit 2.0's steps exactly (same features, script and lookup order; see
 * node_modules/fontkit/src/opentype), so a run gets the same glyphs and advances; `test/text/
 * simpleshape.test.ts` compares the two on every word of the fixtures. Whenever a run would touch
 * anything else (a contextual lookup whose coverage it reaches, a mark, a placement offset, a legacy
 * `kern` table, font variations) it returns undefined and fontkit shapes the run as before.
 */

/** A shaped run: per glyph its id, advance with kerning and advance width (font units), and characters. */
export interface ShapedRun {
  ids: number[];
  adv: number[];
  widths: number[];
  chars: string[];
}

interface Lookup {
  table: LayoutTable;
  type: number;
  subtables: number[];
  /** Set for lookups this module does not apply: the coverages that would let them do something. */
  triggers?: number[];
  /**
   * What the lookup does at a glyph, found once per glyph (a book's words repeat their letters):
   * for a single substitution the new glyph, for a ligature lookup the ligature sets of the subtables
   * that cover it, for a pair adjustment the subtables that cover it, for a lookup not applied
   * NOT_SIMPLE when it would touch the glyph.
   */
  memo?: Map<number, number | number[]>;
}

/** A memo's word for "fontkit must shape this run". */
const NOT_SIMPLE = -2;
/** A memo's word for "the lookup leaves this glyph alone". */
const UNTOUCHED = -1;

interface Plan {
  gsub: Lookup[];
  gpos: Lookup[];
  /** Per glyph, whether a GSUB lookup of the plan does anything to it (a run of glyphs none is touched by skips them all). */
  substituted: Map<number, boolean>;
  /** Per glyph, the sum of the GPOS lookups' own adjustments to its advance (NaN: not simple). */
  single: Map<number, number>;
  /** Per glyph pair (first × 65536 + second), the sum of the pair adjustments, packed by `pack` (NaN: not simple). */
  pairs: Map<number, number>;
}

/** One font's simple shaping: its tables and what was worked out from them (see `simpleShaping`). */
export interface SimpleShaping {
  font: TrueTypeFile;
  gsub?: LayoutTable;
  gpos?: LayoutTable;
  /** The font file's bytes. */
  bytes: Bytes;
  /** hmtx and its number of long metrics (hhea), for advance widths. */
  hmtx: number;
  longMetrics: number;
  /** GDEF's glyph class definition, for marks. */
  glyphClassDef?: number;
  /** Per code point: glyph id × 4 + script (see scriptOf), or -1 when a run with it is not simple. */
  chars: Map<number, number>;
  plans: Map<string, Plan | null>;
}
type FontState = SimpleShaping;

// fontkit's DefaultShaper: one stage of these features, then the user's (frac, numr and dnom are
// local to fractions, which a simple run never has).
const SHAPER_FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'];
const LOCAL_FEATURES = new Set(['frac', 'numr', 'dnom']);
const DEFAULT_SCRIPTS = ['DFLT', 'dflt', 'latn'];

/** The script of a simple run's code point (0 common, then SCRIPT_TAGS), or -1 when a run with it is not simple. */
const SCRIPT_TAGS = ['', 'latn', 'grek', 'cyrl'];
function scriptOf(cp: number): number {
  // ASCII: letters are Latin; other printable characters common; controls are not simple.
  if (cp < 0x80) return cp < 0x20 || cp === 0x7f ? -1 : (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? 1 : 0;
  const ch = String.fromCharCode(cp);
  // Marks, controls, format characters (default ignorables), the fraction slash, variation selectors
  // and surrogates (astral characters) change shaping.
  if (cp === 0x2044 || /[\p{M}\p{C}\uFE00-\uFE0F]/u.test(ch)) return -1;
  if (/\p{Script=Latin}/u.test(ch)) return 1;
  if (/\p{Script=Greek}/u.test(ch)) return 2;
  if (/\p{Script=Cyrillic}/u.test(ch)) return 3;
  return /\p{Script=Common}/u.test(ch) ? 0 : -1;
}

/**
 * The font's simple shaping, or null when all its runs go to fontkit: not a plain TrueType file (a
 * WOFF's tables are compressed), AAT, variations, or no GPOS (fontkit then positions by Unicode
 * classes or a legacy kern table). Its memo of plans and lookups grows with the text shaped.
 */
export function simpleShaping(file: TrueTypeFile | undefined): SimpleShaping | null {
  const tables = file?.tables;
  if (!file || !tables?.GPOS || !tables.hhea || !tables.hmtx || tables.morx) return null;
  const b = new Bytes(file.bytes);
  const st: SimpleShaping = { font: file, bytes: b, chars: new Map(), plans: new Map(), hmtx: tables.hmtx.offset, longMetrics: b.u16(tables.hhea.offset + 34) };
  st.gpos = new LayoutTable(b, tables.GPOS.offset, true);
  if (tables.GSUB) st.gsub = new LayoutTable(b, tables.GSUB.offset, false);
  const gdef = tables.GDEF?.offset;
  if (gdef !== undefined && b.u16(gdef + 4)) st.glyphClassDef = gdef + b.u16(gdef + 4);
  return st;
}

/** The lookups fontkit applies for `tags` in one stage, in its order (by lookup index, repeats kept). */
function lookupsOf(table: LayoutTable, features: Map<string, number[]>, tags: string[]): Lookup[] {
  const indexes: number[] = [];
  for (const tag of tags) indexes.push(...(features.get(tag) ?? []));
  indexes.sort((a, b) => a - b);
  return indexes.map((i) => {
    const { type, flags, subtables } = table.lookup(i);
    const supported = !(flags & (IGNORE_BASE_GLYPHS | IGNORE_LIGATURES)) && (table.gpos ? type === 1 || type === 2 : type === 1 || type === 4);
    return supported ? { table, type, subtables } : { table, type, subtables, triggers: subtables.map((at) => table.triggerCoverage(type, at)) };
  });
}

function planOf(st: FontState, script: string, features: readonly string[]): Plan | null {
  const key = script + '|' + features.join(',');
  let plan = st.plans.get(key);
  if (plan !== undefined) return plan;
  plan = null;
  const gsubFeatures = st.gsub ? st.gsub.features([script, ...DEFAULT_SCRIPTS]) : new Map<string, number[]>();
  const gposFeatures = st.gpos!.features([script, ...DEFAULT_SCRIPTS]);
  // No script in a table: fontkit keeps an earlier selection. No GPOS kern: fontkit kerns with the kern table.
  const legacyKern = !gposFeatures?.has('kern') && st.font.tables.kern;
  if (gsubFeatures && gposFeatures && !legacyKern) {
    const tags = [...SHAPER_FEATURES];
    for (const t of features) if (!tags.includes(t) && !LOCAL_FEATURES.has(t)) tags.push(t);
    plan = { gsub: st.gsub ? lookupsOf(st.gsub, gsubFeatures, tags) : [], gpos: lookupsOf(st.gpos!, gposFeatures, tags), substituted: new Map(), single: new Map(), pairs: new Map() };
  }
  st.plans.set(key, plan);
  return plan;
}

function isMark(st: FontState, glyph: number): boolean {
  return st.glyphClassDef !== undefined && classOf(st.bytes, st.glyphClassDef, glyph) === 3;
}

function touches(lookup: Lookup, glyph: number): boolean {
  return lookup.triggers!.some((c) => coverageIndex(lookup.table.b, c, glyph) >= 0);
}

/** What GSUB lookup `lookup` does at `glyph` (see Lookup.memo). */
function substitution(st: FontState, lookup: Lookup, glyph: number): number | number[] {
  const memo = (lookup.memo ??= new Map());
  let r = memo.get(glyph);
  if (r !== undefined) return r;
  const b = lookup.table.b;
  if (lookup.triggers) r = touches(lookup, glyph) ? NOT_SIMPLE : UNTOUCHED;
  else if (lookup.type === 1) {
    r = UNTOUCHED;
    for (const at of lookup.subtables) {
      const cov = coverageIndex(b, at + b.u16(at + 2), glyph);
      if (cov < 0) continue;
      const format = b.u16(at);
      r = format === 1 ? (glyph + b.i16(at + 4)) & 0xffff : format === 2 ? b.u16(at + 6 + cov * 2) : NOT_SIMPLE;
      if (r >= 0 && isMark(st, r)) r = NOT_SIMPLE;
      break;
    }
  } else {
    // Ligature substitution: every covering subtable's ligature set, tried in order.
    const sets: number[] = [];
    r = sets;
    for (const at of lookup.subtables) {
      const cov = coverageIndex(b, at + b.u16(at + 2), glyph);
      if (cov < 0) continue;
      if (b.u16(at) !== 1) {
        r = NOT_SIMPLE;
        break;
      }
      sets.push(at + b.u16(at + 6 + cov * 2));
    }
  }
  memo.set(glyph, r);
  return r;
}

/** Whether any GSUB lookup of the plan would do something to `glyph` (substitute it, start a ligature, refuse it). */
function substituted(st: FontState, plan: Plan, glyph: number): boolean {
  let r = plan.substituted.get(glyph);
  if (r === undefined) {
    r = false;
    for (const lookup of plan.gsub) {
      const what = substitution(st, lookup, glyph);
      if (typeof what === 'number' ? what !== UNTOUCHED : what.length > 0) r = true;
    }
    plan.substituted.set(glyph, r);
  }
  return r;
}

/** Applies the GSUB lookups to `ids` and their `chars` in place; false when the run is not simple after all. */
function substitute(st: FontState, plan: Plan, ids: number[], chars: string[]): boolean {
  // Most words hold no glyph any lookup touches: nothing to do.
  let any = false;
  for (let i = 0; i < ids.length && !any; i++) any = substituted(st, plan, ids[i]);
  if (!any) return true;
  for (const lookup of plan.gsub) {
    const b = lookup.table.b;
    for (let i = 0; i < ids.length; i++) {
      const r = substitution(st, lookup, ids[i]);
      if (r === NOT_SIMPLE) return false;
      if (typeof r === 'number') {
        if (r !== UNTOUCHED) ids[i] = r;
        continue;
      }
      // The first ligature of the first set whose components follow.
      found: for (const set of r) {
        for (let k = 0; k < b.u16(set); k++) {
          const lig = set + b.u16(set + 2 + k * 2);
          const n = b.u16(lig + 2) - 1;
          if (i + n >= ids.length) continue;
          let m = 0;
          while (m < n && ids[i + 1 + m] === b.u16(lig + 4 + m * 2)) m++;
          if (m < n) continue;
          const glyph = b.u16(lig);
          ids.splice(i, n + 1, glyph);
          chars.splice(i, n + 1, chars.slice(i, i + n + 1).join(''));
          if (isMark(st, glyph)) return false;
          break found;
        }
      }
    }
  }
  return true;
}

/** Pair adjustments of up to ±2^20 font units, packed into one number. */
const BIAS = 2 ** 20;
function pack(x1: number, x2: number): number {
  return Math.abs(x1) < BIAS && Math.abs(x2) < BIAS ? (x1 + BIAS) * 2 * BIAS + (x2 + BIAS) : NaN;
}

/** The sum of what the GPOS lookups do to a glyph by itself: single adjustments (NaN: not simple). */
function singleAdjustment(plan: Plan, glyph: number): number {
  let x = plan.single.get(glyph);
  if (x !== undefined) return x;
  x = 0;
  for (const lookup of plan.gpos) {
    if (lookup.triggers) {
      if (touches(lookup, glyph)) x = NaN;
      continue;
    }
    if (lookup.type !== 1) continue;
    const b = lookup.table.b;
    for (const at of lookup.subtables) {
      const cov = coverageIndex(b, at + b.u16(at + 2), glyph);
      if (cov < 0) continue;
      const format = b.u16(at);
      const vf = b.u16(at + 4);
      const a = valueAdvance(b, format === 1 ? at + 6 : at + 8 + cov * valueSize(vf), vf);
      x = a === null || format > 2 ? NaN : x + a;
      break;
    }
  }
  plan.single.set(glyph, x);
  return x;
}

/** The subtables of a pair lookup whose coverage holds `glyph`, and its index there: [at, index, …]. */
function coveringSubtables(lookup: Lookup, glyph: number): number[] {
  const memo = (lookup.memo ??= new Map());
  let r = memo.get(glyph) as number[] | undefined;
  if (r) return r;
  r = [];
  const b = lookup.table.b;
  for (const at of lookup.subtables) {
    const cov = coverageIndex(b, at + b.u16(at + 2), glyph);
    if (cov >= 0) r.push(at, cov);
  }
  memo.set(glyph, r);
  return r;
}

/** The sum of the pair adjustments of two glyphs in a row, packed (NaN: not simple). */
function pairAdjustment(plan: Plan, first: number, second: number): number {
  const key = first * 65536 + second;
  let packed = plan.pairs.get(key);
  if (packed !== undefined) return packed;
  let x1 = 0;
  let x2 = 0;
  for (const lookup of plan.gpos) {
    if (lookup.triggers || lookup.type !== 2) continue;
    const b = lookup.table.b;
    const covering = coveringSubtables(lookup, first);
    for (let s = 0; s < covering.length; s += 2) {
      const at = covering[s];
      const cov = covering[s + 1];
      const format = b.u16(at);
      const vf1 = b.u16(at + 4);
      const vf2 = b.u16(at + 6);
      let record: number;
      if (format === 1) {
        // The pair set is sorted by second glyph.
        const set = at + b.u16(at + 10 + cov * 2);
        const size = 2 + valueSize(vf1) + valueSize(vf2);
        let lo = 0;
        let hi = b.u16(set) - 1;
        record = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const g = b.u16(set + 2 + mid * size);
          if (g === second) {
            record = set + 2 + mid * size + 2;
            break;
          }
          if (g < second) lo = mid + 1;
          else hi = mid - 1;
        }
        if (record < 0) continue;
      } else if (format === 2) {
        const c1 = classOf(b, at + b.u16(at + 8), first);
        const c2 = classOf(b, at + b.u16(at + 10), second);
        if (c1 >= b.u16(at + 12) || c2 >= b.u16(at + 14)) {
          x1 = NaN;
          break;
        }
        record = at + 16 + (c1 * b.u16(at + 14) + c2) * (valueSize(vf1) + valueSize(vf2));
      } else {
        x1 = NaN;
        break;
      }
      const a1 = valueAdvance(b, record, vf1);
      const a2 = valueAdvance(b, record + valueSize(vf1), vf2);
      if (a1 === null || a2 === null) x1 = NaN;
      else {
        x1 += a1;
        x2 += a2;
      }
      break;
    }
  }
  packed = pack(x1, x2);
  plan.pairs.set(key, packed);
  return packed;
}

/**
 * Applies the GPOS lookups to the advances; false when the run is not simple after all. Adjustments
 * only add up, so the sums per glyph and per pair (remembered) give what fontkit's lookup-by-lookup
 * pass gives.
 */
function position(plan: Plan, ids: number[], adv: number[]): boolean {
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const x = singleAdjustment(plan, ids[i]);
    if (Number.isNaN(x)) return false;
    adv[i] += x;
    if (i === n - 1) break;
    const p = pairAdjustment(plan, ids[i], ids[i + 1]);
    if (Number.isNaN(p)) return false;
    const x2 = (p % (2 * BIAS)) - BIAS;
    adv[i] += (p - x2 - BIAS) / (2 * BIAS) - BIAS;
    adv[i + 1] += x2;
  }
  return true;
}

/**
 * Shapes `text` as fontkit's `font.layout(text, features)` would, or returns undefined when the run
 * is not a simple one (fontkit must shape it).
 */
export function shapeSimple(st: SimpleShaping, text: string, features: readonly string[]): ShapedRun | undefined {
  if (text === '') return undefined;
  let script = 0;
  const ids: number[] = [];
  const chars: string[] = [];
  try {
    for (let i = 0; i < text.length; i++) {
      const cp = text.charCodeAt(i);
      let c = st.chars.get(cp);
      if (c === undefined) {
        const s = scriptOf(cp);
        const g = s < 0 ? 0 : st.font.glyphId(cp) || 0;
        st.chars.set(cp, (c = g === 0 || isMark(st, g) ? -1 : g * 4 + s));
      }
      if (c < 0) return undefined;
      if (!script) script = c & 3;
      ids.push(c >> 2);
      chars.push(text[i]);
    }
    const plan = planOf(st, script ? SCRIPT_TAGS[script] : 'zzzz', features);
    if (!plan || !substitute(st, plan, ids, chars)) return undefined;
    // Advance widths from hmtx (fontkit's glyph metrics also decode the outline, for vertical metrics).
    const widths = ids.map((id) => st.bytes.u16(st.hmtx + 4 * Math.min(id, st.longMetrics - 1)));
    const adv = widths.slice();
    if (!position(plan, ids, adv)) return undefined;
    return { ids, adv, widths, chars };
  } catch (e) {
    // A table this reader cannot follow: fontkit shapes the run (and reports a broken font itself).
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}
