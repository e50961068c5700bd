import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostics } from './diagnostics.js';
import { loadManuscript } from './load/load.js';
import type { Book, PageMap } from './model/index.js';
import { applyNames } from './names/apply.js';
import { renderEpub } from './epub/render.js';
import { checkGlyphCoverage } from './pdf/coverage.js';
import { layoutPdf, type Paper } from './pdf/layout.js';
import { writePdf } from './pdf/render.js';
import { saveShapingCache, startShapingCache } from './text/cache.js';
import { assignIds } from './transform/ids.js';
import { buildToc } from './transform/toc.js';

export type Format = 'epub' | 'pdf';

export interface BuildOptions {
  outDir: string;
  formats: Format[];
  paper: Paper;
  /** The date written into the editions as their modification date; from SOURCE_DATE_EPOCH or the manuscript. */
  date?: Date;
}

export interface BuildResult {
  book: Book;
  pageMap: PageMap;
  /** Paths written, in the order of `formats`. */
  written: string[];
  /** Milliseconds spent in each stage, for the benchmark. */
  timings: Record<string, number>;
  diagnostics: Diagnostics;
}

/**
 * The whole pipeline, top to bottom. Input errors throw a BuildError (from `diags.throwIfErrors`)
 * before anything is written; editions are written to temporary files and renamed into place last,
 * so a failed or interrupted build leaves the previous editions as they were.
 */
export async function buildManuscript(file: string, options: BuildOptions, diags = new Diagnostics()): Promise<BuildResult> {
  const timings: Record<string, number> = {};

  // Shaped words, shared by the setter and the PDF and kept from this manuscript's last build.
  startShapingCache(file);

  // 1–2. Load and parse into the document model; transforms.
  const book = prepareBook(file, diags, timings);

  // 3. PDF layout: the page map both editions cite. Needed for the EPUB's page-list even without a PDF,
  // but only a PDF must refuse characters no font can draw.
  if (options.formats.includes('pdf')) checkGlyphCoverage(book, diags);
  diags.throwIfErrors();
  const layoutStart = performance.now();
  const layout = layoutPdf(book, { paper: options.paper }, diags);
  timings.layout = performance.now() - layoutStart;
  diags.throwIfErrors();

  const date = options.date ?? sourceDate(book);
  const pageMap = layout.pageMap;
  const timed = async (stage: string, f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    timings[stage] = performance.now() - t0;
  };

  // 4–5. Renderers, each into a temporary file beside its edition; all renamed into place at the end.
  // The PDF streams into its file and consumes the layout as it draws (a long book's set lines and
  // its PDF bytes are never all in memory together); the EPUB needs only the page map.
  mkdirSync(options.outDir, { recursive: true });
  const outputs = options.formats.map((format) => {
    const path = join(options.outDir, `${book.slug}.${format}`);
    return { format, path, temp: `${path}.${process.pid}.tmp` };
  });
  try {
    // The EPUB first: its garbage is reclaimed while the PDF draws, which keeps a long book's peak lower.
    for (const o of [...outputs.filter((x) => x.format === 'epub'), ...outputs.filter((x) => x.format === 'pdf')]) {
      if (o.format === 'pdf') await timed('pdf', () => writePdf(book, layout, { date, path: o.temp }));
      else await timed('epub', async () => writeFileSync(o.temp, await renderEpub(book, pageMap, { date })));
    }
    diags.throwIfErrors();
    const t0 = performance.now();
    for (const o of outputs) renameSync(o.temp, o.path);
    saveShapingCache();
    timings.write = performance.now() - t0;
  } finally {
    for (const o of outputs) rmSync(o.temp, { force: true });
  }
  return { book, pageMap, written: outputs.map((o) => o.path), timings, diagnostics: diags };
}

/**
 * Stages 1–2: load and parse the manuscript into the document model, then the transforms (ids,
 * contents, names): the book as the layout and the renderers get it. Throws a BuildError on input errors.
 */
export function prepareBook(file: string, diags: Diagnostics, timings: Record<string, number> = {}): Book {
  let t0 = performance.now();
  const book = loadManuscript(file, diags);
  timings.parse = performance.now() - t0;
  diags.throwIfErrors();
  if (!book) throw new Error('unreachable: loadManuscript failed without an error');
  t0 = performance.now();
  assignIds(book.blocks, book.notes);
  book.toc = buildToc(book.blocks);
  applyNames(book, diags);
  timings.transform = performance.now() - t0;
  diags.throwIfErrors();
  return book;
}

/** SOURCE_DATE_EPOCH when set (reproducible builds), else the manuscript's date, else 2000-01-01. */
export function sourceDate(book: Book): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const d = book.meta.date;
  if (d) return new Date(`${d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d}T00:00:00Z`);
  return new Date('2000-01-01T00:00:00Z');
}
