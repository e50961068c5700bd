/**
 * Every command of the compiled CLI works on every run: with V8's code cache cold (the run that
 * writes it), warm (the runs that read it) and after a build (whose cache replaces the others'). A
 * dynamic import() inside the cached bundle once worked only on the first run
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING afterwards). And a bug ends as the README says: one line,
 * exit 3, the stack only with SAMIZDAT_DEBUG=1.
 */
import { isAscii } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const CACHE = join(ROOT, 'dist/cli/.samizdat.cjs.cache');
const SEED = join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md');

let work: string;
beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-every-run-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function samizdat(args: string[], options: { preload?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [...(options.preload ? ['-r', options.preload] : []), CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SAMIZDAT_DEBUG: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each command, with what a good run prints. */
const COMMANDS: [string, () => string[], RegExp][] = [
  ['--help', () => ['--help'], /^usage: samizdat build/],
  ['--version', () => ['--version'], /^samizdat \d+\.\d+\.\d+\n$/],
  ['names suggest', () => ['names', 'suggest', SEED], /Moscow/],
  ['names suggest --yaml', () => ['names', 'suggest', '--yaml', SEED], /^# Draft names registry/],
  ['names review', () => ['names', 'review', SEED], /\(stalin\): 95 mentions/],
  // --force: built each time (editions up to date would be answered before the bundle is loaded).
  ['build', () => ['build', SEED, '--out', join(work, 'out'), '--format', 'epub', '--force'], /^$/],
];

describe('every command, cold and warm code cache, before and after a build', () => {
  it.each(COMMANDS)('%s', (_, args, stdout) => {
    rmSync(CACHE, { force: true });
    const runs = [samizdat(args()), samizdat(args())];
    // The first run wrote the cache the second read.
    expect(existsSync(CACHE)).toBe(true);
    // A build writes a cache of its own (it compiles far more); the command runs after it too.
    samizdat(COMMANDS.find(([name]) => name === 'build')![1]());
    runs.push(samizdat(args()));
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/ERR_VM|Error|warning/i);
      expect(r).toMatchObject({ code: 0 });
      expect(r.stdout).toMatch(stdout);
    }
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(runs[2].stdout).toBe(runs[0].stdout);
  });

  it('the bundle holds no dynamic import() for the cache to break', () => {
    expect(readFileSync(join(ROOT, 'dist/cli/samizdat.cjs'), 'utf8')).not.toMatch(/(?<![\w$.])import\(/);
  });

  it('the bundle is ASCII, read as a one-byte string (src/bundle/ascii.mjs)', () => {
    expect(isAscii(readFileSync(join(ROOT, 'dist/cli/samizdat.cjs')))).toBe(true);
  });
});

describe('a bug in samizdat: one line, exit 3', () => {
  it('an error thrown inside a command', () => {
    // A stand-in for a bug: writing the results throws.
    const preload = join(work, 'throw.cjs');
    writeFileSync(preload, "process.stdout.write = () => { throw new TypeError('boom'); };\n");
    const r = samizdat(['names', 'suggest', SEED], { preload });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('samizdat: internal error: TypeError: boom (please report it; SAMIZDAT_DEBUG=1 prints the stack)\n');
    const debug = samizdat(['--help'], { preload, env: { SAMIZDAT_DEBUG: '1' } });
    expect(debug.code).toBe(3);
    expect(debug.stderr.split('\n').slice(0, 3)).toEqual([
      'samizdat: internal error: TypeError: boom (please report it; SAMIZDAT_DEBUG=1 prints the stack)',
      'TypeError: boom',
      expect.stringMatching(/^ {4}at /),
    ]);
  });

  it('an error thrown outside the command’s own steps (a callback)', () => {
    const preload = join(work, 'later.cjs');
    writeFileSync(preload, "process.stdout.write = () => { setImmediate(() => { throw new RangeError('late'); }); return true; };\n");
    const r = samizdat(['--version'], { preload });
    expect(r).toMatchObject({ code: 3, stderr: 'samizdat: internal error: RangeError: late (please report it; SAMIZDAT_DEBUG=1 prints the stack)\n' });
  });
});
