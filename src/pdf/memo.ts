import * as crypto from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { cacheDir, makeFolders } from '../cachedir.js';
import type { Inline } from '../model/index.js';
import { prune } from '../text/cache.js';
import type { Shaper } from '../text/shaper.js';
import type { Face, Line, ParagraphStyle } from '../typeset/types.js';
import { lowerCaseWords } from '../typeset/hyphenate.js';
import type { Typesetter } from './flow.js';
import { MemoWriter, readLines, readMemoFile, type FileKey, type Store } from './memofile.js';
import { PackedLine } from './packedline.js';

/**
 * Paragraphs already set, for a process that builds the same book again (`build --watch`): made by
 * the caller of build.ts and handed down, never a module's state. A paragraph is set again only when
 * something that shapes its lines changed: its inlines (text, emphasis, links, anchors, images; not
 * their source positions), its style (measure, indent, face, size, alignment, language, hyphenation,
 * expansion, features) or, for a capitalised word at a sentence start, whether the book still holds
 * its lower-case form (each lookup the setter made is recorded with its answer and checked again).
 * Set lines are never changed by their users, so one set of lines serves every build that asks.
 * What a build did not ask for is forgotten when the next build ends (`sweep`).
 *
 * On disk (`open`, `save`), so that a build in a fresh process (an editor's build after an edit)
 * sets only the paragraphs that changed: one file per manuscript in samizdat's cache folder, written
 * after a good build that set anything anew or left anything unused (what it used, nothing more),
 * read by the next build of the same code (the bundle's hash, Node's version: build.ts) with the
 * same font files (each face's path and, where a build opened it, SHA-256). Runs from the sources
 * (the tests) and SAMIZDAT_CACHE=off have no code hash, hence no file.
 */
export class ParagraphMemo {
  private entries = new Map<string, Entry>();
  private used = new Map<string, Entry>();
  /** The file this memo started from and saves to (see `open`). */
  private disk?: Disk;
  /** The entries differ from the file's: set anew, or some of the file's left unused. */
  private changed = false;
  /** Each text's lower-case words (see `lowerCaseWords`), by text. */
  private words = new Map<string, string[]>();
  private usedWords = new Map<string, string[]>();
  /** A session's lines found under another paragraph's mention ids, by entry and ids (see withMentionIds). */
  private variants = new Map<Entry, Map<string, Line[]>>();
  private usedVariants = new Map<Entry, Map<string, Line[]>>();
  /** Paragraphs asked for and found, and set anew, since the last sweep (the benchmark prints them). */
  hits = 0;
  misses = 0;
  /** The runs' texts read from the file, each kept once however often a word is set. */
  private texts = new Map<string, string>();

  /**
   * `keepLines`: an entry keeps its Line objects for the next build (a watch session's memo). Without,
   * a memo with a file keeps each entry only as the file's flat arrays hold it, and makes its lines
   * again when asked: a long book's lines as objects would stay in memory to the end of the build,
   * though the PDF consumes them as it draws.
   */
  constructor(private readonly keepLines = true) {}

  /** `ts` with this memo in front of its `setParagraph`. */
  typesetter(ts: Typesetter): Typesetter {
    return {
      setParagraph: (inlines, style) => this.set(ts, inlines, style),
      measure: (text: string, face: Face, size: number, features: readonly string[]) => ts.measure(text, face, size, features),
      lowerCaseWords: (texts) => this.lowerCaseWords(texts),
    };
  }

  /** hyphenate.ts `lowerCaseWords`, each text's words found once (the same set, in the same order). */
  private lowerCaseWords(texts: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const text of texts) {
      let found = this.usedWords.get(text) ?? this.words.get(text);
      if (!found) found = [...lowerCaseWords([text])];
      this.usedWords.set(text, found);
      for (const w of found) out.add(w);
    }
    return out;
  }

  private set(ts: Typesetter, inlines: Inline[], style: ParagraphStyle): Line[] {
    // While it writes a file, keys are their SHA-256, as the file's are (a long book's keys are its
    // whole text again); a session's entries are keyed by the text itself once it stops (see save).
    const plain = keyOf(inlines, style);
    const hashed = this.disk?.writing === true;
    const key = hashed ? sha256(plain) : plain;
    const lower = style.lowerCaseWords;
    let entry = this.used.get(key) ?? this.entries.get(key);
    if (entry && !stillTrue(entry.asked, lower)) entry = undefined;
    if (entry) {
      const found = entry.lines ?? readLines(entry.store!, entry.at, this.texts);
      const lines = this.withMentionIds(entry, found, inlines);
      if (lines) {
        this.hits++;
        if (this.keepLines) Object.assign(entry, { lines: found }, hashed ? { plain } : {});
        this.used.set(key, entry);
        return lines;
      }
    }
    this.misses++;
    const asked: (string | boolean)[] = [];
    const recording: ReadonlySet<string> | undefined = lower && ({
      has: (word: string) => {
        const answer = lower.has(word);
        asked.push(word, answer);
        return answer;
      },
    } as unknown as ReadonlySet<string>);
    const lines = ts.setParagraph(inlines, recording ? { ...style, lowerCaseWords: recording } : style);
    const made: Entry = { asked, at: -1, ...(hashed && this.keepLines ? { plain } : {}) };
    const added = this.disk?.writing ? (this.disk.added ??= new MemoWriter()) : undefined;
    const at = added && added.size < MAX_BYTES ? added.add(key, asked, lines) : undefined;
    if (at !== undefined) Object.assign(made, { store: added, at });
    if (this.keepLines) made.lines = lines;
    // Neither kept nor written (past the file's limit): set again if asked again.
    else if (!made.store) return lines;
    this.used.set(key, made);
    return lines;
  }

  /**
   * Lines found under a key without mention ids (see keyOf), given this paragraph's: the same lines
   * when its ids are theirs, else copies (a watch session keeps them, so a rebuild draws the same
   * objects). Undefined when the lines' mentions cannot be matched to the paragraph's in order.
   */
  private withMentionIds(entry: Entry, lines: Line[], inlines: Inline[]): Line[] | undefined {
    const ids: string[] = [];
    const noteRefs = new Set<string>();
    anchorsOf(inlines, ids, noteRefs);
    if (ids.length === 0) return lines;
    const sig = ids.join('\u0001');
    const kept = this.usedVariants.get(entry)?.get(sig) ?? this.variants.get(entry)?.get(sig);
    const out = kept ?? renamed(lines, ids, noteRefs);
    if (out && this.keepLines && out !== lines) {
      let byIds = this.usedVariants.get(entry);
      if (!byIds) this.usedVariants.set(entry, (byIds = new Map()));
      byIds.set(sig, out);
    }
    return out;
  }

  /**
   * Starts from the paragraphs a build of `path`'s manuscript saved, if made by `code` with the font
   * files `shaper` has (else from nothing); a long-lived memo reads its file once. A file that cannot
   * be read or is not whole is no file. Returns the milliseconds it took.
   */
  open(path: string, code: string, shaper: Shaper): number {
    if (this.disk) return 0;
    const t0 = performance.now();
    this.disk = { path, code, shaper, hashed: new Set(), writing: true };
    this.changed = true;
    let file: ReturnType<typeof readMemoFile>;
    try {
      file = readMemoFile(readFileSync(path), code);
    } catch {
      file = undefined;
    }
    if (file && this.sameFonts(file.key.fonts)) {
      this.changed = false;
      for (const [key, asked, at] of file.entries) this.entries.set(key, { asked, store: file.store, at });
      try {
        // Its date says when the manuscript was last built (see prune).
        const now = new Date();
        utimesSync(path, now, now);
      } catch {}
    }
    return performance.now() - t0;
  }

  /** The font files are those the file's lines were set with. */
  private sameFonts(saved: FileKey['fonts']): boolean {
    const { shaper, hashed } = this.disk!;
    const now = new Map(shaper.fonts.files().map((f) => [f.spec, f.path]));
    if (saved.length !== now.size) return false;
    try {
      for (const [spec, path, hash] of saved) {
        if (now.get(spec) !== path) return false;
        if (!hash) continue;
        if (!path || shaper.fontFileHash(path) !== hash) return false;
        hashed.add(spec);
      }
    } catch {
      return false;
    }
    return true;
  }

  /**
   * Saves what the last build used (call after `sweep`) when it differs from the file: into a
   * temporary file renamed into place. Never fails a build: a memo that cannot be saved is not saved.
   * A memo that does not keep lines (a plain build's) is empty after.
   */
  save(): void {
    const d = this.disk;
    if (!d?.writing) return;
    if (this.changed) this.write(d);
    if (this.keepLines) {
      // A watch session writes after its first build only: its rebuilds remember in memory (rewriting
      // a long book's file would cost a tenth of a second each), and its entries keep their lines.
      d.writing = false;
      d.added = undefined;
      for (const e of this.entries.values()) if (e.lines) e.store = undefined;
      // Keyed by their text from now on, which the paragraphs' keys are: no SHA-256 of every paragraph at every rebuild.
      this.entries = new Map([...this.entries.values()].filter((e) => e.plain !== undefined).map((e) => [e.plain!, e]));
    } else {
      // A plain build saves once, when its layout is done: nothing asks for lines after.
      this.entries = new Map();
      this.words = new Map();
      this.texts = new Map();
    }
  }

  private write(d: Disk): void {
    // A packet's workers are threads of one process: the thread in the name too.
    const temp = `${d.path}.${process.pid}-${threadId}.tmp`;
    try {
      // Every face opened by this process or by the builds whose lines the file holds.
      const fonts: FileKey['fonts'] = d.shaper.fonts.files().map((f) => [f.spec, f.path, f.path && (f.opened || d.hashed.has(f.spec)) ? d.shaper.fontFileHash(f.path) : '']);
      const kept = [...this.entries.values()].filter((e) => e.store);
      // A build that set everything anew wrote the file as it went; otherwise the entries are copied
      // into one store (the file read and this build's additions can then go).
      let out = d.added;
      if (!out || out.count !== kept.length || kept.some((e) => e.store !== out)) {
        out = new MemoWriter();
        for (const e of kept) Object.assign(e, { at: out.copy(e.store!, e.at), store: out });
      }
      d.added = undefined;
      makeFolders(dirname(d.path));
      const fd = openSync(temp, 'w');
      try {
        for (const piece of out.pieces({ code: d.code, fonts })) writeFileSync(fd, piece);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, d.path);
      for (const [spec, , hash] of fonts) if (hash) d.hashed.add(spec);
      this.changed = false;
      prune(dirname(d.path), '.bin');
    } catch {
      rmSync(temp, { force: true });
    }
  }

  /** Ends a build: keeps what it asked for, forgets the rest. */
  sweep(): void {
    if (this.misses > 0 || this.used.size < this.entries.size) this.changed = true;
    this.entries = this.used;
    this.used = new Map();
    this.words = this.usedWords;
    this.usedWords = new Map();
    this.variants = this.usedVariants;
    this.usedVariants = new Map();
    this.hits = 0;
    this.misses = 0;
  }
}

interface Entry {
  /** Words the setter looked up in `lowerCaseWords`, each followed by the answer it got. */
  asked: (string | boolean)[];
  /** The lines as set (see `keepLines`); else they are in `store`, at `at`. */
  lines?: Line[];
  store?: Store;
  at: number;
  /** A session's entry, while its memo writes a file: its key unhashed (see save). */
  plain?: string;
}

interface Disk {
  path: string;
  code: string;
  shaper: Shaper;
  /** Faces whose font file's SHA-256 the file names (checked when read). */
  hashed: Set<string>;
  /** Entries set since the file was read or written. */
  added?: MemoWriter;
  /** Whether this memo still writes the file. */
  writing: boolean;
}

/**
 * What one build adds to the file at most, in bytes: the seed ×100 (534k words) takes 21 MB; a book
 * whose layout tries thousands of long running heads would otherwise take hundreds, in memory too.
 */
const MAX_BYTES = 64 << 20;

/** Where a manuscript's set paragraphs are kept between builds (see ParagraphMemo). */
export function paragraphFile(manuscript: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'paragraphs', `${crypto.createHash('sha256').update(resolve(manuscript)).digest('hex').slice(0, 24)}.bin`);
}

/**
 * A key's SHA-256 (base64). Node 20.12 and later hash a string in one call: a Hash object per key
 * is slow until V8 has optimised its path (13,454 strings, 12.8 MB, in a fresh process: 160 ms, against 22 ms).
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64') => string }).hash;
function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'base64') : crypto.createHash('sha256').update(text).digest('base64');
}

function stillTrue(asked: readonly (string | boolean)[], lower: ReadonlySet<string> | undefined): boolean {
  for (let i = 0; i < asked.length; i += 2) if ((lower?.has(asked[i] as string) ?? false) !== asked[i + 1]) return false;
  return true;
}

/**
 * Source positions say where a paragraph was, not what it is; an image's lines take its path and size
 * in pixels, not its bytes (the PDF draws the bytes the book holds). A mention's id is left out too:
 * ids count each person's mentions through the book, so a name added or removed early renumbers every
 * later mention of that person, which would set a third of a long book again (the found lines are
 * given the paragraph's own ids: withMentionIds).
 */
function noSpan(this: unknown, key: string, value: unknown): unknown {
  if (key === 'span' || key === 'bytes') return undefined;
  return key === 'id' && (this as Inline).kind === 'mention' ? undefined : value;
}

/** The paragraph's mention ids in document order (as the setter gives them to runs), and its note references' ids. */
function anchorsOf(inlines: readonly Inline[], mentions: string[], noteRefs: Set<string>): void {
  for (const n of inlines) {
    if (n.kind === 'mention') mentions.push(n.id);
    // An anchor's id, as a note reference's, is in the paragraph's key: its lines carry it already.
    else if (n.kind === 'noteRef' || n.kind === 'anchor') noteRefs.add(n.id);
    if ('children' in n) anchorsOf(n.children, mentions, noteRefs);
  }
}

/**
 * `lines` with their mention anchors renamed to `ids`: the lines' own, ordered by where their runs
 * start in the text (runs come in visual order), paired one by one. Undefined if they do not pair.
 */
function renamed(lines: Line[], ids: readonly string[], noteRefs: ReadonlySet<string>): Line[] | undefined {
  const found: { offset: number; id: string }[] = [];
  for (const line of lines) {
    // (A packed line's anchors as they are: its `runs` would be made anew.)
    if (line instanceof PackedLine) {
      for (const [k, anchors] of line.anchors ?? []) for (const id of anchors) if (!noteRefs.has(id)) found.push({ offset: line.offsets[k], id });
      continue;
    }
    for (const r of line.runs) {
      if (!r.anchors) continue;
      for (const id of r.anchors) if (!noteRefs.has(id)) found.push({ offset: r.offset, id });
    }
  }
  if (found.length !== ids.length || found.some((f) => f.offset < 0)) return undefined;
  found.sort((a, b) => a.offset - b.offset);
  const to = new Map<string, string>();
  for (let i = 0; i < ids.length; i++) if (found[i].id !== ids[i]) to.set(found[i].id, ids[i]);
  if (to.size === 0) return lines;
  if (new Set(found.map((f) => f.id)).size !== found.length) return undefined;
  return lines.map((line) => (line instanceof PackedLine ? line.renamed(to)
    : line.runs.some((r) => r.anchors?.some((a) => to.has(a)))
      ? { ...line, runs: line.runs.map((r) => (r.anchors?.some((a) => to.has(a)) ? { ...r, anchors: r.anchors.map((a) => to.get(a) ?? a) } : r)) }
      : line));
}

function keyOf(inlines: Inline[], s: ParagraphStyle): string {
  const style = [s.measure, s.indent, s.hang ?? 0, s.face, s.size, s.align, s.lang, s.hyphenate, s.expansion ?? '', (s.features ?? []).join(','), s.lowerCaseWords ? 1 : 0].join('\u0001');
  return `${style}\u0002${JSON.stringify(inlines, noSpan)}`;
}
