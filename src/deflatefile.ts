import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, utimesSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import zlib from 'node:zlib';
import { cacheDir, makeFolders } from './cachedir.js';

/**
 * Deflated bytes a build of the same manuscript made before, on disk (see DeflateMemo): a fresh
 * process after a one-word edit finds nearly every page stream, EPUB file and font subset as the last
 * build made it. Never read whole: its index (per entry a key, place, length and CRC-32) is read when
 * opened, an entry's bytes when asked for (seed ×100: 6.7 MB of entries, 90 kB of index). What a
 * build adds goes to a temporary file as it comes; `save` copies in the entries it took from the old
 * file, writes the index, and renames it into place: the file holds what the last build asked for,
 * nothing more, and at most MAX_BYTES.
 *
 * A file: the entries' bytes one after the other, the header (JSON: the format and the code key),
 * per entry 44 bytes (its key, a SHA-256; then its place, length and the CRC-32 of its bytes, each a
 * UInt32LE), then the trailer: the header's length, the number of entries, the CRC-32 of header and
 * index (UInt32LE each) and MAGIC. A file whose trailer, header or index does not check out (cut,
 * damaged, of other code) is no file; an entry whose bytes do not match their CRC-32 is not found.
 * Never fails a build: what cannot be read is not found, what cannot be written is not kept.
 */
export class DeflateFile {
  /** The file read: its descriptor and its entries by key (base64 of the SHA-256). */
  private fd?: number;
  private readonly index = new Map<string, Slot>();
  /** Entries of the file read that this build asked for. */
  private readonly kept = new Map<string, Slot>();
  /** The file being written (new entries first), once something was added. */
  private out?: { fd: number; temp: string; size: number; slots: Map<string, Slot> };
  /** An entry of the file read was found damaged, or something could not be kept: the file is written again. */
  private spoiled = false;

  private constructor(
    private readonly path: string,
    private readonly code: string,
  ) {}

  /** The file at `path` if written by `code`, else an empty one that `save` will write there. */
  static open(path: string, code: string): DeflateFile {
    const file = new DeflateFile(path, code);
    try {
      file.read();
    } catch {
      file.closeRead();
      file.index.clear();
    }
    return file;
  }

  private read(): void {
    const fd = (this.fd = openSync(this.path, 'r'));
    const size = fstatSync(fd).size;
    if (size < TRAILER) throw new Error('cut');
    const trailer = Buffer.alloc(TRAILER);
    readSync(fd, trailer, 0, TRAILER, size - TRAILER);
    if (!trailer.subarray(12).equals(MAGIC)) throw new Error('not a file of deflated bytes');
    const headerLength = trailer.readUInt32LE(0);
    const count = trailer.readUInt32LE(4);
    const indexAt = size - TRAILER - headerLength - count * RECORD;
    if (indexAt < 0) throw new Error('cut');
    const index = Buffer.alloc(headerLength + count * RECORD);
    if (readSync(fd, index, 0, index.length, indexAt) !== index.length || zlib.crc32(index) !== trailer.readUInt32LE(8)) throw new Error('damaged');
    const header = JSON.parse(index.toString('utf8', 0, headerLength)) as { format?: string; code?: string };
    if (header.format !== FORMAT || header.code !== this.code) throw new Error('another code');
    for (let p = headerLength; p < index.length; p += RECORD) {
      const slot = { at: index.readUInt32LE(p + 32), length: index.readUInt32LE(p + 36), crc: index.readUInt32LE(p + 40) };
      if (slot.at + slot.length > indexAt) throw new Error('damaged');
      this.index.set(index.toString('base64', p, p + 32), slot);
    }
    // Its date says when the manuscript was last built (the cache folder keeps the latest files).
    const now = new Date();
    utimesSync(this.path, now, now);
  }

  /** The bytes kept under `key` (base64 of a SHA-256), from the file read or added by this build. */
  get(key: string): Uint8Array | undefined {
    const added = this.out?.slots.get(key);
    if (added) return this.slice(this.out!.fd, added);
    const slot = this.index.get(key);
    if (!slot || this.fd === undefined) return undefined;
    const bytes = this.slice(this.fd, slot);
    if (bytes) this.kept.set(key, slot);
    else {
      this.index.delete(key);
      this.spoiled = true;
    }
    return bytes;
  }

  private slice(fd: number, slot: Slot): Uint8Array | undefined {
    try {
      const bytes = Buffer.allocUnsafe(slot.length);
      if (readSync(fd, bytes, 0, slot.length, slot.at) === slot.length && zlib.crc32(bytes) === slot.crc) return bytes;
    } catch {}
    return undefined;
  }

  /** Keeps `bytes` under `key` (base64 of a SHA-256) for the next build, if the file has room. */
  add(key: string, bytes: Uint8Array): void {
    if (this.out?.slots.has(key) || this.kept.has(key)) return;
    try {
      const out = this.begin();
      if (out.size + bytes.length > MAX_BYTES) {
        this.spoiled = true;
        return;
      }
      writeSync(out.fd, bytes, 0, bytes.length, out.size);
      out.slots.set(key, { at: out.size, length: bytes.length, crc: zlib.crc32(bytes) });
      out.size += bytes.length;
    } catch {
      this.spoiled = true;
    }
  }

  /** The file being written, begun. */
  private begin(): NonNullable<DeflateFile['out']> {
    if (this.out) return this.out;
    // A packet's workers are threads of one process: the thread in the name too.
    const temp = `${this.path}.${process.pid}-${threadId}.tmp`;
    makeFolders(dirname(this.path));
    return (this.out = { fd: openSync(temp, 'w'), temp, size: 0, slots: new Map() });
  }

  /**
   * Writes the file anew when this build added to it or left some of it unused (the old entries it
   * took copied after the new), and closes it; an unchanged file stays as it is. `keepUnused`: the old
   * entries this build did not ask for are kept too (a build of one edition does not drop the
   * other's). Whether it wrote.
   */
  save(keepUnused = false): boolean {
    let wrote = false;
    if (!this.out && !this.spoiled && (keepUnused || this.kept.size === this.index.size)) {
      this.close();
      return wrote;
    }
    try {
      const out = this.begin();
      // The old entries in the order of their places, runs of neighbours copied together.
      const kept = [...(keepUnused ? this.index : this.kept)].filter(([key]) => !out.slots.has(key)).sort((a, b) => a[1].at - b[1].at);
      let buffer = Buffer.allocUnsafe(0);
      for (let i = 0; i < kept.length; ) {
        let j = i + 1;
        while (j < kept.length && kept[j][1].at === kept[j - 1][1].at + kept[j - 1][1].length && kept[j][1].at + kept[j][1].length - kept[i][1].at <= 1 << 20) j++;
        const from = kept[i][1].at;
        const length = kept[j - 1][1].at + kept[j - 1][1].length - from;
        if (out.size + length > MAX_BYTES) break;
        if (buffer.length < length) buffer = Buffer.allocUnsafe(Math.max(length, 1 << 16));
        if (readSync(this.fd!, buffer, 0, length, from) !== length) throw new Error('cut');
        writeSync(out.fd, buffer, 0, length, out.size);
        for (; i < j; i++) out.slots.set(kept[i][0], { ...kept[i][1], at: kept[i][1].at - from + out.size });
        out.size += length;
      }
      const header = Buffer.from(JSON.stringify({ format: FORMAT, code: this.code }));
      const index = Buffer.alloc(header.length + out.slots.size * RECORD + TRAILER);
      header.copy(index);
      let p = header.length;
      for (const [key, slot] of out.slots) {
        index.write(key, p, 32, 'base64');
        index.writeUInt32LE(slot.at, p + 32);
        index.writeUInt32LE(slot.length, p + 36);
        index.writeUInt32LE(slot.crc, p + 40);
        p += RECORD;
      }
      index.writeUInt32LE(header.length, p);
      index.writeUInt32LE(out.slots.size, p + 4);
      index.writeUInt32LE(zlib.crc32(index.subarray(0, p)), p + 8);
      MAGIC.copy(index, p + 12);
      writeSync(out.fd, index, 0, index.length, out.size);
      closeSync(out.fd);
      this.closeRead();
      renameSync(out.temp, this.path);
      this.out = undefined;
      wrote = true;
    } catch {}
    this.close();
    return wrote;
  }

  /** Lets the file go without writing it (a failed build): the temporary file is removed. */
  close(): void {
    this.closeRead();
    if (!this.out) return;
    try {
      closeSync(this.out.fd);
    } catch {}
    rmSync(this.out.temp, { force: true });
    this.out = undefined;
  }

  private closeRead(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {}
    this.fd = undefined;
  }
}

interface Slot {
  at: number;
  length: number;
  crc: number;
}

const FORMAT = 'samizdat deflated 1';
const MAGIC = Buffer.from('SZDEFL01', 'latin1');
const RECORD = 44;
const TRAILER = 12 + MAGIC.length;

/** At most, in bytes (UInt32 places): the seed ×100 takes 6.7 MB. */
const MAX_BYTES = 128 << 20;

/** Where a manuscript's deflated bytes are kept between builds (see DeflateFile). */
export function deflateFile(manuscript: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'deflated', `${createHash('sha256').update(resolve(manuscript)).digest('hex').slice(0, 24)}.bin`);
}
