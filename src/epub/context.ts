import type { ImageAsset, Span } from '../model/index.js';
import type { PagePlan } from './pagebreaks.js';

/** What the block and inline serializers need to know about the rest of the EPUB. */
export interface RenderContext {
  /** Name of the content file being written, e.g. 'text.xhtml'. */
  file: string;
  /** The content file that holds each id of the book (blocks, notes, note references, mentions). */
  fileOf: ReadonlyMap<string, string>;
  /** Where the print pages begin. */
  pages: PagePlan;
  /** Registers an image (the loader's checked `asset`, else `src` relative to the manuscript); returns its path inside the EPUB. */
  image(src: string, asset?: ImageAsset, span?: Span): string;
  /** Whether page-break markers show their folio (`--page-numbers visible`). */
  visiblePages: boolean;
  /** The level to print for a manuscript heading level (essays put their sections under the title's h1). */
  headingLevel(level: number): number;
}

/** A link to an id of the book from the current file, or undefined when the book has no such id. */
export function hrefTo(ctx: RenderContext, id: string): string | undefined {
  const file = ctx.fileOf.get(id);
  if (file === undefined) return undefined;
  return file === ctx.file ? `#${id}` : `${file}#${id}`;
}
