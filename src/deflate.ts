import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';

/**
 * Deflated bytes already made, for a process that builds the same book again (`build --watch`): the
 * PDF's page content streams and the EPUB's files that did not change since the last build are not
 * compressed again (deflating is most of what drawing a long book's PDF costs). Keyed by the SHA-256
 * of the bytes and the format, so what comes out is what zlib would give. Made by the caller of
 * build.ts and handed down, never a module's state; what a build did not ask for is forgotten when
 * the next build ends (`sweep`).
 */
export class DeflateMemo {
  private entries = new Map<string, Uint8Array | Promise<Uint8Array>>();
  private used = new Map<string, Uint8Array | Promise<Uint8Array>>();
  /** Asked for and found, since the last sweep. */
  hits = 0;
  misses = 0;

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

  private get(kind: string, data: Uint8Array, make: () => Uint8Array | Promise<Uint8Array>): Uint8Array | Promise<Uint8Array> {
    const key = kind + createHash('sha256').update(data).digest('base64');
    let out = this.used.get(key) ?? this.entries.get(key);
    if (out) this.hits++;
    else {
      this.misses++;
      const made = (out = make());
      // A thread's failure is not remembered: the next build asks again.
      if (made instanceof Promise) made.catch(() => this.used.get(key) === made && this.used.delete(key));
    }
    this.used.set(key, out);
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
 * a few lines of CommonJS evaluated as they are (no bundle to load: online in ~30 ms); `close` ends
 * it (the build's `finally`).
 */
export class DeflateThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(out: Uint8Array): void; reject(e: unknown): void }>();
  private next = 0;

  constructor() {
    this.worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const zlib = require('node:zlib');
       parentPort.on('message', ({ id, data }) => {
         const out = zlib.deflateSync(data);
         parentPort.postMessage({ id, out }, [out.buffer]);
       });`,
      { eval: true, stdout: false, stderr: false },
    );
    this.worker.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
      this.waiting.get(id)?.resolve(out);
      this.waiting.delete(id);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', () => this.fail(new Error('the deflate thread ended')));
  }

  /** Deflated in zlib's format: `data` is handed over to the thread (its buffer is left empty here). */
  zlib(data: Uint8Array): Promise<Uint8Array> {
    // Only a buffer of its own can be handed over: a small Buffer lives in a pool shared with others.
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, data: own }, [own.buffer as ArrayBuffer]);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }

  private fail(e: unknown): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
