import { createRequire } from 'node:module';
import { SVG_VERSIONS } from '../load/assets.js';
import type { Span } from '../model/index.js';

/**
 * Past these an image is more than any e-reader shows (the largest screens are 1,860 × 2,480 px):
 * Kobo and Kindle slow down or refuse large files, and Send to Kindle caps the book's size.
 */
export const MAX_SIDE = 3200;
export const MAX_BYTES = 1.5 * 1024 * 1024;
/** Smaller than this the long side is not taken, however large the file stays. */
const MIN_SIDE = 1200;

/** An image made smaller for the EPUB editions: the note the build prints about it. */
export interface Resized {
  /** The image's source file (as the loader resolved it). */
  path: string;
  /** Where the manuscript first uses it (for the note's `file:line:col`). */
  span?: Span;
  before: { width: number; height: number; bytes: number };
  after: { width: number; height: number; bytes: number };
}

type Sharp = typeof import('sharp').default;

/**
 * The EPUB editions' copies of images larger than an e-reader needs, resized with sharp (libvips),
 * never the PDF's. Made by the build and handed to each EPUB edition, so an image is resized once
 * for the EPUB and the kepub, and the build prints one note per image from `resized`.
 * sharp is loaded on the first image that needs it: a build without a large image never pays for it.
 */
export class ReaderImages {
  private readonly memo = new Map<string, Promise<Uint8Array>>();
  readonly resized: Resized[] = [];
  /**
   * Images sharp could not decode to make their copy (pixel data cut short inside a scan, a header that
   * promises more pixels than the file holds: what the loader's structural checks let pass). The build
   * reports each as an error at the image, and writes no edition; the copy is the file as it was.
   */
  readonly damaged: { path: string; span?: Span; reason: string }[] = [];

  /** The bytes to embed for the image at `path` (its own when small enough). */
  fit(path: string, mediaType: string, bytes: Uint8Array, size: { width: number; height: number } | undefined, span?: Span, turned = false): Promise<Uint8Array> {
    let p = this.memo.get(path);
    if (!p) {
      p = mediaType === 'image/svg+xml'
        ? Promise.resolve(epubSvg(bytes))
        : this.resize(path, mediaType, bytes, size, span, turned).catch((e: unknown) => {
          this.damaged.push({ path, span, reason: (e instanceof Error ? e.message : String(e)).split('\n')[0] });
          return bytes;
        });
      this.memo.set(path, p);
    }
    return p;
  }

  /**
   * `turned`: a JPEG stored turned (EXIF orientation) is copied upright even when small enough: e-readers
   * on older engines (Adobe's, WebKit before 2020) show the stored pixels and ignore the orientation.
   */
  private async resize(path: string, mediaType: string, bytes: Uint8Array, size: { width: number; height: number } | undefined, span?: Span, turned = false): Promise<Uint8Array> {
    if (!size || (mediaType !== 'image/png' && mediaType !== 'image/jpeg')) return bytes;
    const long = Math.max(size.width, size.height);
    if (long <= MAX_SIDE && bytes.length <= MAX_BYTES && !turned) return bytes;
    const sharp = loadSharp();
    // A PNG of at most 256 colours (a map, a diagram) stays one: as full colour it would grow fivefold.
    const palette = mediaType === 'image/png' && (await sharp(bytes).metadata()).isPalette === true;
    let side = Math.min(long, MAX_SIDE);
    for (;;) {
      // Turned upright first (EXIF orientation), since the copy keeps no metadata; the same format out.
      const image = sharp(bytes).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
      const { data, info } = await (mediaType === 'image/png' ? image.png({ compressionLevel: 9, adaptiveFiltering: true, palette }) : image.jpeg({ quality: 85, mozjpeg: true }))
        .toBuffer({ resolveWithObject: true });
      if (data.length <= MAX_BYTES || side <= MIN_SIDE) {
        // Re-encoding a file that was only heavy may not make it lighter: then it stays as it was.
        if (side === long && data.length >= bytes.length && !turned) return bytes;
        // Only turned upright: no size to tell of.
        if (side < long || !turned) this.resized.push({ path, span, before: { ...size, bytes: bytes.length }, after: { width: info.width, height: info.height, bytes: data.length } });
        return new Uint8Array(data);
      }
      side = Math.max(MIN_SIDE, Math.round(side * 0.75));
    }
  }
}

/**
 * An SVG whose root says a `version` EPUB's SVG does not allow (version="1": Alice's traced drawings,
 * which EPUBCheck refused with 42 errors), its copy saying "1.1"; any other SVG as it is.
 */
function epubSvg(bytes: Uint8Array): Uint8Array {
  // Latin-1: one character a byte, so the offsets found are the file's.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).toString('latin1');
  const root = /<svg\b[^>]*>/.exec(head);
  const v = root && /(\sversion\s*=\s*)(["'])(.*?)\2/.exec(root[0]);
  if (!root || !v || SVG_VERSIONS.includes(v[3])) return bytes;
  const at = root.index + v.index + v[1].length + 1;
  return new Uint8Array(Buffer.concat([bytes.subarray(0, at), Buffer.from('1.1'), bytes.subarray(at + v[3].length)]));
}

/** sharp, from the package's node_modules at run time (a native module: not bundled). */
function loadSharp(): Sharp {
  return createRequire(import.meta.url)('sharp') as Sharp;
}

/** '8.5 MB', '640 kB'. */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`;
}
