/**
 * Pandoc's way of giving a passage of several blocks its language, a fenced div `::: {lang=fr}`: its
 * blocks are set in that language, as a span `[…]{lang=fr}` around each one's words would be, in both
 * editions: its quotation marks and spaces are French, its hyphenation French, and the EPUB marks it
 * lang="fr" for readers' voices and dictionaries. The div was read as its blocks in the book's language,
 * with a warning that its attributes did nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

const N = '\u202f';
let dir: string;
let stderr: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-divlang-'));
  const r = spawnSync(process.execPath, [CLI, 'build', join(ROOT, 'test/fixtures/french/passage.md'), '--out', dir], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  stderr = r.stderr;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a passage in a ::: {lang=fr} div of an English book', () => {
  it('is French in the EPUB: its quotes and spaces, and lang="fr" on its words; the text around it stays English', async () => {
    const xhtml = await (await JSZip.loadAsync(readFileSync(join(dir, 'passage.epub')))).file('OEBPS/text.xhtml')!.async('string');
    expect(xhtml).toMatch(/<blockquote>\s*<p[^>]*><span lang="fr" xml:lang="fr"><em>De l’habileté/);
    expect(xhtml).toContain(`Sun-tse dit${'\u00a0'}: «${N}Ayez les noms de tous les Officiers${N}!${N}»`);
    expect(xhtml).toMatch(/<h2[^>]*><span lang="fr" xml:lang="fr">Un titre en français<\/span><\/h2>/);
    expect(xhtml).toContain('sentences of “chapter 5”:');
    expect(xhtml).toContain('English again, “quoted” as English');
  });

  it('is French in the PDF, and the div draws no warning', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'passage.pdf'), '-'], { encoding: 'utf8' });
    // pdftotext gives the narrow no-break spaces as the gap they leave, or nothing.
    expect(text.replace(/[\s\u202f]+/g, ' ')).toMatch(/« ?Ayez les noms/);
    expect(text).toContain('“quoted”');
    expect(stderr).not.toMatch(/warning/);
  });
});
