/**
 * The same manuscript gives the same bytes, for both editions, whatever the time zone; and
 * SOURCE_DATE_EPOCH sets the date the editions carry. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFiles } from '../compiled.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
let work: string;

beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-reproducible-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function samizdat(args: string[], cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, stderr: r.stderr };
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(outputFiles(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

describe('reproducible editions', () => {
  it('two builds of the seed, in different time zones, give the same bytes; SOURCE_DATE_EPOCH sets the date', () => {
    const seed = join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md');
    const epoch = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(samizdat(['build', seed, '--out', 'a'], work, { ...epoch, TZ: 'UTC' })).toMatchObject({ code: 0 });
    expect(samizdat(['build', seed, '--out', 'b'], work, { ...epoch, TZ: 'Asia/Tokyo' }).code).toBe(0);
    expect(samizdat(['build', seed, '--out', 'c', '--format', 'epub'], work, { SOURCE_DATE_EPOCH: '1800000000' }).code).toBe(0);
    const a = snapshot(join(work, 'a'));
    expect(Object.keys(a)).toEqual(['legacies-and-heirs-of-jv-stalin.epub', 'legacies-and-heirs-of-jv-stalin.pdf']);
    expect(snapshot(join(work, 'b'))).toEqual(a);
    expect(snapshot(join(work, 'c'))['legacies-and-heirs-of-jv-stalin.epub']).not.toBe(a['legacies-and-heirs-of-jv-stalin.epub']);
  }, 120_000);

  // SAMIZDAT_THREADS=on uses the second thread (page streams deflated off the main thread, src/deflate.ts)
  // however short the book; =off never, nor draws the typographic cover on a thread (src/cover/typographic.ts). The bytes must not depend on it, nor on the threads' timing.
  // Each with a cache folder of its own: streams deflated by the other's builds would be found there.
  it('a book built with threads and without gives the same bytes: the seed, a book with images, a packet with tables', () => {
    const books = [['seeds/legacies-and-heirs-of-jv-stalin.md'], ['test/fixtures/epub-book/book.md', '--cover'], ['test/fixtures/packet-tables/tables.yaml', '--imposition', 'booklet']];
    const out = (threads: string) => {
      for (const [i, [book, ...flags]] of books.entries()) {
        const r = samizdat(['build', join(ROOT, book), '--out', `threads-${threads}-${i}`, '--force', ...flags], work, { SOURCE_DATE_EPOCH: '1700000000', SAMIZDAT_THREADS: threads, SAMIZDAT_CACHE_DIR: join(work, `cache-threads-${threads}`) });
        expect(r, book).toMatchObject({ code: 0 });
      }
      return books.map((_, i) => snapshot(join(work, `threads-${threads}-${i}`)));
    };
    const off = out('off');
    expect(off.map((s) => Object.keys(s).length)).toEqual([2, 2, 3]);
    expect(out('on')).toEqual(off);
  }, 120_000);
});
