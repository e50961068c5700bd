import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cacheDir, makeFolders } from '../cachedir.js';
import { PREBUILT } from '../prebuilt.js';
import { facePath, type Face } from './fonts.js';
import type { GlyphRun } from './shaper.js';

/**
 * The shaping cache on disk: the strings a manuscript's build shaped and the hyphenation points it
 * found, saved when the build ends (in node_modules/.cache/samizdat, beside the fonts' packages) so
 * that an editor's next build of it starts warm. One file per manuscript.
 *
 * A file is used only by the same text engine: it names the hash of samizdat's shaping and
 * hyphenation sources (src/text/, src/vendor.ts, src/typeset/hyphenate.ts and liang.ts, fontkit's
 * and the patterns' versions), which src/bundle/build.mjs computes when samizdat is compiled, so a
 * changed shaper never reads the runs of the old one; and each face's runs name the SHA-256 of the
 * font file they were shaped from. Run from its sources (the tests), samizdat has no such hash and
 * no disk cache. SAMIZDAT_CACHE=off turns it off; SAMIZDAT_CACHE_DIR puts the files elsewhere.
 *
 * Only runs without glyph offsets are saved (Latin, Greek, Cyrillic: what books are mostly made
 * of); the rest are shaped again in each build.
 */

/** What a cache file holds. */
interface Saved {
  version: number;
  /** The text engine that wrote it (see ENGINE). */
  engine: string;
  /** Hyphenation points by language, capital-allowed flag and word (see hyphenate.ts): key, points, key, points… */
  hyphenation: (string | number[])[];
  /**
   * Per face: the font file's SHA-256 and its runs, each as key (features, NUL, text), glyph ids,
   * advances, widths and characters, one after the other (flat arrays write and read faster than
   * objects of thousands of keys).
   */
  faces: Record<string, { font: string; runs: (string | number[] | string[])[] }>;
}

const VERSION = 4;

/** The hash of the text engine's sources, written into the bundle when samizdat is compiled; undefined when run from its sources. */
export const ENGINE: string | undefined = PREBUILT.textEngine;

/** Files kept in the cache folder: one per manuscript, those built most recently (a file's date is its last build). */
const KEEP = 200;

/**
 * The cache of a manuscript's builds, or undefined when there is none: SAMIZDAT_CACHE=off, or no
 * engine hash (samizdat run from its sources).
 */
export function shapingCacheFor(manuscript: string, env: NodeJS.ProcessEnv = process.env, engine = ENGINE): ShapingCache | undefined {
  if (env.SAMIZDAT_CACHE === 'off' || !engine) return undefined;
  return new ShapingCache(join(cacheDir(env), `${createHash('sha256').update(resolve(manuscript)).digest('hex').slice(0, 24)}.json`), engine);
}

export class ShapingCache {
  /** The file as read (undefined: none, unreadable, or another engine's). */
  private readonly saved: Saved | undefined;
  private loaded = 0;
  private hyphenated = 0;
  /** SHA-256 of each font file, by path, as computed here. */
  private readonly fontHashes = new Map<string, string>();

  constructor(
    readonly file: string,
    private readonly engine: string,
  ) {
    let saved: Saved | undefined;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    } catch {
      saved = undefined;
    }
    this.saved = saved?.version === VERSION && saved.engine === engine ? saved : undefined;
    if (!this.saved) return;
    // Its date says when the manuscript was last built (see prune).
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // A cache that cannot be touched is still a cache.
    }
  }

  /** The hyphenation points saved, as a new map for the shaper to fill. */
  hyphenation(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    const h = this.saved?.hyphenation ?? [];
    for (let i = 0; i + 1 < h.length; i += 2) out.set(h[i] as string, h[i + 1] as number[]);
    this.hyphenated = out.size;
    return out;
  }

  private fontHash(face: Face): string {
    return this.fileHash(facePath(face));
  }

  /** SHA-256 of a font file, read once (the up-to-date manifest records it too). */
  fileHash(path: string): string {
    let h = this.fontHashes.get(path);
    if (h === undefined) this.fontHashes.set(path, (h = createHash('sha256').update(readFileSync(path)).digest('hex')));
    return h;
  }

  /** Adds the runs saved for `face` to `runs` (by features, then text), if its font file is the one they were shaped from. */
  loadRuns(face: Face, runs: Map<string, Map<string, GlyphRun>>): void {
    const f = this.saved?.faces[face];
    if (!f) return;
    try {
      if (f.font !== this.fontHash(face)) return;
    } catch {
      return;
    }
    const r = f.runs;
    for (let i = 0; i + 4 < r.length; i += 5) {
      const key = r[i] as string;
      const nul = key.indexOf('\0');
      const features = key.slice(0, nul);
      let t = runs.get(features);
      if (!t) runs.set(features, (t = new Map()));
      const adv = r[i + 2] as number[];
      let advance = 0;
      for (const a of adv) advance += a;
      t.set(key.slice(nul + 1), { ids: r[i + 1] as number[], adv, widths: r[i + 3] as number[], chars: r[i + 4] as string[], advance });
      this.loaded++;
    }
  }

  /**
   * Saves the runs this build used (only those: the file follows the manuscript) and the hyphenation
   * points, when it shaped new ones (`added`) or left a tenth of the saved ones unused. With
   * `keepUnused` (a build whose paragraphs were partly set by an earlier one), the unused runs and
   * faces are kept too. Never fails a build: a cache that cannot be written is no cache.
   */
  save(faces: ReadonlyMap<Face, ReadonlyMap<string, ReadonlyMap<string, GlyphRun>>>, hyphenation: ReadonlyMap<string, number[]>, added: number, keepUnused = false): void {
    // Nothing new, and nothing to drop (a watch session's rebuild, most often): not even counted.
    if (added === 0 && keepUnused && hyphenation.size === this.hyphenated) return;
    let used = 0;
    const saved: Saved = { version: VERSION, engine: this.engine, hyphenation: [...hyphenation].flat(), faces: {} };
    try {
      for (const [face, tables] of faces) {
        const out: Saved['faces'][string] = { font: this.fontHash(face), runs: [] };
        for (const [features, t] of tables) {
          for (const [text, e] of t) {
            if ((!e.used && !keepUnused) || e.offsets) continue;
            used++;
            out.runs.push(`${features}\0${text}`, e.ids, e.adv, e.widths, e.chars);
          }
        }
        saved.faces[face] = out;
      }
      if (keepUnused) for (const [face, f] of Object.entries(this.saved?.faces ?? {})) if (!faces.has(face)) saved.faces[face] = f;
    } catch {
      return;
    }
    if (added === 0 && (keepUnused || used >= this.loaded * 0.9) && hyphenation.size === this.hyphenated) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      makeFolders(dirname(this.file));
      writeFileSync(temp, JSON.stringify(saved));
      renameSync(temp, this.file);
      // A shaper that lives on (build --watch) saves again only when a later build adds to this.
      this.loaded = used;
      this.hyphenated = hyphenation.size;
      prune(dirname(this.file), '.json');
    } catch {
      rmSync(temp, { force: true });
    }
  }
}

/** Keeps the KEEP files ending in `ext` built most recently in `dir` (a file's date is its last build). */
export function prune(dir: string, ext: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith(ext));
  if (files.length <= KEEP) return;
  // Another build sharing the folder may remove a file between the listing and its date: skipped.
  const dated = files.flatMap((f) => {
    const t = statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs;
    return t === undefined ? [] : [{ f, t }];
  }).sort((a, b) => b.t - a.t);
  for (const { f } of dated.slice(KEEP)) rmSync(join(dir, f), { force: true });
}
