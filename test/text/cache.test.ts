/**
 * The shaping cache on disk is read only by the text engine that wrote it, for the font files it
 * shaped: a changed shaper (a recompiled samizdat) or a changed font never gets the old runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prune, shapingCacheFor } from '../../src/text/cache.js';
import { Shaper } from '../../src/text/shaper.js';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/pdf/fixtures/features.md');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'samizdat-shapecache-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a Shaper with a disk cache', () => {
  const env = (dir: string) => ({ SAMIZDAT_CACHE_DIR: dir });
  const words = ['Printing', 'the', 'Legacies', 'Москва', 'Ἀθῆναι'];
  /** A build's shaping: a Shaper with the cache, the words shaped, the cache saved. */
  const build = (dir: string, engine: string) => {
    const shaper = new Shaper({ cache: shapingCacheFor(FIXTURE, env(dir), engine) });
    const widths = words.map((w) => shaper.measure(w, 'regular', 11, ['kern', 'liga']));
    const before = shaper.size().runs;
    shaper.save();
    return { widths, runs: before };
  };
  const file = (dir: string) => join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!);

  it('starts from the runs the last build of the same engine saved, and measures them the same', () => {
    const dir = join(work, 'same');
    const cold = build(dir, 'engine-1');
    expect(cold.runs).toBe(words.length);
    const saved = JSON.parse(readFileSync(file(dir), 'utf8')) as { engine: string; faces: Record<string, { font: string; runs: unknown[] }> };
    expect(saved.engine).toBe('engine-1');
    expect(saved.faces.regular.font).toMatch(/^[0-9a-f]{64}$/);
    // A shaper loads a face's saved runs when the face is first used: one word shaped, all of them there.
    const warm = new Shaper({ cache: shapingCacheFor(FIXTURE, env(dir), 'engine-1') });
    warm.measure('Printing', 'regular', 11, ['kern', 'liga']);
    expect(warm.size().runs).toBe(words.length);
    expect(build(dir, 'engine-1').widths).toEqual(cold.widths);
  });

  it('ignores the runs of another engine (a changed shaper) and of another font file', () => {
    const dir = join(work, 'other');
    build(dir, 'engine-1');
    const other = new Shaper({ cache: shapingCacheFor(FIXTURE, env(dir), 'engine-2') });
    other.measure('Printing', 'regular', 11, ['kern', 'liga']);
    expect(other.size().runs).toBe(1);
    // The same engine, but the saved runs name another font file.
    build(dir, 'engine-1');
    const saved = JSON.parse(readFileSync(file(dir), 'utf8')) as { faces: Record<string, { font: string }> };
    saved.faces.regular.font = '0'.repeat(64);
    writeFileSync(file(dir), JSON.stringify(saved));
    const refont = new Shaper({ cache: shapingCacheFor(FIXTURE, env(dir), 'engine-1') });
    refont.measure('Printing', 'regular', 11, ['kern', 'liga']);
    expect(refont.size().runs).toBe(1);
  });

  it('has no disk cache without an engine hash (run from the sources) or with SAMIZDAT_CACHE=off', () => {
    expect(shapingCacheFor(FIXTURE, {}, undefined)).toBeUndefined();
    expect(shapingCacheFor(FIXTURE, { SAMIZDAT_CACHE: 'off' }, 'engine-1')).toBeUndefined();
  });
});

describe('the compiled command after a change to the shaper', () => {
  /** A copy of the project (its sources; node_modules linked), compiled on its own: the test changes its sources. */
  let copy: string;
  beforeAll(() => {
    copy = join(work, 'project');
    mkdirSync(copy);
    for (const f of ['src', 'templates', 'package.json']) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  const compile = () => execFileSync(process.execPath, [join(copy, 'src/bundle/build.mjs')], { cwd: copy, stdio: 'pipe' });
  const build = (out: string, env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [join(copy, 'dist/cli/samizdat.mjs'), 'build', FIXTURE, '--out', join(work, out), '--format', 'pdf'], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', SAMIZDAT_CACHE_DIR: join(work, 'cache'), ...env },
    });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(join(work, out, 'features.pdf')).toString('base64');
  };

  it('builds with the new shaping, warm cache or none (build, change a shaping source, recompile, rebuild)', () => {
    compile();
    const before = build('before', {});
    expect(readdirSync(join(work, 'cache')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // Every simply shaped glyph 10 units wider: the words of the fixture measure and draw wider.
    const source = join(copy, 'src/text/simpleshape.ts');
    const text = readFileSync(source, 'utf8');
    const changed = text.replace('return { ids, adv, widths, chars };', 'return { ids, adv: adv.map((a) => a + 10), widths, chars };');
    expect(changed).not.toBe(text);
    writeFileSync(source, changed);
    compile();
    const warm = build('warm', {});
    const none = build('none', { SAMIZDAT_CACHE: 'off' });
    expect(warm).not.toBe(before);
    expect(warm).toBe(none);
  }, 240_000);
});

describe('pruning the cache folder', () => {
  it('keeps going past a file another build removed while it looked (the build ended in ENOENT)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-prune-'));
    for (let i = 0; i < 205; i++) writeFileSync(join(dir, `f${i}.json`), '{}');
    // A name listed whose file is gone by the time its date is read, as when two builds prune at once.
    symlinkSync(join(dir, 'gone'), join(dir, 'vanished.json'));
    expect(() => prune(dir, '.json')).not.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).length).toBe(201);
    rmSync(dir, { recursive: true, force: true });
  });
});
