/**
 * A play's list of its persons ('Dramatis Personae', Archer's 'The Persons of the Play') is marked in
 * the EPUB as Standard Ebooks marks it, `z3998:dramatis-personae`, its document declaring the Z39.98
 * prefix (EPUB reserves none in content documents, and EPUBCheck refuses it undeclared), rather than
 * as a chapter (`doc-chapter`) of the play. Other chapters, and other documents, are as they were.
 * Through the compiled command.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled } from '../compiled.js';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-cast-list-'));
  writeFileSync(join(dir, 'book.md'), [
    '---', 'title: Ghosts', 'author: Henrik Ibsen', 'language: en-GB', '---', '',
    '# The Persons of the Play', '',
    '- Mrs. Helen Alving, widow of Captain Alving.', '- Oswald Alving, her son, a painter.', '',
    '# Act I', '',
    '[Regina]{.smallcaps}. What do you want?', '',
    '# Characters of the Age', '',
    'An essay on the persons of the time, which is a chapter.', '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0', SAMIZDAT_CACHE: 'off' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a play’s list of persons in the EPUB', () => {
  it('is a z3998:dramatis-personae section in a document that declares the prefix; the acts stay chapters', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    const [cast, act, essay] = await Promise.all(['01', '02', '03'].map((n) => zip.file(`OEBPS/chapter-${n}.xhtml`)!.async('string')));
    expect(cast).toMatch(/<html [^>]*epub:prefix="z3998: http:\/\/www\.daisy\.org\/z3998\/2012\/vocab\/structure\/"/);
    expect(cast).toMatch(/<section epub:type="z3998:dramatis-personae" aria-labelledby="[^"]+">/);
    expect(cast).not.toContain('doc-chapter');
    expect(act).toMatch(/<section epub:type="chapter" role="doc-chapter"/);
    expect(act).not.toContain('epub:prefix');
    expect(essay).toMatch(/<section epub:type="chapter" role="doc-chapter"/);
  });

  it('passes EPUBCheck', () => {
    const r = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'out/book.epub')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 60_000);
});
