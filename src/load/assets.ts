import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { walkBook, type Block, type ImageAsset, type Inline, type Note, type Span } from '../model/index.js';
import { quote } from './quote.js';
import { readInputFile } from './read.js';
import { closest } from './suggest.js';
import { checkSvg, MAX_SVG_BYTES } from './svg.js';

/**
 * The project folder of a manuscript: the nearest folder at or above the manuscript's own that
 * holds a package.json, else the manuscript's own folder. A build reads no file of the book outside
 * it. It depends on where the manuscript is, never on where samizdat is run from. Real path.
 */
export function projectFolder(manuscript: string): string {
  const own = realpathSync(dirname(resolve(manuscript)));
  for (let dir = own; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return own;
  }
}

/** Why an image cannot be used: a diagnostic without its position. */
export interface Refusal {
  rule: string;
  message: string;
  hint: string;
}

/**
 * The file an image's `src` (as written, relative to the manuscript) names, checked to exist and to
 * lie inside `root` also once symbolic links are followed. URLs and absolute paths are refused:
 * nothing is fetched from the network and nothing outside the project is read.
 */
export function resolveImageFile(src: string, manuscript: string, root: string): { path: string } | Refusal {
  const shown = quote(src, 80);
  if (src.trim() === '') return { rule: 'image-path', message: 'the image has no path', hint: 'write its path in the parentheses: ![A map](images/map.png)' };
  const download = 'download it into the project folder and give its path relative to the manuscript';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src) && !/^[a-z]:[\\/]/i.test(src) || src.startsWith('//')) {
    return { rule: 'image-url', message: `the image ${shown} is a URL: samizdat never fetches anything from the network`, hint: download };
  }
  if (/^[a-z]:[\\/]/i.test(src) || src.startsWith('/') || src.startsWith('\\')) {
    return { rule: 'image-absolute', message: `the image path ${shown} is absolute`, hint: 'give the path relative to the manuscript, e.g. images/map.png' };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) {
    const data = /^data:/i.test(src);
    return { rule: 'image-url', message: data ? 'the image is a data: URL' : `the image ${shown} is a URL: samizdat never fetches anything from the network`, hint: data ? 'save it as a PNG or JPEG file in the project folder and give its path relative to the manuscript' : download };
  }
  let path: string;
  try {
    path = decodeURIComponent(src);
  } catch {
    path = src;
  }
  // From the manuscript's real folder, as the project folder is found: a linked folder leads to the same files.
  const file = resolve(realpathSync(dirname(resolve(manuscript))), path);
  const outside = { rule: 'image-outside-project', message: `the image ${shown} lies outside the project folder ${root}`, hint: `copy it into ${root}` };
  if (isOutside(root, file)) return outside;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return { rule: 'image-missing', message: `the image ${shown} does not exist`, hint: nearName(file) ?? 'check the path: it is relative to the manuscript' };
  }
  if (isOutside(root, real)) return { ...outside, message: `the image ${shown} is a symbolic link to a file outside the project folder ${root}` };
  const st = statSync(real);
  if (st.isDirectory()) return { rule: 'image-not-file', message: `the image ${shown} is a folder, not a file`, hint: 'give the path of the image file inside it' };
  if (!st.isFile()) return { rule: 'image-not-file', message: `the image ${shown} is not a regular file (a FIFO, a device or a socket)`, hint: 'give the path of a PNG or JPEG file' };
  return { path: real };
}

function isOutside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/** A file in the same folder whose name is near the one written ('Map.PNG' for 'map.png'). */
function nearName(file: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return undefined;
  }
  const want = basename(file);
  const near = names.find((n) => n.toLowerCase() === want.toLowerCase()) ?? closest(want, names);
  return near ? `did you mean '${near}'? File names are case-sensitive` : undefined;
}

/**
 * Decoded pixels an image may have. pdfkit decodes a PNG with transparency whole (four bytes a pixel
 * and copies of them): 40 megapixels, a 600-dpi scan of an A4 page, is about half a gigabyte.
 */
export const MAX_PIXELS = 40_000_000;
/**
 * The bytes an image file may have, checked before it is read: 40 megapixels of 16-bit RGBA in a PNG
 * that compresses nothing are 320 MB; an SVG is bounded lower once read (MAX_SVG_BYTES).
 */
export const MAX_IMAGE_BYTES = 400_000_000;

/**
 * Checked file → asset, or why it cannot be used. The file is read once, without following a link
 * (`path` is already resolved and checked to lie in the project): the asset carries these bytes, and
 * both renderers embed them, never the file as it may be later.
 */
export function checkImage(path: string, shown: string): ImageAsset | Refusal {
  let bytes: Buffer;
  try {
    bytes = readInputFile(path, { noFollow: true, maxBytes: MAX_IMAGE_BYTES });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EFBIG') {
      const size = (e as { size: number }).size;
      return { rule: 'image-too-large', message: `the image ${shown} is ${(size / 1e6).toFixed(1)} MB: samizdat reads image files of at most ${MAX_IMAGE_BYTES / 1e6} MB`, hint: 'save it smaller: a PNG or JPEG of at most 40 megapixels, an SVG of at most 100 MB' };
    }
    const why = code === 'ENOTREG' ? 'it is not a regular file (a FIFO, a device or a socket)' : code === 'ELOOP' ? 'it was replaced by a symbolic link' : code ?? String(e);
    return { rule: 'image-unreadable', message: `the image ${shown} cannot be read: ${why}`, hint: 'check its permissions' };
  }
  const kind = sniff(bytes);
  const ext = extname(path).toLowerCase();
  if (ext === '.svg' || (kind === 'svg' && !['.png', '.jpg', '.jpeg'].includes(ext))) return checkSvgImage(path, bytes, shown, ext);
  const named = ext === '.png' ? 'png' : ext === '.jpg' || ext === '.jpeg' ? 'jpeg' : undefined;
  const convert = 'convert it to PNG for drawings, maps and facsimiles, or to JPEG for photographs';
  if (!named) {
    return { rule: 'image-format', message: `the image ${shown} is ${kind ? `${KINDS[kind]} image` : ext ? `a ${ext} file` : 'a file without an extension'}: only PNG, JPEG and SVG images are supported`, hint: convert };
  }
  if (kind !== named) {
    const rename = kind === 'png' ? 'rename it to .png' : kind === 'jpeg' ? 'rename it to .jpg' : kind ? convert : 'it may be damaged, or not an image at all: open it and save it again';
    return { rule: 'image-format', message: `the image ${shown} is named ${ext} but holds ${kind ? `${KINDS[kind]} image` : `no ${KINDS[named].slice(2)} image`}`, hint: rename };
  }
  const size = kind === 'png' ? pngSize(bytes) : jpegSize(bytes);
  const resave = 'open it in an image editor and save it again, or fetch it again';
  if (!size) return { rule: 'image-damaged', message: `the image ${shown} is damaged or cut off`, hint: resave };
  // From the header, before anything is decoded: a small file can hold a huge image.
  if (size.width * size.height > MAX_PIXELS) {
    return {
      rule: 'image-too-large',
      message: `the image ${shown} is ${size.width.toLocaleString('en')} × ${size.height.toLocaleString('en')} pixels (${(size.width * size.height / 1e6).toFixed(0)} megapixels): samizdat takes images of at most ${MAX_PIXELS / 1e6} megapixels`,
      hint: 'scale it down: 3,000 pixels on the long side print sharp on a page',
    };
  }
  const damage = kind === 'png' ? pngDamage(bytes, size) : jpegDamage(bytes);
  if (damage) return { rule: 'image-damaged', message: `the image ${shown} is damaged: ${damage}`, hint: resave };
  return { path, mediaType: kind === 'png' ? 'image/png' : 'image/jpeg', ...size, bytes };
}

/** Channels of each PNG colour type, and the bit depths it allows (PNG spec, table 11.1). */
const PNG_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/**
 * What is wrong inside a PNG whose chunks run whole (`pngSize` checked that): a chunk whose checksum
 * fails, a header no decoder takes, or compressed pixel data that does not decompress to exactly the
 * rows the header promises, each with a valid filter. pdfkit would crash on these (a zlib error in a
 * callback) or embed a stream no viewer can draw. Undefined when the image is sound.
 */
function pngDamage(b: Buffer, size: { width: number; height: number }): string | undefined {
  const depth = b[24];
  const colour = b[25];
  const interlace = b[28];
  const type = PNG_TYPES[colour];
  if (!type || !type.depths.includes(depth) || b[26] !== 0 || b[27] !== 0 || interlace > 1) {
    return `its header gives colour type ${colour}, bit depth ${depth}, which no PNG decoder takes`;
  }
  const idat: Buffer[] = [];
  let palette = 0;
  for (let p = 8; p + 12 <= b.length; ) {
    const length = b.readUInt32BE(p);
    const name = b.toString('latin1', p + 4, p + 8);
    if (typeof crc32 === 'function' && crc32(b.subarray(p + 4, p + 8 + length)) !== b.readUInt32BE(p + 8 + length)) {
      return `its ${name} chunk fails its checksum`;
    }
    if (name === 'IDAT') idat.push(b.subarray(p + 8, p + 8 + length));
    // A palette image's colours (pdfkit drew its indices as greys without them), before its pixels; a grey image has none.
    if (name === 'PLTE') {
      if (colour === 0 || colour === 4) return `its header gives colour type ${colour}, grey, and it holds a palette`;
      if (idat.length || length % 3 !== 0 || length === 0 || length / 3 > Math.min(256, 2 ** depth)) return 'its palette is out of place or of a wrong length';
      palette = length / 3;
    }
    if (name === 'tRNS' && (colour === 3 ? length > palette : colour === 0 ? length !== 2 : colour === 2 ? length !== 6 : true)) return 'its transparency (tRNS) does not fit its colour type or palette';
    if (name === 'IEND') break;
    p += 12 + length;
  }
  if (colour === 3 && palette === 0) return 'its header gives a palette image (colour type 3), and it holds no palette';
  // Each pass of the interlaced image (one pass when not interlaced): its rows, each a filter byte and its pixels.
  const passes = interlace ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] : [[0, 0, 1, 1]];
  const rows: { at: number; bytes: number }[] = [];
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((size.width - x0) / dx);
    const h = Math.ceil((size.height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const rowBytes = 1 + Math.ceil((w * depth * type.channels) / 8);
    for (let y = 0; y < h; y++) rows.push({ at: expected + y * rowBytes, bytes: rowBytes });
    expected += h * rowBytes;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'it holds more pixel data than its size' : `its pixel data does not decompress (${(e as Error).message})`;
    return why;
  }
  if (raw.length !== expected) return `its pixel data is ${raw.length < expected ? 'cut short' : 'longer than its size'}`;
  for (const r of rows) if (raw[r.at] > 4) return 'its pixel data holds a row with an unknown filter';
  return undefined;
}

/**
 * What is wrong in a JPEG whose frame header `jpegSize` read, walking its segments to the end of the
 * image: a segment that runs past the file's end, a frame of a sample precision other than 8 bits or
 * of other than 1, 3 or 4 components (pdfkit embeds these as they are, and no PDF viewer draws them;
 * sharp refuses them), or no scan after the frame (a file cut off after its header, an end-of-image
 * marker written after it). Undefined when the structure is sound. It does not decode the scans: data
 * cut short inside a scan, an end-of-image marker after it, passes.
 */
function jpegDamage(b: Buffer): string | undefined {
  let frame = false;
  let scans = 0;
  for (let p = 2; p + 2 <= b.length; ) {
    if (b[p] !== 0xff) return 'a marker is missing between its segments';
    const marker = b[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd9) return !frame || scans === 0 ? 'it has no image data after its header (cut off, or not written whole)' : undefined;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += 2;
      continue;
    }
    if (p + 4 > b.length) break;
    const len = b.readUInt16BE(p + 2);
    if (len < 2 || p + 2 + len > b.length) break;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (len < 8) break;
      const precision = b[p + 4];
      const components = b[p + 9];
      if (precision !== 8) return `its samples are of ${precision} bits, where PDF viewers and e-readers draw JPEGs of 8`;
      if (![1, 3, 4].includes(components) || len !== 8 + 3 * components) return `its header gives ${components} colour components, which no JPEG decoder takes`;
      frame = true;
    }
    p += 2 + len;
    if (marker === 0xda) {
      if (!frame) return 'it has image data before its header';
      scans++;
      // The entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      for (;;) {
        p = b.indexOf(0xff, p);
        if (p < 0 || p + 1 >= b.length) return 'it is cut off inside its image data';
        const next = b[p + 1];
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) p += next === 0xff ? 1 : 2;
        else break;
      }
    }
  }
  return 'it is cut off';
}

/**
 * An SVG, refused at the first thing in it that could run or fetch (see svg.ts): the error says what and
 * where in the SVG file, and stands at the image in the manuscript.
 */
function checkSvgImage(path: string, bytes: Buffer, shown: string, ext: string): ImageAsset | Refusal {
  if (ext !== '.svg') return { rule: 'image-format', message: `the image ${shown} is named ${ext || 'without an extension'} but holds an SVG image`, hint: 'rename it to .svg' };
  const simplify = 'simplify the drawing in its editor (fewer elements and points, groups ungrouped), or save it as a PNG, then build again';
  if (bytes.length > MAX_SVG_BYTES) {
    return { rule: 'image-too-large', message: `the SVG image ${shown} is ${(bytes.length / 1e6).toFixed(1)} MB: samizdat takes SVG images of at most ${MAX_SVG_BYTES / 1e6} MB`, hint: simplify };
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const checked = checkSvg(text, pictureProblem);
  if ('what' in checked && checked.tooLarge) {
    return { rule: 'image-too-large', message: `the SVG image ${shown} holds ${checked.what} at its line ${checked.line}, column ${checked.column}`, hint: simplify };
  }
  if ('what' in checked) {
    return {
      rule: 'image-svg-unsafe',
      message: `the SVG image ${shown} holds ${checked.what} at its line ${checked.line}, column ${checked.column}`,
      hint: checked.what.startsWith('a picture ')
        ? 'the picture written into the SVG is damaged or too large: save the SVG again from its editor, with the picture scaled down'
        : /<use>/.test(checked.what)
          ? 'a <use> copies what it refers to: remove the <use> that leads back to itself, or make the drawing simpler'
          : 'samizdat draws only still pictures: remove scripts, event handlers, external references, <foreignObject>, entity declarations and animation from the SVG (or save it as plain SVG), then build again',
    };
  }
  return { path, mediaType: 'image/svg+xml', width: checked.width, height: checked.height, bytes, ...(checked.lineArt ? { lineArt: true as const } : {}), ...(checked.viewBoxOnly ? { viewBoxOnly: true as const } : {}) };
}

/** What is wrong with a PNG or JPEG written into an SVG, by the checks an image file passes; undefined if nothing. */
function pictureProblem(bytes: Buffer, type: 'png' | 'jpeg'): string | undefined {
  if (sniff(bytes) !== type) return `holds no ${type.toUpperCase()} image`;
  const size = type === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) return 'is damaged or cut off';
  if (size.width * size.height > MAX_PIXELS) return `is ${size.width.toLocaleString('en')} × ${size.height.toLocaleString('en')} pixels: samizdat takes images of at most ${MAX_PIXELS / 1e6} megapixels`;
  const damage = type === 'png' ? pngDamage(bytes, size) : jpegDamage(bytes);
  return damage && `is damaged: ${damage}`;
}

/** Formats an image file may turn out to be, with their article. */
const KINDS = { png: 'a PNG', jpeg: 'a JPEG', gif: 'a GIF', webp: 'a WebP', svg: 'an SVG', tiff: 'a TIFF', bmp: 'a BMP', pdf: 'a PDF', heif: 'a HEIF or AVIF' } as const;

/** The format the first bytes of a file say it is in. */
function sniff(b: Buffer): keyof typeof KINDS | undefined {
  const ascii = b.toString('latin1', 0, 256);
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'gif';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'webp';
  if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return 'tiff';
  if (ascii.startsWith('BM')) return 'bmp';
  if (ascii.startsWith('%PDF')) return 'pdf';
  if (ascii.slice(4, 8) === 'ftyp') return 'heif';
  if (/^(\uFEFF|\xEF\xBB\xBF)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(ascii)) return 'svg';
  return undefined;
}

/** Width and height from a PNG's IHDR chunk, if its chunks run whole to IEND (a cut-off download does not). */
function pngSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  let data = false;
  for (let p = 8; p + 12 <= b.length; ) {
    const type = b.toString('latin1', p + 4, p + 8);
    const next = p + 12 + b.readUInt32BE(p);
    if (next > b.length) return undefined;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return width > 0 && height > 0 && data ? { width, height } : undefined;
    p = next;
  }
  return undefined;
}

/**
 * Width and height from a JPEG's frame header (SOF0–SOF15 but DHT, JPG and DAC), as the image is
 * shown: a camera's EXIF orientation 5–8 turns it a quarter (pdfkit and browsers turn it upright, so
 * the page must give it the turned image's box, or it is drawn squeezed).
 */
function jpegSize(b: Buffer): { width: number; height: number; turned?: true } | undefined {
  let p = 2;
  let orientation = 1;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return undefined;
    const marker = b[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      p += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    const len = b.readUInt16BE(p + 2);
    if (marker === 0xe1) orientation = exifOrientation(b.subarray(p + 4, p + 2 + len)) ?? orientation;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (p + 9 > b.length) return undefined;
      const height = b.readUInt16BE(p + 5);
      const width = b.readUInt16BE(p + 7);
      // The end-of-image marker after the frame: a cut-off download has none.
      const complete = b.lastIndexOf(Buffer.from([0xff, 0xd9])) > p;
      if (!(width > 0 && height > 0 && complete)) return undefined;
      const turned = orientation >= 2 && orientation <= 8 ? { turned: true as const } : {};
      return orientation >= 5 && orientation <= 8 ? { width: height, height: width, ...turned } : { width, height, ...turned };
    }
    if (len < 2) return undefined;
    p += 2 + len;
  }
  return undefined;
}

/** The orientation tag (0x0112) of an APP1 segment's EXIF data (after the marker and length), if it has one. */
function exifOrientation(app: Buffer): number | undefined {
  if (app.length < 14 || app.toString('latin1', 0, 6) !== 'Exif\0\0') return undefined;
  const tiff = app.subarray(6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (at + 2 <= tiff.length ? (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at)) : undefined);
  const ifd = little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4);
  const count = u16(ifd) ?? 0;
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (u16(entry) === 0x0112) return u16(entry + 8);
  }
  return undefined;
}

/** The versions EPUBCheck's SVG schema allows in the `version` attribute of an SVG's root. */
export const SVG_VERSIONS = ['1.0', '1.1', '1.2'];

/** The `version` attribute of an SVG's root element, if it has one (its start tag is in the first few kilobytes). */
function svgVersion(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).toString('utf8');
  const root = /<svg\b[^>]*>/.exec(head)?.[0];
  return root && /\sversion\s*=\s*(["'])(.*?)\1/.exec(root)?.[2];
}

/**
 * Resolves and checks every image of a book once (figures, inline images, images in notes and
 * captions) and sets its `asset`. Each problem is an error at the image's position; an image
 * without alt text is a warning, since readers who cannot see it get nothing in its place.
 */
export function resolveImages(manuscript: string, blocks: Block[], notes: Note[], diags: Diagnostics): void {
  let root: string | undefined;
  const seen = new Map<string, ImageAsset | Refusal>();
  const visit = (image: { src: string; alt: string; span: Span; asset?: ImageAsset }) => {
    root ??= projectFolder(manuscript);
    let result = seen.get(image.src);
    if (!result) {
      const found = resolveImageFile(image.src, manuscript, root);
      result = 'path' in found ? checkImage(found.path, quote(image.src, 80)) : found;
      seen.set(image.src, result);
      // Said once, at the image's first use (the EPUB's copy is mended: src/epub/fit.ts).
      const version = 'path' in result && result.mediaType === 'image/svg+xml' ? svgVersion(result.bytes) : undefined;
      if (version !== undefined && !SVG_VERSIONS.includes(version)) {
        diags.note(manuscript, image.span.line, image.span.column, 'image-svg-version', `the SVG image ${quote(image.src, 80)} says version="${version.slice(0, 20)}", which EPUB's SVG does not allow: the EPUB's copy says version="1.1"`);
      }
    }
    if ('path' in result) image.asset = result;
    else diags.error(manuscript, image.span.line, image.span.column, result.rule, result.message, result.hint);
    if (!image.alt.trim()) {
      diags.warn(manuscript, image.span.line, image.span.column, 'image-alt', `the image ${quote(image.src, 80)} has no alt text`,
        'describe it between the brackets, e.g. ![A map of Europe in 1953](map.png): readers who cannot see it get nothing else');
    }
  };
  const inlines = (list: Inline[]) => {
    for (const n of list) {
      if (n.kind === 'image') visit(n);
      else if ('children' in n) inlines(n.children);
    }
  };
  for (const b of walkBook({ blocks, notes })) {
    if (b.kind === 'figure') {
      visit(b);
      inlines(b.caption);
    } else if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
  }
}
