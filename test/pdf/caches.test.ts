/**
 * The caches that make a rebuild fast (shaped strings in node_modules/.cache/samizdat, V8's code cache
 * beside the compiled command) change nothing in the editions. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { outputFiles } from '../compiled.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
let work: string;

beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-caches-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function build(out: string, env: Record<string, string>): Record<string, string> {
  const r = spawnSync(process.execPath, [CLI, 'build', join(ROOT, 'test/pdf/fixtures/features.md'), '--out', join(work, out)], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  return Object.fromEntries(outputFiles(join(work, out)).sort().map((f) => [f, readFileSync(join(work, out, f)).toString('base64')]));
}

describe('caches', () => {
  test('a build with the shaped strings of the last one gives the same bytes as one without any cache', () => {
    const dir = join(work, 'cache');
    const cold = build('cold', { SAMIZDAT_CACHE_DIR: dir });
    // The shaped strings, and the EPUB's generated cover (see src/cover/typographic.ts).
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => /^cover-.*\.png$/.test(f))).toHaveLength(1);
    const saved = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as { faces: Record<string, { runs: unknown[] }> };
    // Words of the fixture's body, in the regular face with its default features: key, ids, advances, widths, characters.
    const runs = saved.faces.regular.runs;
    const at = runs.indexOf('kern,liga,onum\0Printing');
    expect(at % 5).toBe(0);
    expect((runs[at + 4] as string[]).join('')).toBe('Printing');
    const written = statSync(join(dir, files[0])).ino;
    const warm = build('warm', { SAMIZDAT_CACHE_DIR: dir });
    // Every string came from the file (none shaped anew), so it was not written (renamed into place) again.
    expect(statSync(join(dir, files[0])).ino).toBe(written);
    const none = build('none', { SAMIZDAT_CACHE: 'off' });
    expect(Object.keys(cold)).toEqual(['features.epub', 'features.pdf']);
    expect(warm).toEqual(cold);
    expect(none).toEqual(cold);
  }, 120_000);
});
