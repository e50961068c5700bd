/**
 * A long illustrated book gives the same bytes in every build: cold or warm caches, another time
 * zone, alone or beside another book (two workers). Its PNGs have alpha channels, which pdfkit
 * decodes on the thread pool: their objects used to come in the order the decoding ended.
 * Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
let work: string;

/** A PNG of `w` × `h` pixels, RGBA (colour type 6) or RGB, with a pattern that depends on `seed`. */
function png(w: number, h: number, seed: number, alpha: boolean): Buffer {
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc(h * (1 + w * channels));
  let at = 0;
  // Noise (a linear congruential generator) in one channel: data that takes a while to inflate.
  let r = seed;
  for (let y = 0; y < h; y++) {
    raw[at++] = 0;
    for (let x = 0; x < w; x++) {
      r = (Math.imul(r, 1103515245) + 12345) >>> 0;
      raw[at++] = (x * seed) & 255;
      raw[at++] = (y * 7 + seed) & 255;
      raw[at++] = r >>> 24;
      if (alpha) raw[at++] = (x + y) & 255;
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-illustrated-'));
  const book = join(work, 'book');
  mkdirSync(book);
  for (let i = 0; i < 36; i++) writeFileSync(join(book, `plate-${i}.png`), png(120 + ((i * 137) % 480), 90 + ((i * 89) % 300), i + 3, i % 6 !== 0));
  let md = '---\ntitle: An Illustrated Book\nauthor: A. Painter\nlanguage: en\n---\n';
  const words = 'The plates of this book were drawn from life, and each is set beside the passage it shows. ';
  for (let c = 1; c <= 30; c++) {
    md += `\n# Chapter ${c}\n`;
    for (let k = 0; k < 3; k++) md += `\n${words.repeat(8)}\n\n![Plate ${c}.${k + 1}](plate-${(c * 3 + k) % 36}.png)\n`;
  }
  writeFileSync(join(book, 'illustrated.md'), md);
  writeFileSync(join(book, 'other.md'), `---\ntitle: Another Book\nauthor: B. Writer\nlanguage: en\n---\n\n${words.repeat(400)}\n\n![A plate](plate-4.png)\n`);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function build(out: string, files: string[], env: Record<string, string>): Record<string, string> {
  const r = spawnSync(process.execPath, [CLI, 'build', ...files.map((f) => join(work, 'book', f)), '--out', join(work, out)], {
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', SAMIZDAT_CACHE_DIR: join(work, 'cache'), ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  const dir = join(work, out);
  return Object.fromEntries(readdirSync(dir).filter((f) => f.startsWith('illustrated.')).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

describe('an illustrated book', () => {
  it('is byte-identical across builds: cold and warm caches, no cache, time zones, one worker or two', () => {
    const cold = build('cold', ['illustrated.md'], { TZ: 'UTC' });
    expect(Object.keys(cold)).toEqual(['illustrated.epub', 'illustrated.pdf']);
    expect(build('warm', ['illustrated.md'], { TZ: 'America/Los_Angeles' })).toEqual(cold);
    expect(build('none', ['illustrated.md'], { TZ: 'Asia/Kolkata', SAMIZDAT_CACHE: 'off' })).toEqual(cold);
    expect(build('two', ['other.md', 'illustrated.md'], { TZ: 'UTC' })).toEqual(cold);
  }, 600_000);
});
