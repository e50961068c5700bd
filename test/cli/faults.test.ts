/**
 * The machine's faults, through the compiled command as a user meets them: a disk that fills up, a
 * read-only file system, a folder where an edition goes, a link planted at an edition's name, Ctrl-C
 * and kill at several moments, a manuscript that its own edition would replace. Each is one line
 * naming the path and exit 1 (never "internal error", exit 3); the previous editions stay as they
 * were, and no temporary file stays behind.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFiles } from '../compiled.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const FRONT = '---\ntitle: A Book\nauthor: A. Tester\nlanguage: en-GB\n---\n\n';
const SMALL = `${FRONT}# One\n\nA short first edition.\n`;
const seed = readFileSync(join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md'), 'utf8');
const SEED_BODY = seed.slice(seed.indexOf('\n---\n') + 5).replace(/^##? .*$/gm, '');

let work: string;
beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-faults-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function samizdat(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stderr: r.stderr.split('\n').filter(Boolean) };
}

/** Every file in a folder (hidden ones included) with its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(outputFiles(dir).sort().map((f) => [f, statSync(join(dir, f)).isFile() ? readFileSync(join(dir, f)).toString('base64') : 'folder']));
}

/** A project folder with a manuscript and its first editions in out/. */
function project(name: string, text = SMALL): { dir: string; out: string; before: Record<string, string> } {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'book.md'), text);
  const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
  expect(r.code).toBe(0);
  return { dir, out: join(dir, 'out'), before: snapshot(join(dir, 'out')) };
}

/** Mounts a tmpfs of `size` at `dir` (root only); false where the machine does not allow it. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}
const canMount = (() => {
  const d = mkdtempSync(join(tmpdir(), 'samizdat-mount-'));
  const ok = mountTmpfs(d, '64k');
  if (ok) spawnSync('umount', [d]);
  rmSync(d, { recursive: true, force: true });
  return ok;
})();

describe('a file system that refuses', () => {
  it.skipIf(!canMount)('a full disk: one line naming the edition, exit 1, the previous editions intact, no temporary file', () => {
    const dir = join(work, 'full');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'out');
    expect(mountTmpfs(out, '512k')).toBe(true);
    try {
      writeFileSync(join(dir, 'book.md'), SMALL);
      expect(samizdat(['build', 'book.md', '--out', 'out'], dir).code).toBe(0);
      const before = snapshot(out);
      // Fill the disk up to 40 KB, then ask for an edition far larger than that.
      const free = () => Number(execFileSync('df', ['--output=avail', '-B1', out], { encoding: 'utf8' }).split('\n')[1]);
      writeFileSync(join(out, 'filler'), Buffer.alloc(Math.max(0, free() - 40_000)));
      const filler = readFileSync(join(out, 'filler')).toString('base64');
      writeFileSync(join(dir, 'book.md'), `${FRONT}${SEED_BODY}`);
      const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr[0]).toMatch(/^out\/book\.(pdf|epub): error: cannot be written: the disk is full \(free some space, or build into another folder with --out\)$/);
      expect(r.stderr.at(-1)).toBe('book.md: not built (1 error)');
      expect(snapshot(out)).toEqual({ ...before, filler });
    } finally {
      spawnSync('umount', [out]);
    }
  }, 120_000);

  it.skipIf(!canMount)('a read-only file system: exit 1 naming the path, nothing changed', () => {
    const dir = join(work, 'readonly');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'out');
    expect(mountTmpfs(out, '4m')).toBe(true);
    try {
      writeFileSync(join(dir, 'book.md'), SMALL);
      expect(samizdat(['build', 'book.md', '--out', 'out'], dir).code).toBe(0);
      const before = snapshot(out);
      expect(spawnSync('mount', ['-o', 'remount,ro', out]).status).toBe(0);
      writeFileSync(join(dir, 'book.md'), `${SMALL}\nMore.\n`);
      const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr[0]).toBe('out/book.epub: error: cannot be written: the folder is on a read-only file system (build into another folder with --out)');
      expect(snapshot(out)).toEqual(before);
      // A folder that cannot be made there either.
      const r2 = samizdat(['build', 'book.md', '--out', 'out/sub'], dir);
      expect(r2.code).toBe(1);
      expect(r2.stderr[0]).toMatch(/^out\/sub: error: the output folder cannot be made: the folder is on a read-only file system/);
    } finally {
      spawnSync('umount', [out]);
    }
  }, 120_000);

  it.skipIf(!existsSync('/proc/self'))('an output folder where no folder can be made (/proc): exit 1 at once (Node\'s recursive mkdir looped there, deaf to Ctrl-C)', () => {
    const { dir, out, before } = project('proc-out');
    const started = Date.now();
    for (const where of ['/proc/samizdat-out', '/proc/samizdat-out/deeper']) {
      const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', where], { cwd: dir, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([`${where}: error: the output folder cannot be made: /proc takes no new folders (build into a folder of your own with --out)`, 'book.md: not built (1 error)']);
    }
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(snapshot(out)).toEqual(before);
  }, 120_000);

  it.skipIf(!existsSync('/proc/self'))('a cache folder where no folder can be made (SAMIZDAT_CACHE_DIR under /proc): built without the caches, not a loop', () => {
    const dir = join(work, 'proc-cache');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'book.md'), SMALL);
    const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, SAMIZDAT_CACHE_DIR: '/proc/samizdat-cache/deeper' } });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(Object.keys(snapshot(join(dir, 'out'))).sort()).toEqual(['book.epub', 'book.pdf']);
  }, 120_000);

  it('a folder where the EPUB goes: exit 1 naming it, and the PDF is not replaced either', () => {
    const { dir, out, before } = project('folder-in-place');
    rmSync(join(out, 'book.epub'));
    mkdirSync(join(out, 'book.epub'));
    const r = samizdat(['build', 'book.md', '--out', 'out', '--format', 'pdf,epub'], dir);
    writeFileSync(join(dir, 'book.md'), `${SMALL}\nMore.\n`);
    const r2 = samizdat(['build', 'book.md', '--out', 'out'], dir);
    for (const x of [r, r2]) {
      expect(x.code).toBe(1);
      expect(x.stderr[0]).toBe('out/book.epub: error: cannot be written: a folder is in its place (move the folder away, or build into another folder with --out)');
    }
    expect(snapshot(out)).toEqual({ ...before, 'book.epub': 'folder' });
  }, 60_000);

  it('a link planted at an edition’s name is replaced, and the file it points to is untouched', () => {
    const { dir, out } = project('planted-link');
    writeFileSync(join(dir, 'victim.txt'), 'precious');
    rmSync(join(out, 'book.epub'));
    symlinkSync(join(dir, 'victim.txt'), join(out, 'book.epub'));
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('precious');
    expect(readFileSync(join(out, 'book.epub')).subarray(0, 2).toString()).toBe('PK');
  }, 60_000);

  it('a manuscript its own edition would replace (essay.epub built with --out .) is refused before any work', () => {
    const dir = join(work, 'self');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'essay.epub'), SMALL);
    const r = samizdat(['build', 'essay.epub', '--out', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe('essay.epub: error: the EPUB edition would replace the manuscript essay.epub (rename the file, or build into another folder with --out)');
    expect(readFileSync(join(dir, 'essay.epub'), 'utf8')).toBe(SMALL);
    expect(outputFiles(dir)).toEqual(['essay.epub']);
  }, 60_000);
});

describe('signals', () => {
  const LONG = `${FRONT}${SEED_BODY.repeat(12)}`;

  async function interrupt(dir: string, args: string[], signal: NodeJS.Signals, after: number): Promise<number | string> {
    // --force: each run builds, also after one that finished (its editions would be up to date).
    const child = spawn(process.execPath, [CLI, 'build', ...args, '--out', 'out', '--force'], { cwd: dir, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(signal), after);
    const end = await new Promise<number | string>((r) => child.on('exit', (c, s) => r(c ?? s ?? -1)));
    clearTimeout(timer);
    return end;
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} at several moments: the previous editions or both new ones, never a temporary file`, async () => {
      const { dir, out, before } = project(`signal-${signal}`);
      writeFileSync(join(dir, 'book.md'), LONG);
      const ends: (number | string)[] = [];
      for (const after of [150, 400, 800, 1300, 2000, 3000, 4500]) {
        const end = await interrupt(dir, ['book.md'], signal, after);
        ends.push(end);
        const now = snapshot(out);
        expect(Object.keys(now), `${signal} after ${after} ms`).toEqual(['book.epub', 'book.pdf']);
        if (end === 0) expect(now['book.pdf']).not.toBe(before['book.pdf']);
        else {
          expect(end).toBe(signal);
          // A signal after the commit (the process still writing its code cache at exit, say) ends a build
          // whose editions are both new: never one new and one old.
          if (now['book.pdf'] === before['book.pdf']) expect(now).toEqual(before);
          else expect(now['book.epub']).not.toBe(before['book.epub']);
        }
      }
      expect(ends).toContain(signal);
    }, 240_000);
  }

  it('SIGINT while several books build in workers: no temporary file', async () => {
    const { dir, out } = project('signal-workers');
    writeFileSync(join(dir, 'other.md'), LONG);
    writeFileSync(join(dir, 'book.md'), LONG);
    for (const after of [300, 900, 1600]) {
      const end = await interrupt(dir, ['book.md', 'other.md'], 'SIGINT', after);
      expect(outputFiles(out).filter((f) => !/^(book|other)\.(pdf|epub)$/.test(f)), `after ${after} ms (${end})`).toEqual([]);
    }
  }, 240_000);

  /**
   * A SIGKILL cannot be handled, so it is simulated exactly where it hurts: a module preloaded into the
   * compiled command kills the process from inside `fs` just before the second edition's rename (one
   * edition new, one old) or just before the commit's journal is removed (both new, nothing cleaned).
   */
  const KILLER = `const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const rename = fs.renameSync;
const unlink = fs.unlinkSync;
let renames = 0;
fs.renameSync = (from, to) => {
  // The editions' renames only: the caches' files are renamed into place too.
  if (String(from).endsWith('.tmp') && /(^|[\\/])out[\\/]/.test(String(to)) && ++renames === 2 && process.env.KILL_AT === 'second-rename') process.kill(process.pid, 'SIGKILL');
  return rename(from, to);
};
fs.unlinkSync = (p) => {
  if (String(p).endsWith('.journal') && process.env.KILL_AT === 'journal') process.kill(process.pid, 'SIGKILL');
  return unlink(p);
};
syncBuiltinESMExports();
`;

  const KILLS = [
    ['second-rename', 'SIGKILL between the two renames: the next build puts the previous pair back, and no stray file stays, even when it is refused'],
    ['journal', 'SIGKILL after both renames, before the journal goes: the next build keeps the new pair, and no stray file stays'],
  ] as const;
  for (const [at, title] of KILLS) {
    it(title, () => {
      const { dir, out, before } = project(`signal-kill-${at}`);
      const killer = join(dir, 'killer.cjs');
      writeFileSync(killer, KILLER);
      writeFileSync(join(dir, 'book.md'), `${FRONT}# Two\n\nA second edition, longer than the first.\n`);
      const r = spawnSync(process.execPath, ['-r', killer, CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, KILL_AT: at }, timeout: 120_000 });
      expect(r.signal).toBe('SIGKILL');
      const killed = snapshot(out);
      expect(Object.keys(killed).some((f) => f.endsWith('.journal'))).toBe(true);
      if (at === 'second-rename') expect([killed['book.pdf'] === before['book.pdf'], killed['book.epub'] === before['book.epub']].sort()).toEqual([false, true]);
      const after = { 'book.epub': killed['book.epub'], 'book.pdf': killed['book.pdf'] };
      if (at === 'journal') expect(after['book.pdf'] === before['book.pdf'] || after['book.epub'] === before['book.epub']).toBe(false);
      // The next build is refused (an input error): it writes nothing, and yet finishes the commit.
      writeFileSync(join(dir, 'book.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
      const next = samizdat(['build', 'book.md', '--out', 'out'], dir);
      expect(next.code).toBe(1);
      expect(snapshot(out)).toEqual(at === 'journal' ? after : before);
    }, 240_000);
  }

  for (const [next, what] of [
    [`${SMALL}\nOne more line.\n`, 'which the next build into the folder removes'],
    [SMALL, 'which the next build removes even when it finds the editions up to date'],
  ]) {
    it(`SIGKILL leaves temporary files, ${what}`, async () => {
      const { dir, out, before } = project(`signal-kill-${next === SMALL ? 'same' : 'changed'}`);
      const built = statSync(join(dir, 'book.md')).mtime;
      writeFileSync(join(dir, 'book.md'), LONG);
      let left: string[] = [];
      // Late enough for the write stage to have begun: kill when the first temporary file shows.
      const child = spawn(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, stdio: 'ignore' });
      for (let i = 0; i < 600 && left.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        left = outputFiles(out).filter((f) => f.startsWith('.'));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      left = outputFiles(out).filter((f) => f.startsWith('.'));
      expect(left.length).toBeGreaterThan(0);
      expect(snapshot(out)).toMatchObject(before);
      // The manuscript as first built (its date too, which the editions carry): the launcher answers "up
      // to date" without building.
      writeFileSync(join(dir, 'book.md'), next);
      if (next === SMALL) utimesSync(join(dir, 'book.md'), built, built);
      const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
      expect(r.code).toBe(0);
      expect(r.stderr.some((l) => l.includes('up to date'))).toBe(next === SMALL);
      expect(outputFiles(out)).toEqual(['book.epub', 'book.pdf']);
    }, 240_000);
  }
});

describe('a reader that goes away', () => {
  // `samizdat build … 2>&1 | head -1`: the pipe closed before samizdat writes its first line made Node's
  // EPIPE an 'internal error', exit 3, after both editions were written whole (and 1 when up to date).
  it('leaves the exit code the build’s: 0 built, 0 up to date, 1 refused', () => {
    const dir = join(work, 'closed-pipe');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'book.md'), SMALL);
    writeFileSync(join(dir, 'bad.md'), '---\ntitle: T\n---\n\nText.\n');
    // The reader (`true`) has exited long before the build says anything.
    const run = (file: string, env: Record<string, string> = {}) => Number(spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" build ${file} --out out 2>&1 | true; echo \${PIPESTATUS[0]}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } }).stdout.trim());
    expect(run('book.md', { SAMIZDAT_CACHE: 'off' })).toBe(0);
    expect(outputFiles(join(dir, 'out'))).toEqual(['book.epub', 'book.pdf']);
    expect(run('book.md')).toBe(0);
    expect(run('book.md')).toBe(0);
    expect(run('bad.md')).toBe(1);
  }, 120_000);
});
