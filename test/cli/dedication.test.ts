/**
 * The dedication (front matter `dedication`): a page of its own before the contents, its paragraphs
 * centred in italic a third of the way down a recto, no folio, in the PDF; dedication.xhtml (epub:type
 * dedication) after About in the EPUB's reading order. A packet's text has no page for it: it goes
 * on the text's entry of the packet's About page, as its note does. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
const build = (file: string, out: string) => spawnSync(process.execPath, [CLI, 'build', file, '--out', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
const pages = (pdf: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, pdf), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map((p) => p.replace(/\s+/g, ' ').trim());

beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-dedication-'));
  cpSync(join(ROOT, 'test/fixtures/dedication'), dir, { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/packet-about'), dir, { recursive: true });
  const r = build('trotsky.md', 'out');
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/warning/);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a dedication', () => {
  it('in the PDF: a recto of its own after About, centred in italic a third down, no folio; the text after it on a recto', () => {
    const all = pages('out/trotsky.pdf');
    expect(all.slice(0, 3)).toEqual(['The Revolution Betrayed Leon Trotsky Translated by Max Eastman', 'About this text Translation. Max Eastman ii', 'To the memory of Leon Sedov, who fought beside me.']);
    expect(all[3]).toBe('');
    expect(all[4]).toMatch(/^Introduction The text begins/);
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '3', '-l', '3', join(dir, 'out/trotsky.pdf'), '-'], { encoding: 'utf8' });
    const [, width, height] = /<page width="([\d.]+)" height="([\d.]+)"/.exec(bbox)!.map(Number);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"/g)].map((m) => ({ x1: Number(m[1]), y: Number(m[2]), x2: Number(m[3]) }));
    expect(words[0].y).toBeGreaterThan(height / 4);
    expect(words[0].y).toBeLessThan(height / 2);
    const line = words.filter((w) => Math.abs(w.y - words[0].y) < 1);
    // Centred on the text block, which sits off the page's centre on a recto by half the margins' difference.
    expect(Math.abs((line[0].x1 + line.at(-1)!.x2) / 2 - width / 2)).toBeLessThan(30);
    const fonts = execFileSync('pdffonts', ['-f', '3', '-l', '3', join(dir, 'out/trotsky.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/Italic/);
  });

  it('in the EPUB: dedication.xhtml after About in the reading order, with its stylesheet rules; EPUBCheck finds nothing', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/trotsky.epub')));
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect([...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]).slice(0, 5)).toEqual(['cover', 'title', 'about', 'dedication', 'nav']);
    const page = await zip.file('OEBPS/dedication.xhtml')!.async('string');
    expect(page).toContain('<section class="dedication" epub:type="dedication" role="doc-dedication" aria-label="Dedication">\n<p>To the memory of <em>Leon Sedov</em>,</p>\n<p>who fought beside me.</p>\n</section>');
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/section\.dedication \{[^}]*font-style: italic;/);
    // On the paragraphs: the book's rule for p (justified) would win over the section's alignment.
    expect(css).toMatch(/section\.dedication p \{[^}]*text-align: center;/);
    const r = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'out/trotsky.epub')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/No errors or warnings detected/);
  }, 120_000);

  it('of a packet’s text: on its entry of the packet’s About page, in both editions', async () => {
    writeFileSync(join(dir, 'seneca.md'), readFileSync(join(dir, 'seneca.md'), 'utf8').replace('rights: Public domain.\n', 'rights: Public domain.\ndedication: To Lucilius, greetings.\n'));
    const r = build('letters.yaml', 'packet');
    expect(r.status, r.stderr).toBe(0);
    expect(pages('packet/letters.pdf').find((p) => p.startsWith('About this text'))).toMatch(/On Noise, Seneca[^]*Dedication\. To Lucilius, greetings\./);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'packet/letters.epub')));
    expect(await zip.file('OEBPS/about.xhtml')!.async('string')).toMatch(/<em>Dedication\.<\/em> To Lucilius, greetings\./);
    expect(zip.file('OEBPS/dedication.xhtml')).toBeNull();
  });
});
