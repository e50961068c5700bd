/**
 * Builds share no state: two `buildManuscript` calls running at once in one process (what a watch
 * mode or a packet of texts does) give the bytes each gives alone. The books are long enough that
 * their PDFs are drawn interleaved (drawing yields every 32 pages), and one has Arabic and Hebrew,
 * shaped by fontkit, whose glyph objects are shared by the process.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputFiles } from '../compiled.js';
import { buildManuscript } from '../../src/build.js';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'samizdat-concurrent-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BOOKS = [join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md'), join(ROOT, 'test/fixtures/bidi/arabic-book.md')];
const date = new Date('2024-01-01T00:00:00Z');

async function build(file: string, out: string): Promise<Record<string, Buffer>> {
  const dir = join(work, out);
  await buildManuscript(file, { outDir: dir, formats: ['pdf', 'epub'], paper: 'a5', date });
  return Object.fromEntries(outputFiles(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

describe('concurrent builds', () => {
  it('two books built at once, and one book twice at once, give the bytes each gives alone', async () => {
    const [a, b, a2] = await Promise.all([build(BOOKS[0], 'a'), build(BOOKS[1], 'b'), build(BOOKS[0], 'a2')]);
    const aloneB = await build(BOOKS[1], 'b-alone');
    const aloneA = await build(BOOKS[0], 'a-alone');
    expect(Object.keys(a)).toHaveLength(2);
    for (const [name, bytes] of Object.entries(aloneA)) {
      expect(a[name].equals(bytes), name).toBe(true);
      expect(a2[name].equals(bytes), name).toBe(true);
    }
    for (const [name, bytes] of Object.entries(aloneB)) expect(b[name].equals(bytes), name).toBe(true);
  }, 120_000);
});
