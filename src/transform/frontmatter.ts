import type { Diagnostics } from '../diagnostics.js';
import { signature, namesIn, plainText, type Block, type Meta, type Text } from '../model/index.js';
import { prefatoryTitle, wordsFor } from '../words.js';

/** The `epub:type`s pandoc's EPUB writer puts in the front matter, and `introduction` and `frontmatter`. */
const FRONT_TYPES = new Set(['prologue', 'abstract', 'acknowledgments', 'copyright-page', 'dedication', 'credits', 'keywords', 'imprint', 'contributors', 'other-credits', 'errata', 'revision-history', 'titlepage', 'halftitlepage', 'seriespage', 'foreword', 'preface', 'frontispiece', 'introduction', 'frontmatter']);
/** The `epub:type`s that say the text has begun. */
const BODY_TYPES = new Set(['bodymatter', 'chapter', 'part']);

/**
 * Marks the leading chapters of a manuscript that are front matter (`front` on their headings), as
 * Chicago (1.4) and the publishers of translations set them: before page 1, with roman folios. A
 * chapter is front matter when its heading says so (`{epub:type=preface}`, pandoc's), or when its title
 * calls it a preface, foreword or dedication ('Preface to the English Edition of 1888', 'Translator's
 * Note'), or an introduction by another hand: 'Translator's Introduction', or an 'Introduction' when the front matter
 * names its writer (`introduction: …`). The first chapter that is none of these begins the text, and so
 * does text before the first chapter; a book of nothing but such chapters has no front matter of them.
 */
export function markFrontMatter(blocks: Block[], meta: Meta, file: string, diags: Diagnostics): void {
  const chapters = blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 1);
  // A book without chapters whose first section is a preface: a conversion that wrote its chapters one
  // level down (pandoc from HTML, where the book's title was the h1). Its preface cannot be front matter.
  const section = chapters.length === 0 ? blocks.find((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading') : undefined;
  // (Not an essay's own 'Introduction': only what would be front matter as a chapter.)
  const called = section?.level === 2 ? prefatoryTitle(plainText(section.children), meta.language) : undefined;
  if (section && called && (called.kind !== 'introduction' || called.another)) {
    diags.warn(file, section.span.line, section.span.column, 'no-chapters', `'${plainText(section.children).trim()}' is a section (##) of a book without chapters (#): it is set in the text, and the book's other ## headings are sections of one chapter, not chapters`,
      'if they are chapters, make each ## a # (pandoc: --shift-heading-level-by=-1)');
  }
  // A motto before everything (block quotes alone: a book's epigraph, however it was marked) does not
  // begin the text: with the front matter after it, it is set as an epigraph on a page of its own.
  const opening = blocks.findIndex((b) => b.kind === 'heading' && b.level === 1);
  const motto = opening > 0 && blocks.slice(0, opening).every((b) => b.kind === 'blockquote') ? opening : 0;
  const first = blocks[motto];
  const front = first?.kind === 'heading' && first.level === 1 ? leadingFront(chapters, meta) : [];
  if (front.length < chapters.length) {
    for (const [h, type] of front) h.front = type;
    if (front.length) for (const b of blocks.slice(0, motto)) if (b.kind === 'blockquote') b.epigraph = true;
    markSignatures(blocks);
  }
  // A chapter said to be front matter where the text has begun is set in the text: say so.
  const leading = new Set(front.map(([h]) => h));
  const contents = [wordsFor(meta.language).contents, 'Table of Contents'].map((t) => t.toLocaleLowerCase(meta.language));
  for (const h of chapters) {
    // A contents typed in with the text (as many transcriptions have it) would stand beside the one made here.
    if (contents.includes(plainText(h.children).trim().toLocaleLowerCase(meta.language))) {
      diags.warn(file, h.span.line, h.span.column, 'contents-chapter', `a chapter titled '${plainText(h.children).trim()}': samizdat makes the contents itself, with page numbers in the PDF and links in the EPUB, so the book would have two`, 'delete this chapter from the manuscript');
    }
    const type = leading.has(h) ? undefined : h.epubType?.split(/\s+/).find((t) => FRONT_TYPES.has(t));
    if (type) diags.warn(file, h.span.line, h.span.column, 'front-matter-late', `'${plainText(h.children)}' is marked front matter (epub:type=${type}), but the text has begun before it: it is set in the text`, 'move it before the text\'s first chapter, or drop the attribute');
  }
}

/**
 * Marks the signatures that close the front matter's chapters ('—William Archer' under his introduction,
 * '—F. E., London, 1888' under a preface, as Standard Ebooks marks a `z3998:signature`), which both
 * editions set flush right, as they set a quote's attribution: a chapter's last block, after others,
 * a short paragraph that opens with a dash, where none of the chapter's other paragraphs opens with
 * one (that is dialogue). Only front matter: in the text a last line after a dash is a reply.
 */
function markSignatures(blocks: Block[]): void {
  const chapter = (b: Block | undefined) => b?.kind === 'heading' && b.level === 1;
  for (let i = 0; i < blocks.length; i++) {
    const h = blocks[i];
    if (!(h.kind === 'heading' && h.level === 1 && h.front !== undefined)) continue;
    let end = i + 1;
    while (end < blocks.length && !chapter(blocks[end])) end++;
    markSignature(blocks.slice(i + 1, end));
    i = end - 1;
  }
}

/** Marks the signature that closes `body`, a front-matter chapter's blocks after its heading, if it has one (set as a quote's attribution is). */
function markSignature(body: Block[]): void {
  const last = signature(body);
  if (last?.kind === 'paragraph') last.signature = true;
}

/** The leading chapters that are front matter, each with its EPUB semantic. */
function leadingFront(chapters: Extract<Block, { kind: 'heading' }>[], meta: Meta): [Extract<Block, { kind: 'heading' }>, string][] {
  let credited = namesIn(meta, 'introduction').length > 0; // the front matter credits an introduction not yet met
  const front: [Extract<Block, { kind: 'heading' }>, string][] = [];
  for (const h of chapters) {
    if (h.part) break;
    const types = h.epubType?.split(/\s+/) ?? [];
    if (types.some((t) => BODY_TYPES.has(t))) break;
    if (types.some((t) => FRONT_TYPES.has(t))) {
      front.push([h, types.find((t) => FRONT_TYPES.has(t) && t !== 'frontmatter') ?? '']);
      continue;
    }
    const called = prefatoryTitle(plainText(h.children), meta.language);
    if (called?.kind === 'preface' || called?.kind === 'dedication') front.push([h, called.kind]);
    else if (called?.kind === 'introduction' && (called.another || credited)) {
      front.push([h, 'introduction']);
      credited = false;
    } else break;
  }
  return front;
}

/**
 * Marks a packet's leading texts that are front matter (`front`): its introduction, as an anthology's
 * is set; then, in a book of chapter files (`oneAuthor`), texts whose titles call them a preface, a
 * foreword or a dedication, or an introduction by another hand, as a manuscript's chapters. A reader's
 * texts by several authors are texts whatever their titles ('Preface to Lyrical Ballads' is an essay).
 * The text's first part, or a text that is none of these, begins the text; and one text must be left.
 */
export function markFrontTexts(texts: Text[], oneAuthor: boolean, blocks: Block[]): void {
  const front: [Text, string][] = [];
  for (const t of texts) {
    if (t.part) break;
    if (t.introduction) {
      front.push([t, 'introduction']);
      continue;
    }
    const called = oneAuthor ? prefatoryTitle(t.meta.title, t.meta.language) : undefined;
    if (called?.kind === 'preface' || called?.kind === 'dedication') front.push([t, called.kind]);
    else if (called?.kind === 'introduction' && (called.another || namesIn(t.meta, 'introduction').length > 0)) front.push([t, 'introduction']);
    else break;
  }
  if (front.length < texts.length) {
    for (const [t, type] of front) {
      t.front = type;
      // Signed at its foot as a front-matter chapter is ('—A. Teacher' under the editor's introduction):
      // what comes before its first chapter, and each of its own chapters after its heading.
      let start = t.from;
      for (let i = t.from; i <= t.to; i++) {
        if (i < t.to && !(blocks[i]!.kind === 'heading' && (blocks[i] as Extract<Block, { kind: 'heading' }>).level === 1)) continue;
        markSignature(blocks.slice(start, i));
        start = i + 1;
      }
    }
  }
}
