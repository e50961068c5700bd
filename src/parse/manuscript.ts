import { basename, extname } from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { soleText, type ParsedBook, type SourceFile } from '../model/index.js';
import { resolveImages } from '../load/assets.js';
import { parseFrontMatter, type FrontMatterDefaults } from '../load/frontmatter.js';
import { readManuscript } from '../load/read.js';
import { slugify } from '../slug.js';
import { setDirections } from './direction.js';
import { parseBody, proseParser } from './parse.js';

/**
 * Reads, splits and parses a manuscript into a Book whose transforms have not run yet; its images
 * are resolved and checked. Returns undefined when the text could not be read or its front matter
 * is unusable; problems further on are errors in `diags` (the caller stops on them). `defaults` fills
 * in the required keys its front matter leaves out (a packet's introduction: its editors, its language).
 */
export function parseManuscript(file: string, diags: Diagnostics, defaults?: FrontMatterDefaults): ParsedBook | undefined {
  const sources: SourceFile[] = [];
  const text = readManuscript(file, diags, sources);
  if (text === undefined) return undefined;
  const fm = parseFrontMatter(file, text, diags, proseParser(file, diags), defaults);
  if (!fm) return undefined;
  const { blocks, notes } = parseBody(file, fm.body, fm.bodyLineOffset, diags);
  if (blocks.length === 0) {
    // An edition of nothing but a title page is never what was meant: a cut-off paste, say.
    diags.error(file, fm.bodyLineOffset + 1, 1, 'empty-body', 'the manuscript has no text after its front matter',
      'write the text after the closing --- line');
  }
  resolveImages(file, blocks, notes, diags);
  setDirections(blocks, notes, fm.meta.language);
  const stem = basename(file, extname(file));
  const book: ParsedBook = {
    file,
    slug: slugify(stem) || slugify(fm.meta.title) || 'book',
    meta: fm.meta,
    ...(fm.cover ? { cover: fm.cover } : {}),
    blocks,
    notes,
    texts: [],
    sources,
  };
  book.texts.push(soleText(book));
  return book;
}
