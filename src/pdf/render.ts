import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import type { Cover } from '../cover/cover.js';
import { walkBlocks, type Book, type ImageAsset, type Inline } from '../model/index.js';
import type { DeflateMemo, DeflateThread } from '../deflate.js';
import { Shaper } from '../text/shaper.js';
import { embedImage, pdfDocument, setCatalogEntry } from '../vendor.js';
import { wordsFor } from '../words.js';
import type { InlineImage, Line } from '../typeset/types.js';
import { textLeft, type Geometry } from './geometry.js';
import type { PdfLayout } from './layout.js';
import { pdfInfo, xmpPacket } from './metadata.js';
import { PackedLine } from './packedline.js';
import { drawSvg, placeSvgForm, svgForm, svgText, type SvgForm } from './svg.js';
import { TextWriter, type TextObjects, type TextPiece } from './textwriter.js';
import type { LaidPage, LinkTarget, OutlineEntry, Placed, StructNode } from './types.js';

/**
 * The parts of pdfkit 0.20 this renderer uses that @types/pdfkit lacks or types too narrowly
 * (structure elements); its private parts are in src/vendor.ts.
 */
interface StructElement {
  add(child: StructElement | object): StructElement;
  end(): void;
}
interface Doc {
  page: { height: number };
  outline: { addItem(title: string, options: { pageNumber: number; fit?: boolean; expanded?: boolean }): Outline };
  registerFont(name: string, src: unknown): Doc;
  font(name: string): Doc;
  fontSize(size: number): Doc;
  addContent(data: string | Uint8Array): Doc;
  addPage(options: object): Doc;
  struct(type: string, options?: object): StructElement;
  addStructure(el: StructElement): Doc;
  markStructureContent(tag: string): object;
  markContent(tag: string, options?: object): Doc;
  endMarkedContent(): Doc;
  addNamedDestination(name: string, fit: string, x: number, y: number, zoom: null): void;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: object): Doc;
  link(x: number, y: number, w: number, h: number, url: string | number, options?: object): Doc;
  /** Drawn from bytes or an image `openImage` made, never from a path: pdfkit would read the file again. */
  image(image: Buffer | object, x: number, y: number, options: object): Doc;
  openImage(bytes: Buffer): object;
  moveTo(x: number, y: number): Doc;
  lineTo(x: number, y: number): Doc;
  lineWidth(w: number): Doc;
  stroke(): Doc;
  save(): Doc;
  restore(): Doc;
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): Doc;
  ref(data: object): { end(data?: Uint8Array): void };
  on(event: string, f: (chunk?: Uint8Array) => void): void;
  end(): void;
  /** Settles once at most `n` page streams are still being deflated on the thread (src/vendor.ts). */
  settled(n: number): Promise<void>;
}
interface Outline {
  addItem(title: string, options: { pageNumber: number; fit?: boolean; expanded?: boolean }): Outline;
}

/**
 * Draws the laid-out pages with pdfkit: text run by run at the positions the layout chose, a
 * structure tree (tagged PDF) built as content is drawn, named destinations and links, bookmarks,
 * page labels and escaped XMP metadata. Every date comes from `options.date` and nothing random is
 * written, so two builds of the same manuscript are byte-identical.
 */
export async function renderPdf(book: Book, layout: PdfLayout, options: { date: Date; shaper?: Shaper }): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await drawPdf(book, layout, { date: options.date, shaper: options.shaper ?? new Shaper(), consume: false }, (c) => chunks.push(c));
  return Buffer.concat(chunks);
}

/**
 * As renderPdf, but streams the PDF to `write` (an edition's temporary file) in pieces of about 1 MB
 * as pdfkit makes it, and consumes the
 * layout: each page's items are dropped once drawn (and the body's boxes at the start), so a long
 * book never holds all its set lines and all its PDF bytes at once. Only `layout.pageMap`,
 * `outline` and the page labels are usable afterwards. `reclaim` (default true): collect the drawn
 * pages' garbage as it goes (see Reclaimer); a watch session passes false, since its heap holds the
 * last build's memos and each forced full collection marks all of them (×100: 0.6 s of CPU a rebuild).
 */
export async function writePdf(book: Book, layout: PdfLayout, options: { date: Date; write: (bytes: Uint8Array) => void; shaper: Shaper; cover?: Cover; deflate?: DeflateMemo; reclaim?: boolean; objects?: TextObjects; thread?: DeflateThread }): Promise<void> {
  let pending: Uint8Array[] = [];
  let size = 0;
  // A failed write is kept and thrown once pdfkit is done: thrown inside its stream's 'data' event, it could escape as an uncaught exception.
  let failed: { error: unknown } | undefined;
  const flush = () => {
    try {
      if (size && !failed) options.write(pending.length === 1 ? pending[0] : Buffer.concat(pending, size));
    } catch (error) {
      failed = { error };
    }
    pending = [];
    size = 0;
  };
  await drawPdf(book, layout, { date: options.date, shaper: options.shaper, consume: true, cover: options.cover, deflate: options.deflate, reclaim: options.reclaim ?? true, objects: options.objects, thread: options.thread }, (c) => {
    pending.push(c);
    size += c.length;
    if (size >= 1 << 20) flush();
  });
  flush();
  if (failed) throw failed.error;
}

/**
 * The book's images as the loader read and checked them, by the path layout items name them by: PNG
 * and JPEG drawn by pdfkit from the checked bytes (opened once, however often drawn), SVG from its
 * checked text. Nothing here reads an image file (it would read what the file holds now).
 */
class PdfImages {
  private readonly assets = new Map<string, ImageAsset>();
  private readonly opened = new Map<string, object>();
  /** SVGs of paths alone, each drawn once as a form however often shown (null: drawn by svg-to-pdfkit each time). */
  private readonly forms = new Map<string, SvgForm | null>();

  constructor(
    private readonly doc: Doc,
    book: Book,
    /** What the last build made of each SVG (see svg.ts svgForm). */
    private readonly memo?: DeflateMemo,
  ) {
    const inlines = (list: Inline[]) => {
      for (const n of list) {
        if (n.kind === 'image' && n.asset) this.assets.set(n.asset.path, n.asset);
        else if ('children' in n) inlines(n.children);
      }
    };
    for (const b of walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])) {
      if (b.kind === 'figure') {
        if (b.asset) this.assets.set(b.asset.path, b.asset);
        inlines(b.caption);
      } else if (b.kind === 'paragraph' || b.kind === 'heading') inlines(b.children);
    }
  }

  /** The checked image at `path` into the box x, y, w × h: PNG and JPEG through pdfkit, SVG as vectors (see svg.ts). */
  draw(text: TextWriter, path: string, x: number, y: number, w: number, h: number): void {
    const asset = this.assets.get(path);
    if (!asset) throw new Error(`unreachable: the image ${path} was not checked by the loader`);
    if (asset.mediaType === 'image/svg+xml') {
      let form = this.forms.get(path);
      if (form === undefined) this.forms.set(path, (form = svgForm(this.doc, asset.bytes, asset.width / asset.height, `Sv${this.forms.size + 1}`, this.memo) ?? null));
      if (form) placeSvgForm(this.doc, form, x, y, w, h);
      else drawSvg({ doc: this.doc, font: (face) => (text.font(face), face) }, svgText(asset.bytes), x, y, w, h);
      return;
    }
    this.doc.image(this.open(path, asset), x, y, { width: w, height: h });
  }

  /**
   * Embeds the raster images at `paths` now, one at a time in that order (the pages' order), so that
   * their objects come in the same order in every build (see embedImage); SVGs are drawn as vectors.
   */
  async embed(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      const asset = this.assets.get(path);
      if (asset && asset.mediaType !== 'image/svg+xml') await embedImage(this.doc, this.open(path, asset), path);
    }
  }

  /** pdfkit's image for a checked asset, opened once from the bytes the loader read. */
  private open(path: string, asset: ImageAsset): object {
    let image = this.opened.get(path);
    if (!image) this.opened.set(path, (image = this.doc.openImage(Buffer.from(asset.bytes.buffer, asset.bytes.byteOffset, asset.bytes.byteLength))));
    return image;
  }
}

async function drawPdf(book: Book, layout: PdfLayout, options: { date: Date; shaper: Shaper; consume: boolean; cover?: Cover; deflate?: DeflateMemo; reclaim?: boolean; objects?: TextObjects; thread?: DeflateThread }, onData: (chunk: Uint8Array) => void): Promise<void> {
  const { deflate: memo, thread } = options;
  const g = layout.geometry;
  // pdfkit writes its own XMP without escaping: ours instead (see metadata.ts).
  const doc = pdfDocument(
    {
      size: [g.width, g.height],
      margin: 0,
      autoFirstPage: false,
      pdfVersion: '1.7',
      tagged: true,
      lang: book.meta.language,
      displayTitle: true,
      // No default font: pdfkit would load Helvetica's metrics, which a bundled build cannot find and no page uses.
      font: null,
      info: pdfInfo(book, options.date),
    },
    xmpPacket(book, options.date),
    // Streams (pages, font files) made as in the last build are not deflated again (see deflate.ts);
    // a long book's pages are deflated on a thread of their own while the next pages are drawn.
    memo ? (data, page) => (page ? memo.zlib(data, thread) : memo.zlib(data)) : thread && ((data, page) => (page ? thread.zlib(data) : zlib.deflateSync(data))),
  ) as Doc;
  doc.on('data', (c) => onData(c!));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', (e) => reject(e as unknown as Error));
  });
  // Faces are registered as they are first drawn (see TextWriter); pdfkit embeds only the glyphs drawn.
  const text = new TextWriter(doc, options.shaper, options.objects, memo);
  const images = new PdfImages(doc, book, memo);

  const dests = new Set<string>();
  for (const p of layout.pages) eachItem(p.items, (it) => it.kind === 'dest' && dests.add(it.id));
  // A mention is a destination only where the index links to it (one a page): a name tree of every
  // mention (21,000 in seed x100, against 4,500 links) was most of what pdfkit sorted and wrote.
  // Headings, notes and anchors stay, for links from outside (`book.pdf#nameddest=chapter-3`).
  const linked = linkTargets(layout.pages);
  for (const m of book.mentions) if (!linked.has(m.id)) dests.delete(m.id);
  if (options.consume) {
    layout.body.flow.boxes = [];
    layout.body.flow.notes = [];
  }
  // Images first, in the order of the pages: drawing them later refers to what is written.
  await images.embed(imagePaths(layout.pages));
  const tree = new StructTree(doc);
  // The cover, before the book's own pages: every page index the layout gave (outline, links) moves one on.
  const shift = options.cover ? 1 : 0;
  if (options.cover) drawCover(doc, tree, options.cover, g);
  // Only long books gain from it (a collection costs a few milliseconds per 10 MB alive).
  const reclaimer = options.consume && options.reclaim && layout.pages.length > 256 ? new Reclaimer() : undefined;
  for (const [i, page] of layout.pages.entries()) {
    drawPage(doc, text, tree, page, i + 1, g, dests, shift, images);
    if (options.consume) page.items = [];
    // pdfkit is a stream that emits what it wrote only when the event loop turns: let it, now and then,
    // or a long book's whole PDF piles up in the stream's buffer before the first byte reaches the file.
    if (i % 32 === 31) {
      await new Promise((resolve) => setImmediate(resolve));
      // No more than a few pages ahead of the deflate thread: what waits for it is held in memory.
      if (thread) await doc.settled(64);
      await reclaimer?.step();
    }
  }
  tree.end();

  addOutline(doc, layout.outline, shift);
  setCatalogEntry(doc, 'PageLabels', pageLabels(doc, layout.frontCount, shift ? wordsFor(book.meta.language).cover : undefined));
  doc.end();
  await done;
}

/**
 * Drawing consumes the layout page by page, but V8 reclaims that memory only at its next full
 * collection, which it schedules by how far the heap has grown since the last one: in a long book the
 * drawn pages pile up as garbage until then and the process peaks at a quarter again the memory it
 * needs (seed x100: 422 MiB against 330 MiB, at no measurable cost in time). So collect whenever the
 * heap has grown by a fifth (and 16 MB) since the last collection: Node's `vm.measureMemory` with
 * eager execution starts a full collection and settles when it is done (no V8 flag, no `gc`).
 */
class Reclaimer {
  private base = 0;

  async step(): Promise<void> {
    if (v8.getHeapStatistics().used_heap_size < this.base * 1.2 + (16 << 20)) return;
    await collectGarbage();
    this.base = v8.getHeapStatistics().used_heap_size;
  }
}

/** A full collection, now: Node's `vm.measureMemory` with eager execution starts one and settles when it is done (no V8 flag, no `gc`). */
export async function collectGarbage(): Promise<void> {
  await vm.measureMemory({ mode: 'summary', execution: 'eager' });
}

/** The files of the images the pages draw (figures and inline images), each once, in page order. */
function imagePaths(pages: readonly LaidPage[]): string[] {
  const paths = new Set<string>();
  const add = (it: Placed) => {
    if (it.kind === 'image') paths.add(it.path);
    else if (it.kind === 'line') {
      const line = it.line;
      if (line instanceof PackedLine) {
        for (const st of line.styles) if (st.image) paths.add(st.image.path);
      } else for (const r of line.runs) if (r.image) paths.add(r.image.path);
    }
  };
  for (const page of pages) eachItem(page.items, add);
  return [...paths];
}

/** The structure elements of the layout's nodes, created in drawing order. */
class StructTree {
  private readonly root: StructElement;
  private readonly els = new Map<StructNode, StructElement>();
  constructor(private readonly doc: Doc) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }
  get(node: StructNode): StructElement {
    let el = this.els.get(node);
    if (!el) {
      const parent = node.parent ? this.get(node.parent) : this.root;
      el = this.doc.struct(node.type, { ...(node.alt ? { alt: node.alt } : {}), ...(node.lang ? { lang: node.lang } : {}) });
      parent.add(el);
      this.els.set(node, el);
    }
    return el;
  }
  /** Marks what `draw` paints as content of `node` (or as an artifact without one). */
  mark(node: StructNode | undefined, draw: () => void): void {
    if (!node) {
      this.doc.markContent('Artifact', { type: 'Pagination' });
      draw();
      this.doc.endMarkedContent();
      return;
    }
    const el = this.get(node);
    const mc = this.doc.markStructureContent(node.type);
    draw();
    this.doc.endMarkedContent();
    el.add(mc);
  }
  end(): void {
    this.root.end();
  }
}

/**
 * The cover as a page of its own, the image as large as the page allows and centred on it (a
 * Figure with the cover's description). It is not one of the book's pages: margins and folios
 * count from the title page as before.
 */
function drawCover(doc: Doc, tree: StructTree, cover: Cover, g: Geometry): void {
  doc.addPage({ size: [g.width, g.height], margin: 0 });
  const scale = Math.min(g.width / cover.width, g.height / cover.height);
  const [w, h] = [cover.width * scale, cover.height * scale];
  tree.mark({ type: 'Figure', alt: cover.alt }, () => doc.image(Buffer.from(cover.bytes), (g.width - w) / 2, (g.height - h) / 2, { width: w, height: h }));
}

function drawPage(doc: Doc, text: TextWriter, tree: StructTree, page: LaidPage, physical: number, g: Geometry, dests: ReadonlySet<string>, shift: number, images: PdfImages): void {
  doc.addPage({ size: [g.width, g.height], margin: 0 });
  const left = textLeft(g, physical);
  const top = g.top;
  // Running heads and folios are set lines among the page's items (see runningheads.ts), drawn like the text.
  for (const it of page.items) drawItem(doc, text, tree, it, left, top, dests, shift, images);
}

/**
 * A turned frame being drawn (see drawItem's 'turned'): its link areas are made once it is drawn,
 * mapped to the page by hand, as pdfkit maps a rectangle wrongly under a rotation (its _convertRect
 * reads the x it has just changed).
 */
interface Turn {
  map(x: number, y: number, w: number, h: number): [number, number, number, number];
  links: (() => void)[];
}

function drawItem(doc: Doc, text: TextWriter, tree: StructTree, it: Placed, left: number, top: number, dests: ReadonlySet<string>, shift: number, images: PdfImages, turn?: Turn): void {
  switch (it.kind) {
    case 'line':
      drawLine(doc, text, tree, it.line, left + it.x, top + it.y, it.node, dests, images, it.tracking ?? 0, turn);
      break;
    case 'text':
      tree.mark(it.node, () => text.draw([{ text: it.text, face: it.face, size: it.size, features: it.features, x: left + it.x, y: top + it.y, tracking: it.tracking ?? 0 }]));
      break;
    case 'leaders': {
      const dots: TextPiece[] = [];
      // Dots on a common pitch from the right edge, so the leaders of every entry line up.
      for (let x = it.x2 - it.pitch; x >= it.x1; x -= it.pitch) dots.push({ text: '.', face: it.face, size: it.size, features: [], x: left + x, y: top + it.y });
      tree.mark(undefined, () => text.draw(dots.reverse()));
      break;
    }
    case 'rule':
      tree.mark(undefined, () => {
        doc.lineWidth(it.thickness).moveTo(left + it.x1, top + it.y).lineTo(left + it.x2, top + it.y).stroke();
      });
      break;
    case 'image':
      tree.mark(it.node, () => images.draw(text, it.path, left + it.x, top + it.y, it.width, it.height));
      break;
    case 'dest':
      if (dests.has(it.id)) doc.addNamedDestination(it.id, 'XYZ', left, top + it.y, null);
      break;
    case 'link':
      annotate(doc, tree, 'page' in it.target ? { page: it.target.page + shift } : it.target, left + it.x, top + it.y, it.width, it.height, it.node, dests, turn);
      break;
    case 'turned': {
      // The frame's (x, y) is the page's (ox + y, oy - x). Destinations are not turned by pdfkit
      // either: they name the frame's top on the page.
      const [ox, oy] = [left + it.x, top + it.y + it.width];
      for (const d of it.items) if (d.kind === 'dest' && dests.has(d.id)) doc.addNamedDestination(d.id, 'XYZ', left, top + it.y, null);
      const frame: Turn = { map: (x, y, w, h) => [ox + y, oy - x - w, h, w], links: [] };
      doc.save();
      doc.transform(0, -1, 1, 0, ox, oy);
      for (const inner of it.items) if (inner.kind !== 'dest') drawItem(doc, text, tree, inner, 0, 0, dests, shift, images, frame);
      doc.restore();
      for (const link of frame.links) link();
      break;
    }
  }
}

/** The ids the pages link to: their lines' runs' `#id` links and their link items' destinations. */
function linkTargets(pages: readonly LaidPage[]): Set<string> {
  const targets = new Set<string>();
  const add = (href: string | undefined) => {
    if (href?.startsWith('#')) targets.add(href.slice(1));
  };
  const visit = (it: Placed) => {
    if (it.kind === 'link' && 'dest' in it.target) targets.add(it.target.dest);
    else if (it.kind === 'line') {
      if (it.line instanceof PackedLine) for (const st of it.line.styles) add(st.href);
      else for (const r of it.line.runs) add(r.href);
    }
  };
  for (const page of pages) eachItem(page.items, visit);
  return targets;
}

/** Calls `f` on each item and those of turned frames, depth first (a generator made an object per item: tens of MB for a long book). */
function eachItem(items: readonly Placed[], f: (it: Placed) => unknown): void {
  for (const it of items) {
    f(it);
    if (it.kind === 'turned') eachItem(it.items, f);
  }
}

/** A link annotation, attached to its `Link` structure element when it has one. */
function annotate(doc: Doc, tree: StructTree, target: LinkTarget, x: number, y: number, w: number, h: number, node: StructNode | undefined, dests: ReadonlySet<string>, turn?: Turn): void {
  if (turn) {
    const [px, py, pw, ph] = turn.map(x, y, w, h);
    turn.links.push(() => annotate(doc, tree, target, px, py, pw, ph, node, dests));
    return;
  }
  const opts = node ? { structParent: tree.get(node) } : {};
  if ('dest' in target) {
    if (dests.has(target.dest)) doc.goTo(x, y, w, h, target.dest, opts);
  } else if ('page' in target) doc.link(x, y, w, h, target.page, opts);
  else doc.link(x, y, w, h, target.url, opts);
}

/** Draws a set line, one text object per stretch of runs with the same link; linked runs become `Link` elements with their annotation. */
function drawLine(doc: Doc, text: TextWriter, tree: StructTree, line: Line, x0: number, baseline: number, node: StructNode | undefined, dests: ReadonlySet<string>, pdfImages: PdfImages, tracking = 0, turn?: Turn): void {
  const packed = line instanceof PackedLine ? line : undefined;
  const runs = packed ? undefined : line.runs;
  const n = packed ? packed.texts.length : runs!.length;
  const hrefOf = (k: number) => (packed ? packed.styles[k].href : runs![k].href);
  // Images in the line, drawn after its text, each a Figure with its alt text inside the paragraph.
  const images: { image: InlineImage; x: number }[] = [];
  for (let i = 0; i < n; ) {
    const href = hrefOf(i);
    let j = i + 1;
    while (j < n && hrefOf(j) === href) j++;
    const from = i;
    const draw = () => {
      if (packed) {
        for (let k = from; k < j; k++) {
          const st = packed.styles[k];
          if (st.image) images.push({ image: st.image, x: x0 + packed.xs[k] });
        }
        text.line(packed, from, j, x0, baseline, tracking);
        return;
      }
      for (let k = from; k < j; k++) {
        const r = runs![k];
        if (r.image) images.push({ image: r.image, x: x0 + r.x });
        else text.put(r.text, r.face, r.size, r.features, x0 + r.x, baseline, r.scale || 1, tracking);
      }
      text.end();
    };
    if (href) {
      const link: StructNode = { type: 'Link', parent: node };
      tree.mark(link, draw);
      const ax = packed ? packed.xs[i] : runs![i].x;
      const zx = packed ? packed.xs[j - 1] + packed.widths[j - 1] : runs![j - 1].x + runs![j - 1].width;
      const size = packed ? packed.styles[i].size : runs![i].size;
      const target: LinkTarget = href.startsWith('#') ? { dest: href.slice(1) } : { url: href };
      annotate(doc, tree, target, x0 + ax, baseline - size * 0.8, zx - ax, size * 1.05, link, dests, turn);
    } else tree.mark(node, draw);
    i = j;
  }
  for (const { image, x } of images) {
    tree.mark({ type: 'Figure', parent: node, alt: image.alt }, () => pdfImages.draw(text, image.path, x, baseline - image.height, image.width, image.height));
  }
}

function addOutline(doc: Doc, entries: readonly OutlineEntry[], shift: number): void {
  const add = (parent: Outline, e: OutlineEntry) => {
    const item = parent.addItem(e.title, { pageNumber: e.page + shift, fit: true, expanded: true });
    for (const c of e.children) add(item, c);
  };
  for (const e of entries) add(doc.outline as Outline, e);
}

/** /PageLabels: the cover's name for a cover, lower-case roman for the front matter, arabic from 1 where the text begins. */
function pageLabels(doc: Doc, frontCount: number, cover?: string): { end(): void } {
  const nums: unknown[] = [0, { S: 'r' }];
  if (frontCount > 0) nums.push(frontCount, { S: 'D' });
  else nums.splice(0, 2, 0, { S: 'D' });
  if (cover) {
    for (let i = 0; i < nums.length; i += 2) nums[i] = (nums[i] as number) + 1;
    nums.unshift(0, { P: new String(cover) });
  }
  const ref = doc.ref({ Nums: nums });
  ref.end();
  return ref;
}
