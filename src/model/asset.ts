import type { Span } from './span.js';

/**
 * An image file as the loader found and checked it (src/load/assets.ts). Renderers embed `bytes`,
 * the very bytes that were checked, and never read a file or resolve the manuscript's `src` themselves.
 */
export interface ImageAsset {
  /** Absolute path with symlinks resolved; always inside the project folder. */
  path: string;
  /**
   * What the file's first bytes say it is; the file name's extension agrees. An SVG has been checked
   * to hold nothing that runs or fetches (src/load/svg.ts).
   */
  mediaType: 'image/png' | 'image/jpeg' | 'image/svg+xml';
  /** Size in pixels from the file's header (an SVG's width and height, or its viewBox), both above 0. */
  width: number;
  height: number;
  /** The file's bytes as read once and checked; at most `MAX_PIXELS` pixels once decoded. */
  bytes: Uint8Array;
  /**
   * A JPEG stored turned or mirrored, with an EXIF orientation saying how to show it (`width` and
   * `height` are then the upright image's): pdfkit turns it upright, the EPUB's copy is turned (fit.ts).
   */
  turned?: true;
  /** An SVG drawn in black, white and greys alone (src/load/svg.ts): the EPUB lets a dark theme invert it. */
  lineArt?: true;
  /**
   * An SVG sized by its viewBox alone (no width and height of its own): a reader gives it no size and
   * stretches it across the screen, so the EPUB writes `width` and `height` here on its figure's img.
   */
  viewBoxOnly?: true;
}

/**
 * An image's own size in points, as print sets it: an SVG's CSS pixels at 96 an inch (as the EPUB shows
 * it, and as a width of '4in' means), a PNG's or JPEG's pixels at 150 an inch.
 */
export function pointSize(a: Pick<ImageAsset, 'mediaType' | 'width' | 'height'>): { width: number; height: number } {
  const k = a.mediaType === 'image/svg+xml' ? 0.75 : 72 / 150;
  return { width: a.width * k, height: a.height * k };
}

/** The front matter's `cover` as the loader checked it (a PNG, a JPEG, or an SVG drawn as a PNG for both editions), and where the `cover:` line is. */
export type CoverAsset = ImageAsset & { span: Span };
