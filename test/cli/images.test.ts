/**
 * Images end to end, through the compiled command: each reaches both editions, from the file the
 * loader checked, with its alt text (the EPUB's img alt, the PDF's Figure /Alt).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const IMAGES = join(ROOT, 'test/fixtures/hazards/assets/images');
let work: string;

beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-images-'));
  mkdirSync(join(work, 'images'));
  copyFileSync(join(IMAGES, 'map.png'), join(work, 'images/map.png'));
  copyFileSync(join(IMAGES, 'photo.jpg'), join(work, 'images/photo.jpg'));
  copyFileSync(join(IMAGES, 'map.png'), join(work, 'images/my map.png'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Builds a manuscript with the command; the EPUB's img (src → alt) and the PDF's image count and /Alt texts. */
async function build(name: string, body: string) {
  writeFileSync(join(work, `${name}.md`), `---\ntitle: Images\nauthor: A. Tester\nlanguage: en-GB\n---\n\n${body}`);
  const r = spawnSync(process.execPath, [CLI, 'build', `${name}.md`, '--out', 'out'], { cwd: work, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const zip = await JSZip.loadAsync(readFileSync(join(work, `out/${name}.epub`)));
  const imgs: string[] = [];
  // The text's images: the cover page's image is the cover's own business (test/cli/cover.test.ts).
  for (const f of Object.keys(zip.files).filter((f) => f.endsWith('.xhtml') && !f.endsWith('cover.xhtml'))) {
    for (const m of (await zip.files[f].async('string')).matchAll(/<img [^>]*>/g)) imgs.push(m[0].replace(/^<img |\/>$/g, ''));
  }
  const pdf = join(work, `out/${name}.pdf`);
  const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
  const qdf = join(work, `out/${name}.qdf.pdf`);
  spawnSync('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  const alts = [...readFileSync(qdf, 'latin1').matchAll(/\/Alt \(([^)]*)\)/g)].map((m) => m[1]);
  const captions = [];
  for (const f of Object.keys(zip.files).filter((f) => /OEBPS\/(text|chapter)/.test(f))) captions.push(...(await zip.files[f].async('string')).matchAll(/<figcaption[^>]*>/g));
  const tagged = readFileSync(qdf, 'latin1').match(/\/S \/Caption/g)?.length ?? 0;
  return { stderr: r.stderr, imgs, pdfImages: list.length, alts, captions: captions.map((m) => m[0]), taggedCaptions: tagged };
}

describe('images in both editions', () => {
  it('figures are embedded from their checked files, with their alt text', async () => {
    const r = await build('figures', '![A map of Europe in 1953](images/map.png)\n\n![A photograph of the Kremlin](images/photo.jpg)\n');
    expect(r.imgs).toEqual(['src="images/map.png" alt="A map of Europe in 1953"', 'src="images/photo.jpg" alt="A photograph of the Kremlin"']);
    expect(r.pdfImages).toBe(2);
    expect(r.alts).toEqual(['A map of Europe in 1953', 'A photograph of the Kremlin']);
  }, 60_000);

  it('a caption that repeats the alt text is read once; a title caption is read after the alt', async () => {
    const r = await build('captions', '![A map of Europe in 1953](images/map.png)\n\n![A photograph of the Kremlin](images/photo.jpg "The Kremlin in winter, 1953")\n');
    expect(r.captions).toEqual(['<figcaption aria-hidden="true">', '<figcaption>']);
    expect(r.alts).toEqual(['A map of Europe in 1953', 'A photograph of the Kremlin']);
    expect(r.taggedCaptions).toBe(1);
  }, 60_000);

  // markdown-it percent-encodes the written src ('my%20map.png'): both editions must use the loader's checked asset.
  it('a file name with a space reaches the PDF too', async () => {
    const r = await build('spaced', '![A map](<images/my map.png>)\n');
    expect(r.imgs).toHaveLength(1);
    expect(r.imgs[0]).toMatch(/^src="images\/my-\S*map\.png" alt="A map"$/);
    expect(r.pdfImages).toBe(1);
  }, 60_000);

  it('an image inside a paragraph or a note is drawn in its line, as tall as the type at most, with its alt text, in the PDF and in the EPUB', async () => {
    const r = await build('inline', 'The route ![a small map](images/map.png) ran east from Moscow.[^1]\n\n[^1]: As the sketch ![a photograph](images/photo.jpg) shows.\n');
    expect(r.imgs).toHaveLength(2);
    expect(r.pdfImages).toBe(2);
    expect(r.alts).toEqual(['a small map', 'a photograph']);
    // Set in the line: the words around it stay on one line and the page's text reads on.
    const text = execFileSync('pdftotext', ['-layout', join(work, 'out/inline.pdf'), '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    expect(text).toContain('The route ran east from Moscow.');
    expect(text).toContain('As the sketch shows.');
    const sizes = execFileSync('pdfimages', ['-list', join(work, 'out/inline.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    // pdfimages' x-ppi: the images are drawn small (about 10 pt tall), far above their 150 dpi.
    for (const l of sizes) expect(Number(l.trim().split(/\s+/)[12])).toBeGreaterThan(150);
    // In the EPUB too, as Chromium lays the file out with its stylesheet: as tall as the type at most (it was drawn at its own size).
    const zip = await JSZip.loadAsync(readFileSync(join(work, 'out/inline.epub')));
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-inline-'));
    for (const [name, f] of Object.entries(zip.files)) {
      if (f.dir || !name.startsWith('OEBPS/')) continue;
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), await f.async('nodebuffer'));
    }
    const page = join(dir, 'OEBPS/text.xhtml');
    const probe = `<script>window.addEventListener('load', () => document.body.setAttribute('data-sizes', JSON.stringify([...document.querySelectorAll('p img')].map((i) => [i.getBoundingClientRect().height, parseFloat(getComputedStyle(i.parentElement).fontSize)]))))</script>`;
    const xhtml = readFileSync(page, 'utf8');
    writeFileSync(page, xhtml.replace('</body>', `${probe}</body>`));
    const dom = execFileSync(process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${page}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const sizes2 = JSON.parse(/data-sizes="([^"]*)"/.exec(dom)![1].replace(/&quot;/g, '"')) as [number, number][];
    expect(sizes2.length).toBe(2);
    for (const [height, type] of sizes2) {
      expect(height).toBeGreaterThan(0);
      expect(height).toBeLessThanOrEqual(type + 0.5);
    }
  }, 60_000);

  // Standard Ebooks' diagrams (the Tractatus's cube) give a viewBox and no width or height: a reader knew
  // no size for them and drew the cube across the whole screen, its letters eight times the text's, where the
  // PDF sets it 100 CSS pixels wide (75 pt). An SVG with a size of its own is left to it.
  it('an SVG sized by its viewBox alone is as wide in the EPUB as the PDF sets it, not the screen\'s width', async () => {
    writeFileSync(join(work, 'images/cube.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="M12 37v50h50V37zM37 12v50h50V12z" fill="none" stroke="#000"/></svg>');
    writeFileSync(join(work, 'images/bar.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 20 5"><rect width="20" height="5"/></svg>');
    const r = await build('viewbox', 'This perhaps explains that the figure\n\n![](images/cube.svg){alt="An outline of a cube"}\n\ncan be seen in two ways.\n\n![](images/bar.svg){alt="A black bar"}\n');
    expect(r.imgs).toHaveLength(2);
    const zip = await JSZip.loadAsync(readFileSync(join(work, 'out/viewbox.epub')));
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-viewbox-'));
    for (const [name, f] of Object.entries(zip.files)) {
      if (f.dir || !name.startsWith('OEBPS/')) continue;
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), await f.async('nodebuffer'));
    }
    const page = join(dir, 'OEBPS/text.xhtml');
    const probe = `<script>window.addEventListener('load', () => document.body.setAttribute('data-sizes', JSON.stringify([...document.querySelectorAll('figure img')].map((i) => [i.getBoundingClientRect().width, i.getBoundingClientRect().height]))))</script>`;
    writeFileSync(page, readFileSync(page, 'utf8').replace('</body>', `${probe}</body>`));
    const dom = execFileSync(process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--window-size=600,800', '--dump-dom', `file://${page}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const [cube, bar] = JSON.parse(/data-sizes="([^"]*)"/.exec(dom)![1].replace(/&quot;/g, '"')) as [number, number][];
    rmSync(dir, { recursive: true, force: true });
    expect(cube[0]).toBeCloseTo(100, 0);
    expect(cube[1]).toBeCloseTo(100, 0);
    expect(bar).toEqual([200, 50]);
  }, 60_000);
});
