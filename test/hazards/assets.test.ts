import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFolder } from '../../src/load/assets.js';
import type { Block, ImageAsset, Inline } from '../../src/model/index.js';
import sharp from 'sharp';
import { makeCoverLater } from '../../src/cover/cover.js';
import { renderEpub } from '../../src/epub/render.js';
import { buildEpub, loadBook, unzip } from '../epub/helpers.js';
import { FIXTURES, load } from './load.js';

const IMAGES = resolve(FIXTURES, 'assets/images');

/** Every image of a book with its checked asset, in document order. */
function images(blocks: Block[]): { src: string; asset?: ImageAsset }[] {
  const out: { src: string; asset?: ImageAsset }[] = [];
  const inl = (list: Inline[]) => list.forEach((n) => (n.kind === 'image' ? out.push(n) : 'children' in n && inl(n.children)));
  for (const b of blocks) {
    if (b.kind === 'figure') out.push(b);
    else if (b.kind === 'paragraph' || b.kind === 'heading') inl(b.children);
  }
  return out;
}

describe('images that are used', () => {
  it('are resolved relative to the manuscript, once, to a checked absolute path with their type and size', () => {
    const { book, lines } = load('assets/good.md');
    expect(lines).toEqual([
      "assets/good.md:13:1: warning: the image 'images/map.png' has no alt text (describe it between the brackets, e.g. ![A map of Europe in 1953](map.png): readers who cannot see it get nothing else)",
    ]);
    // Each with the bytes that were read and checked, which the renderers embed.
    const map = { path: join(IMAGES, 'map.png'), mediaType: 'image/png', width: 100, height: 60, bytes: readFileSync(join(IMAGES, 'map.png')) };
    const photo = { path: join(IMAGES, 'photo.jpg'), mediaType: 'image/jpeg', width: 100, height: 60, bytes: readFileSync(join(IMAGES, 'photo.jpg')) };
    expect(images(book!.blocks).map((i) => i.asset)).toEqual([map, photo, map, map]);
    expect(images(book!.notes[0].children).map((i) => i.asset)).toEqual([photo]);
    // The figure's caption is its title when it has one.
    const second = book!.blocks[1];
    expect(second.kind === 'figure' && second.caption).toEqual([{ kind: 'text', text: 'The Kremlin, 1953' }]);
  });

  it('a JPEG a camera stored turned (EXIF orientation 6) gets the upright image’s box: 60 × 100, not 100 × 60 drawn squeezed', () => {
    const { book, lines } = load('assets/turned.md');
    expect(lines).toEqual([]);
    expect(images(book!.blocks).map((i) => [i.asset?.width, i.asset?.height])).toEqual([[60, 100]]);
  });

  it('and the EPUB’s copy is turned upright, its orientation gone, for readers that ignore it', async () => {
    const files = await unzip(await buildEpub(join(FIXTURES, 'assets/turned.md')));
    const copy = files.get('OEBPS/images/turned.jpg') as Uint8Array;
    const meta = await sharp(copy).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([60, 100, 1]);
    // Upright, as the PDF shows it: the stored image's left half (red) turned a quarter clockwise is its top half.
    const { data, info } = await sharp(copy).raw().toBuffer({ resolveWithObject: true });
    const red = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    expect(red(30, 20)).toBeGreaterThan(150);
    expect(red(30, 80)).toBeLessThan(100);
  });

  it('and so is the EPUB’s cover when the editor’s cover is one (a library’s thumbnail shows the stored pixels)', async () => {
    const file = join(FIXTURES, 'assets/turned-cover.md');
    const book = loadBook(file);
    const files = await unzip(await renderEpub(book, { pages: [], anchors: {} }, { date: new Date('2024-05-01T12:00:00Z'), cover: await makeCoverLater(book) }));
    const meta = await sharp(files.get('OEBPS/images/cover.jpg') as Uint8Array).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([60, 100, 1]);
  });

  it('may sit above the manuscript’s folder while inside the project (here: the repository, which holds a package.json)', () => {
    const { book, lines } = load('assets/chapter/below.md');
    expect(lines).toEqual([]);
    expect(images(book!.blocks)[0].asset?.path).toBe(join(IMAGES, 'map.png'));
    expect(projectFolder(`${FIXTURES}/assets/chapter/below.md`)).toBe(realpathSync('.'));
  });
});

describe('images that are refused, each at its line and column', () => {
  it('URLs, absolute paths, paths out of the project, missing files and files that are not PNG or JPEG', () => {
    const { lines } = load('assets/refused.md');
    const download = 'download it into the project folder and give its path relative to the manuscript';
    const convert = 'convert it to PNG for drawings, maps and facsimiles, or to JPEG for photographs';
    const root = realpathSync('.');
    expect(lines).toEqual([
      "assets/refused.md:7:1: error: the image path '/etc/hostname' is absolute (give the path relative to the manuscript, e.g. images/map.png)",
      `assets/refused.md:9:1: error: the image 'https://example.org/map.png' is a URL: samizdat never fetches anything from the network (${download})`,
      `assets/refused.md:9:41: error: the image '//example.org/map.png' is a URL: samizdat never fetches anything from the network (${download})`,
      'assets/refused.md:11:1: error: the image is a data: URL (save it as a PNG or JPEG file in the project folder and give its path relative to the manuscript)',
      `assets/refused.md:11:49: error: the image 'file:///etc/hostname' is a URL: samizdat never fetches anything from the network (${download})`,
      `assets/refused.md:13:1: error: the image '../../../../../outside.png' lies outside the project folder ${root} (copy it into ${root})`,
      "assets/refused.md:15:1: error: the image 'images/nothing-here.png' does not exist (check the path: it is relative to the manuscript)",
      "assets/refused.md:15:41: error: the image 'images/MAP.png' does not exist (did you mean 'map.png'? File names are case-sensitive)",
      "assets/refused.md:17:1: error: the image 'images/photo-named.png' is named .png but holds a JPEG image (rename it to .jpg)",
      `assets/refused.md:19:1: error: the image 'images/anim.gif' is a GIF image: only PNG, JPEG and SVG images are supported (${convert})`,
      // Every hostile SVG, with what it holds and where: test/load/svg.test.ts.
      "assets/refused.md:21:1: error: the SVG image 'images/script.svg' holds a <script> element at its line 2, column 3 (samizdat draws only still pictures: remove scripts, event handlers, external references, <foreignObject>, entity declarations and animation from the SVG (or save it as plain SVG), then build again)",
      "assets/refused.md:23:1: error: the image 'images/broken.png' is damaged or cut off (open it in an image editor and save it again, or fetch it again)",
      "assets/refused.md:25:1: error: the image 'images/notes.png' is named .png but holds no PNG image (it may be damaged, or not an image at all: open it and save it again)",
      "assets/refused.md:27:1: error: the image 'images/folder.png' is a folder, not a file (give the path of the image file inside it)",
      'assets/refused.md:29:1: error: the image has no path (write its path in the parentheses: ![A map](images/map.png))',
    ]);
  });
});

describe('the project folder, outside the repository', () => {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'samizdat-assets-')));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const front = '---\ntitle: T\nauthor: A\nlanguage: en\n---\n\n';

  it('is the manuscript’s folder when no package.json lies above it: ../ leaves it', () => {
    mkdirSync(join(tmp, 'plain/book'), { recursive: true });
    copyFileSync(join(IMAGES, 'map.png'), join(tmp, 'plain/outside.png'));
    writeFileSync(join(tmp, 'plain/book/book.md'), `${front}![Out](../outside.png)\n`);
    expect(projectFolder(join(tmp, 'plain/book/book.md'))).toBe(join(tmp, 'plain/book'));
    expect(load(join(tmp, 'plain/book/book.md')).errors.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['7:1 image-outside-project']);
  });

  it('is the nearest folder above with a package.json, when there is one', () => {
    mkdirSync(join(tmp, 'proj/text'), { recursive: true });
    mkdirSync(join(tmp, 'proj/images'));
    writeFileSync(join(tmp, 'proj/package.json'), '{}');
    copyFileSync(join(IMAGES, 'map.png'), join(tmp, 'proj/images/map.png'));
    writeFileSync(join(tmp, 'proj/text/book.md'), `${front}![A map](../images/map.png)\n`);
    const { book, lines } = load(join(tmp, 'proj/text/book.md'));
    expect(lines).toEqual([]);
    expect(images(book!.blocks)[0].asset?.path).toBe(join(tmp, 'proj/images/map.png'));
  });

  it('a symbolic link out of the project is refused; one inside it is followed to the real file', () => {
    mkdirSync(join(tmp, 'links/book/images'), { recursive: true });
    copyFileSync(join(IMAGES, 'map.png'), join(tmp, 'links/secret.png'));
    copyFileSync(join(IMAGES, 'map.png'), join(tmp, 'links/book/images/real.png'));
    symlinkSync(join(tmp, 'links/secret.png'), join(tmp, 'links/book/images/escape.png'));
    symlinkSync('real.png', join(tmp, 'links/book/images/alias.png'));
    symlinkSync(join(tmp, 'links'), join(tmp, 'links/book/up')); // a folder link out of the project
    writeFileSync(join(tmp, 'links/book/book.md'), `${front}![Escape](images/escape.png)\n\n![Alias](images/alias.png)\n\n![Via a folder link](up/secret.png)\n`);
    const { book, errors } = load(join(tmp, 'links/book/book.md'));
    expect(errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      `7:1 the image 'images/escape.png' is a symbolic link to a file outside the project folder ${join(tmp, 'links/book')}`,
      `11:1 the image 'up/secret.png' is a symbolic link to a file outside the project folder ${join(tmp, 'links/book')}`,
    ]);
    expect(images(book!.blocks)[1].asset?.path).toBe(join(tmp, 'links/book/images/real.png'));
  });

  it('a manuscript reached through a symbolic link resolves its images in the real folder', () => {
    mkdirSync(join(tmp, 'real-book/images'), { recursive: true });
    copyFileSync(join(IMAGES, 'map.png'), join(tmp, 'real-book/images/map.png'));
    writeFileSync(join(tmp, 'real-book/book.md'), `${front}![A map](images/map.png)\n`);
    symlinkSync(join(tmp, 'real-book'), join(tmp, 'book-link'));
    const { book, lines } = load(join(tmp, 'book-link/book.md'));
    expect(lines).toEqual([]);
    expect(images(book!.blocks)[0].asset?.path).toBe(join(tmp, 'real-book/images/map.png'));
  });
});
