import { dirname } from 'node:path';
import { citesNote, isLines, languageDirection, plainText, walkBlocks, walkBook, type Block, type Book, type ListOf, type PageMap, type Text, type TocEntry } from '../model/index.js';
import { Images } from './assets.js';
import { renderBlocks } from './blocks.js';
import { blockInlines, mapIdsToFiles, splitIntoFiles, type TextFile } from './chapters.js';
import { hrefTo, type RenderContext } from './context.js';
import { creditLines, headnoteOf, packetAbout } from '../imprint.js';
import { isCastList, joinNames, wordsFor, type Words } from '../words.js';
import type { Cover } from '../cover/cover.js';
import { aboutPage, coverPage, dedicationPage, titlePage, ui } from './frontpages.js';
import { pageBreakSpan, renderInlines } from './inline.js';
import { epubNameIndex, indexPage } from './indexpage.js';
import { koboBody } from './kobo.js';
import type { DeflateMemo } from '../deflate.js';
import { ReaderImages } from './fit.js';
import { opfMetadata, type Contents } from './metadata.js';
import { renderEndnotes, renderNotes } from './notes.js';
import { packageEpub, readTemplate, type ContentFile } from './package.js';
import { planPageBreaks, type PagePlan } from './pagebreaks.js';
import { attrs, escapeText, langAttrs } from './xml.js';

/** An entry of the nav's contents (and the NCX). Labels are plain text; the templates escape them. */
export interface NavItem {
  label: string;
  href: string;
  children: NavItem[];
}

export interface EpubOptions {
  /** dcterms:modified and the zip entries' date. */
  date: Date;
  /** 'visible': the print page numbers show in the margin of the text; 'hidden' (default): only in the page-list. */
  pageNumbers?: 'hidden' | 'visible';
  /** The EPUB editions' copies of large images, shared by the editions of one build (made anew when absent). */
  images?: ReaderImages;
  /** The kepub: Kobo's sentence spans and body wrappers in every content document (see kobo.ts). */
  kobo?: boolean;
  /** The cover: the editor's image or the generated one; first in reading order. */
  cover: Cover;
  /** Files deflated by earlier builds of the book, not deflated again (watch mode). */
  deflate?: DeflateMemo;
}

/**
 * The EPUB 3 edition: a title page, 'About this text', the contents, the text (one file per chapter, or
 * one for an essay) with its footnotes, and the index of names when the book has a names registry.
 * With a page map from the PDF layout it also marks where every print page begins and lists them in a
 * page-list. The same book, page map and date always give the same bytes.
 */
export async function renderEpub(book: Book, pageMap: PageMap, options: EpubOptions): Promise<Uint8Array> {
  const lang = book.meta.language;
  const words = wordsFor(lang);
  const rtl = languageDirection(lang) === 'rtl';
  const textFiles = splitIntoFiles(book);
  // Endnotes (front matter `footnotes: endnotes`) in one file after the text; a packet refuses them.
  const notesFile = book.meta.endnotes && !book.packet && book.notes.length ? 'notes.xhtml' : undefined;
  const fileOf = mapIdsToFiles(book, textFiles, notesFile);
  const noteBlocks = new Set(book.notes.flatMap((n) => [...walkBlocks(n.children)].flatMap((b) => ('id' in b && b.id ? [b.id] : []))));
  const pages = planPageBreaks(pageMap.pages, blockTexts(book.blocks), fileOf.keys(), noteBlocks);
  const images = new Images(dirname(book.file));
  const essay = !textFiles.some((f) => f.chapter);
  const shift = essay ? 2 - minHeadingLevel(book.blocks) : 0;
  // A packet's text files put the text's title in an h1: its own headings go under it.
  const textShift = new Map(book.texts.map((t) => [t, 2 - minHeadingLevel(book.blocks.slice(t.from, t.to))]));
  const context = (file: string, text?: Text): RenderContext => ({
    file,
    fileOf,
    pages,
    image: (src, asset, span) => images.add(src, asset, span),
    visiblePages: options.pageNumbers === 'visible',
    headingLevel: (level) => Math.max(1, level + (text ? textShift.get(text)! : shift)),
  });

  const about = aboutPage(book.meta, context('about.xhtml'), book.packet ? packetAbout(book) : undefined);
  // The editor's image as the EPUB's other images: made smaller when larger than a reader needs, turned
  // upright when stored turned (a library's thumbnail shows the stored pixels).
  const readers = options.images ?? new ReaderImages();
  const { cover } = options;
  const coverBytes = cover.path ? await readers.fit(cover.path, cover.mediaType, cover.bytes, cover, cover.span, cover.turned === true) : cover.bytes;
  const coverAsset = { href: `images/cover${cover.mediaType === 'image/png' ? '.png' : '.jpg'}`, mediaType: cover.mediaType, bytes: coverBytes };
  const files: ContentFile[] = [
    { file: 'cover.xhtml', title: words.cover, body: coverPage(options.cover, coverAsset.href) },
    { file: 'title.xhtml', title: book.meta.title, bodyType: 'frontmatter', body: titlePage(book.meta, context('title.xhtml'), !book.packet || book.packet.oneAuthor) },
  ];
  if (about) files.push({ file: 'about.xhtml', title: words.about, bodyType: 'frontmatter', body: about });
  const dedication = dedicationPage(book.meta, context('dedication.xhtml'));
  if (dedication) files.push({ file: 'dedication.xhtml', title: words.dedication, bodyType: 'frontmatter', body: dedication });
  const frontFiles = files.length;
  // The lists of figures and tables, after the contents (the nav goes in before them, below).
  const lists = book.lists.filter((l) => l.entries.length > 0).map((l) => ({ file: l.kind === 'figures' ? 'loi.xhtml' : 'lot.xhtml', title: l.kind === 'figures' ? words.listOfFigures : words.listOfTables, list: l }));
  for (const l of lists) files.push({ file: l.file, title: l.title, bodyType: 'frontmatter', body: listPage(l.list, l.title, context(l.file)) });
  textFiles.forEach((f, i) => {
    const ctx = context(f.file, f.text);
    const last = i === textFiles.length - 1;
    files.push({ file: f.file, title: f.title, bodyType: f.front !== undefined ? 'frontmatter' : 'bodymatter', body: textBody(book, f, ctx, last ? pages.trailing.map((pb) => pageBreakSpan(pb, options.pageNumbers === 'visible')).join('') : '', words) });
  });

  if (notesFile) files.push({ file: notesFile, title: words.notes, bodyType: 'backmatter', body: renderEndnotes(book, context(notesFile), words.notes) });

  const index = book.persons.length ? epubNameIndex(book, pageMap) : { groups: [], unplaced: [] };
  const indexSize = index.groups.reduce((n, g) => n + g.entries.length, 0);
  const withIndex = indexSize > 0;
  if (withIndex) files.push({ file: 'index.xhtml', title: words.index, bodyType: 'backmatter', body: indexPage(index, book, pageMap.pages.length > 0, context('index.xhtml')) });

  if (options.kobo) for (const f of files) f.body = koboBody(f.body);

  const contents = countContents(book, pages, indexSize);
  // Where the text begins: after the front matter's chapters (a preface), as the print edition's page 1.
  const textStart = textFiles.find((f) => f.front === undefined) ?? textFiles[0];
  const meta = opfMetadata(book, contents, options.date);
  const nav = {
    language: lang,
    labels: { contents: words.contents, landmarks: words.landmarks, pages: words.pages },
    toc: navToc(book, textFiles, fileOf, withIndex, about !== undefined, words, notesFile, lists),
    landmarks: [
      { type: 'cover', href: 'cover.xhtml', label: words.cover },
      { type: 'titlepage', href: 'title.xhtml', label: words.titlePage },
      { type: 'toc', href: 'toc.xhtml#toc', label: words.contents },
      { type: 'bodymatter', href: textStart?.file ?? 'title.xhtml', label: textStart?.title ?? words.text },
      ...(withIndex ? [{ type: 'index', href: 'index.xhtml', label: words.index }] : []),
    ],
    pages: pageList(pages, fileOf, textFiles),
    ncxDepth: 0,
    maxPageNumber: 0,
  };
  nav.ncxDepth = Math.min(2, depth(nav.toc));
  nav.maxPageNumber = Math.max(0, ...nav.pages.filter((p) => /^\d+$/.test(p.label)).map((p) => Number(p.label)));
  const manifest = [
    { id: 'nav', href: 'toc.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: 'style.css', mediaType: 'text/css' },
    ...files.map((f) => ({ id: manifestId(f.file), href: f.file, mediaType: 'application/xhtml+xml' })),
    { id: 'cover-image', href: coverAsset.href, mediaType: coverAsset.mediaType, properties: 'cover-image' },
    ...images.all.map((a, i) => ({ id: `img-${i + 1}`, href: a.href, mediaType: a.mediaType })),
  ];
  // Reading order: cover, title page, About, the contents (a page of its own for Kindle), the text, the index.
  const spine = files.map((f) => manifestId(f.file));
  spine.splice(frontFiles, 0, 'nav');

  // The stylesheet: what every book needs, then the rules of what this one holds (other books' CSS stays
  // as it was). A packet's openings, paragraph numbers and parts have rules of their own.
  const blocks = [...walkBook(book)];
  const sheets: [boolean, string][] = [
    [book.packet !== undefined || book.blocks.some((b) => (b.kind === 'paragraph' && b.number !== undefined) || (b.kind === 'heading' && b.part)), 'epub-packet.css'],
    [blocks.some(isLines), 'epub-lines.css'],
    [blocks.some((b) => b.kind === 'definitions'), 'epub-definitions.css'],
    [blocks.some((b) => b.kind === 'blockquote' && b.epigraph), 'epub-epigraph.css'],
    [blocks.some((b) => b.kind === 'paragraph' && b.signature), 'epub-signature.css'],
    [dedication !== undefined, 'epub-dedication.css'],
    [images.lineArt, 'epub-lineart.css'],
    [lists.length > 0, 'epub-lists.css'],
  ];
  const css = [readTemplate('epub.css'), ...sheets.filter(([on]) => on).map(([, file]) => readTemplate(file))].join('\n');

  return packageEpub({
    title: book.meta.title,
    language: lang,
    rtl,
    files,
    assets: [coverAsset, ...(await images.embedded(readers))],
    css,
    templateData: { meta, nav, manifest, spine, rtl },
    identifier: book.meta.identifier,
    date: options.date,
    ...(options.deflate ? { deflate: options.deflate } : {}),
  });
}

/** The front matter's structural semantics that have a DPUB-ARIA role of the same name (Ace wants the two together). */
const DPUB_ROLES = new Set(['abstract', 'acknowledgments', 'credits', 'dedication', 'errata', 'foreword', 'introduction', 'preface', 'prologue']);

/** A text file's body: its section, the book's title for an essay (a packet's text's opening), the blocks, then its footnotes. */
function textBody(book: Book, f: TextFile, ctx: RenderContext, trailing: string, words: Words): string {
  const notes = book.notes.filter((n) => ctx.fileOf.get(n.id) === f.file);
  // A part-title page: the part's title, nothing else (its texts follow in files of their own).
  if (f.partTitle) {
    const marks = (ctx.pages.byTitle.get(f.headingId) ?? []).map((pb) => pageBreakSpan(pb, ctx.visiblePages)).join('');
    return `<section${attrs({ 'epub:type': 'part', role: 'doc-part', class: 'part', 'aria-labelledby': f.headingId })}>\n${marks}<h1 id="${f.headingId}">${escapeText(f.title)}</h1>\n</section>`;
  }
  // Named by its heading, unless the heading cites a note: its number would be read as part of the name ('Inferno1').
  const head = f.blocks[0]?.kind === 'heading' ? f.blocks[0] : undefined;
  const name = head && citesNote(head.children) ? { 'aria-label': f.title } : { 'aria-labelledby': f.headingId };
  const open = f.opens && f.text
    ? textOpening(f.text, words, book.meta.language, !book.packet?.oneAuthor, !book.packet?.translators.length, ctx, f.front !== undefined && DPUB_ROLES.has(f.front) ? f.front : 'chapter')
    : f.front !== undefined && !f.chapter
    ? '<section class="motto">'
    : f.front !== undefined
    ? `<section${attrs({ 'epub:type': DPUB_ROLES.has(f.front) ? f.front : undefined, role: DPUB_ROLES.has(f.front) ? `doc-${f.front}` : undefined, ...name })}>`
    : f.chapter
    ? head?.part
      ? `<section${attrs({ 'epub:type': 'part', role: 'doc-part', class: 'part', ...name })}>`
      : isCastList(f.title, book.meta.language)
      // A play's persons: Standard Ebooks' semantic for them (DPUB-ARIA has no role for a cast list).
      ? `<section${attrs({ 'epub:type': 'z3998:dramatis-personae', ...name })}>`
      : `<section${attrs({ 'epub:type': 'chapter', role: 'doc-chapter', ...name })}>`
    : `<section aria-labelledby="${f.headingId}">\n<h1 id="${f.headingId}" class="book-title">${escapeText(f.title)}</h1>`;
  return [open, renderBlocks(f.blocks, ctx), trailing, renderNotes(notes, ctx, words.notes), '</section>'].filter(Boolean).join('\n');
}

/** A packet's text opens with its part's title, its title, subtitle, byline and headnote, in a section of `type` (a chapter, or the introduction). */
function textOpening(t: Text, w: Words, lang: string, byline: boolean, translatedBy: boolean, ctx: RenderContext, type: string): string {
  const m = t.meta;
  const langOf = m.language !== lang ? attrs(langAttrs(m.language)) : '';
  const out = [`<section${attrs({ 'epub:type': type, role: `doc-${type}`, 'aria-labelledby': t.id })}${langOf}>`, '<header>'];
  out.push(`<h1 id="${t.id}" class="book-title">${m.titleInlines ? renderInlines(m.titleInlines, ctx) : escapeText(m.title)}</h1>`);
  if (m.subtitle) out.push(`<p class="subtitle">${m.subtitleInlines ? renderInlines(m.subtitleInlines, ctx) : escapeText(m.subtitle)}</p>`);
  if (byline && m.authors.length) out.push(`<p class="byline">${escapeText(joinNames(m.authors, w))}</p>`);
  // Its translators (unless the title page names them for every text), editors, illustrators…, as the PDF's opening credits them.
  for (const c of creditLines(m, w)) {
    if (c.role === 'translator' && !translatedBy) continue;
    out.push(`<p class="${c.role === 'translator' ? 'translator' : 'contributor'}">${ui(c.lead, w, lang)}${c.gap}${escapeText(c.names)}</p>`);
  }
  const head = t.introduction ? undefined : headnoteOf(m);
  if (head) out.push(`<p class="headnote">${renderInlines(head, ctx)}</p>`);
  out.push('</header>');
  return out.join('\n');
}

/** Plain text of every block a page can start in. */
function blockTexts(blocks: readonly Block[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'heading' || b.kind === 'paragraph') out.set(b.id, plainText(b.children));
    else if (b.kind === 'code') out.set(b.id, b.text);
  }
  return out;
}

function minHeadingLevel(blocks: readonly Block[]): number {
  let min = 2;
  for (const b of blocks) if (b.kind === 'heading') min = Math.min(min, b.level);
  return min;
}

function navToc(book: Book, files: readonly TextFile[], fileOf: ReadonlyMap<string, string>, withIndex: boolean, withAbout: boolean, words: Words, notesFile?: string, lists: readonly { file: string; title: string }[] = []): NavItem[] {
  const firstIds = new Set(files.map((f) => (f.chapter ? f.headingId : '')));
  const href = (id: string) => (firstIds.has(id) ? fileOf.get(id)! : `${fileOf.get(id)}#${id}`);
  const item = (e: TocEntry): NavItem => ({ label: e.title, href: href(e.id), children: e.children.map(item) });
  const text: NavItem[] = [];
  if (book.packet) {
    // Each text with its authors, under its part.
    let part: NavItem | undefined;
    for (const [k, t] of book.texts.entries()) {
      const file = files.find((f) => f.text === t && f.opens)!.file;
      if (t.part) text.push((part = { label: t.part.title, href: fileOf.get(t.part.id)!, children: [] }));
      const by = t.introduction || book.packet.oneAuthor ? '' : joinNames(t.meta.authors, words);
      const entry = { label: by ? `${t.meta.title} — ${by}` : t.meta.title, href: file, children: t.toc.map(item) };
      (part && k > 0 ? part.children : text).push(entry);
      if (t.introduction) part = undefined;
    }
  }
  else {
  // (A motto has no title of its own: the nav lists the book's chapters from the preface on.)
  const before = files.find((f) => !f.chapter && f.front === undefined);
  const opening: NavItem | undefined = before ? { label: before.title, href: before.file, children: [] } : undefined;
  if (opening) text.push(opening);
  // A chapter, or a part with its chapters under it, at the top; a section before the first chapter under the opening.
  for (const e of book.toc) {
    if (e.level <= 1) text.push(item(e));
    else opening?.children.push(item(e));
  }
  // Every chapter unlisted: the nav still needs the text (EPUBCheck refuses an empty list).
  if (!text.length && files.length) text.push({ label: book.meta.title, href: files[0].file, children: [] });
  }
  return [
    ...(withAbout ? [{ label: words.about, href: 'about.xhtml', children: [] }] : []),
    ...lists.map((l) => ({ label: l.title, href: l.file, children: [] })),
    ...text,
    ...(notesFile ? [{ label: words.notes, href: notesFile, children: [] }] : []),
    ...(withIndex ? [{ label: words.index, href: 'index.xhtml', children: [] }] : []),
  ];
}

/** A List of Illustrations or of Tables, as Standard Ebooks makes its loi.xhtml: a nav of the captions, each linked to its figure or table. */
function listPage(list: ListOf, title: string, ctx: RenderContext): string {
  const type = list.kind === 'figures' ? 'loi' : 'lot';
  const items = list.entries.map((e) => `<li><a${attrs({ href: hrefTo(ctx, e.id) ?? `#${e.id}` })}>${escapeText(e.title)}</a></li>`);
  return [`<nav${attrs({ id: type, 'epub:type': type, 'aria-labelledby': `${type}-title` })}>`, `<h1 id="${type}-title">${escapeText(title)}</h1>`, '<ol class="list-of">', ...items, '</ol>', '</nav>'].join('\n');
}

function pageList(pages: PagePlan, fileOf: ReadonlyMap<string, string>, files: readonly TextFile[]): { label: string; href: string }[] {
  const fileOfBreak = new Map<string, string>();
  for (const [blockId, list] of pages.byBlock) for (const b of list) for (const pb of b.breaks) fileOfBreak.set(pb.id, fileOf.get(blockId)!);
  for (const [titleId, list] of pages.byTitle) for (const pb of list) fileOfBreak.set(pb.id, fileOf.get(titleId)!);
  const last = files[files.length - 1]?.file ?? '';
  return pages.all.map((pb) => ({ label: pb.label, href: `${fileOfBreak.get(pb.id) ?? last}#${pb.id}` }));
}

function depth(items: readonly NavItem[]): number {
  return items.length ? 1 + Math.max(...items.map((i) => depth(i.children))) : 0;
}

function countContents(book: Book, pages: PagePlan, indexEntries: number): Contents {
  let images = 0;
  let imagesWithoutAlt = 0;
  let sections = 0;
  const countInlines = (list: ReturnType<typeof blockInlines>): void => {
    for (const n of list) {
      if (n.kind === 'image') {
        images++;
        if (!n.alt.trim()) imagesWithoutAlt++;
      } else if ('children' in n) countInlines(n.children);
    }
  };
  const all = walkBook(book);
  for (const b of all) {
    if (b.kind === 'heading') sections++;
    if (b.kind === 'figure') {
      images++;
      if (!b.alt.trim()) imagesWithoutAlt++;
    }
    countInlines(blockInlines(b));
  }
  return { images, imagesWithoutAlt, notes: book.notes.length, indexEntries, pageBreaks: pages.all.length, sections };
}

/** 'chapter-01.xhtml' → 'chapter-01': file names here always start with a letter, so they are valid ids. */
function manifestId(file: string): string {
  return file.replace(/\.xhtml$/, '');
}
