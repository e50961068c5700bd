import type { Book } from '../model/index.js';
import { Shaper } from '../typeset/index.js';
import { joinNames, wordsFor } from '../words.js';
import { COVER_HEIGHT, COVER_WIDTH, renderCover } from './typographic.js';

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
}

/**
 * The book's cover: the front matter's `cover` file (checked by the loader), else one set from its title
 * page, measured with the build's `shaper` (a fresh one when none is handed down).
 */
export function makeCover(book: Book, shaper: Shaper = new Shaper()): Cover {
  const m = book.meta;
  const w = wordsFor(m.language);
  const alt = `${w.cover}: ${m.title}${m.subtitle ? `: ${m.subtitle}` : ''}, ${joinNames(m.authors, w)}`;
  if (book.cover) {
    // The bytes the loader read and checked, not the file as it may be now.
    const { bytes, mediaType, width, height } = book.cover;
    return { bytes, mediaType, width, height, alt, generated: false };
  }
  return { bytes: renderCover(m, shaper), mediaType: 'image/png', width: COVER_WIDTH, height: COVER_HEIGHT, alt, generated: true };
}
