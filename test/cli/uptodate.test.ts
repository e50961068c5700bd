/**
 * "Nothing changed since the last build": the compiled command, as users run it, does not build again
 * editions that are up to date, and builds again whenever anything they are made from changed: a
 * word, a registry entry, an image byte, an option, SOURCE_DATE_EPOCH, the manuscript's date, the
 * bundle, an edition itself. Each rebuild is compared byte for byte with a build from nothing with
 * SAMIZDAT_CACHE=off (no cache, no manifest) of the same files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, ensureCompiled } from '../compiled.js';

const FIXTURE = join(ROOT, 'test/fixtures/epub-book');
const EDITIONS = ['book.pdf', 'book.epub'];

let work: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-uptodate-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stderr: string;
}

function samizdat(cli: string, dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [cli, 'build', 'book.md', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, SAMIZDAT_CACHE_DIR: join(work, 'cache'), ...env } });
  return { status: r.status, stderr: r.stderr };
}

const bytes = (dir: string) => EDITIONS.map((f) => readFileSync(join(dir, f)));

const PAST = new Date('2026-01-02T03:04:05Z');

/** A copy of the fixture dated in the past (outside git, the manuscript's file date is the editions' date). */
function book(name: string): string {
  const dir = join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  for (const f of ['book.md', 'book.names.yaml', 'banner.png']) utimesSync(join(dir, f), PAST, PAST);
  return dir;
}

/** Writes a file and dates it back: only its bytes change. */
function rewrite(path: string, bytes: string | Uint8Array): void {
  writeFileSync(path, bytes);
  utimesSync(path, PAST, PAST);
}

/** The PNG with a tEXt chunk after its header: a valid image that differs from another such in the comment's bytes. */
function withComment(png: Buffer, comment: string): Buffer {
  const data = Buffer.from(`Comment\0${comment}`, 'latin1');
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const ihdrEnd = 8 + 8 + 13 + 4;
  return Buffer.concat([png.subarray(0, ihdrEnd), length, type, data, crc, png.subarray(ihdrEnd)]);
}

describe('build: editions up to date', () => {
  it('builds again whenever anything the editions are made from changed, and only then; each rebuild is a build from nothing', () => {
    const dir = book('kinds');
    const out = join(dir, 'out');
    const build = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => samizdat(CLI, dir, ['--out', 'out', ...args], env);
    /** A build from nothing of the same files and options, cache and manifest off, into a folder of its own. */
    const cold = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
      rmSync(join(dir, 'cold'), { recursive: true, force: true });
      expect(samizdat(CLI, dir, ['--out', 'cold', ...args], { ...env, SAMIZDAT_CACHE: 'off' }).status).toBe(0);
      expect(readdirSync(join(dir, 'cold')).sort()).toEqual([...EDITIONS].sort());
      return bytes(join(dir, 'cold'));
    };
    const WROTE = /^book\.md: wrote out\/book\.pdf, out\/book\.epub \(\d+\.\d\d s\)$/m;
    const UP_TO_DATE = /^book\.md: up to date: out\/book\.pdf, out\/book\.epub \(\d+\.\d\d s\)$/m;
    const rebuilt = (args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
      const r = build(args, env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(WROTE);
      expect(bytes(out)).toEqual(cold(args, env));
      // And now it is up to date, with the same warnings printed again.
      const again = build(args, env);
      expect(again.status).toBe(0);
      expect(again.stderr).toMatch(UP_TO_DATE);
      expect(again.stderr.replace(UP_TO_DATE, '')).toBe(r.stderr.replace(WROTE, ''));
    };

    rebuilt();
    // Nothing changed: nothing written (the editions are the same files, untouched).
    const before = EDITIONS.map((f) => statSync(join(out, f)));
    expect(build().stderr).toMatch(UP_TO_DATE);
    expect(EDITIONS.map((f) => statSync(join(out, f)))).toEqual(before);
    // Saved again unchanged (and dated as before): the bytes decide.
    const md = join(dir, 'book.md');
    rewrite(md, readFileSync(md));
    expect(build().stderr).toMatch(UP_TO_DATE);

    // One word.
    rewrite(md, readFileSync(md, 'utf8').replace('Martov came late', 'Martov came tardily'));
    rebuilt();
    // A registry entry.
    const names = join(dir, 'book.names.yaml');
    rewrite(names, readFileSync(names, 'utf8').replace('Martov, Julius', 'Martov, Yuliy'));
    rebuilt();
    // One byte of the image.
    const png = join(dir, 'banner.png');
    const original = readFileSync(png);
    rewrite(png, withComment(original, 'a'));
    rebuilt();
    rewrite(png, withComment(original, 'b'));
    rebuilt();
    // An option, and back.
    rebuilt(['--paper', 'a4']);
    rebuilt();
    // SOURCE_DATE_EPOCH, and the manuscript's own date (no git here: its file date).
    rebuilt([], { SOURCE_DATE_EPOCH: '1700000000' });
    rebuilt();
    utimesSync(md, new Date('2026-03-04T05:06:07Z'), new Date('2026-03-04T05:06:07Z'));
    rebuilt();
    // An edition edited, or deleted.
    appendFileSync(join(out, 'book.pdf'), '\n');
    rebuilt();
    unlinkSync(join(out, 'book.epub'));
    rebuilt();
    // --force builds anyway.
    expect(build(['--force']).stderr).toMatch(WROTE);
    expect(bytes(out)).toEqual(cold());
    // SAMIZDAT_CACHE=off too, and leaves the manifest alone.
    // The manifest is in the cache folder, named by the output folder and the book.
    const manifestFile = join(work, 'cache', 'builds', `${createHash('sha256').update(`${out}\nbook`).digest('hex').slice(0, 32)}.json`);
    const manifest = readFileSync(manifestFile);
    expect(build([], { SAMIZDAT_CACHE: 'off' }).stderr).toMatch(WROTE);
    expect(readFileSync(manifestFile)).toEqual(manifest);
    // The output folder holds the editions and nothing else.
    expect(readdirSync(out).sort()).toEqual([...EDITIONS].sort());
    expect(build().stderr).toMatch(UP_TO_DATE);
  }, 600_000);

  it('a changed bundle builds again', () => {
    // An installation of its own: the compiled command beside the packages and templates it reads.
    const install = join(work, 'install');
    mkdirSync(join(install, 'dist', 'cli'), { recursive: true });
    for (const f of ['samizdat.mjs', 'samizdat.cjs']) cpSync(join(ROOT, 'dist', 'cli', f), join(install, 'dist', 'cli', f));
    cpSync(join(ROOT, 'package.json'), join(install, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
    symlinkSync(join(ROOT, 'templates'), join(install, 'templates'));
    const cli = join(install, 'dist', 'cli', 'samizdat.mjs');
    const dir = book('bundle');
    const build = () => samizdat(cli, dir, ['--out', 'out']);
    expect(build().stderr).toMatch(/book\.md: wrote /);
    expect(build().stderr).toMatch(/book\.md: up to date: /);
    appendFileSync(join(install, 'dist', 'cli', 'samizdat.cjs'), '\n// another build of samizdat\n');
    expect(build().stderr).toMatch(/book\.md: wrote /);
    expect(build().stderr).toMatch(/book\.md: up to date: /);
  }, 300_000);

  it('several books: those up to date are said to be, the others built', () => {
    const dir = book('several');
    cpSync(join(dir, 'book.md'), join(dir, 'other.md'));
    const run = () => spawnSync(process.execPath, [CLI, 'build', 'book.md', 'other.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SAMIZDAT_CACHE_DIR: join(work, 'cache') } }).stderr;
    expect(run()).toMatch(/book\.md: wrote [^]*other\.md: wrote|other\.md: wrote [^]*book\.md: wrote/);
    const all = run();
    expect(all).toMatch(/^book\.md: up to date: /m);
    expect(all).toMatch(/^other\.md: up to date: /m);
    writeFileSync(join(dir, 'other.md'), readFileSync(join(dir, 'other.md'), 'utf8').replace('Martov came late', 'Martov came later'));
    const one = run();
    expect(one).toMatch(/^book\.md: up to date: /m);
    expect(one).toMatch(/^other\.md: wrote /m);
    expect(execFileSync('pdftotext', [join(dir, 'out', 'other.pdf'), '-'], { encoding: 'utf8' })).toContain('came later');
  }, 300_000);
});
