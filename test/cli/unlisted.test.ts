/**
 * Pandoc's `{.unlisted}` after a heading: the heading is printed where it stands, but neither it nor
 * the headings of its section are in the contents, the PDF's bookmarks or the EPUB's nav (pandoc's
 * rule). A dedication, an epigraph's heading, a half-title are headings an editor does not list.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
let stderr: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-unlisted-'));
  cpSync(join(ROOT, 'test/fixtures/unlisted'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  stderr = r.stderr;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdf = () => join(dir, 'out/book.pdf');
const pageText = (p: number) => execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', '-enc', 'UTF-8', pdf(), '-'], { encoding: 'utf8' });

describe('headings marked {.unlisted}', () => {
  it('are printed in the text, with nothing in braces and no warning', () => {
    const all = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf(), '-'], { encoding: 'utf8' });
    expect(all).toContain('Dedication');
    expect(all).toContain('A Word Under It');
    expect(all).toContain('The Second Chapter');
    expect(all).not.toContain('{');
    expect(stderr).not.toMatch(/warning/);
  });

  it('are not on the PDF’s contents page nor in its bookmarks, with their sections; the others are', () => {
    // The title page, About this text, then the contents.
    const contents = [1, 2, 3, 4].map(pageText).find((t) => /Contents/.test(t))!;
    expect(contents).toMatch(/The First Chapter/);
    expect(contents).toMatch(/A Section of It/);
    expect(contents).toMatch(/The Third Chapter/);
    expect(contents).not.toMatch(/Dedication|A Word Under It|The Second Chapter/);
    const outline = execFileSync('qpdf', ['--json', '--json-key=outlines', pdf()], { encoding: 'utf8' });
    expect(outline).toContain('The First Chapter');
    expect(outline).not.toMatch(/Dedication|A Word Under It|The Second Chapter/);
  });

  it('are not in the EPUB’s nav or NCX, though their files are in the spine and a link to one holds', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    const toc = nav.slice(nav.indexOf('epub:type="toc"'), nav.indexOf('</nav>'));
    expect(toc).toContain('The First Chapter');
    expect(toc).toContain('A Section of It');
    expect(toc).not.toMatch(/Dedication|A Word Under It|The Second Chapter/);
    const ncx = await zip.file('OEBPS/toc.ncx')!.async('string');
    expect(ncx).toContain('The First Chapter');
    expect(ncx).not.toMatch(/Dedication|A Word Under It|The Second Chapter/);
    const texts = await Promise.all(zip.file(/\.xhtml$/).map((f) => f.async('string')));
    expect(texts.some((t) => /<h1[^>]*>Dedication<\/h1>/.test(t))).toBe(true);
    expect(texts.some((t) => /<h1[^>]*id="second"[^>]*>The Second Chapter<\/h1>/.test(t))).toBe(true);
    expect(texts.some((t) => /href="chapter-\d+\.xhtml#second">the second/.test(t))).toBe(true);
  });
});

describe('a book whose every chapter is unlisted', () => {
  it('has the text in the EPUB’s nav under the book’s title, which EPUBCheck accepts (an empty list it refuses)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'samizdat-unlisted-all-'));
    try {
      writeFileSync(join(d, 'letter.md'), '---\ntitle: A Letter\nauthor: A. Writer\nlanguage: en\n---\n\n# To My Son {.unlisted}\n\nDear boy.\n');
      const r = spawnSync(process.execPath, [CLI, 'build', 'letter.md', '--out', 'out'], { cwd: d, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const epub = readFileSync(join(d, 'out/letter.epub'));
      const nav = await (await JSZip.loadAsync(epub)).file('OEBPS/toc.xhtml')!.async('string');
      const toc = nav.slice(nav.indexOf('epub:type="toc"'), nav.indexOf('</nav>'));
      expect(toc).toMatch(/<li><a href="[^"]+\.xhtml">A Letter<\/a><\/li>/);
      const result = await EpubCheck.validate(epub);
      expect(result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal').map((m) => m.message)).toEqual([]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
