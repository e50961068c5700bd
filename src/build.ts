import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCoverLater } from './cover/cover.js';
import { BuildError, Diagnostics } from './diagnostics.js';
import { editionDate, editionDateLater } from './load/editiondate.js';
import { isPacketFile, loadPacket } from './parse/packet.js';
import { parseManuscript } from './parse/manuscript.js';
import { quote } from './load/quote.js';
import { decodeJpegsLater } from './load/pixels.js';
import { walkBook, type Block, type Book, type ImageAsset, type Inline, type Mention, type Note, type PageMap, type ParsedBook, type Person, type PreparedBook } from './model/index.js';
import { applyNames } from './names/apply.js';
import { formatBytes, ReaderImages } from './epub/fit.js';
import { checkEpubFileCount } from './epub/chapters.js';
import { renderEpub } from './epub/render.js';
import { TEMPLATES } from './epub/package.js';
import { imposeBooklet } from './pdf/booklet.js';
import { MAX_ENTRIES } from './epub/zip.js';
import { checkGlyphCoverage } from './pdf/coverage.js';
import { checkSvgDrawing } from './pdf/svgbudget.js';
import { layoutPdf, type Paper, type PdfLayout } from './pdf/layout.js';
import { paragraphFile, ParagraphMemo } from './pdf/memo.js';
import { PackedLines } from './pdf/packedline.js';
import { PageMemo, pageFile } from './pdf/pagememo.js';
import { DeflateMemo, DeflateThread } from './deflate.js';
import { deflateFile } from './deflatefile.js';
import { collectGarbage, writePdf } from './pdf/render.js';
import { TextObjects } from './pdf/textwriter.js';
import { manifestPath, requestKey, runningCode, sha256, writeManifest, type CodeKey, type InputKey, type Manifest } from './output/manifest.js';
import { commitEditions, makeFolder, removeMadeFolders, removeOnSignal, removeTemporaryFiles, TempFile, WriteError, type Staged, type WriteIo } from './output/editions.js';
import { bookTypesetter } from './pdf/setter.js';
import { prune, shapingCacheFor } from './text/cache.js';
import { Shaper } from './text/shaper.js';
import { WordMemo } from './typeset/boxes.js';
import { CoveredTexts } from './typeset/uncovered.js';
import { assignIds } from './transform/ids.js';
import { markFrontMatter, markFrontTexts } from './transform/frontmatter.js';
import { setPunctuation } from './transform/punctuation.js';
import { numberCaptions } from './transform/numbering.js';
import { numberNotesByChapter } from './transform/notenumbers.js';
import { numberParagraphs } from './transform/paragraphs.js';
import { checkInternalLinks } from './transform/links.js';
import { buildLists, buildToc } from './transform/toc.js';

export type Format = 'epub' | 'kepub' | 'pdf';

/** This file, in the bundle the launcher runs: where the running code's packages are found from. */
const BUNDLE = fileURLToPath(import.meta.url);

/** Each edition's file name after the slug: the kepub must end in .kepub.epub for Kobo to read it as one. */
export const EXTENSION: Record<Format, string> = { epub: 'epub', kepub: 'kepub.epub', pdf: 'pdf' };

export interface BuildOptions {
  outDir: string;
  formats: Format[];
  paper: Paper;
  /** Printed on both sides of the sheet (the default) or on one: equal margins, no blank pages. */
  sides?: 1 | 2;
  /** Also write `<slug>.booklet.pdf`: the PDF's pages two-up in saddle-stitch order. */
  imposition?: 'booklet';
  /** Fold marks on the booklet's sheets (`--crop-marks`); off by default. */
  cropMarks?: boolean;
  /** Number each text's paragraphs (in the PDF's margin, and visibly with ids in the EPUB). */
  numberParagraphs?: boolean;
  /** The PDF's first page is the cover (`--cover`); a printed packet does not want one. */
  pdfCover?: boolean;
  /** The date written into the editions as their modification date; else `editionDate` decides. */
  date?: Date;
  /**
   * Leave the finished editions in their temporary files (`BuildResult.staged`) for the caller to
   * rename into place with `commitEditions`: a worker's books are committed by the main thread, where
   * a signal cannot stop the renames half-way.
   */
  stageOnly?: boolean;
  /** The file system calls of the write stage (`node:fs`); tests pass one that fails on purpose. */
  io?: WriteIo;
  /** Whether the EPUB and kepub show the print page numbers in the margin (default: hidden). */
  pageNumbers?: 'hidden' | 'visible';
}

export interface BuildResult {
  book: Book;
  pageMap: PageMap;
  /** Paths written, in the order of `formats`. */
  written: string[];
  /** With `stageOnly`: the temporary files still to be renamed into place. */
  staged: Staged[];
  /**
   * With `stageOnly`: the manifest to write (`writeManifest`) once the staged editions are in place;
   * undefined when the build can have none (see `manifestOf`).
   */
  manifest?: { path: string; content: Omit<Manifest, 'version'> };
  /** Milliseconds spent in each stage, for the benchmark. */
  timings: Record<string, number>;
  diagnostics: Diagnostics;
}

/**
 * What a long-lived process (`build --watch`) keeps from one build of a book to the next, made by
 * that process and handed to each build: the text engine with the strings it shaped (read from the
 * disk cache once, not at every build), the words and the paragraphs already set (typeset/boxes.ts,
 * pdf/memo.ts). One per book.
 */
export class BuildSession {
  shaper: Shaper | undefined;
  readonly words = new WordMemo();
  readonly paragraphs = new ParagraphMemo();
  /** Their lines as the layout keeps them (src/pdf/packedline.ts), and as the PDF draws them (src/pdf/textwriter.ts). */
  readonly lines = new PackedLines();
  /** The chapters' page breaks (src/pdf/pagememo.ts). */
  readonly pages = new PageMemo();
  readonly texts = new TextObjects();
  /** Texts the glyph-coverage check found drawable (src/typeset/uncovered.ts). */
  readonly covered = new CoveredTexts();
  /** The PDF's page streams and the EPUB's files as deflated (src/deflate.ts). */
  readonly deflated = new DeflateMemo();
  /** The SHA-256 of JPEGs whose pixel data decoded (src/load/pixels.ts). */
  readonly decoded = new Set<string>();
  /** The running code's key (read from its packages' files once: what this process loaded does not change). */
  code: CodeKey | undefined;
}

/**
 * The whole pipeline, top to bottom. Input errors throw a BuildError (from `diags.throwIfErrors`)
 * before anything is written; editions are written to temporary files and renamed into place last,
 * so a failed or interrupted build leaves the previous editions as they were.
 */
export async function buildManuscript(file: string, options: BuildOptions, diags = new Diagnostics(), session?: BuildSession): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const io = options.io ?? fs;
  // What builds killed before their end left in the output folder, first a commit cut short between
  // its renames (put back: src/output/editions.ts), so that even a build refused below leaves a pair.
  removeTemporaryFiles(io, options.outDir);

  // The text engine: shapes each string once for the setter and the PDF, keeps this manuscript's
  // shaped strings between builds (src/text/cache.ts); a session's lives as long as the session.
  const shaper = session ? (session.shaper ??= new Shaper({ cache: shapingCacheFor(file) })) : new Shaper({ cache: shapingCacheFor(file) });

  // The code that makes the editions, which keys every cache and the manifest (none: caches off).
  const code = session ? (session.code ??= runningCode(BUNDLE)) : runningCode(BUNDLE);
  // What the caches' files are keyed to.
  const codeHash = code && sha256(Buffer.from(JSON.stringify(code)));

  // 1–2. Load and parse into the document model; transforms.
  const book = prepareBook(file, diags, timings);
  // The date the editions carry: this edition's, never the work's (see editionDate); a git lookup runs meanwhile.
  const dating = options.date ? undefined : editionDateLater(file, book.meta);
  if (options.numberParagraphs) numberParagraphs(book);

  // Where the editions go: never over an input, never where a folder stands.
  refuseInputsAsOutputs(book, options, diags);

  // 3. PDF layout: the page map both editions cite. Needed for the EPUB's page-list even without a PDF,
  // but only a PDF must refuse characters no font can draw.
  if (options.formats.includes('pdf')) {
    checkGlyphCoverage(book, diags, shaper.fonts, session?.covered);
    checkSvgDrawing(book, diags);
  }
  // The kepub is an EPUB too: the same entries, the same cover.
  const ebook = options.formats.some((f) => f === 'epub' || f === 'kepub');
  if (ebook) checkEpubFileCount(book, diags, MAX_ENTRIES);
  diags.throwIfErrors();
  // The cover: the editor's image, or one set from the title page (every EPUB has one), drawn on a
  // thread of its own while the book is laid out (a first build's; later ones find it in the cache).
  const covering = ebook || options.pdfCover ? makeCoverLater(book, shaper) : undefined;
  // Not unhandled if the layout throws first (the thread's error, if any, is then nobody's).
  covering?.catch(() => {});
  // The JPEGs' pixel data, decoded on libuv's threads meanwhile (src/load/pixels.ts).
  const decoding = decodeJpegsLater(book, session?.decoded);
  decoding.catch(() => {});
  const layout = layoutBook(book, file, options, diags, shaper, timings, codeHash, session);
  (await decoding)(diags);
  diags.throwIfErrors();
  // What a long book's layout let go when it set its paragraphs (tens of MB) V8 would collect only
  // well into the editions, when memory peaks: collected before them (seed x100, a first build:
  // 390-400 MiB -> ~360 MiB at its peak). Not after a layout that took most lines from the memo (an
  // edit's rebuild: less garbage, and 0.1 s of CPU saved), nor in a watch session, whose heap holds
  // the memos (see writePdf's `reclaim`).
  if (!session && layout.pages.length > 256 && (timings.paragraphsSet ?? Infinity) > (timings.paragraphsReused ?? 0)) await collectGarbage();

  const dated = await dating;
  const date = clampToZip(options.date ?? dated!.date, book, diags);
  const cover = await covering;
  const pageMap = layout.pageMap;
  const timed = async (stage: string, f: () => Promise<void>) => {
    const t0 = performance.now();
    await f();
    timings[stage] = performance.now() - t0;
  };

  // 4–5. Renderers, each into a temporary file beside its edition; all renamed into place at the end
  // (src/output/editions.ts: every write checked, nothing replaced unless everything was made).
  // The PDF streams into its file and consumes the layout as it draws (a long book's set lines and
  // its PDF bytes are never all in memory together); the EPUB needs only the page map.
  const outputs = options.formats.map((format) => ({ format, path: join(options.outDir, `${book.slug}.${EXTENSION[format]}`) }));
  const files: TempFile[] = [];
  // A signal also removes the manifest's temporary file (in the cache folder, written last).
  const stopCleaning = removeOnSignal(() => {
    files.forEach((f) => f.discard());
    const manifestFile = manifestPath(options.outDir, book.slug);
    removeTemporaryFiles(io, dirname(manifestFile), process.pid, [basename(manifestFile)]);
  });
  let staged: Staged[] = [];
  const booklet = options.imposition === 'booklet' && options.formats.includes('pdf') ? join(options.outDir, `${book.slug}.booklet.pdf`) : undefined;
  if (booklet) outputs.push({ format: 'pdf', path: booklet });
  const readerImages = new ReaderImages();
  let manifest: Omit<Manifest, 'version'> | undefined;
  const thread = options.formats.includes('pdf') ? deflateThread(layout.pages.length) : undefined;
  // The streams, files and font subsets the last build deflated or cut: a session's in memory and,
  // when the code has a hash, the cache folder's (deflate.ts; a plain build reads them as it goes).
  const deflated = session?.deflated ?? (code ? new DeflateMemo(false) : undefined);
  const deflatedAt = deflateFile(file);
  if (deflated && codeHash) deflated.open(deflatedAt, codeHash);
  // The output folder, if this build made it: a build that fails takes it away again.
  let made: string | undefined;
  try {
    made = makeFolder(io, options.outDir);
    // The EPUB first: its garbage is reclaimed while the PDF draws, which keeps a long book's peak lower.
    for (const o of [...outputs.filter((x) => x.format !== 'pdf'), ...outputs.filter((x) => x.format === 'pdf')]) {
      const file = new TempFile(io, o.path);
      files.push(file);
      if (o.path === booklet) {
        // Imposed from the PDF just written (its temporary file): the booklet holds exactly the edition's pages.
        const pdf = files.find((f) => f.path === join(options.outDir, `${book.slug}.pdf`))!;
        await timed('booklet', async () => file.write(await imposeBooklet(fs.readFileSync(pdf.temp), { title: book.meta.title, date, cropMarks: options.cropMarks === true })));
      } else if (o.format === 'pdf') await timed('pdf', () => writePdf(book, layout, { date, write: (bytes) => file.write(bytes), shaper, cover: options.pdfCover ? cover : undefined, deflate: deflated, reclaim: !session, objects: session?.texts, thread }));
      else await timed(o.format, async () => file.write(await renderEpub(book, pageMap, { date, cover: cover!, pageNumbers: options.pageNumbers, kobo: o.format === 'kepub', images: readerImages, deflate: deflated })));
      file.finish();
    }
    for (const r of readerImages.resized) {
      const { before: b, after: a } = r;
      // A file only heavy keeps its pixels: 'resized to' its own size would say nothing true.
      const done = a.width === b.width && a.height === b.height ? `compressed again for the EPUB at its size, ${formatBytes(a.bytes)}` : `resized for the EPUB to ${a.width}×${a.height} px, ${formatBytes(a.bytes)}`;
      diags.note(book.file, r.span?.line ?? 1, r.span?.column ?? 1, 'image-resized', `image ${basename(r.path)} (${b.width}×${b.height} px, ${formatBytes(b.bytes)}) ${done}; the PDF keeps the original`);
    }
    for (const d of readerImages.damaged) {
      diags.error(book.file, d.span?.line ?? 1, d.span?.column ?? 1, 'image-damaged', `the image ${quote(basename(d.path), 80)} is damaged: its pixel data cannot be decoded (${d.reason})`,
        'open it in an image editor and save it again, or fetch it again');
    }
    diags.throwIfErrors();
    const t0 = performance.now();
    staged = outputs.map((o) => ({ path: o.path, temp: files.find((f) => f.path === o.path)!.temp }));
    manifest = dated && code && manifestOf(file, options, book, dated, code, outputs.map((o) => ({ path: o.path, sha256: files.find((f) => f.path === o.path)!.sha256() })), diags, shaper);
    // The caches before the editions: the commit is the build's last step, so a signal after it
    // finds nothing left to do (a signal before it leaves the previous editions, see output/editions.ts).
    shaper.save((timings.paragraphsReused ?? 0) > 0);
    if (deflated) {
      timings.deflated = deflated.misses;
      timings.deflateReused = deflated.hits;
      deflated.sweep();
      const saving = performance.now();
      // A build of one edition keeps the other's streams.
      if (deflated.save(!options.formats.includes('pdf') || !ebook)) prune(dirname(deflatedAt), '.bin');
      timings.deflateSave = performance.now() - saving;
    }
    if (!options.stageOnly) {
      commitEditions(io, staged);
      if (manifest) writeManifest(manifestPath(options.outDir, book.slug), manifest);
    }
    if (session) {
      timings.textObjectsDrawn = session.texts.misses;
      timings.textObjectsReused = session.texts.hits;
      session.texts.sweep();
      session.covered.sweep();
    }
    timings.write = performance.now() - t0;
  } catch (e) {
    for (const f of files) f.discard();
    removeMadeFolders(io, options.outDir, made);
    deflated?.close();
    if (e instanceof WriteError) throw writeFailure(e, diags);
    throw e;
  } finally {
    stopCleaning();
    void thread?.close();
  }
  return { book, pageMap, written: outputs.map((o) => o.path), staged: options.stageOnly ? staged : [], ...(options.stageOnly && manifest ? { manifest: { path: manifestPath(options.outDir, book.slug), content: manifest } } : {}), timings, diagnostics: diags };
}

/**
 * Stage 3, the PDF layout, in a function of its own: what only the layout needs (the typesetter, the
 * words set, the paragraph memo of a plain build) is let go when it returns, not kept to the end of
 * the build by the async function's locals, and neither is the body's boxes, which only checks read.
 * A long book's editions are made when its memory peaks (seed x100: tens of MB less).
 */
function layoutBook(book: Book, file: string, options: BuildOptions, diags: Diagnostics, shaper: Shaper, timings: Record<string, number>, codeHash: string | undefined, session?: BuildSession): PdfLayout {
  // The paragraphs set by the last build, this process's (a session's) or, when the code has a hash
  // (run by the launcher, caches on), another's from the cache folder (pdf/memo.ts).
  const memo = session?.paragraphs ?? (codeHash ? new ParagraphMemo(false) : undefined);
  if (memo && codeHash) timings.paragraphsRead = memo.open(paragraphFile(file), codeHash, shaper);
  const layoutStart = performance.now();
  const words = session?.words ?? new WordMemo();
  const typesetter = memo ? memo.typesetter(bookTypesetter(shaper, words)) : bookTypesetter(shaper, words);
  // The chapters' page breaks, kept as the paragraphs are (pdf/pagememo.ts).
  const pages = session?.pages ?? (codeHash ? new PageMemo() : undefined);
  if (pages && codeHash) pages.open(pageFile(file), codeHash);
  const layout = layoutPdf(book, { paper: options.paper, sides: options.sides ?? 2, packed: session?.lines, pages }, diags, typesetter);
  timings.layout = performance.now() - layoutStart;
  if (pages) {
    timings.sectionsPaginated = pages.misses;
    timings.sectionsReused = pages.hits;
    pages.sweep();
  }
  if (memo) {
    timings.paragraphsSet = memo.misses;
    timings.paragraphsReused = memo.hits;
    memo.sweep();
  }
  diags.throwIfErrors();
  // Saved now, not after the editions: set lines do not depend on them, and a long book's new entries
  // (tens of MB on its first build) are let go before the PDF is drawn, when memory peaks.
  const saving = performance.now();
  memo?.save();
  pages?.save();
  if (memo) timings.paragraphsSave = performance.now() - saving;

  // The pages hold what the editions need; the boxes they were cut from are the checks' (layout.test.ts).
  layout.body.flow.boxes = [];
  layout.body.flow.notes = [];
  return layout;
}

/**
 * A second thread for the PDF's page streams, if a book is long enough to gain from it: it costs
 * ~30 ms to start (on the other core) and saves ~0.25 ms of the main thread's time per page (an SVG's
 * drawing is a form of its own, deflated where it is made: see pdf/svg.ts). SAMIZDAT_THREADS=on uses
 * it whatever the length, for every page (the tests: the same bytes either way), =off never.
 */
function deflateThread(pages: number): DeflateThread | undefined {
  const forced = process.env.SAMIZDAT_THREADS;
  if (forced === 'on' || forced === 'off') return forced === 'on' ? new DeflateThread(0) : undefined;
  return pages >= THREADS_FROM_PAGES ? new DeflateThread() : undefined;
}

const THREADS_FROM_PAGES = 200;

/**
 * What the up-to-date check of the next build compares (src/output/manifest.ts): the request, the
 * date, every file read and the editions' hashes. Made only when the running code has a key (none
 * when the process was not started by the launcher, the tests' runs from the sources, or with
 * SAMIZDAT_CACHE=off).
 */
function manifestOf(file: string, options: BuildOptions, book: Book, dated: ReturnType<typeof editionDate>, code: CodeKey, outputs: Manifest['outputs'], diags: Diagnostics, shaper: Shaper): Omit<Manifest, 'version'> {
  const inputs: InputKey[] = [...book.sources];
  for (const a of bookAssets(book)) inputs.push({ path: a.path, sha256: sha256(a.bytes) });
  // Installation files (fonts, templates) are hashed now: they do not change under a build.
  for (const f of shaper.fonts.files()) inputs.push(f.opened && f.path ? { path: f.path, sha256: shaper.fontFileHash(f.path) } : { font: f.spec, path: f.path });
  const templates = fileURLToPath(TEMPLATES);
  for (const name of fs.readdirSync(templates).sort()) inputs.push({ path: join(templates, name), sha256: sha256(fs.readFileSync(join(templates, name))) });
  return { request: requestKey(file, options, code), date: { origin: dated.origin, time: dated.date.getTime() }, inputs, outputs, diagnostics: [...diags.list] };
}

/** The images a book embeds, with the bytes read and checked: its figures, images in its text and notes, its cover. */
export function bookAssets(book: Book): ImageAsset[] {
  const assets: ImageAsset[] = book.cover ? [book.cover] : [];
  const inlines = (list: readonly Inline[]) => {
    for (const n of list) {
      if (n.kind === 'image' && n.asset) assets.push(n.asset);
      else if ('children' in n) inlines(n.children);
    }
  };
  for (const b of walkBook(book)) {
    if (b.kind === 'figure') {
      if (b.asset) assets.push(b.asset);
      inlines(b.caption);
    } else if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
  }
  return assets;
}

/** A write that failed, as the input error it is for the user: the path, what happened, what to do (exit 1). */
export function writeFailure(e: WriteError, diags: Diagnostics): BuildError {
  diags.error(e.path, 0, 0, 'write', e.message, e.hint);
  return new BuildError(diags.list);
}

/**
 * The text files a book is made from, each with what it is: the manuscript or the packet file, a
 * packet's manuscripts, and their names registries (images aside: see watch.ts).
 */
export function bookTexts(book: Book): [string, string][] {
  const inputs: [string, string][] = [[book.file, book.packet ? 'the packet file' : 'the manuscript']];
  for (const t of book.texts) {
    if (t.file !== book.file) inputs.push([t.file, 'the manuscript']);
    if (t.meta.names) inputs.push([join(dirname(t.file), t.meta.names), 'the names registry']);
  }
  return inputs;
}

/**
 * An edition must never replace a file the book is made from: a manuscript `essay.epub` built with
 * `--out .` would be renamed over by its own EPUB. The rename replaces the name, never a file a link
 * leads to, so names are compared, by device and inode without following links (which also holds on
 * file systems that ignore case). Images cannot clash: they are named .png or .jpg.
 */
function refuseInputsAsOutputs(book: Book, options: BuildOptions, diags: Diagnostics): void {
  const inputs = bookTexts(book);
  const ids = new Map<string, string>();
  for (const [input, what] of inputs) {
    const st = fs.lstatSync(input, { throwIfNoEntry: false });
    if (st) ids.set(`${st.dev}:${st.ino}`, `${what} ${input}`);
  }
  const booklet = options.imposition === 'booklet' && options.formats.includes('pdf') ? [['pdf', `${book.slug}.booklet.pdf`]] : [];
  for (const [format, name] of [...options.formats.map((f) => [f, `${book.slug}.${f}`]), ...booklet]) {
    const path = join(options.outDir, name);
    const st = fs.lstatSync(path, { throwIfNoEntry: false });
    const input = st && ids.get(`${st.dev}:${st.ino}`);
    // Found now rather than after the work: the rename would fail on it.
    if (st?.isDirectory()) diags.error(path, 0, 0, 'write', 'cannot be written: a folder is in its place', 'move the folder away, or build into another folder with --out');
    else if (input) {
      diags.error(path, 0, 0, 'output-is-input', `the ${format.toUpperCase()} edition would replace ${input}`,
        'rename the file, or build into another folder with --out');
    }
  }
  diags.throwIfErrors();
}

/**
 * Stages 1–2: load and parse the manuscript into the document model, then the transforms (ids,
 * contents, names): the book as the layout and the renderers get it. Throws a BuildError on input errors.
 */
export function prepareBook(file: string, diags: Diagnostics, timings: Record<string, number> = {}): PreparedBook {
  let t0 = performance.now();
  // A packet file (.yaml) is a book of several manuscripts; a manuscript is a book of one text.
  const parsed = isPacketFile(file) ? loadPacket(file, diags) : parseManuscript(file, diags);
  timings.parse = performance.now() - t0;
  diags.throwIfErrors();
  if (!parsed) throw new Error('unreachable: parseManuscript failed without an error');
  t0 = performance.now();
  const book = runPasses(parsed, diags);
  timings.transform = performance.now() - t0;
  diags.throwIfErrors();
  return book;
}

/** The passes over a parsed book, in order: punctuation set (dashes, quotes), unique ids, the front matter's chapters, the contents (per text), the names registries and their mentions. */
export function runPasses(parsed: ParsedBook, diags: Diagnostics): PreparedBook {
  // The one place a Book is made: its blocks' ids are given here, so its type says they are.
  const blocks: Block[] = parsed.blocks;
  const notes: Note[] = parsed.notes;
  setPunctuation(parsed);
  numberCaptions(blocks, parsed.texts);
  numberNotesByChapter(parsed, diags);
  assignIds(blocks, notes, parsed.texts);
  if (parsed.packet) markFrontTexts(parsed.texts, parsed.packet.oneAuthor, blocks);
  else markFrontMatter(blocks, parsed.meta, parsed.file, diags);
  for (const t of parsed.texts) t.toc = buildToc(blocks.slice(t.from, t.to));
  const book = { ...parsed, blocks, notes, toc: parsed.texts.flatMap((t) => t.toc), lists: buildLists(blocks, parsed.meta.lists), persons: [] as Person[], mentions: [] as Mention[] } as PreparedBook;
  applyNames(book, diags);
  checkInternalLinks(book, diags);
  return book;
}

/** The last moment a ZIP archive can date its files (DOS dates run from 1980 to 2107, in steps of two seconds). */
const ZIP_LAST = Date.UTC(2107, 11, 31, 23, 59, 58);

/** The editions' date, clamped (with a warning) to what the EPUB's ZIP archive can hold; both editions carry the same. */
function clampToZip(date: Date, book: Book, diags: Diagnostics): Date {
  if (date.getTime() <= ZIP_LAST) return date;
  const given = Number.isNaN(date.getTime()) ? `SOURCE_DATE_EPOCH=${process.env.SOURCE_DATE_EPOCH}` : date.toISOString().slice(0, 10);
  diags.warn(book.file, 0, 0, 'date-out-of-range', `the editions' date ${given} is after 2107, the last year a ZIP archive (the EPUB) can hold: both editions are dated 2107-12-31`,
    'set SOURCE_DATE_EPOCH or the front matter\'s `modified` to a date before 2108');
  return new Date(ZIP_LAST);
}

/**
 * Stages 1–3 and nothing written: the book and the page map of its PDF edition, for `names review`.
 * Throws a BuildError on input errors.
 */
export function paginateBook(file: string, paper: Paper, diags: Diagnostics): { book: Book; pageMap: PageMap } {
  const shaper = new Shaper({ cache: shapingCacheFor(file) });
  const book = prepareBook(file, diags);
  const layout = layoutPdf(book, { paper }, diags, bookTypesetter(shaper));
  diags.throwIfErrors();
  return { book, pageMap: layout.pageMap };
}
