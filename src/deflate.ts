import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import { DeflateFile } from './deflatefile.js';

/**
 * Deflated bytes already made: the PDF's streams (pages, font files), the EPUB's files and the font
 * subsets that did not change since the last build are not made again (deflating is most of what
 * drawing a long book's PDF costs). Keyed by the SHA-256 of the bytes and what is made of them, so
 * what comes out is what zlib (or the subsetter) would give. Made by the caller of build.ts and
 * handed down, never a module's state.
 *
 * A process that builds the same book again (`build --watch`) keeps what a build asked for in memory
 * (`keep`), and forgets the rest when the next build ends (`sweep`). With a file (`open`: in
 * samizdat's cache folder, keyed to the code, see build.ts) a build in a fresh process finds what
 * the last build of the manuscript made: a plain build keeps nothing in memory and reads each entry
 * from the file when asked (see DeflateFile); `save` writes what this build asked for.
 */
export class DeflateMemo {
  private entries = new Map<string, Uint8Array | Promise<Uint8Array>>();
  private used = new Map<string, Uint8Array | Promise<Uint8Array>>();
  private file?: DeflateFile;
  private opened = false;
  /** Asked for and found, since the last sweep. */
  hits = 0;
  misses = 0;

  constructor(private readonly keep = true) {}

  /** Starts from the file at `path` written by `code`, if any (once: a long-lived memo reads its file once). */
  open(path: string, code: string): void {
    if (this.opened) return;
    this.opened = true;
    this.file = DeflateFile.open(path, code);
  }

  /**
   * Writes the file (if opened) with what the last build asked for (`keepUnused`: and what it did
   * not), if that changed (whether it wrote), and lets it go: a session's next builds remember in memory.
   */
  save(keepUnused = false): boolean {
    const wrote = this.file?.save(keepUnused) ?? false;
    this.file = undefined;
    return wrote;
  }

  /** Lets the file go unwritten (a build that failed; a session's next build opens it again). */
  close(): void {
    this.file?.close();
    this.file = undefined;
    this.opened = false;
  }

  /** zlib's format (RFC 1950, a PDF's FlateDecode) at its default level: `zlib.deflateSync(data)`. */
  zlib(data: Uint8Array): Uint8Array;
  /** The same, deflated on `thread` when not found (see DeflateThread). */
  zlib(data: Uint8Array, thread: DeflateThread | undefined): Uint8Array | Promise<Uint8Array>;
  zlib(data: Uint8Array, thread?: DeflateThread): Uint8Array | Promise<Uint8Array> {
    return this.get('z', data, () => (thread ? thread.zlib(data) : zlib.deflateSync(data)));
  }

  /** Raw deflate (RFC 1951, a ZIP entry) at level 6: `zlib.deflateRawSync(data, { level: 6 })`. */
  raw(data: Uint8Array): Uint8Array {
    return this.get('r', data, () => zlib.deflateRawSync(data, { level: 6 })) as Uint8Array;
  }

  /** The subset of `glyphs` (in this order) of the font file whose SHA-256 is `font`, as `make` cuts it. */
  subset(font: string, glyphs: readonly number[], make: () => Uint8Array): Uint8Array {
    return this.get('s', Buffer.from(`${font}:${glyphs.join(',')}`), make) as Uint8Array;
  }

  /**
   * What `make` makes of an SVG image's bytes (pdf/svg.ts: its form, deflated, or nothing when it is
   * not paths alone), made once: an unchanged drawing's path data is not converted again.
   */
  svg(bytes: Uint8Array, make: () => Uint8Array): Uint8Array {
    return this.get('v', bytes, make) as Uint8Array;
  }

  private get(kind: string, data: Uint8Array, make: () => Uint8Array | Promise<Uint8Array>): Uint8Array | Promise<Uint8Array> {
    // Hashed before `make`: the thread takes the bytes away.
    const key = createHash('sha256').update(kind).update(data).digest('base64');
    let out = this.used.get(key) ?? this.entries.get(key) ?? this.file?.get(key);
    if (out) this.hits++;
    else {
      this.misses++;
      const made = (out = make());
      // A thread's failure is not remembered: the next build asks again.
      if (made instanceof Promise) made.then((bytes) => this.file?.add(key, bytes), () => this.used.get(key) === made && this.used.delete(key));
      else this.file?.add(key, made);
    }
    if (this.keep) this.used.set(key, out);
    return out;
  }

  /** Ends a build: keeps what it asked for, forgets the rest. */
  sweep(): void {
    this.entries = this.used;
    this.used = new Map();
    this.hits = 0;
    this.misses = 0;
  }
}

/**
 * zlib's deflate (`zlib.deflateSync(data)`, the same bytes) on a worker thread of its own, so that
 * the PDF's page streams are compressed on the second core while the main thread draws the next
 * pages (seed ×100: 0.65 s of deflate off the main thread). Node's own asynchronous zlib is no
 * use here: a stream per call cost more main-thread time than the deflate it saved. The worker is
 * a few lines of CommonJS evaluated as they are (no bundle to load: online in ~30 ms), started at the
 * ninth stream: the first eight are deflated here, so a build that finds nearly every page in its
 * DeflateMemo (one word changed since the last) starts no thread (~80 ms of the other core's time
 * on the seed ×100). `close` ends it (the build's `finally`).
 */
export class DeflateThread {
  private worker?: Worker;
  private readonly waiting = new Map<number, { resolve(out: Uint8Array): void; reject(e: unknown): void }>();
  private next = 0;
  private given = 0;

  /** `inline`: how many streams are deflated here before the thread starts. */
  constructor(private readonly inline = INLINE) {}

  private start(): Worker {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const zlib = require('node:zlib');
       parentPort.on('message', ({ id, data }) => {
         const out = zlib.deflateSync(data);
         // The page handed back too: this thread allocates next to nothing and so seldom collects,
         // and what it was handed would pile up (tens of MB) where the main thread frees it soon.
         parentPort.postMessage({ id, out, spent: data }, [out.buffer, data.buffer]);
       });`,
      { eval: true, stdout: false, stderr: false },
    );
    worker.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
      this.waiting.get(id)?.resolve(out);
      this.waiting.delete(id);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => this.fail(new Error('the deflate thread ended')));
    return worker;
  }

  /** Deflated in zlib's format: here, or on the thread, to which `data` is then handed over (its buffer is left empty here). */
  zlib(data: Uint8Array): Uint8Array | Promise<Uint8Array> {
    if (this.given++ < this.inline) return zlib.deflateSync(data);
    const worker = (this.worker ??= this.start());
    // Only a buffer of its own can be handed over: a small Buffer lives in a pool shared with others.
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, data: own }, [own.buffer as ArrayBuffer]);
    });
  }

  close(): Promise<number | undefined> {
    return this.worker?.terminate() ?? Promise.resolve(undefined);
  }

  private fail(e: unknown): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

/** Streams a DeflateThread deflates in line before it starts its thread. */
const INLINE = 8;
