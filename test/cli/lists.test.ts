/**
 * Lists of figures and tables (front matter `lists: [figures, tables]`): after the contents, a List of
 * Illustrations (every figure, by its caption or else its description) and a List of Tables (every
 * table with a caption), each entry with the page it stands on and a link to it, in the bookmarks too;
 * in the EPUB loi.xhtml and lot.xhtml after the contents, as Standard Ebooks makes them, in the nav.
 * Through the compiled command.
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
const pages = () => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'out/lists.pdf'), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map((p) => p.replace(/\s+/g, ' ').trim());

beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-lists-'));
  cpSync(join(ROOT, 'test/fixtures/lists'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'lists.md', '--out', 'out', '--format', 'pdf,epub,kepub'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lists of figures and tables', () => {
  it('in the PDF: after the contents, each caption with its page, linked to it, and in the bookmarks', () => {
    const all = pages();
    const contents = all.findIndex((p) => p.startsWith('Contents'));
    const loi = all.findIndex((p) => p.startsWith('List of Illustrations'));
    const lot = all.findIndex((p) => p.startsWith('List of Tables'));
    expect(contents).toBeGreaterThan(0);
    expect(loi).toBe(contents + 1);
    expect(lot).toBe(loi + 1);
    // The first figure and the table on the first chapter's first page, the second figure on the next.
    expect(all[loi]).toMatch(/^List of Illustrations The gate of the works, in 1850[ .]+1 The second banner[ .]+2 \w+$/);
    expect(all[lot]).toMatch(/^List of Tables Output of the works, by year[ .]+1 \w+$/);
    const q = new QpdfJson(join(dir, 'out/lists.pdf'));
    const dests = q.dests();
    const first = all.findIndex((p) => p.startsWith('The First Chapter'));
    expect(q.links(loi).map((l) => dests.get(l.dest!))).toEqual([first, first + 1]);
    expect(q.links(lot).map((l) => dests.get(l.dest!))).toEqual([first]);
    expect(q.outlines.map((o) => o.title)).toEqual(['Contents', 'List of Illustrations', 'List of Tables', 'The First Chapter', 'The Second Chapter']);
  });

  it('in the EPUB: loi.xhtml and lot.xhtml after the contents, linked to the figures and the captioned table; EPUBCheck finds nothing', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/lists.epub')));
    const read = (f: string) => zip.file(`OEBPS/${f}`)!.async('string');
    const opf = await read('content.opf');
    expect([...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1])).toEqual(['cover', 'title', 'nav', 'loi', 'lot', 'chapter-01', 'chapter-02']);
    const loi = await read('loi.xhtml');
    const links = [...loi.matchAll(/<li><a href="([^"#]+)#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[3]]);
    expect(links).toEqual([['chapter-01.xhtml', 'The gate of the works, in 1850'], ['chapter-02.xhtml', 'The second banner']]);
    for (const [, file, id] of loi.matchAll(/href="([^"#]+)#([^"]+)"/g)) expect(await read(file)).toMatch(new RegExp(`<figure id="${id}"`));
    const lot = await read('lot.xhtml');
    const [, file, id] = /href="([^"#]+)#([^"]+)">Output of the works, by year</.exec(lot)!;
    expect(await read(file)).toMatch(new RegExp(`<caption id="${id}"`));
    expect(lot.match(/<li>/g)).toHaveLength(1);
    expect(await read('toc.xhtml')).toMatch(/<a href="loi\.xhtml">List of Illustrations<\/a>[^]*<a href="lot\.xhtml">List of Tables<\/a>[^]*chapter-01/);
    for (const f of ['lists.epub', 'lists.kepub.epub']) {
      const r = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'out', f)], { encoding: 'utf8' });
      expect(r.stdout + r.stderr, f).toMatch(/No errors or warnings detected/);
    }
  }, 120_000);
});
