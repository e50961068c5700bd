import { EpubCheck } from '@likecoin/epubcheck-ts';
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { plainText, walkBlocks, type Block, type Book, type PageMap } from '../../src/model/index.js';
import { renderEpub } from '../../src/epub/render.js';
import { makeCoverLater } from '../../src/cover/cover.js';

export const SEED = 'seeds/legacies-and-heirs-of-jv-stalin.md';
export const FIXTURE = 'test/fixtures/epub-book/book.md';
export const DATE = new Date('2024-05-01T12:00:00Z');
export const NO_PAGES: PageMap = { pages: [], anchors: {} };

/** Stages 1–2 of src/build.ts (load, ids, contents, names): the book as the renderers get it. */
export function loadBook(file: string): Book {
  return prepareBook(file, new Diagnostics());
}

export async function buildEpub(file: string, pageMap: PageMap = NO_PAGES): Promise<Uint8Array> {
  return renderEpub(loadBook(file), pageMap, { date: DATE, cover: await makeCoverLater(loadBook(file)) });
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

/**
 * Parses XML strictly: saxes checks well-formedness (xmldom lets a bare '&' or '<' in text pass),
 * then xmldom builds the DOM the tests query; any error of either fails the test that called it.
 */
export function parseXml(xml: string, name = 'document'): Document {
  const sax = new SaxesParser({ xmlns: true });
  sax.on('error', (e) => {
    throw new Error(`${name} is not well-formed XML: ${e.message}`);
  });
  sax.write(xml).close();
  const parser = new DOMParser({
    onError: (level: string, message: string) => {
      throw new Error(`${name} is not well-formed XML (${level}): ${message}`);
    },
  });
  return parser.parseFromString(xml, 'application/xhtml+xml') as unknown as Document;
}

/** Every element of a document in document order. */
export function elements(root: Node): Element[] {
  const out: Element[] = [];
  const visit = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) {
        out.push(c as Element);
        visit(c);
      }
    }
  };
  visit(root);
  return out;
}

export function byId(doc: Document, id: string): Element | undefined {
  return elements(doc).find((e) => e.getAttribute('id') === id);
}

export function epubType(e: Element): string[] {
  return (e.getAttributeNS('http://www.idpf.org/2007/ops', 'type') ?? '').split(/\s+/).filter(Boolean);
}

/** Text of the nodes before `stop` inside `root`, in document order. */
export function textBefore(root: Node, stop: Node): string {
  let out = '';
  let done = false;
  const visit = (n: Node) => {
    for (let c = n.firstChild; c && !done; c = c.nextSibling) {
      if (c === stop) {
        done = true;
        return;
      }
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else visit(c);
    }
  };
  visit(root);
  return out;
}

/** Content documents in spine order, as (file name, text) pairs. */
export function spineDocuments(files: Map<string, string | Uint8Array>): [string, string][] {
  const opf = parseXml(text(files, 'OEBPS/content.opf'), 'content.opf');
  const hrefs = new Map(elements(opf).filter((e) => e.localName === 'item').map((e) => [e.getAttribute('id')!, e.getAttribute('href')!]));
  return elements(opf)
    .filter((e) => e.localName === 'itemref')
    .map((e) => hrefs.get(e.getAttribute('idref')!)!)
    .map((href) => [href, text(files, `OEBPS/${href}`)]);
}

/**
 * A page map made by hand for a book: two front pages without text, then a page starting at every
 * fourth text block, alternately at its first word and at a word in its middle; one page starts in
 * the middle of a word (a hyphenated page end), one body page has no start (a page of figures), and
 * an index page closes the book. Every mention is labelled with the page its position falls on.
 */
export function handPageMap(book: Book): { pageMap: PageMap; midWord: string; noStart: string } {
  const blocks = [...walkBlocks(book.blocks)].filter((b): b is Extract<Block, { kind: 'heading' | 'paragraph' }> => b.kind === 'heading' || b.kind === 'paragraph');
  const pages: PageMap['pages'] = [
    { label: 'i', part: 'front' },
    { label: 'ii', part: 'front' },
  ];
  const starts: { block: number; offset: number; label: string }[] = [];
  let folio = 1;
  let midWord = '';
  let noStart = '';
  blocks.forEach((b, i) => {
    if (i % 4 !== 0) return;
    const t = plainText(b.children);
    const words = [...t.matchAll(/\S+/g)];
    let offset = 0;
    if ((i / 4) % 2 === 1 && words.length > 6) offset = words[Math.floor(words.length / 2)].index!;
    const long = words.find((m, k) => k > 2 && m[0].length > 6);
    if (i >= 8 && !midWord && offset === 0 && long) {
      offset = long.index! + 3;
      midWord = String(folio);
    }
    if (i >= 12 && !noStart) {
      noStart = String(folio);
      pages.push({ label: String(folio++), part: 'body' });
    }
    const label = String(folio++);
    pages.push({ label, part: 'body', start: { blockId: b.id, offset } });
    starts.push({ block: i, offset, label });
  });
  pages.push({ label: String(folio), part: 'back' });
  const anchors: Record<string, string> = {};
  const index = new Map(blocks.map((b, i) => [b.id, i]));
  for (const m of book.mentions) {
    const at = index.get(m.blockId);
    const before = at === undefined ? starts[starts.length - 1] : [...starts].reverse().find((s) => s.block < at || (s.block === at && s.offset <= m.offset));
    anchors[m.id] = before?.label ?? 'ii';
  }
  return { pageMap: { pages, anchors }, midWord, noStart };
}

/**
 * epubcheck-ts's errors and warnings as `ID: message (path:line)`, less its one misreading:
 * it applies the index content model to the nav's `index` landmark link, where Java EPUBCheck
 * applies it only to documents declared an index (epubveri's issue 19 is the same mistake).
 */
export async function epubcheckProblems(epub: Uint8Array): Promise<string[]> {
  const result = await EpubCheck.validate(epub);
  const landmark = (m: (typeof result.messages)[number]) => m.id === 'RSC-005' && m.location?.path === 'OEBPS/toc.xhtml' && /"index" must contain one and only one "index-entry-list"/.test(m.message);
  return result.messages.filter((m) => m.severity !== 'info' && m.severity !== 'usage' && !landmark(m)).map((m) => `${m.id}: ${m.message} (${m.location?.path ?? ''}:${m.location?.line ?? ''})`);
}
