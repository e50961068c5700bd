import { createHash } from 'node:crypto';
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
  private entries = new Map<string, Uint8Array>();
  private used = new Map<string, Uint8Array>();
  /** Asked for and found, since the last sweep. */
  hits = 0;
  misses = 0;

  /** zlib's format (RFC 1950, a PDF's FlateDecode) at its default level: `zlib.deflateSync(data)`. */
  zlib(data: Uint8Array): Uint8Array {
    return this.get('z', data, () => zlib.deflateSync(data));
  }

  /** Raw deflate (RFC 1951, a ZIP entry) at level 6: `zlib.deflateRawSync(data, { level: 6 })`. */
  raw(data: Uint8Array): Uint8Array {
    return this.get('r', data, () => zlib.deflateRawSync(data, { level: 6 }));
  }

  private get(kind: string, data: Uint8Array, make: () => Uint8Array): Uint8Array {
    const key = kind + createHash('sha256').update(data).digest('base64');
    let out = this.used.get(key) ?? this.entries.get(key);
    if (out) this.hits++;
    else {
      this.misses++;
      out = make();
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
