import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { DATE } from './helpers.js';

// Copying and searching: the PDF's ToUnicode map gives each glyph the characters of the text it was
// set for. fontkit shares one glyph object per glyph id, with the characters it was first made for:
// when a book's words came from the shaping cache, embedding its fonts made glyph objects with no
// characters, and the next book of the same build that shaped those glyphs anew (Arabic words with
// marks are never cached) lost them: 'جمال عبد' came out of the PDF as 'جما بد'.

const ROOT = resolve(import.meta.dirname, '../..');
const ARABIC = 'test/fixtures/bidi/arabic-book.md';
const SCRIPTS = 'test/fixtures/scripts/six-scripts.md';

const text = (path: string) => execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });

async function build(file: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'samizdat-tounicode-'));
  const r = await buildManuscript(file, { outDir: out, formats: ['pdf'], paper: 'a5', date: DATE });
  return r.written[0];
}

describe('ToUnicode', () => {
  it('gives back every Arabic word of a book built after another from a warm cache, and the same bytes as alone', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'samizdat-tounicode-cache-'));
    const env = { ...process.env, SAMIZDAT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: String(DATE.getTime() / 1000) };
    // Earlier builds, in other processes, leave both books' shaped words in the cache; one of them alone is the reference.
    const alone = mkdtempSync(join(tmpdir(), 'samizdat-tounicode-alone-'));
    for (const file of [SCRIPTS, ARABIC]) {
      expect(spawnSync(process.execPath, [join(ROOT, 'dist/cli/samizdat.mjs'), 'build', file, '--out', alone, '--format', 'pdf'], { cwd: ROOT, env }).status).toBe(0);
    }
    process.env.SAMIZDAT_CACHE_DIR = cache;
    try {
      await build(SCRIPTS);
      const after = await build(ARABIC);
      const arabic = text(after);
      for (const w of ['جمال عبد الناصر', 'لجمهور', 'العربية', 'السويس', 'وتولى']) expect(arabic).toContain(w);
      expect(readFileSync(after).equals(readFileSync(join(alone, 'arabic-book.pdf')))).toBe(true);
    } finally {
      delete process.env.SAMIZDAT_CACHE_DIR;
    }
  }, 60_000);
});
