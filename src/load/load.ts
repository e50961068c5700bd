import { basename, extname } from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { Book } from '../model/index.js';
import { parseBody } from '../parse/parse.js';
import { slugify } from '../transform/ids.js';
import { parseFrontMatter } from './frontmatter.js';
import { readManuscript } from './read.js';

/** Reads, splits and parses a manuscript into a Book whose transforms have not run yet. */
export function loadManuscript(file: string, diags: Diagnostics): Book | undefined {
  const text = readManuscript(file, diags);
  if (text === undefined) return undefined;
  const fm = parseFrontMatter(file, text, diags);
  if (!fm) return undefined;
  const { blocks, notes } = parseBody(file, fm.body, fm.bodyLineOffset, diags);
  const stem = basename(file, extname(file));
  return {
    file,
    slug: slugify(stem) || slugify(fm.meta.title) || 'book',
    meta: fm.meta,
    blocks,
    notes,
    toc: [],
    persons: [],
    mentions: [],
  };
}
