/**
 * Fault injection into the write stage (src/output/editions.ts), in process: the build is run once to
 * count the file system calls it makes, then once more for every call, with that one call failing
 * (a full disk, an input/output error) or writing short. Whatever fails, the output folder holds
 * either the previous editions byte for byte or both new ones whole, never one of each, never a
 * truncated file and never a temporary file; a failure is one input error naming the edition's path.
 */
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { BuildError } from '../../src/diagnostics.js';
import { commitEditions, removeTemporaryFiles, TempFile, type WriteIo } from '../../src/output/editions.js';

const FRONT = '---\ntitle: A Book\nauthor: A. Tester\nlanguage: en-GB\n---\n\n';
const DATE = new Date('2024-01-01T00:00:00Z');
const MUTATING = ['mkdirSync', 'openSync', 'writeSync', 'fsyncSync', 'closeSync', 'linkSync', 'copyFileSync', 'renameSync'] as const;

let dir: string;
let out: string;
const snapshot = () => Object.fromEntries(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f)).toString('base64')]));

/** `node:fs` with the `fail`-th mutating call (counting from 1) failing as `how` says; `calls` counts them. */
function faultyIo(fail: number, how: 'ENOSPC' | 'EIO' | 'short' | 'zero'): WriteIo & { calls: string[] } {
  const calls: string[] = [];
  const io = { ...fs, calls } as unknown as WriteIo & { calls: string[] };
  for (const name of MUTATING) {
    const real = (fs[name] as (...a: unknown[]) => unknown).bind(fs);
    (io as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls.push(name);
      if (calls.length !== fail || (how === 'short' && name !== 'writeSync')) return real(...args);
      if (name === 'writeSync' && how === 'short') {
        // Half of what was asked: the caller must write the rest.
        const [fd, buf, offset, length] = args as [number, Uint8Array, number, number];
        return real(fd, buf, offset, Math.max(1, Math.floor(length / 2)));
      }
      if (name === 'writeSync' && how === 'zero') return 0;
      throw Object.assign(new Error(`${how}: injected`), { code: how === 'short' || how === 'zero' ? 'ENOSPC' : how });
    };
  }
  return io;
}

const OLD = `${FRONT}# The first edition\n\nIt was [^1] written once.\n\n[^1]: A note.\n`;
const NEW = `${FRONT}# The second edition\n\nIt was written again, and longer: ${'word '.repeat(400)}\n`;
let previous: Record<string, string>;
let next: Record<string, string>;
let calls: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samizdat-faults-'));
  out = join(dir, 'out');
  writeFileSync(join(dir, 'book.md'), NEW);
  await buildManuscript(join(dir, 'book.md'), { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
  next = snapshot();
  writeFileSync(join(dir, 'book.md'), OLD);
  const io = faultyIo(0, 'EIO');
  await buildManuscript(join(dir, 'book.md'), { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: DATE, io });
  previous = snapshot();
  calls = io.calls.length;
  writeFileSync(join(dir, 'book.md'), NEW);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a fault at every write of a build', () => {
  it('the build makes a known set of calls (mkdir, open, write, fsync, close, link, rename) for two editions', () => {
    expect(calls).toBeGreaterThanOrEqual(12);
    expect(Object.keys(previous)).toEqual(['book.epub', 'book.pdf']);
    expect(previous).not.toEqual(next);
  });

  for (const how of ['ENOSPC', 'EIO', 'short', 'zero'] as const) {
    it(`${how} at each call in turn: previous editions intact or both new ones whole, no temporary file`, async () => {
      let failures = 0;
      for (let k = 1; k <= calls + 1; k++) {
        // Start from the previous editions each time.
        for (const [f, b64] of Object.entries(previous)) writeFileSync(join(out, f), Buffer.from(b64, 'base64'));
        const io = faultyIo(k, how);
        const error = await buildManuscript(join(dir, 'book.md'), { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: DATE, io })
          .then(() => undefined, (e: unknown) => e);
        const now = snapshot();
        const fault = `${how} at call ${k} (${io.calls[k - 1] ?? 'none'})`;
        if (error) {
          failures++;
          expect(error, fault).toBeInstanceOf(BuildError);
          const errors = (error as BuildError).diagnostics.filter((d) => d.severity === 'error');
          expect(errors.length, fault).toBe(1);
          expect(errors[0].rule, fault).toBe('write');
          expect([out, join(out, 'book.pdf'), join(out, 'book.epub')], fault).toContain(errors[0].file);
          expect(errors[0].message, fault).toMatch(how === 'EIO' ? /input\/output error/ : /the disk is full/);
          expect(now, fault).toEqual(previous);
        } else {
          expect(now, fault).toEqual(next);
        }
      }
      // A short write is continued, so only the calls that cannot be continued fail.
      if (how === 'short') expect(failures).toBe(0);
      else expect(failures).toBeGreaterThanOrEqual(calls - 2);
    }, 300_000);
  }
});

describe('a build that fails', () => {
  it('takes away the output folders it made (a full disk at the first edition written into out/new/deeper): nothing of it is left', async () => {
    const deeper = join(dir, 'new', 'deeper');
    // The first write of an edition fails: the folders are made by then, nothing is in them.
    const failing = { ...fs, writeSync: () => { throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' }); } } as unknown as WriteIo;
    const error = await buildManuscript(join(dir, 'book.md'), { outDir: deeper, formats: ['pdf', 'epub'], paper: 'a5', date: DATE, io: failing }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(fs.existsSync(join(dir, 'new'))).toBe(false);
    // A folder that was there before, or holds anything else, stays.
    fs.mkdirSync(join(dir, 'kept'));
    writeFileSync(join(dir, 'kept', 'notes.txt'), 'mine');
    await buildManuscript(join(dir, 'book.md'), { outDir: join(dir, 'kept'), formats: ['pdf', 'epub'], paper: 'a5', date: DATE, io: failing }).catch(() => undefined);
    expect(readdirSync(join(dir, 'kept'))).toEqual(['notes.txt']);
  }, 120_000);
});

describe('the files the write stage makes', () => {
  it('a link planted at a temporary file name is never followed (the name is random and opened exclusively)', () => {
    const d = mkdtempSync(join(tmpdir(), 'samizdat-link-'));
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'precious');
    const file = new TempFile(fs, join(d, 'book.epub'));
    expect(file.temp).toMatch(/\/\.book\.epub\.\d+-[0-9a-f]{12}\.tmp$/);
    // The same name again (as an attacker who guessed it would plant it): O_EXCL refuses, the victim is untouched.
    fs.symlinkSync(victim, `${file.temp}.x`);
    const open = () => fs.openSync(`${file.temp}.x`, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW);
    expect(open).toThrow(/EEXIST/);
    file.write(new Uint8Array([1, 2, 3]));
    file.finish();
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(file.temp)).toEqual(Buffer.from([1, 2, 3]));
    rmSync(d, { recursive: true });
  });

  it('a rename that fails after the first one puts the first edition back', () => {
    const d = mkdtempSync(join(tmpdir(), 'samizdat-commit-'));
    writeFileSync(join(d, 'book.pdf'), 'old pdf');
    writeFileSync(join(d, 'book.epub'), 'old epub');
    const staged = ['pdf', 'epub'].map((ext) => {
      const f = new TempFile(fs, join(d, `book.${ext}`));
      f.write(Buffer.from(`new ${ext}`));
      f.finish();
      return { path: f.path, temp: f.temp };
    });
    let renames = 0;
    const io = { ...fs, renameSync: (a: fs.PathLike, b: fs.PathLike) => {
      if (++renames === 2) throw Object.assign(new Error('injected'), { code: 'EISDIR' });
      fs.renameSync(a, b);
    } } as WriteIo;
    expect(() => commitEditions(io, staged)).toThrow(/a folder is in its place/);
    expect(readFileSync(join(d, 'book.pdf'), 'utf8')).toBe('old pdf');
    expect(readFileSync(join(d, 'book.epub'), 'utf8')).toBe('old epub');
    expect(readdirSync(d).sort()).toEqual(['book.epub', 'book.pdf']);
    rmSync(d, { recursive: true });
  });

  it('temporary files of builds no longer running are removed (a reused process id too); a running build’s and other files are not', () => {
    const d = mkdtempSync(join(tmpdir(), 'samizdat-stale-'));
    // A process id that is not running: past the kernel's largest.
    const dead = 4_194_305;
    const names = [`.book.pdf.${dead}-0123456789ab.tmp`, `.book.epub.${dead}-0123456789ab.old`, `.book.pdf.${process.pid}-0123456789ab.tmp`, `.book.pdf.1-0123456789ab.tmp`, 'notes.tmp', 'book.pdf'];
    for (const n of names) writeFileSync(join(d, n), 'x');
    removeTemporaryFiles(fs, d);
    expect(readdirSync(d).sort()).toEqual([`.book.pdf.1-0123456789ab.tmp`, `.book.pdf.${process.pid}-0123456789ab.tmp`, 'book.pdf', 'notes.tmp']);
    removeTemporaryFiles(fs, d, process.pid);
    expect(readdirSync(d).sort()).toEqual([`.book.pdf.1-0123456789ab.tmp`, 'book.pdf', 'notes.tmp']);
    // Process 1 runs, but a file of its id untouched for two hours is not a build's: the id was reused.
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(d, `.book.pdf.1-0123456789ab.tmp`), hoursAgo, hoursAgo);
    writeFileSync(join(d, `.book.epub.1-0123456789ab.tmp`), 'x');
    removeTemporaryFiles(fs, d);
    expect(readdirSync(d).sort()).toEqual([`.book.epub.1-0123456789ab.tmp`, 'book.pdf', 'notes.tmp']);
    rmSync(d, { recursive: true });
  });
});
