import { creditLines } from '../imprint.js';
import type { Book, Span } from '../model/index.js';
import { Shaper } from '../typeset/index.js';
import { colonJoin, joinNames, wordsFor } from '../words.js';
import { COVER_HEIGHT, COVER_WIDTH, renderCover, renderCoverLater, renderSvgCover, renderSvgCoverLater } from './typographic.js';

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
 * page, measured with the build's `shaper` (a fresh one when none is handed down).
 */
export function makeCover(book: Book, shaper: Shaper = new Shaper()): Cover {
  const { alt, meta } = coverText(book);
  if (book.cover?.mediaType === 'image/svg+xml') return drawnCover(renderSvgCover(svgText(book.cover), book.cover.height / book.cover.width, shaper), alt, book.cover.span);
  if (book.cover) return editorsCover(book.cover, book.cover.mediaType, alt);
  return { bytes: renderCover(meta, shaper), mediaType: 'image/png', width: COVER_WIDTH, height: COVER_HEIGHT, alt, generated: true };
}

/** `makeCover`, a typographic cover drawn on a thread of its own meanwhile (see renderCoverLater). */
export async function makeCoverLater(book: Book, shaper: Shaper): Promise<Cover> {
  const { alt, meta } = coverText(book);
  if (book.cover?.mediaType === 'image/svg+xml') return drawnCover(await renderSvgCoverLater(svgText(book.cover), book.cover.height / book.cover.width, shaper), alt, book.cover.span);
  if (book.cover) return editorsCover(book.cover, book.cover.mediaType, alt);
  return { bytes: await renderCoverLater(meta, shaper), mediaType: 'image/png', width: COVER_WIDTH, height: COVER_HEIGHT, alt, generated: true };
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
