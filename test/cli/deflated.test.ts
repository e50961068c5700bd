/**
 * Deflated bytes remembered on disk (src/deflate.ts, src/deflatefile.ts): a build in a fresh process
 * deflates again only the streams (PDF pages, font files, EPUB files) and cuts again only the font
 * subsets that changed since the last build, and its editions are byte for byte those of a build from
 * nothing and of one without caches, with the deflate thread or without. A damaged or cut file gives
 * no stale bytes. Through the compiled command, as an editor runs it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let work: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-deflated-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Built {
  /** Streams deflated and subsets cut anew, and found remembered. */
  deflated: number;
  reused: number;
  /** The editions' bytes, PDF then EPUB. */
  editions: Buffer[];
}

/** `samizdat build --force` of `md` into `out` with the cache folder `cache` (both editions, or `formats`). */
function build(md: string, out: string, cache: string, env: Record<string, string> = {}, formats = 'pdf,epub'): Built {
  const r = spawnSync(process.execPath, [CLI, 'build', md, '--out', out, '--force', '--timings', '--format', formats], {
    encoding: 'utf8',
    env: { ...process.env, SAMIZDAT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1700000000', SAMIZDAT_THREADS: 'off', ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  const stages = JSON.parse(/samizdat-timings (.*)/.exec(r.stderr)![1]).stages as Record<string, number>;
  const files = readdirSync(out);
  const editions = ['.pdf', '.epub'].flatMap((ext) => files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(out, f))));
  return { deflated: stages.deflated ?? 0, reused: stages.deflateReused ?? 0, editions };
}

const same = (a: Built, b: Built) => a.editions.every((e, i) => e.equals(b.editions[i]));
const files = (cache: string) => (existsSync(join(cache, 'deflated')) ? readdirSync(join(cache, 'deflated')).map((f) => join(cache, 'deflated', f)) : []);

describe('deflated bytes remembered between builds', () => {
  it('a warm build deflates nothing again and gives the bytes of a cold build and of one without caches, with the thread or without; an edited page is deflated anew', () => {
    const dir = join(work, 'book');
    cpSync(join(ROOT, 'test/fixtures/booktype'), dir, { recursive: true });
    const md = join(dir, 'figures.md');
    const cache = join(work, 'cache-book');
    const cold = build(md, join(dir, 'cold'), cache);
    // Page streams, font files and subsets, the EPUB's files.
    expect(cold.deflated).toBeGreaterThan(20);
    expect(files(cache)).toHaveLength(1);
    const warm = build(md, join(dir, 'warm'), cache, { SAMIZDAT_THREADS: 'on' });
    expect(warm).toMatchObject({ deflated: 0, reused: cold.deflated + cold.reused });
    expect(same(warm, cold)).toBe(true);
    expect(same(build(md, join(dir, 'cold-thread'), join(work, 'cache-thread'), { SAMIZDAT_THREADS: 'on' }), cold)).toBe(true);
    // SAMIZDAT_CACHE=off: the same bytes, and no file written.
    const offCache = join(work, 'cache-off');
    expect(same(build(md, join(dir, 'off'), offCache, { SAMIZDAT_CACHE: 'off' }), cold)).toBe(true);
    expect(files(offCache)).toEqual([]);

    // One word of one paragraph: its page and the EPUB file that holds it.
    writeFileSync(md, readFileSync(md, 'utf8').replace('(After 3.)', '(After three.)'));
    const edited = build(md, join(dir, 'edited'), cache, { SAMIZDAT_THREADS: 'on' });
    expect(edited.deflated).toBeGreaterThanOrEqual(2);
    expect(edited.deflated).toBeLessThanOrEqual(4);
    expect(edited.reused).toBeGreaterThan(cold.deflated - 4);
    expect(same(edited, build(md, join(dir, 'edited-off'), offCache, { SAMIZDAT_CACHE: 'off' }))).toBe(true);
    expect(same(edited, cold)).toBe(false);
    // What the edit left unused is gone from the file: the next build finds all it asks for, and no more.
    const again = build(md, join(dir, 'again'), cache);
    expect(again).toMatchObject({ deflated: 0, reused: edited.deflated + edited.reused });
    // A build of the EPUB alone keeps the PDF's: the next build of both deflates nothing again.
    expect(build(md, join(dir, 'epub'), cache, {}, 'epub')).toMatchObject({ deflated: 0 });
    expect(build(md, join(dir, 'both'), cache)).toMatchObject({ deflated: 0, reused: again.reused });
  }, 120_000);

  it('a damaged or cut file is ignored (same bytes) and replaced; no temporary file is left', () => {
    const dir = join(work, 'damage');
    cpSync(join(ROOT, 'test/fixtures/booktype'), dir, { recursive: true });
    const md = join(dir, 'tables.md');
    const cache = join(work, 'cache-damage');
    const cold = build(md, join(dir, 'cold'), cache);
    const [file] = files(cache);
    const size = statSync(file).size;
    const all = cold.deflated + cold.reused;

    // One entry's bytes: that one is made again, the others are found.
    const bytes = readFileSync(file);
    bytes[40] ^= 0x10;
    writeFileSync(file, bytes);
    const entry = build(md, join(dir, 'entry'), cache);
    expect(entry.deflated).toBe(1);
    expect(same(entry, cold)).toBe(true);
    expect(build(md, join(dir, 'entry-again'), cache)).toMatchObject({ deflated: 0, reused: all });

    // The index: the whole file is no file.
    const again = readFileSync(file);
    again[again.length - 40] ^= 0x10;
    writeFileSync(file, again);
    const index = build(md, join(dir, 'index'), cache);
    expect(index.deflated).toBe(all);
    expect(same(index, cold)).toBe(true);

    truncateSync(file, size >> 1);
    const cut = build(md, join(dir, 'cut'), cache, { SAMIZDAT_THREADS: 'on' });
    expect(cut.deflated).toBe(all);
    expect(same(cut, cold)).toBe(true);
    expect(statSync(file).size).toBe(size);
    expect(build(md, join(dir, 'back'), cache)).toMatchObject({ deflated: 0, reused: all });
    expect(files(cache)).toEqual([file]);
  }, 120_000);
});
