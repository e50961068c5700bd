import JSZip from 'jszip';
import { Diagnostics } from '../../src/diagnostics.js';
import { loadManuscript } from '../../src/load/load.js';
import type { Book, PageMap } from '../../src/model/index.js';
import { applyNames } from '../../src/names/apply.js';
import { renderEpub } from '../../src/epub/render.js';
import { assignIds } from '../../src/transform/ids.js';
import { buildToc } from '../../src/transform/toc.js';

export const SEED = 'seeds/legacies-and-heirs-of-jv-stalin.md';
export const FIXTURE = 'test/fixtures/epub-book/book.md';
export const DATE = new Date('2024-05-01T12:00:00Z');
export const NO_PAGES: PageMap = { pages: [], anchors: {} };

/** Stages 1–2 of src/build.ts (load, ids, contents, names): the book as the renderers get it. */
export function loadBook(file: string): Book {
  const diags = new Diagnostics();
  const book = loadManuscript(file, diags);
  diags.throwIfErrors();
  if (!book) throw new Error(`could not load ${file}`);
  assignIds(book.blocks, book.notes);
  book.toc = buildToc(book.blocks);
  applyNames(book, diags);
  diags.throwIfErrors();
  return book;
}

export async function buildEpub(file: string, pageMap: PageMap = NO_PAGES): Promise<Uint8Array> {
  return renderEpub(loadBook(file), pageMap, { date: DATE });
}

/** The EPUB's entries: text for text files, bytes for the rest, in zip order. */
export async function unzip(epub: Uint8Array): Promise<Map<string, string | Uint8Array>> {
  const zip = await JSZip.loadAsync(epub);
  const out = new Map<string, string | Uint8Array>();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    out.set(name, /\.(xhtml|opf|ncx|css|xml)$|mimetype$/.test(name) ? await entry.async('string') : await entry.async('uint8array'));
  }
  return out;
}

export function text(files: Map<string, string | Uint8Array>, name: string): string {
  const v = files.get(name);
  if (typeof v !== 'string') throw new Error(`no text file ${name} in the EPUB (has ${[...files.keys()].join(', ')})`);
  return v;
}
