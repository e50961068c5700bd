/**
 * Hostile and unlucky images and sidecar files, through the compiled command: damaged PNGs (sound
 * chunks, bad compressed data), images huge once decoded, FIFOs where files belong, an image swapped
 * after its check, two images whose names differ only in case. Each is an error at the image's line
 * (exit 1, no stack), within bounded time and memory, and the other books of the same command are built.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDeflate, deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFiles } from '../compiled.js';
import { layoutPdf } from '../../src/pdf/layout.js';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { renderEpub } from '../../src/epub/render.js';
import { renderPdf } from '../../src/pdf/render.js';
import { makeCoverLater } from '../../src/cover/cover.js';
import { ReaderImages } from '../../src/epub/fit.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const FRONT = '---\ntitle: Images\nauthor: A. Tester\nlanguage: en-GB\n---\n\n';
let work: string;

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-hostile-images-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc(body), 8 + data.length);
  return out;
}
/** A PNG whose chunks are all sound (lengths, checksums), with `idat` as its compressed pixel data. */
function png(width: number, height: number, colour: number, idat: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colour;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
/** Sound pixel data for a `width` × `height` image of `channels` bytes a pixel. */
function rows(width: number, height: number, channels: number): Buffer {
  return deflateSync(Buffer.alloc(height * (1 + width * channels), 0));
}

function samizdat(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stderr: r.stderr.split('\n').filter(Boolean), timedOut: r.error !== undefined };
}

function project(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) writeFileSync(join(dir, f), content);
  return dir;
}

describe('damaged images', () => {
  const garbage = Buffer.from('78da' + 'ff'.repeat(40), 'hex');
  for (const [label, colour] of [['with transparency (pdfkit decoded it and crashed)', 6], ['without (pdfkit embedded a broken stream)', 2]] as const) {
    it(`a PNG ${label} whose compressed data is bad: an error at its line, and the other book is built`, () => {
      const dir = project(`damaged-${colour}`, {
        'bad.png': png(20, 10, colour, garbage),
        'book.md': `${FRONT}Text.\n\n![A damaged map](bad.png)\n`,
        'good.md': `${FRONT}Good text.\n`,
      });
      const r = samizdat(['build', 'book.md', 'good.md', '--out', 'out'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`book.md:9:1: error: the image 'bad.png' is damaged: its pixel data does not decompress (invalid block type) (open it in an image editor and save it again, or fetch it again)`);
      expect(r.stderr.join('\n')).not.toMatch(/internal error|\n\s+at /);
      expect(outputFiles(join(dir, 'out'))).toEqual(['good.epub', 'good.pdf']);
    }, 60_000);
  }

  it('a PNG cut short inside its pixel data, one with a bad checksum, one with more rows than its size', () => {
    const sound = png(20, 10, 2, rows(20, 10, 3));
    const badCrc = Buffer.from(sound);
    badCrc[45] ^= 0xff;
    const dir = project('damaged-more', {
      'short.png': png(20, 10, 2, rows(20, 5, 3)),
      'crc.png': badCrc,
      'long.png': png(20, 10, 2, rows(20, 11, 3)),
      'book.md': `${FRONT}![a](short.png)\n\n![b](crc.png)\n\n![c](long.png)\n`,
    });
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.slice(0, 3)).toEqual([
      "book.md:7:1: error: the image 'short.png' is damaged: its pixel data is cut short (open it in an image editor and save it again, or fetch it again)",
      "book.md:9:1: error: the image 'crc.png' is damaged: its IDAT chunk fails its checksum (open it in an image editor and save it again, or fetch it again)",
      "book.md:11:1: error: the image 'long.png' is damaged: it holds more pixel data than its size (open it in an image editor and save it again, or fetch it again)",
    ]);
  }, 60_000);
});

/** A sound baseline JPEG of `width` × `height`, and where its frame header (SOF0) starts. */
async function jpeg(width: number, height: number): Promise<{ bytes: Buffer; sof: number }> {
  const sharp = (await import('sharp')).default;
  const bytes = await sharp({ create: { width, height, channels: 3, background: '#c33' } }).jpeg().toBuffer();
  return { bytes, sof: bytes.indexOf(Buffer.from([0xff, 0xc0])) };
}

describe('PNG palettes', () => {
  it('a palette image without its palette is refused (pdfkit drew its indices as greys, e-readers nothing); one with it is drawn', () => {
    const plain = png(20, 10, 3, rows(20, 10, 1));
    // The palette between the header and the pixel data, as the PNG spec puts it.
    const at = 8 + 25;
    const withPalette = Buffer.concat([plain.subarray(0, at), chunk('PLTE', Buffer.from([0, 0, 0, 255, 255, 255])), plain.subarray(at)]);
    const dir = project('palette', { 'none.png': plain, 'sound.png': withPalette, 'book.md': `${FRONT}![a](none.png)\n\n![b](sound.png)\n` });
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      "book.md:7:1: error: the image 'none.png' is damaged: its header gives a palette image (colour type 3), and it holds no palette (open it in an image editor and save it again, or fetch it again)",
      'book.md: not built (1 error)',
    ]);
  }, 60_000);
});

describe('damaged JPEGs', () => {
  it('cut off after its header, of 12-bit samples, of two components: an error each at its line (pdfkit embedded them as they were, and no viewer drew them)', async () => {
    const { bytes, sof } = await jpeg(40, 30);
    const eoi = Buffer.from([0xff, 0xd9]);
    const header = Buffer.concat([bytes.subarray(0, sof + 2 + bytes.readUInt16BE(sof + 2)), eoi]);
    const twelve = Buffer.from(bytes);
    twelve[sof + 4] = 12;
    const two = Buffer.from(bytes);
    two[sof + 9] = 2;
    const dir = project('damaged-jpeg', {
      'header.jpg': header, 'twelve.jpg': twelve, 'two.jpg': two, 'sound.jpg': bytes,
      'book.md': `${FRONT}![a](header.jpg)\n\n![b](twelve.jpg)\n\n![c](two.jpg)\n\n![d](sound.jpg)\n`,
    });
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    const resave = '(open it in an image editor and save it again, or fetch it again)';
    expect(r.stderr).toEqual([
      `book.md:7:1: error: the image 'header.jpg' is damaged: it has no image data after its header (cut off, or not written whole) ${resave}`,
      `book.md:9:1: error: the image 'twelve.jpg' is damaged: its samples are of 12 bits, where PDF viewers and e-readers draw JPEGs of 8 ${resave}`,
      `book.md:11:1: error: the image 'two.jpg' is damaged: its header gives 2 colour components, which no JPEG decoder takes ${resave}`,
      'book.md: not built (3 errors)',
    ]);
  }, 60_000);

  it('a small one cut off inside its scan, an end marker written after it: an error at its line, for the PDF alone too (decoded once, while the layout runs)', async () => {
    const { bytes } = await jpeg(400, 300);
    const scan = bytes.indexOf(Buffer.from([0xff, 0xda]));
    const cut = Buffer.concat([bytes.subarray(0, scan + 60), Buffer.from([0xff, 0xd9])]);
    const dir = project('cut-jpeg', { 'cut.jpg': cut, 'book.md': `${FRONT}Text.\n\n![A photograph](cut.jpg)\n` });
    for (const format of ['pdf', 'pdf,epub']) {
      const r = samizdat(['build', 'book.md', '--out', 'out', '--format', format], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toEqual([
        "book.md:9:1: error: the image 'cut.jpg' is damaged: its pixel data does not decode (VipsJpeg: Corrupt JPEG data: premature end of data segment) (open it in an image editor and save it again, or fetch it again)",
        'book.md: not built (1 error)',
      ]);
      expect(existsSync(join(dir, 'out/book.pdf'))).toBe(false);
    }
  }, 60_000);

  it('whose header promises more pixels than its data holds, large enough for the EPUB to make a copy: an error at its line, not an internal error', async () => {
    // 3,400 × 3,400 (under 40 megapixels, over the EPUB's 3,200 a side): sharp, making the copy, found the data short and threw.
    const { bytes, sof } = await jpeg(40, 30);
    const liar = Buffer.from(bytes);
    liar.writeUInt16BE(3400, sof + 5);
    liar.writeUInt16BE(3400, sof + 7);
    const dir = project('short-jpeg', { 'liar.jpg': liar, 'book.md': `${FRONT}Text.\n\n![A photograph](liar.jpg)\n` });
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toMatch(/^book\.md:9:1: error: the image 'liar\.jpg' is damaged: its pixel data does not decode \(VipsJpeg: .*\) \(open it in an image editor and save it again, or fetch it again\)$/);
    expect(r.stderr.join('\n')).not.toMatch(/internal error/);
    expect(existsSync(join(dir, 'out/book.pdf')) || existsSync(join(dir, 'out/book.epub'))).toBe(false);
    // And should one reach the EPUB's copy all the same, the copy is the file, and the build is told.
    const readers = new ReaderImages();
    expect(await readers.fit('/x/liar.jpg', 'image/jpeg', liar, { width: 3400, height: 3400 }, { line: 9, column: 1 })).toBe(liar);
    expect(readers.damaged).toEqual([{ path: '/x/liar.jpg', span: { line: 9, column: 1 }, reason: expect.stringMatching(/^VipsJpeg: /) }]);
  }, 60_000);
});

describe('images huge once decoded', () => {
  it('a 1 MB PNG of 16,000 × 16,000 pixels is refused from its header, with the limit, in little memory', async () => {
    // 16,000 rows of 48,001 zero bytes compress to about 750 KB; decoded they are 768 MB (pdfkit needed 4 GB).
    // Compressed a row at a time: 768 MB made here would be counted in the build's peak, which Linux
    // carries from the process that forks it where those pages were resident.
    const deflate = createDeflate({ level: 9 });
    const chunks: Buffer[] = [];
    deflate.on('data', (c: Buffer) => chunks.push(c));
    const row = Buffer.alloc(48_001);
    const ended = new Promise((resolve) => deflate.on('end', resolve));
    for (let y = 0; y < 16_000; y++) deflate.write(row);
    deflate.end();
    await ended;
    const dir = project('huge', {
      'huge.png': png(16_000, 16_000, 2, Buffer.concat(chunks)),
      'book.md': `${FRONT}![A huge image](huge.png)\n`,
    });
    const r = samizdat(['build', 'book.md', '--out', 'out', '--timings'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe("book.md:7:1: error: the image 'huge.png' is 16,000 × 16,000 pixels (256 megapixels): samizdat takes images of at most 40 megapixels (scale it down: 3,000 pixels on the long side print sharp on a page)");
    const timings = JSON.parse(r.stderr.find((l) => l.startsWith('samizdat-timings '))!.slice('samizdat-timings '.length)) as { maxRssKiB: number };
    expect(timings.maxRssKiB).toBeLessThan(400 * 1024);
  }, 60_000);
});

describe('files that are not regular files', () => {
  it('a FIFO as image, as names registry and as manuscript: named as such, and nothing hangs', () => {
    const dir = project('fifo', {
      'book.md': `${FRONT}![A map](map.png)\n`,
      'names.md': `${FRONT.replace('---\n\n', 'names: names.yaml\n---\n\n')}Text.\n`,
    });
    for (const f of ['map.png', 'names.yaml', 'pipe.md']) execFileSync('mkfifo', [join(dir, f)]);
    const r = samizdat(['build', 'book.md', 'names.md', 'pipe.md', '--out', 'out'], dir);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("book.md:7:1: error: the image 'map.png' is not a regular file (a FIFO, a device or a socket) (give the path of a PNG or JPEG file)");
    expect(r.stderr.find((l) => l.startsWith('names.md:'))).toMatch(/^names\.md:5:\d+: error: cannot read the names registry '.*names\.yaml': it is not a regular file \(a FIFO, a device or a socket\)/);
    expect(r.stderr).toContain('pipe.md:1:1: error: cannot read the manuscript: it is not a regular file (a FIFO, a device or a socket) (check the path)');
  }, 60_000);
});

describe('an image changed after its check', () => {
  it('both editions embed the bytes that were checked, not a link planted after it', async () => {
    const sound = png(4, 4, 2, rows(4, 4, 3));
    const dir = project('swapped', { 'map.png': sound, 'book.md': `${FRONT}![A map](map.png)\n` });
    const outside = mkdtempSync(join(tmpdir(), 'samizdat-outside-'));
    const secret = png(4, 4, 2, deflateSync(Buffer.alloc(4 * 13, 7)));
    writeFileSync(join(outside, 'secret.png'), secret);
    const diags = new Diagnostics();
    const book = prepareBook(join(dir, 'book.md'), diags);
    // Swapped for a link out of the project once checked.
    unlinkSync(join(dir, 'map.png'));
    symlinkSync(join(outside, 'secret.png'), join(dir, 'map.png'));
    const layout = layoutPdf(book, { paper: 'a5' }, diags);
    const epub = await JSZip.loadAsync(await renderEpub(book, layout.pageMap, { date: new Date(0), cover: await makeCoverLater(book) }));
    const embedded = await epub.file(/images\/map\.png$/)[0].async('nodebuffer');
    expect(embedded.equals(sound)).toBe(true);
    const pdf = Buffer.from(await renderPdf(book, layout, { date: new Date(0) }));
    // The secret's pixel data (deflated again by nobody: a PNG without transparency is embedded as its IDAT) is absent.
    const idat = (png: Buffer) => png.subarray(41, 41 + png.readUInt32BE(33));
    expect(pdf.includes(idat(secret))).toBe(false);
    expect(pdf.includes(idat(sound))).toBe(true);
    rmSync(outside, { recursive: true });
  }, 60_000);
});

describe('an SVG and a cover changed after their check', () => {
  it('both editions draw the checked bytes, and never read the files again', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#345"/></svg>';
    const cover = png(4, 6, 2, rows(4, 6, 3));
    const dir = project('swapped-svg', { 'plan.svg': svg, 'cover.png': cover, 'book.md': FRONT.replace('---\n\n', 'cover: cover.png\n---\n\n') + '![A plan](plan.svg)\n' });
    const diags = new Diagnostics();
    const book = prepareBook(join(dir, 'book.md'), diags);
    diags.throwIfErrors();
    unlinkSync(join(dir, 'plan.svg'));
    unlinkSync(join(dir, 'cover.png'));
    const layout = layoutPdf(book, { paper: 'a5' }, diags);
    const epub = await JSZip.loadAsync(await renderEpub(book, layout.pageMap, { date: new Date(0), cover: await makeCoverLater(book) }));
    expect(await epub.file(/images\/plan\.svg$/)[0].async('string')).toBe(svg);
    expect((await epub.file(/images\/cover\.png$/)[0].async('nodebuffer')).equals(cover)).toBe(true);
    // The SVG is gone from the folder: the PDF draws it from the checked text (reading the file would fail).
    const pdf = Buffer.from(await renderPdf(book, layout, { date: new Date(0) }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});

describe('image names in the EPUB', () => {
  it('a.png and A.PNG get names that differ beyond case', async () => {
    const a = png(4, 4, 2, rows(4, 4, 3));
    const b = png(5, 5, 2, rows(5, 5, 3));
    const dir = project('case', { 'a.png': a, 'A.PNG': b, 'book.md': `${FRONT}![One](a.png)\n\n![Two](A.PNG)\n` });
    const r = samizdat(['build', 'book.md', '--out', 'out', '--format', 'epub'], dir);
    expect(r.code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    // The book's two images, besides the cover every EPUB has.
    const names = Object.keys(zip.files).filter((f) => /\/images\/(?!cover\.)./.test(f));
    expect(names).toHaveLength(2);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(2);
  }, 60_000);
});

describe('SVGs too large to draw', () => {
  const HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000" width="1000" height="1000">\n';
  /** `mb` megabytes of path data in one path: a random walk of curves, as a tracing writes. */
  const curves = (mb: number) => {
    const parts = ['M500 500'];
    let seed = 1;
    const r = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 * 18 - 9).toFixed(2);
    for (let n = 0; n < mb * 1e6; n += parts[parts.length - 1].length) parts.push(` c${r()} ${r()} ${r()} ${r()} ${r()} ${r()}`);
    return parts.join('');
  };
  /** A book with the SVG at line 7, built once with a small drawing; `svg` then takes its place. */
  const rebuilt = (name: string, svg: string | Buffer, args: string[] = []) => {
    const dir = project(name, { 'book.md': `${FRONT}Text.\n\n![A drawing](d.svg)\n\nMore text.\n`, 'd.svg': `${HEAD}<rect width="10" height="10"/></svg>\n` });
    expect(samizdat(['build', 'book.md', '--out', 'out', ...args], dir).code).toBe(0);
    const before = Object.fromEntries(outputFiles(join(dir, 'out')).map((f) => [f, readFileSync(join(dir, 'out', f)).toString('base64')]));
    writeFileSync(join(dir, 'd.svg'), svg);
    const r = samizdat(['build', 'book.md', '--out', 'out', ...args], dir);
    const after = Object.fromEntries(outputFiles(join(dir, 'out')).map((f) => [f, readFileSync(join(dir, 'out', f)).toString('base64')]));
    return { ...r, kept: JSON.stringify(after) === JSON.stringify(before) };
  };

  it('one path of 10 MB is drawn (a regular expression over it overflowed the stack: internal error)', () => {
    const r = rebuilt('svg-long-path', `${HEAD}<path d="${curves(10)}z"/></svg>\n`);
    expect(r.stderr.at(-1)).toMatch(/^book\.md: wrote out\/book\.pdf, out\/book\.epub/);
    expect(r.code).toBe(0);
  }, 120_000);

  it('30,000 rectangles and no <use> are drawn (refused as <use>s copying the drawing out)', () => {
    const r = rebuilt('svg-many-rects', `${HEAD}${'<rect width="1" height="1"/>\n'.repeat(30_000)}</svg>\n`, ['--format', 'epub']);
    expect(r.code).toBe(0);
  }, 120_000);

  it('more than 100,000 elements: an error at the image, found before anything is drawn', () => {
    const r = rebuilt('svg-too-many', `${HEAD}${'<path d="M0 0h1v1z"/>\n'.repeat(100_000)}</svg>\n`);
    expect(r).toMatchObject({ code: 1, kept: true });
    expect(r.stderr).toEqual([
      "book.md:9:1: error: the SVG image 'd.svg' holds more than 100,000 elements (the next here) at its line 100001, column 1 (simplify the drawing in its editor (fewer elements and points, groups ungrouped), or save it as a PNG, then build again)",
      'book.md: not built (1 error)',
    ]);
  }, 120_000);

  it('100,000 nested groups: an error at once (saxes took 3 minutes over them, svg-to-pdfkit overflowed its stack)', () => {
    const t0 = Date.now();
    const r = rebuilt('svg-too-deep', `${HEAD}${'<g>'.repeat(100_000)}<rect width="1" height="1"/>${'</g>'.repeat(100_000)}</svg>\n`);
    expect(r).toMatchObject({ code: 1, kept: true });
    expect(r.stderr[0]).toBe("book.md:9:1: error: the SVG image 'd.svg' holds elements nested more than 1,000 deep (the next here) at its line 2, column 2998 (simplify the drawing in its editor (fewer elements and points, groups ungrouped), or save it as a PNG, then build again)");
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 120_000);

  it('21 MB that svg-to-pdfkit would draw (it ran out of memory at 100 MB): an error for the PDF, the EPUB alone builds', () => {
    const svg = `${HEAD}<path d="${curves(21)}z"/><rect width="1" height="1"/></svg>\n`;
    const r = rebuilt('svg-too-large-to-draw', svg);
    expect(r).toMatchObject({ code: 1, kept: true });
    expect(r.stderr[0]).toMatch(/^book\.md:9:1: error: the SVG image 'd\.svg' is 21\.0 MB and holds more than plain paths \(shapes, text, styles, or path data with an error\): samizdat draws such an SVG in the PDF up to 20 MB \(/);
    expect(r.stderr).toHaveLength(2);
    expect(samizdat(['build', 'book.md', '--out', 'out', '--format', 'epub'], join(work, 'svg-too-large-to-draw')).code).toBe(0);
  }, 120_000);

  it('an image file of 5 GB (sparse): refused from its size before it is read (it was ERR_OUT_OF_RANGE, "check its permissions")', () => {
    const dir = project('five-gigabytes', { 'book.md': `${FRONT}Text.\n\n![A scan](scan.png)\n`, 'scan.png': png(4, 4, 2, rows(4, 4, 3)) });
    expect(samizdat(['build', 'book.md', '--out', 'out'], dir).code).toBe(0);
    const before = outputFiles(join(dir, 'out')).map((f) => readFileSync(join(dir, 'out', f)).toString('base64'));
    truncateSync(join(dir, 'scan.png'), 5 * 2 ** 30);
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r).toMatchObject({ code: 1, stderr: ["book.md:9:1: error: the image 'scan.png' is 5368.7 MB: samizdat reads image files of at most 400 MB (save it smaller: a PNG or JPEG of at most 40 megapixels, an SVG of at most 100 MB)", 'book.md: not built (1 error)'] });
    expect(outputFiles(join(dir, 'out')).map((f) => readFileSync(join(dir, 'out', f)).toString('base64'))).toEqual(before);
  }, 120_000);

  it('over 100 MB: an error at the image', () => {
    const r = rebuilt('svg-too-many-bytes', Buffer.concat([Buffer.from(HEAD), Buffer.alloc(100_000_001 - HEAD.length, 32), Buffer.from('</svg>\n')]));
    expect(r).toMatchObject({ code: 1, kept: true });
    expect(r.stderr[0]).toBe("book.md:9:1: error: the SVG image 'd.svg' is 100.0 MB: samizdat takes SVG images of at most 100 MB (simplify the drawing in its editor (fewer elements and points, groups ungrouped), or save it as a PNG, then build again)");
  }, 120_000);
});
