/**
 * A book in parts: `# Part I. This World {.part}` opens a part as LaTeX's \part does, on a recto of its
 * own with its title a third down and no folio, the chapter after it on the next recto; the chapters
 * up to the next part are its own in the contents, the bookmarks and the EPUB's nav, and its EPUB file
 * is a section of epub:type part. Before, a part's title was set as one more chapter. A part's
 * introduction (text between its heading and its first chapter) begins on the recto after the part's
 * page, its epigraphs staying there; it stood on the part's page, under the title and over the page's
 * foot. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';
import { QpdfJson } from '../pdf/qpdf.js';

let dir: string;
let check: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-parts-'));
  cpSync(join(ROOT, 'test/fixtures/parts'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'flatland.md', 'introductions.md', '--out', 'out', '--check'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  check = r.stderr;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a book in parts', () => {
  it('in the PDF: each part a recto of its own, no folio, its first chapter on the next recto; the contents and the bookmarks nest the chapters under it', () => {
    const pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'out/flatland.pdf'), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map((p) => p.replace(/\s+/g, ' ').trim());
    const body = pages.findIndex((p) => p === 'Part I. This World');
    expect(body % 2).toBe(0); // physical page body + 1 is odd: a recto
    expect(pages.slice(body, body + 7)).toEqual([
      'Part I. This World', '',
      expect.stringMatching(/^Of the Nature of Flatland I call our world/),
      expect.stringMatching(/^Of the Climate and Houses in Flatland As with you/),
      'Part II. Other Worlds', '',
      expect.stringMatching(/^How I Had a Vision of Lineland It was the last day/),
    ]);
    const contents = pages.find((p) => p.startsWith('Contents'))!;
    expect(contents).toMatch(/^Contents Part I\. This World[ .]+1 Of the Nature of Flatland[ .]+3 Of the Climate and Houses in Flatland[ .]+4 Part II\. Other Worlds[ .]+5 How I Had a Vision of Lineland[ .]+7/);
    const q = new QpdfJson(join(dir, 'out/flatland.pdf'));
    const tree = q.outlines.map((o) => [o.title, o.kids.map((k) => k.title)]);
    expect(tree).toContainEqual(['Part I. This World', ['Of the Nature of Flatland', 'Of the Climate and Houses in Flatland']]);
    expect(tree).toContainEqual(['Part II. Other Worlds', ['How I Had a Vision of Lineland']]);
  });

  it('in the EPUB: each part a file of epub:type part, its chapters under it in the nav; EPUBCheck and Ace find nothing', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/flatland.epub')));
    const part = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    expect(part).toMatch(/<section epub:type="part" role="doc-part" class="part" aria-labelledby="part-i-this-world">\n<span epub:type="pagebreak"[^>]*aria-label="1"><\/span><h1 id="part-i-this-world">Part I\. This World<\/h1>\n<\/section>/);
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).toMatch(/<li><a href="chapter-01\.xhtml">Part I\. This World<\/a>\s*<ol>\s*<li><a href="chapter-02\.xhtml">Of the Nature of Flatland<\/a><\/li>\s*<li><a href="chapter-03\.xhtml">Of the Climate and Houses in Flatland<\/a><\/li>\s*<\/ol>/);
    expect(await zip.file(/style\.css$/)[0].async('string')).toMatch(/section\.part h1 \{/);
    expect(check).toMatch(/flatland\.epub: no problems found by EPUBCheck [\d.]+ \(Java\), Ace by DAISY/);
    expect(check).toMatch(/flatland\.pdf: no problems found/);
  });
});

describe('a part’s introduction', () => {
  const pdf = join(ROOT, 'test/fixtures/parts/introductions.md');
  const pages = () => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'out/introductions.pdf'), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  const flat = (p: string) => p.replace(/\s+/g, ' ').trim();
  const letters = (t: string) => [...t.normalize('NFKC')].filter((c) => /\p{L}/u.test(c)).sort().join('');

  it('in the PDF: the epigraph on the part’s page, the prose from the recto after it under the part’s title, the first chapter on the next recto', () => {
    const p = pages().map(flat);
    const one = p.indexOf('Part I. This World “Be patient, for the world is broad and wide.”');
    expect(one % 2).toBe(0); // a recto
    expect(p.slice(one + 1, one + 5)).toEqual([
      '',
      'Part I. This World A note to this part. The chapters that follow describe the plane on which the Square lived, its houses and its inhabitants, before he was shown any other world. 3',
      '',
      expect.stringMatching(/^Of the Nature of Flatland I call our world/),
    ]);
    const contents = p.find((t) => t.startsWith('Contents'))!;
    expect(contents).toMatch(/^Contents Part I\. This World[ .]+1 Of the Nature of Flatland[ .]+5 Of the Climate and Houses in Flatland[ .]+6 Part II\. Other Worlds[ .]+7 How I Had a Vision of Lineland[ .]+15/);
    const tree = new QpdfJson(join(dir, 'out/introductions.pdf')).outlines.map((o) => [o.title, o.kids.map((k) => k.title)]);
    expect(tree).toContainEqual(['Part II. Other Worlds', ['How I Had a Vision of Lineland']]);
  });

  it('several pages long: every letter of it in the PDF, each page with a folio and the text’s running heads (the part’s title on rectos)', () => {
    const p = pages();
    const two = p.findIndex((t) => flat(t).startsWith('Part II. Other Worlds “O brave new worlds'));
    const chapter = p.findIndex((t) => flat(t).startsWith('How I Had a Vision of Lineland'));
    expect(two % 2).toBe(0);
    expect(chapter % 2).toBe(0);
    expect(flat(p[two + 1])).toBe('');
    expect(flat(p[chapter - 1])).toBe('');
    const intro = p.slice(two + 2, chapter - 1).map((t) => t.split('\n').map((l) => l.trim()).filter(Boolean));
    expect(intro.length).toBeGreaterThanOrEqual(4);
    intro.forEach((lines, i) => {
      expect(lines[0], `page ${i + 1} of the introduction`).toBe(i % 2 === 0 ? 'Part II. Other Worlds' : 'Edwin A. Abbott');
      expect(lines.at(-1)).toBe(String(9 + i));
    });
    // The text between the epigraph and the first chapter, and its one note: nothing lost across the pages.
    const source = readFileSync(pdf, 'utf8');
    const wanted = source.slice(source.indexOf('*The editor’s preface'), source.indexOf('# How I Had')) + source.slice(source.indexOf('[^1]: ') + 6);
    expect(letters(intro.map((lines) => lines.slice(1, -1).join(' ')).join(' '))).toBe(letters(wanted));
  });

  it('in the EPUB: the prose in the part’s section, after its epigraph, before its first chapter’s file', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/introductions.epub')));
    const part = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    expect(part).toMatch(/<section epub:type="part"[^>]*>\n<span[^>]*><\/span><h1 id="part-i-this-world">Part I\. This World<\/h1>\n<blockquote class="epigraph"[^]*<\/blockquote>\n(<span epub:type="pagebreak"[^>]*><\/span>)+<p id="[^"]+">A note to this part\.[^]*<\/p>\n<\/section>/);
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).toMatch(/<li><a href="chapter-01\.xhtml">Part I\. This World<\/a>\s*<ol>\s*<li><a href="chapter-02\.xhtml">Of the Nature of Flatland<\/a><\/li>/);
    expect(check).toMatch(/introductions\.epub: no problems found by EPUBCheck/);
  });
});
