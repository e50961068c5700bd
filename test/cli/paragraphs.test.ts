/**
 * The set paragraphs remembered on disk (src/pdf/memo.ts): a build in a fresh process sets again only
 * the paragraphs that changed since the last build, and its editions are byte for byte those of a
 * build from nothing and of one without caches. A changed image, a damaged file, another code: no
 * stale lines. Through the compiled command, as an editor runs it.
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
  work = mkdtempSync(join(tmpdir(), 'samizdat-paragraphs-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Built {
  /** Paragraphs set, and found remembered (in this build or on disk). */
  set: number;
  reused: number;
  /** Chapters paginated, and found remembered (src/pdf/pagememo.ts). */
  paginated: number;
  sectionsReused: number;
  /** The editions' bytes, PDF then EPUB. */
  editions: Buffer[];
}

/** `samizdat build --force` of `md` into `out` with the cache folder `cache`; `bundle`: run the bundle itself (no launcher) with this code hash. */
function build(md: string, out: string, cache: string, env: Record<string, string> = {}, bundle?: string): Built {
  const cli = bundle ? CLI.replace(/\.mjs$/, '.cjs') : CLI;
  const r = spawnSync(process.execPath, [cli, 'build', md, '--out', out, '--force', '--timings'], {
    encoding: 'utf8',
    env: { ...process.env, SAMIZDAT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1700000000', ...(bundle ? { SAMIZDAT_BUNDLE_SHA256: bundle } : {}), ...env },
  });
  expect(r.status, r.stderr).toBe(0);
  const stages = JSON.parse(/samizdat-timings (.*)/.exec(r.stderr)![1]).stages as Record<string, number>;
  const files = readdirSync(out);
  const editions = ['.pdf', '.epub'].map((ext) => readFileSync(join(out, files.find((f) => f.endsWith(ext) && !f.endsWith('.kepub.epub'))!)));
  return { set: stages.paragraphsSet ?? 0, reused: stages.paragraphsReused ?? 0, paginated: stages.sectionsPaginated ?? 0, sectionsReused: stages.sectionsReused ?? 0, editions };
}

const same = (a: Built, b: Built) => a.editions.every((e, i) => e.equals(b.editions[i]));
const filesIn = (folder: string) => (cache: string) => (existsSync(join(cache, folder)) ? readdirSync(join(cache, folder)).map((f) => join(cache, folder, f)) : []);
const memoFiles = filesIn('paragraphs');
const pageFiles = filesIn('pages');

describe('paragraphs remembered between builds', () => {
  it('a warm build sets nothing again and gives the bytes of a cold build and of a build without caches; an edited paragraph alone is set again', () => {
    const dir = join(work, 'book');
    cpSync(join(ROOT, 'test/fixtures/booktype'), dir, { recursive: true });
    const md = join(dir, 'figures.md');
    const cache = join(work, 'cache-book');
    const cold = build(md, join(dir, 'cold'), cache);
    expect(cold.set).toBeGreaterThan(10);
    expect(memoFiles(cache)).toHaveLength(1);
    const warm = build(md, join(dir, 'warm'), cache);
    expect(warm.set).toBe(0);
    expect(warm.reused).toBe(cold.set + cold.reused);
    expect(same(warm, cold)).toBe(true);
    // SAMIZDAT_CACHE=off: the same bytes, and no file written.
    const offCache = join(work, 'cache-off');
    const off = build(md, join(dir, 'off'), offCache, { SAMIZDAT_CACHE: 'off' });
    expect(same(off, cold)).toBe(true);
    expect(memoFiles(offCache)).toEqual([]);

    // One word of one paragraph.
    writeFileSync(md, readFileSync(md, 'utf8').replace('(After 3.)', '(After three.)'));
    const edited = build(md, join(dir, 'edited'), cache);
    expect(edited.set).toBeGreaterThanOrEqual(1);
    expect(edited.set).toBeLessThanOrEqual(2);
    expect(edited.reused).toBeGreaterThan(cold.set - 3);
    expect(same(edited, build(md, join(dir, 'edited-off'), offCache, { SAMIZDAT_CACHE: 'off' }))).toBe(true);
    expect(same(edited, cold)).toBe(false);
  }, 120_000);

  it('an image changed on disk (same path, another size) is set at its new size', () => {
    const dir = join(work, 'images');
    cpSync(join(ROOT, 'test/fixtures/hazards/assets'), dir, { recursive: true });
    const md = join(dir, 'good.md');
    const cache = join(work, 'cache-images');
    const before = build(md, join(dir, 'before'), cache);
    // map.png (100 × 60 px, inline in a paragraph) becomes one of 120 × 80.
    cpSync(join(ROOT, 'test/fixtures/booktype/small.png'), join(dir, 'images/map.png'));
    const after = build(md, join(dir, 'after'), cache);
    expect(after.set).toBeGreaterThanOrEqual(1);
    expect(same(after, before)).toBe(false);
    expect(same(after, build(md, join(dir, 'off'), join(work, 'cache-images-off'), { SAMIZDAT_CACHE: 'off' }))).toBe(true);
  }, 120_000);

  it('a damaged or cut file is ignored (same bytes) and replaced; a file written by other code is not read', () => {
    const dir = join(work, 'damage');
    cpSync(join(ROOT, 'test/fixtures/booktype'), dir, { recursive: true });
    const md = join(dir, 'tables.md');
    const cache = join(work, 'cache-damage');
    const cold = build(md, join(dir, 'cold'), cache);
    const [file] = memoFiles(cache);
    const size = statSync(file).size;

    truncateSync(file, size >> 1);
    const cut = build(md, join(dir, 'cut'), cache);
    expect(cut.set).toBe(cold.set);
    expect(same(cut, cold)).toBe(true);
    expect(statSync(file).size).toBe(size);

    const bytes = readFileSync(file);
    bytes[size - 64] ^= 0x10;
    writeFileSync(file, bytes);
    const damaged = build(md, join(dir, 'damaged'), cache);
    expect(damaged.set).toBe(cold.set);
    expect(same(damaged, cold)).toBe(true);
    expect(build(md, join(dir, 'again'), cache).set).toBe(0);

    // The bundle run with another code hash: sets everything, and its file is then the other code's.
    const other = build(md, join(dir, 'other'), cache, {}, '0'.repeat(64));
    expect(other.set).toBe(cold.set);
    expect(same(other, cold)).toBe(true);
    expect(build(md, join(dir, 'back'), cache).set).toBe(cold.set);
    // No temporary file left beside it.
    expect(memoFiles(cache)).toEqual([file]);
  }, 120_000);
});

describe('page breaks remembered between builds', () => {
  it('a chapter whose lines did not change is not paginated again, and the pages are those of a build without caches; a damaged file is not read', () => {
    const dir = join(work, 'chapters');
    cpSync(join(ROOT, 'seeds'), dir, { recursive: true });
    const md = join(dir, 'legacies-and-heirs-of-jv-stalin.md');
    // Three chapters of the essay's text.
    const text = readFileSync(md, 'utf8');
    const body = text.slice(text.indexOf('\n---\n', 4) + 5);
    writeFileSync(md, text.replace(body, ['One', 'Two', 'Three'].map((t) => `# ${t}\n\n${body.replace(/^#+ .*$/gm, '')}`).join('\n\n')));
    const cache = join(work, 'cache-chapters');
    const off = () => build(md, join(dir, 'off'), join(work, 'cache-chapters-off'), { SAMIZDAT_CACHE: 'off' });
    const cold = build(md, join(dir, 'cold'), cache);
    expect(cold.paginated).toBeGreaterThanOrEqual(3);
    expect(pageFiles(cache)).toHaveLength(1);
    const warm = build(md, join(dir, 'warm'), cache);
    expect([warm.paginated, warm.sectionsReused]).toEqual([0, cold.paginated + cold.sectionsReused]);
    expect(same(warm, cold)).toBe(true);
    expect(pageFiles(join(work, 'cache-chapters-off'))).toEqual([]);

    // A sentence added to the second chapter: its lines change, the others' do not.
    const long = 'This sentence was added to the second chapter, long enough to take a line or two of its own on the page.';
    const parts = readFileSync(md, 'utf8').split('# Two');
    writeFileSync(md, `${parts[0]}# Two${parts[1].replace(/\.\n/, `. ${long}\n`)}`);
    const edited = build(md, join(dir, 'edited'), cache);
    expect(edited.sectionsReused).toBeGreaterThanOrEqual(1);
    expect(edited.paginated).toBeGreaterThanOrEqual(1);
    expect(same(edited, off())).toBe(true);

    // A digit changed in the file (still JSON): not read, and written again.
    const [file] = pageFiles(cache);
    writeFileSync(file, readFileSync(file, 'latin1').replace(/"to":(\d)/, (_, d) => `"to":${(Number(d) + 1) % 10}`), 'latin1');
    const damaged = build(md, join(dir, 'damaged'), cache);
    expect(damaged.sectionsReused).toBe(0);
    expect(same(damaged, edited)).toBe(true);
    expect(build(md, join(dir, 'again'), cache).paginated).toBe(0);
    expect(pageFiles(cache)).toEqual([file]);
  }, 120_000);
});
