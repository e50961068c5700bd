import { createRequire } from 'node:module';
import { creditLines } from '../imprint.js';
import type { Book, Span } from '../model/index.js';
import { Shaper } from '../typeset/index.js';
import { colonJoin, joinNames, wordsFor } from '../words.js';
import { COVER_HEIGHT, COVER_WIDTH, renderCoverLater, renderSvgCoverLater } from './typographic.js';

/** The cover both editions use: the editor's image, or the typographic one samizdat sets. */
export interface Cover {
  bytes: Uint8Array;
  mediaType: 'image/png' | 'image/jpeg';
  /** Size in pixels. */
  width: number;
  height: number;
  /** What the image shows, for a screen reader: 'Cover: Title, by Author'. */
  alt: string;
  /** True for samizdat's own typographic cover. */
  generated: boolean;
  /** The editor's image file (for the EPUB's copy, see ReaderImages), where the `cover:` line is, and whether it is stored turned. */
  path?: string;
  span?: Span;
  turned?: true;
}

/**
 * The book's cover: the front matter's `cover` file (checked by the loader), else one set from its title
 * page, measured with the build's `shaper` (a fresh one when none is handed down); drawn on a thread of
 * its own meanwhile (see renderCoverLater).
 */
export async function makeCoverLater(book: Book, shaper: Shaper = new Shaper()): Promise<Cover> {
  const { alt, meta } = coverText(book);
  if (book.cover?.mediaType === 'image/svg+xml') {
    const svg = svgText(book.cover);
    const drawn = drawnCover(await renderSvgCoverLater(svg, book.cover.height / book.cover.width, shaper), alt, book.cover.span);
    return PAINTED.test(svg) ? { ...drawn, bytes: await jpeg(drawn.bytes), mediaType: 'image/jpeg' } : drawn;
  }
  if (book.cover) return editorsCover(book.cover, book.cover.mediaType, alt);
  return { bytes: await renderCoverLater(meta, shaper), mediaType: 'image/png', width: COVER_WIDTH, height: COVER_HEIGHT, alt, generated: true };
}

/**
 * An SVG that paints a JPEG: Standard Ebooks' covers, a painting under the title box. Drawn, it is a
 * photograph, which a PNG holds in some ten times a JPEG's bytes (Meditations' cover: 6.8 MB, nine
 * tenths of its EPUB; as a JPEG of quality 90, 0.8 MB), and the painting had a JPEG's losses already.
 */
const PAINTED = /<image\b[^>]*?\bhref\s*=\s*["']\s*data:image\/jpe?g/;

/** A drawn cover as a JPEG, by sharp (libvips; loaded only here): the same bytes every build. */
async function jpeg(png: Uint8Array): Promise<Uint8Array> {
  const sharp = createRequire(import.meta.url)('sharp') as typeof import('sharp').default;
  return new Uint8Array(await sharp(png).jpeg({ quality: 90 }).toBuffer());
}

/** What the cover credits (a packet of several authors' texts: its editors, as on its title page), and its description. */
function coverText(book: Book): { alt: string; meta: Book['meta'] } {
  const m = book.packet && !book.packet.oneAuthor ? { ...book.meta, authors: [] } : book.meta;
  const w = wordsFor(m.language);
  const by = m.authors.length ? joinNames(m.authors, w) : creditLines(m).map((c) => `${c.lead.toLocaleLowerCase(m.language)}${c.gap}${c.names}`).join(', ');
  const title = m.subtitle ? colonJoin(m.language, m.title, m.subtitle) : m.title;
  return { alt: `${colonJoin(m.language, w.cover, title)}${by ? `, ${by}` : ''}`, meta: m };
}

/** The bytes the loader read and checked, not the file as it may be now; a PNG or a JPEG (an SVG cover is drawn: drawnCover). */
function editorsCover(cover: NonNullable<Book['cover']>, mediaType: 'image/png' | 'image/jpeg', alt: string): Cover {
  const { bytes, width, height, path, span, turned } = cover;
  return { bytes, mediaType, width, height, alt, generated: false, path, span, ...(turned ? { turned } : {}) };
}

const svgText = (cover: NonNullable<Book['cover']>) => new TextDecoder().decode(cover.bytes);

/** An editor's SVG cover drawn as a PNG: its size from the PNG's header (within COVER_WIDTH × COVER_HEIGHT, in the SVG's proportions). */
function drawnCover(png: Uint8Array, alt: string, span: Span): Cover {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { bytes: png, mediaType: 'image/png', width: view.getUint32(16), height: view.getUint32(20), alt, generated: false, span };
}
