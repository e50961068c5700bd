import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { cacheDir, makeFolders } from '../cachedir.js';
import { prune } from '../text/cache.js';
import type { Box, FlowNote } from './flow.js';
import type { PageSlice, PaginateOptions } from './paginate.js';

/**
 * A section's pages as the page breaker chose them, relative to the section: box indices from its
 * first box, note indices from its first note. A section runs from a forced break (a chapter's
 * opening) to the next; no page crosses one.
 */
export interface SectionEnd {
  /** What the section's pages cost, counted from its start. */
  cost: number;
  /** Pages it took, blank pages included. */
  pages: number;
  versoStranded?: boolean;
  slices: PageSlice[];
}

interface Section {
  key: Float64Array;
  /** The key's SHA-256 (hex), by which the file finds it. */
  sha?: string;
  /** The states the breaker reached at the section's end, in the order it first reached them (the book's last section: the best). */
  ends: SectionEnd[];
}

/**
 * The page breaks of the sections earlier builds paginated, found again by everything the page
 * breaker reads of a section: its boxes' heights, spaces, groups and break costs, its notes' boxes,
 * the page's options, the parity it starts on. A chapter whose lines did not change is not
 * paginated again: its pages are the ones the breaker chose from the same input (see paginate).
 * A session's (BuildSession) lives as long as the session; a plain build's reads the sections the
 * manuscript's last build saved (`open`, `save`: by the SHA-256 of their keys, in a file keyed to
 * the code). What a build did not use is forgotten when it ends (`sweep`).
 */
export class PageMemo {
  private entries = new Map<number, Section[]>();
  private used = new Map<number, Section[]>();
  /** Sections found, and paginated anew, since the last sweep. */
  hits = 0;
  misses = 0;
  /** The file's sections by their key's SHA-256, and whether the file must be written again. */
  private disk: { path: string; code: string; saved: Map<string, SectionEnd[]>; writing: boolean } | undefined;
  private changed = false;

  find(key: Float64Array): SectionEnd[] | undefined {
    const h = hashOf(key);
    let found = this.used.get(h)?.find((s) => same(s.key, key)) ?? this.entries.get(h)?.find((s) => same(s.key, key));
    if (!found && this.disk?.saved.size) {
      const sha = shaOf(key);
      const ends = this.disk.saved.get(sha);
      if (ends) found = { key, sha, ends };
    }
    if (found) {
      this.hits++;
      this.put(h, found);
    }
    return found?.ends;
  }

  keep(key: Float64Array, ends: SectionEnd[]): void {
    this.misses++;
    this.put(hashOf(key), { key, ends });
  }

  /** Starts from the sections `path` holds, if written by `code` (a session reads it once). */
  open(path: string, code: string): void {
    if (this.disk) return;
    this.disk = { path, code, saved: new Map(), writing: true };
    this.changed = true;
    try {
      // Its first line is the SHA-256 of the rest: a damaged file, which could still be JSON, is no file.
      const text = readFileSync(path, 'latin1');
      const nl = text.indexOf('\n');
      const body = text.slice(nl + 1);
      if (nl !== 64 || text.slice(0, nl) !== createHash('sha256').update(body, 'latin1').digest('hex')) return;
      const file = JSON.parse(body) as { format: string; code: string; sections: [string, SectionEnd[]][] };
      if (file.format === FORMAT && file.code === code) {
        this.disk.saved = new Map(file.sections);
        this.changed = false;
      }
    } catch {}
  }

  /**
   * Writes the sections the last build used (call after `sweep`) when they are not the file's: into
   * a temporary file renamed into place. A session writes after its first build only (its later
   * builds remember in memory). Never fails a build.
   */
  save(): void {
    const d = this.disk;
    if (!d?.writing) return;
    d.writing = false;
    if (!this.changed) return;
    const sections: [string, SectionEnd[]][] = [];
    for (const list of this.entries.values()) for (const s of list) sections.push([(s.sha ??= shaOf(s.key)), s.ends]);
    const temp = `${d.path}.${process.pid}-${threadId}.tmp`;
    try {
      makeFolders(dirname(d.path));
      const body = JSON.stringify({ format: FORMAT, code: d.code, sections });
      writeFileSync(temp, `${createHash('sha256').update(body, 'latin1').digest('hex')}\n${body}`, 'latin1');
      renameSync(temp, d.path);
      prune(dirname(d.path), '.json');
    } catch {
      rmSync(temp, { force: true });
    }
    d.saved = new Map();
  }

  private put(h: number, s: Section): void {
    const list = this.used.get(h);
    if (!list) this.used.set(h, [s]);
    else if (!list.includes(s)) list.push(s);
  }

  /** Ends a build: keeps what it used, forgets the rest. */
  sweep(): void {
    // New sections, or fewer than the file's: the file is written again.
    let used = 0;
    for (const list of this.used.values()) used += list.length;
    if (this.misses > 0 || used !== this.disk?.saved.size) this.changed = true;
    this.entries = this.used;
    this.used = new Map();
    this.hits = 0;
    this.misses = 0;
  }
}

/** Per box: height, before, after, group (-1, or whether it continues the box before's), break cost, forced, recto, float, header repeated and its height, notes. */
const BOX_FIELDS = 11;

/**
 * Everything the page breaker reads of the section of `boxes` from `from` to `to` started on a page
 * of parity `parity`, as numbers; undefined when its notes are not numbered in order from its first
 * (the slices could not be moved to another place of the book). The first note's index is returned
 * with it.
 */
export function sectionKey(boxes: readonly Box[], notes: readonly FlowNote[], from: number, to: number, o: PaginateOptions, parity: number): { key: Float64Array; noteBase: number } | undefined {
  let noteBase = -1;
  let next = 0;
  let size = 8 + (to - from) * BOX_FIELDS;
  for (let i = from; i < to; i++) {
    for (const n of boxes[i].notes) {
      if (noteBase < 0) next = noteBase = n;
      if (n !== next++) return undefined;
      size += 3 + notes[n].boxes.length * 6;
    }
  }
  const key = new Float64Array(size);
  let k = 0;
  key[k++] = o.lines;
  key[k++] = o.leading;
  key[k++] = o.noteSeparator;
  key[k++] = o.firstRecto ? 1 : 0;
  key[k++] = o.oneSided ? 1 : 0;
  key[k++] = parity;
  key[k++] = to - from;
  // The box after the section: whether it must begin a recto (a blank page may end the section).
  key[k++] = boxes[to]?.recto ? 1 : 0;
  for (let i = from; i < to; i++) {
    const b = boxes[i];
    key[k++] = b.height;
    key[k++] = b.before;
    key[k++] = b.after;
    // Groups are numbered through the book: the breaker only asks whether a box's is the one before's.
    key[k++] = b.group < 0 ? -1 : i > from && b.group === boxes[i - 1].group ? 1 : 0;
    key[k++] = b.breakBefore;
    key[k++] = b.forceBreak ? 1 : 0;
    key[k++] = b.recto ? 1 : 0;
    key[k++] = b.float ?? 0;
    key[k++] = b.continued ? 1 : 0;
    key[k++] = b.continued?.height ?? 0;
    key[k++] = b.notes.length;
  }
  for (let n = noteBase; n >= 0 && n < next; n++) {
    const note = notes[n];
    key[k++] = note.height;
    key[k++] = note.long ? 1 : 0;
    key[k++] = note.boxes.length;
    for (const b of note.boxes) {
      key[k++] = b.height;
      key[k++] = b.before;
      key[k++] = b.after;
      key[k++] = b.breakBefore;
      key[k++] = b.continued ? 1 : 0;
      key[k++] = b.continued?.height ?? 0;
    }
  }
  return { key, noteBase: Math.max(0, noteBase) };
}

/** A slice moved by `boxes` boxes and `notes` notes. */
export function movedSlice(s: PageSlice, boxes: number, notes: number): PageSlice {
  const out: PageSlice = { ...s, from: s.from + boxes, to: s.to + boxes, notes: s.notes.map((n) => n + notes), floats: s.floats.map((f) => f + boxes), deferred: s.deferred.map((f) => f + boxes) };
  return out;
}

const FORMAT = 'samizdat pages 1';

/** Where a manuscript's sections are kept between builds (see PageMemo). */
export function pageFile(manuscript: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'pages', `${createHash('sha256').update(resolve(manuscript)).digest('hex').slice(0, 24)}.json`);
}

function shaOf(key: Float64Array): string {
  return createHash('sha256').update(new Uint8Array(key.buffer, key.byteOffset, key.byteLength)).digest('hex');
}

function hashOf(key: Float64Array): number {
  const words = new Uint32Array(key.buffer, key.byteOffset, key.length * 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

function same(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}
