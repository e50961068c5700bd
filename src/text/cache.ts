import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as fontkit from 'fontkit';
import { hyphenationCache } from '../typeset/hyphenate.js';
import { facePath, onFaceOpen, type Face } from './fonts.js';
import { shapeSimple, type ShapedRun } from './simpleshape.js';

/**
 * Shaped strings, shared by the setter's measuring and pdfkit's drawing and kept between builds of a
 * manuscript. Each face's `layout(text, features)` shapes a string once (simpleshape.ts for simple
 * runs, fontkit for the rest), remembers the glyphs and advances, and hands back the same glyphs and
 * positions thereafter; a manuscript's strings are saved beside the font caches of node_modules
 * (`.cache/samizdat/`) when its build ends, so an editor's next build starts warm.
 *
 * The hyphenation points found are saved with them (valid for the same compiled code only).
 *
 * Only left-to-right runs without glyph offsets or vertical advances are remembered (Latin, Greek,
 * Cyrillic: what books are mostly made of); anything else is shaped every time, as before. A saved
 * file names the font files (size and date) and fontkit's version, and is ignored when they differ.
 * SAMIZDAT_CACHE=off turns saving and loading off; SAMIZDAT_CACHE_DIR puts the files elsewhere.
 */

/** A remembered run: per glyph its id, advance (font units), advance in the font's metrics and characters. */
type Entry = ShapedRun;

/** What a cache file holds. */
interface Saved {
  version: number;
  fontkit: string;
  /** The compiled code that found `hyphenation` (its patterns and exceptions may change with it). */
  code?: string;
  /** Hyphenation points by language, capital-allowed flag and word (see hyphenate.ts): key, points, key, points… */
  hyphenation?: (string | number[])[];
  /**
   * Per face: the font file's fingerprint and its runs, each as key (features, NUL, text), glyph ids,
   * advances, widths and characters, one after the other (flat arrays write and read faster than
   * objects of thousands of keys).
   */
  faces: Record<string, { font: string; runs: (string | number[] | string[])[] }>;
}

const VERSION = 3;
const require = createRequire(import.meta.url);

/** Runs by face, for the whole process (several books built by one worker share them). */
const memory = new Map<Face, Map<string, Entry>>();
/** The manuscript being built: its cache file, what it loaded and which runs it used. */
let current: { file: string; loaded: number; used: Map<Face, Set<string>>; added: number; hyphenated: number } | undefined;
let hooked = false;

function enabled(): boolean {
  return process.env.SAMIZDAT_CACHE !== 'off';
}

/** fontkit's package folder (its exports hide package.json from require.resolve). */
function fontkitDir(): string {
  let dir = dirname(require.resolve('fontkit'));
  while (basename(dir) !== 'fontkit' && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function cacheDir(): string {
  if (process.env.SAMIZDAT_CACHE_DIR) return resolve(process.env.SAMIZDAT_CACHE_DIR);
  // node_modules/.cache/samizdat, beside the packages the fonts come from.
  return join(dirname(fontkitDir()), '.cache', 'samizdat');
}

let fontkitVersion: string | undefined;
function fontkitVersionOf(): string {
  return (fontkitVersion ??= (JSON.parse(readFileSync(join(fontkitDir(), 'package.json'), 'utf8')) as { version: string }).version);
}

/** Size and date of the running code (the bundle, or this file under the tests). */
let codeStampOf: string | undefined;
function codeStamp(): string {
  if (codeStampOf === undefined) {
    const st = statSync(fileURLToPath(import.meta.url));
    codeStampOf = `${st.size}:${Math.round(st.mtimeMs)}`;
  }
  return codeStampOf;
}

function fingerprint(face: Face): string {
  const st = statSync(facePath(face));
  return `${st.size}:${Math.round(st.mtimeMs)}`;
}

function table(face: Face): Map<string, Entry> {
  let t = memory.get(face);
  if (!t) memory.set(face, (t = new Map()));
  return t;
}

/** Wraps a font's `layout` with the cache (once per font object). */
function wrap(face: Face, font: fontkit.Font): void {
  const layout = font.layout.bind(font);
  const runs = table(face);
  (font as { layout: unknown }).layout = (text: string, features?: unknown, ...rest: unknown[]) => {
    if (rest.length || !Array.isArray(features)) return layout(text, features as string[], ...(rest as []));
    const key = `${features.join(',')}\0${text}`;
    const hit = runs.get(key);
    if (hit) {
      use(face, key);
      return glyphRun(hit);
    }
    // Most words take the fast path (simpleshape.ts); what it declines, fontkit shapes.
    const simple = shapeSimple(font, text, features as string[]);
    const run = simple ? undefined : layout(text, features as string[]);
    const entry = simple ?? remember(run!);
    if (entry) {
      runs.set(key, entry);
      use(face, key);
      if (current) current.added++;
    }
    return simple ? glyphRun(simple) : run!;
  };
}

/**
 * The remembered run of `text` in `face` with `features`, or undefined when there is none (a run
 * this cache does not keep, or one not shaped yet: pdfkit then shapes it, through the cache).
 */
export function shapedRun(face: Face, features: readonly string[], text: string): ShapedRun | undefined {
  const key = `${features.join(',')}\0${text}`;
  const e = memory.get(face)?.get(key);
  if (e) use(face, key);
  return e;
}

/** Notes that the manuscript being built uses a run (it is saved with it). */
function use(face: Face, key: string): void {
  if (!current) return;
  let keys = current.used.get(face);
  if (!keys) current.used.set(face, (keys = new Set()));
  keys.add(key);
}

/** The entry of a fontkit run, or undefined if it is not one this cache keeps. */
function remember(run: fontkit.GlyphRun): Entry | undefined {
  const e: Entry = { ids: [], adv: [], widths: [], chars: [] };
  for (let i = 0; i < run.glyphs.length; i++) {
    const p = run.positions[i];
    if (p.xOffset || p.yOffset || p.yAdvance) return undefined;
    const g = run.glyphs[i];
    e.ids.push(g.id);
    e.adv.push(p.xAdvance);
    e.widths.push(g.advanceWidth);
    e.chars.push(String.fromCodePoint(...g.codePoints));
  }
  return e;
}

/**
 * A run as fontkit's: what pdfkit and the setter read of it (glyph id, advance, code points;
 * positions, fresh: pdfkit scales them in place). The glyphs are built when read: measuring reads
 * only the advance.
 */
function glyphRun(e: Entry): fontkit.GlyphRun {
  let advanceWidth = 0;
  for (const a of e.adv) advanceWidth += a;
  let glyphs: unknown;
  let positions: unknown;
  return {
    advanceWidth,
    get glyphs() {
      return (glyphs ??= e.ids.map((id, i) => ({ id, advanceWidth: e.widths[i], codePoints: [...e.chars[i]].map((c) => c.codePointAt(0)!) })));
    },
    get positions() {
      return (positions ??= e.adv.map((xAdvance) => ({ xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0 })));
    },
  } as unknown as fontkit.GlyphRun;
}

/**
 * Begins a manuscript's build: fonts opened from now on remember their shaped strings, and the
 * strings saved by the manuscript's last build are loaded.
 */
export function startShapingCache(manuscript: string): void {
  if (!hooked) {
    onFaceOpen(wrap);
    hooked = true;
  }
  current = undefined;
  if (!enabled()) return;
  const file = join(cacheDir(), `${createHash('sha256').update(resolve(manuscript)).digest('hex').slice(0, 24)}.json`);
  const hyphenation = hyphenationCache();
  current = { file, loaded: 0, used: new Map(), added: 0, hyphenated: hyphenation.size };
  let saved: Saved;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  } catch {
    return;
  }
  if (saved.code === codeStamp() && saved.hyphenation) {
    const h = saved.hyphenation;
    for (let i = 0; i + 1 < h.length; i += 2) if (!hyphenation.has(h[i] as string)) hyphenation.set(h[i] as string, h[i + 1] as number[]);
    current.hyphenated = hyphenation.size;
  }
  if (saved.version !== VERSION || saved.fontkit !== fontkitVersionOf()) return;
  // Its date says when the manuscript was last built (see prune).
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A cache that cannot be touched is still a cache.
  }
  for (const [face, f] of Object.entries(saved.faces)) {
    try {
      if (f.font !== fingerprint(face)) continue;
    } catch {
      continue;
    }
    const runs = table(face);
    const r = f.runs;
    for (let i = 0; i + 4 < r.length; i += 5) {
      const key = r[i] as string;
      if (!runs.has(key)) runs.set(key, { ids: r[i + 1] as number[], adv: r[i + 2] as number[], widths: r[i + 3] as number[], chars: r[i + 4] as string[] });
      current.loaded++;
    }
  }
}

/**
 * Ends the build: saves the strings it shaped (only those: the file follows the manuscript) when it
 * shaped new ones or left a tenth of the saved ones unused. Never fails a build: a cache that cannot
 * be written is no cache.
 */
export function saveShapingCache(): void {
  const c = current;
  current = undefined;
  if (!c) return;
  let used = 0;
  for (const keys of c.used.values()) used += keys.size;
  const hyphenation = hyphenationCache();
  if (c.added === 0 && used >= c.loaded * 0.9 && hyphenation.size === c.hyphenated) return;
  const saved: Saved = { version: VERSION, fontkit: fontkitVersionOf(), code: codeStamp(), hyphenation: [...hyphenation].flat(), faces: {} };
  for (const [face, keys] of c.used) {
    const runs = memory.get(face);
    if (!runs) continue;
    const out: Saved['faces'][string] = { font: fingerprint(face), runs: [] };
    for (const k of keys) {
      const e = runs.get(k);
      if (e) out.runs.push(k, e.ids, e.adv, e.widths, e.chars);
    }
    saved.faces[face] = out;
  }
  const temp = `${c.file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(c.file), { recursive: true });
    writeFileSync(temp, JSON.stringify(saved));
    renameSync(temp, c.file);
    prune(dirname(c.file));
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Files kept in the cache folder: one per manuscript, those built most recently (a file's date is its last build). */
const KEEP = 200;

function prune(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (files.length <= KEEP) return;
  const dated = files.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of dated.slice(KEEP)) rmSync(join(dir, f), { force: true });
}
