import PDFDocument from 'pdfkit';
import type { Book } from '../model/index.js';
import { allFaces, facePath, measure } from '../typeset/index.js';
import type { Line, Run } from '../typeset/types.js';
import { textLeft, type Geometry } from './geometry.js';
import type { PdfLayout } from './layout.js';
import { HEAD_TRACKING } from './runningheads.js';
import { pdfInfo, xmpPacket } from './metadata.js';
import type { LaidPage, LinkTarget, OutlineEntry, Placed, StructNode } from './types.js';

/**
 * The parts of pdfkit 0.20 this renderer uses that @types/pdfkit lacks or types too narrowly
 * (structure elements, `_fragment`, the catalog). Kept in one place so an upgrade shows what broke.
 */
interface StructElement {
  add(child: StructElement | object): StructElement;
  end(): void;
}
interface Doc {
  page: { height: number };
  _root: { data: Record<string, unknown> };
  outline: { addItem(title: string, options: { pageNumber: number; fit?: boolean; expanded?: boolean }): Outline };
  registerFont(name: string, path: string): Doc;
  font(name: string): Doc;
  _font: EmbeddedFont;
  fontSize(size: number): Doc;
  addPage(options: object): Doc;
  struct(type: string, options?: object): StructElement;
  addStructure(el: StructElement): Doc;
  markStructureContent(tag: string): object;
  markContent(tag: string, options?: object): Doc;
  endMarkedContent(): Doc;
  addNamedDestination(name: string, fit: string, x: number, y: number, zoom: null): void;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: object): Doc;
  link(x: number, y: number, w: number, h: number, url: string | number, options?: object): Doc;
  image(path: string, x: number, y: number, options: object): Doc;
  moveTo(x: number, y: number): Doc;
  lineTo(x: number, y: number): Doc;
  lineWidth(w: number): Doc;
  stroke(): Doc;
  ref(data: object): { end(): void };
  appendXML(xml: string, newline?: boolean): void;
  _addInfo: () => void;
  _fragment(text: string, x: number, y: number, options: object): void;
  on(event: string, f: (chunk?: Uint8Array) => void): void;
  end(): void;
}
interface EmbeddedFont {
  layoutRun(text: string, features?: string[]): unknown;
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
export async function renderPdf(book: Book, layout: PdfLayout, options: { date: Date }): Promise<Uint8Array> {
  const g = layout.geometry;
  const doc = new PDFDocument({
    size: [g.width, g.height],
    margin: 0,
    autoFirstPage: false,
    pdfVersion: '1.7',
    tagged: true,
    lang: book.meta.language,
    displayTitle: true,
    info: pdfInfo(book, options.date),
  } as PDFKit.PDFDocumentOptions) as unknown as Doc;
  const chunks: Uint8Array[] = [];
  doc.on('data', (c) => chunks.push(c!));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  // pdfkit writes its own XMP without escaping: write ours instead (see metadata.ts).
  doc._addInfo = () => doc.appendXML(xmpPacket(book, options.date));
  // Every face the setter may have chosen, fallbacks for other scripts included; pdfkit opens a
  // font file only when it is first used and embeds only the glyphs drawn.
  for (const face of allFaces()) doc.registerFont(face, facePath(face));

  const dests = new Set<string>();
  for (const p of layout.pages) for (const it of p.items) if (it.kind === 'dest') dests.add(it.id);
  const tree = new StructTree(doc);
  layout.pages.forEach((page, i) => drawPage(doc, tree, page, i + 1, g, layout, dests));
  tree.end();

  addOutline(doc, layout.outline);
  doc._root.data.PageLabels = pageLabels(doc, layout.frontCount);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** Fonts whose shaping is cached (see cacheShaping); each font object belongs to one document. */
const shaped = new WeakSet<object>();

/** Selects a face and size for drawing. */
function useFont(doc: Doc, face: string, size: number): void {
  doc.font(face).fontSize(size);
  if (!shaped.has(doc._font)) {
    cacheShaping(doc._font);
    shaped.add(doc._font);
  }
}

/**
 * pdfkit shapes every string drawn with OpenType features anew (its own cache is only used without
 * features), and shaping is most of the drawing time: a book repeats its words, so remember each
 * (features, text) once per font. The cached run is only read by pdfkit, never changed.
 */
function cacheShaping(font: EmbeddedFont): void {
  const layoutRun = font.layoutRun.bind(font);
  const cache = new Map<string, unknown>();
  font.layoutRun = (text, features) => {
    const key = `${features?.join(',') ?? ''}|${text}`;
    let run = cache.get(key);
    if (run === undefined) {
      run = layoutRun(text, features);
      cache.set(key, run);
    }
    return run;
  };
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

function drawPage(doc: Doc, tree: StructTree, page: LaidPage, physical: number, g: Geometry, layout: PdfLayout, dests: ReadonlySet<string>): void {
  doc.addPage({ size: [g.width, g.height], margin: 0 });
  const left = textLeft(g, physical);
  const top = g.top;
  for (const it of page.items) drawItem(doc, tree, it, left, top, dests);
  const hs = layout.styles.head;
  const centre = (text: string, y: number, features: string[], tracking: number) => {
    const w = measure(text, hs.face, hs.size, features) + tracking * Math.max(0, text.length - 1);
    tree.mark(undefined, () => {
      useFont(doc, hs.face, hs.size);
      doc._fragment(text, left + (g.measure - w) / 2, top + y, { baseline: 'alphabetic', features, characterSpacing: tracking, textWidth: w });
    });
  };
  if (page.runningHead) centre(page.runningHead, g.firstBaseline - 2 * g.leading, hs.features, HEAD_TRACKING * hs.size);
  if (page.folio) centre(page.label, (g.lines - 1) * g.leading + g.firstBaseline + 2 * g.leading, ['kern', 'onum'], 0);
}

function drawItem(doc: Doc, tree: StructTree, it: Placed, left: number, top: number, dests: ReadonlySet<string>): void {
  switch (it.kind) {
    case 'line':
      drawLine(doc, tree, it.line, left + it.x, top + it.y, it.node, dests);
      break;
    case 'text':
      tree.mark(it.node, () => {
        useFont(doc, it.face, it.size);
        doc._fragment(it.text, left + it.x, top + it.y, { baseline: 'alphabetic', features: it.features, characterSpacing: it.tracking ?? 0 });
      });
      break;
    case 'leaders': {
      const dots: number[] = [];
      // Dots on a common pitch from the right edge, so the leaders of every entry line up.
      for (let x = it.x2 - it.pitch; x >= it.x1; x -= it.pitch) dots.push(x);
      tree.mark(undefined, () => {
        useFont(doc, it.face, it.size);
        for (const x of dots.reverse()) doc._fragment('.', left + x, top + it.y, { baseline: 'alphabetic', textWidth: 0 });
      });
      break;
    }
    case 'rule':
      tree.mark(undefined, () => {
        doc.lineWidth(it.thickness).moveTo(left + it.x1, top + it.y).lineTo(left + it.x2, top + it.y).stroke();
      });
      break;
    case 'image':
      tree.mark(it.node, () => {
        doc.image(it.path, left + it.x, top + it.y, { width: it.width, height: it.height });
      });
      break;
    case 'dest':
      doc.addNamedDestination(it.id, 'XYZ', left, top + it.y, null);
      break;
    case 'link':
      annotate(doc, tree, it.target, left + it.x, top + it.y, it.width, it.height, it.node, dests);
      break;
  }
}

/** A link annotation, attached to its `Link` structure element when it has one. */
function annotate(doc: Doc, tree: StructTree, target: LinkTarget, x: number, y: number, w: number, h: number, node: StructNode | undefined, dests: ReadonlySet<string>): void {
  const opts = node ? { structParent: tree.get(node) } : {};
  if ('dest' in target) {
    if (dests.has(target.dest)) doc.goTo(x, y, w, h, target.dest, opts);
  } else if ('page' in target) doc.link(x, y, w, h, target.page, opts);
  else doc.link(x, y, w, h, target.url, opts);
}

/** Draws a set line run by run; runs that link become `Link` elements with their annotation. */
function drawLine(doc: Doc, tree: StructTree, line: Line, x0: number, baseline: number, node: StructNode | undefined, dests: ReadonlySet<string>): void {
  const runs = line.runs;
  for (let i = 0; i < runs.length; ) {
    const href = runs[i].href;
    let j = i + 1;
    while (j < runs.length && runs[j].href === href) j++;
    const group = runs.slice(i, j);
    const draw = () => {
      for (const r of group) drawRun(doc, r, x0, baseline);
    };
    if (href) {
      const link: StructNode = { type: 'Link', parent: node };
      tree.mark(link, draw);
      const a = group[0];
      const z = group[group.length - 1];
      const size = a.size;
      const target: LinkTarget = href.startsWith('#') ? { dest: href.slice(1) } : { url: href };
      annotate(doc, tree, target, x0 + a.x, baseline - size * 0.8, z.x + z.width - a.x, size * 1.05, link, dests);
    } else tree.mark(node, draw);
    i = j;
  }
}

function drawRun(doc: Doc, r: Run, x0: number, baseline: number): void {
  useFont(doc, r.face, r.size);
  // _fragment draws at an exact position without pdfkit's own line logic (and without re-measuring).
  doc._fragment(r.text, x0 + r.x, baseline, {
    baseline: 'alphabetic',
    features: r.features,
    textWidth: r.width,
    ...(r.scale && r.scale !== 1 ? { horizontalScaling: r.scale * 100 } : {}),
  });
}

function addOutline(doc: Doc, entries: readonly OutlineEntry[]): void {
  const add = (parent: Outline, e: OutlineEntry) => {
    const item = parent.addItem(e.title, { pageNumber: e.page, fit: true, expanded: true });
    for (const c of e.children) add(item, c);
  };
  for (const e of entries) add(doc.outline as Outline, e);
}

/** /PageLabels: lower-case roman for the front matter, arabic from 1 where the text begins. */
function pageLabels(doc: Doc, frontCount: number): { end(): void } {
  const nums: unknown[] = [0, { S: 'r' }];
  if (frontCount > 0) nums.push(frontCount, { S: 'D' });
  else nums.splice(0, 2, 0, { S: 'D' });
  const ref = doc.ref({ Nums: nums });
  ref.end();
  return ref;
}
