/**
 * The cover, through the compiled command: every EPUB has one (the editor's image, or samizdat's
 * typographic cover at 1600 × 2560), named in the OPF, first in reading order and a landmark; the
 * PDF starts with it only with --cover.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const PHOTO = join(ROOT, 'test/fixtures/hazards/assets/images/photo.jpg');
let work: string;

beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-cover-'));
  copyFileSync(PHOTO, join(work, 'photo.jpg'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FRONT = 'title: Manifesto of the Communist Party\nauthor: [Karl Marx, Friedrich Engels]\ntranslator: Samuel Moore\nlanguage: en-GB\n';

function run(name: string, front: string, args: string[] = [], env: Record<string, string> = {}) {
  writeFileSync(join(work, `${name}.md`), `---\n${front}---\n\nA spectre is haunting Europe.\n`);
  return spawnSync(process.execPath, [CLI, 'build', `${name}.md`, '--out', 'out', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...env } });
}

async function epub(name: string) {
  const zip = await JSZip.loadAsync(readFileSync(join(work, `out/${name}.epub`)));
  const read = (f: string) => zip.files[f].async('string');
  return { zip, opf: await read('OEBPS/content.opf'), nav: await read('OEBPS/toc.xhtml'), page: await read('OEBPS/cover.xhtml') };
}

/** Width and height from a PNG's header. */
function pngSize(b: Uint8Array): [number, number] {
  const v = Buffer.from(b);
  return [v.readUInt32BE(16), v.readUInt32BE(20)];
}

describe('the cover', () => {
  it('without a cover key, samizdat sets one: a PNG of 1600 × 2560, the same bytes with or without its cache', async () => {
    expect(run('plain', FRONT).status).toBe(0);
    const { zip, opf, nav, page } = await epub('plain');
    const png = await zip.files['OEBPS/images/cover.png'].async('uint8array');
    expect(pngSize(png)).toEqual([1600, 2560]);
    expect(opf).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>');
    expect(opf).toContain('<meta name="cover" content="cover-image"/>');
    // First in reading order, and a landmark.
    expect(opf.match(/<itemref idref="([^"]+)"/)?.[1]).toBe('cover');
    expect(nav).toContain('<a epub:type="cover" href="cover.xhtml">Cover</a>');
    expect(page).toContain('alt="Cover: Manifesto of the Communist Party, Karl Marx and Friedrich Engels"');
    expect(page).toContain('role="doc-cover"');
    expect(run('plain', FRONT, ['--out', 'again'], { SAMIZDAT_CACHE: 'off' }).status).toBe(0);
    const again = await JSZip.loadAsync(readFileSync(join(work, 'out/plain.epub')));
    expect(Buffer.from(await again.files['OEBPS/images/cover.png'].async('uint8array')).equals(Buffer.from(png))).toBe(true);
  });

  it('the editor’s cover is embedded as it is', async () => {
    expect(run('given', `${FRONT}cover: photo.jpg\n`).status).toBe(0);
    const { zip, opf } = await epub('given');
    expect(Buffer.from(await zip.files['OEBPS/images/cover.jpg'].async('uint8array')).equals(readFileSync(PHOTO))).toBe(true);
    expect(opf).toContain('properties="cover-image"');
    expect(zip.files['OEBPS/images/cover.png']).toBeUndefined();
  });

  it('an SVG cover (Standard Ebooks makes its covers so) is drawn as a PNG 1600 pixels wide, on white, for both editions', async () => {
    writeFileSync(join(work, 'cover.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="640" viewBox="0 0 400 640"><rect x="40" y="40" width="320" height="200" fill="#802020"/></svg>');
    const r = run('vector', `${FRONT}cover: cover.svg\n`, ['--cover']);
    expect(r.status, r.stderr).toBe(0);
    const { zip, opf } = await epub('vector');
    const png = await zip.files['OEBPS/images/cover.png'].async('uint8array');
    expect(pngSize(png)).toEqual([1600, 2560]);
    expect(opf).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>');
    // Red where the rectangle is, white (not transparent) around it.
    const { data, info } = await sharp(Buffer.from(png)).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + info.channels)];
    expect(at(800, 500).slice(0, 3)).toEqual([0x80, 0x20, 0x20]);
    expect(at(10, 10)).toEqual(info.channels === 4 ? [255, 255, 255, 255] : [255, 255, 255]);
    // The PDF's cover page shows it too.
    expect(execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', join(work, 'out/vector.pdf')], { encoding: 'utf8' })).toMatch(/\n\s+1\s+0 image\s+1600\s+2560/);
  });

  it('Standard Ebooks’ built cover.svg, its painting a JPEG written into it, shows the painting on a JPEG cover; an SVG figure so made is drawn in the PDF', async () => {
    const painting = await sharp({ create: { width: 200, height: 300, channels: 3, background: '#2050a0' } }).jpeg().toBuffer();
    const href = `data:image/jpeg;base64,${painting.toString('base64').replace(/.{76}/g, '$&\n')}`;
    writeFileSync(join(work, 'se-cover.svg'), `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" viewBox="0 0 1400 2100">\n\t<image height="2100" width="1400" x="0" y="0" xlink:href="${href}"/>\n\t<path fill-opacity=".75" d="M 50,1620 1350,1620 1350,2050 50,2050 Z"/>\n</svg>`);
    const r = run('se', `${FRONT}cover: se-cover.svg\n`, ['--cover']);
    expect(r.status, r.stderr).toBe(0);
    // A JPEG, as the painting is (a PNG of a photograph is ten times its size: 6.8 MB of Meditations' 6.9 MB EPUB).
    const { zip, opf } = await epub('se');
    expect(zip.files['OEBPS/images/cover.png']).toBeUndefined();
    expect(opf).toContain('<item id="cover-image" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>');
    const jpg = await zip.files['OEBPS/images/cover.jpg'].async('uint8array');
    const meta = await sharp(Buffer.from(jpg)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 2400]);
    // The PDF's cover page is that JPEG.
    expect(execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', join(work, 'out/se.pdf')], { encoding: 'utf8' })).toMatch(/\n\s+1\s+0 image\s+1600\s+2400\s+rgb\s+3\s+8\s+jpeg/);
    const { data, info } = await sharp(Buffer.from(jpg)).raw().toBuffer({ resolveWithObject: true });
    const [red, green, blue] = data.subarray((500 * info.width + 800) * info.channels);
    // The painting's blue above the title box (JPEG is near, not exact), not the white it was drawn on.
    expect(Math.abs(red - 0x20) + Math.abs(green - 0x50) + Math.abs(blue - 0xa0)).toBeLessThan(24);
    // In the text: the PDF draws the JPEG inside the SVG (pdfimages lists it; before, the figure was refused).
    writeFileSync(join(work, 'figure.md'), `---\n${FRONT}---\n\nA spectre is haunting Europe.\n\n![The painting](se-cover.svg){width=50%}\n`);
    const f = spawnSync(process.execPath, [CLI, 'build', 'figure.md', '--out', 'out'], { cwd: work, encoding: 'utf8' });
    expect(f.status, f.stderr).toBe(0);
    expect(execFileSync('pdfimages', ['-list', join(work, 'out/figure.pdf')], { encoding: 'utf8' })).toMatch(/\n\s+\d+\s+0 image\s+200\s+300\s+rgb\s+3\s+8\s+jpeg/);
    // A damaged picture inside is refused as a damaged image file is, at the cover line.
    writeFileSync(join(work, 'cut.svg'), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="data:image/jpeg;base64,${painting.subarray(0, 40).toString('base64')}"/></svg>`);
    const cut = run('cut', `${FRONT}cover: cut.svg\n`);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/^cut\.md:6:8: error: the cover 'cut\.svg' holds a picture href="data:image\/jpeg;base64,[^"]*" on <image> that is damaged or cut off at its line 1, column 61 \(the picture written into the SVG is damaged/);
  });

  it('a cover larger than a reader needs is made smaller for the EPUB, noted at the cover line', async () => {
    await sharp({ create: { width: 4000, height: 6000, channels: 3, background: '#802020' } }).png().toFile(join(work, 'huge.png'));
    const r = run('huge', `${FRONT}cover: huge.png\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^huge\.md:6:8: note: image huge\.png \(4000×6000 px, [^)]*\) resized for the EPUB to \d+×\d+ px/m);
    const { zip } = await epub('huge');
    const [w, h] = pngSize(await zip.files['OEBPS/images/cover.png'].async('uint8array'));
    expect(Math.max(w, h)).toBeLessThan(6000);
    expect(w / h).toBeCloseTo(4000 / 6000, 2);
  });

  it('a cover that is missing, or not an image, is an error at the cover line', () => {
    const r = run('missing', `${FRONT}cover: photo.jpeg\n`);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe("missing.md:6:8: error: the cover 'photo.jpeg' does not exist (did you mean 'photo.jpg'? File names are case-sensitive)");
    writeFileSync(join(work, 'notes.txt'), 'text');
    const t = run('text', `${FRONT}cover: notes.txt\n`);
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/^text\.md:6:8: error: the cover 'notes.txt' is a \.txt file: only PNG, JPEG and SVG covers are supported/);
  });

  it('the PDF starts with the cover only with --cover, and its pages keep their labels', () => {
    expect(run('pdf', FRONT, ['--format', 'pdf']).status).toBe(0);
    const without = execFileSync('pdfinfo', [join(work, 'out/pdf.pdf')], { encoding: 'utf8' });
    expect(run('pdf', FRONT, ['--format', 'pdf', '--cover']).status).toBe(0);
    const pdf = join(work, 'out/pdf.pdf');
    const pages = (s: string) => Number(/Pages:\s+(\d+)/.exec(s)![1]);
    expect(pages(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))).toBe(pages(without) + 1);
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })).toMatch(/\n\s+1\s+0 image\s+1600\s+2560/);
    // The title page is page 2 now, still labelled i; the cover's label is its name.
    expect(execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' })).toContain('Translated by Samuel Moore');
    const labels = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pagelabels', pdf], { encoding: 'utf8' })).pagelabels;
    expect(labels.slice(0, 2)).toEqual([{ index: 0, label: { '/P': 'u:Cover', '/St': 1 } }, { index: 1, label: { '/S': '/r', '/St': 1 } }]);
  });
});
