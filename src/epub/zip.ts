import zlib from 'node:zlib';
import type { DeflateMemo } from '../deflate.js';

/** The most entries an archive without ZIP64 holds (its end record counts them in 16 bits). */
export const MAX_ENTRIES = 65_535;

/** A file or folder of the archive. */
export interface ZipEntry {
  /** Path inside the archive ('OEBPS/text.xhtml'; a folder ends with '/'). */
  name: string;
  /** Contents (empty for a folder). */
  data: Uint8Array;
  /** Stored as it is, not deflated (the EPUB's `mimetype`, which a reader finds at a fixed offset). */
  store?: boolean;
}

/**
 * A zip archive (APPNOTE 6.3, the subset OCF 3.0 §4 allows: no encryption, no ZIP64, deflate or
 * stored), entries in the order given, every one stamped with `date`. Deflated by Node's zlib:
 * jszip's own JavaScript deflate and its chunked workers took a tenth of a short book's build. With
 * `deflate`, what an earlier build deflated is not deflated again (the same bytes either way).
 */
export function zip(entries: readonly ZipEntry[], date: Date, deflate?: DeflateMemo): Uint8Array {
  // DOS dates run from 1980 to 2107 (the build warns about a later date, and clamps it already).
  const d = new Date(Math.min(Math.max(date.getTime() || 0, Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31, 23, 59, 58)));
  if (entries.length > MAX_ENTRIES) throw new Error(`zip: ${entries.length} entries, more than ${MAX_ENTRIES} (the build checks this before it starts)`);
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const day = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const folder = e.name.endsWith('/');
    const stored = e.store || folder || e.data.length === 0;
    const body = stored ? e.data : deflate ? deflate.raw(e.data) : zlib.deflateRawSync(e.data, { level: 6 });
    // Fields common to the local and the central header, from 'version needed' to 'extra length'.
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed: 2.0 (deflate, folders)
    common.writeUInt16LE(/[^\x20-\x7e]/.test(e.name) ? 0x0800 : 0, 2); // bit 11: the name is UTF-8
    common.writeUInt16LE(stored ? 0 : 8, 4);
    common.writeUInt16LE(time, 6);
    common.writeUInt16LE(day, 8);
    common.writeUInt32LE(crc32(e.data), 10);
    common.writeUInt32LE(body.length, 14);
    common.writeUInt32LE(e.data.length, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24);
    const local = Buffer.alloc(4);
    local.writeUInt32LE(0x04034b50, 0);
    parts.push(local, common, name, body);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    common.copy(dir, 6);
    // Comment length, disk, internal attributes: 0. External attributes: the DOS folder bit.
    dir.writeUInt32LE(folder ? 0x10 : 0, 38);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + common.length + name.length + body.length;
  }
  let size = 0;
  for (const c of central) size += c.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** CRC-32 (ISO 3309), zlib's where Node has it (20.15 and later). */
const crc32: (data: Uint8Array) => number =
  (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32 ??
  ((data) => {
    let c = ~0;
    for (const byte of data) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  });
