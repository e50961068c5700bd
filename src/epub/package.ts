import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import ejs from 'ejs';
import { zip, type ZipEntry } from './zip.js';

/** The folder of the EPUB templates and stylesheet: `templates/` at the package root (two levels up from src/epub/ and dist/cli/). */
export const TEMPLATES = new URL('../../templates/', import.meta.url);

export function readTemplate(name: string): string {
  return readFileSync(new URL(name, TEMPLATES), 'utf8');
}

/** A content document of the EPUB. */
export interface ContentFile {
  /** File name inside OEBPS/. */
  file: string;
  /** The document's `<title>`. */
  title: string;
  /** The body's epub:type ('frontmatter', 'bodymatter', 'backmatter'), if any. */
  bodyType?: string;
  /** The body's XHTML, made and escaped by our own serializer. */
  body: string;
}

/** A file embedded as it is (images). */
export interface Asset {
  /** Path inside OEBPS/, e.g. 'images/map.png'. */
  href: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface PackageInput {
  title: string;
  language: string;
  rtl: boolean;
  files: ContentFile[];
  assets: Asset[];
  css: string;
  /** Data for the templates (metadata, manifest, spine, nav); see the .ejs files. */
  templateData: Record<string, unknown>;
  /** The book's identifier (dc:identifier). */
  identifier: string;
  /** Date stamped on every zip entry. */
  date: Date;
}

/** A version-4-shaped uuid from the SHA-256 of a string: the same string, the same uuid. */
export function uuidFrom(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CONTAINER = '<?xml version="1.0" encoding="UTF-8" ?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>';

/**
 * Zips the EPUB: mimetype first and stored, then OEBPS/ (stylesheet, documents), META-INF/, the
 * package, NCX and nav, and the images (stored: they are compressed already). The documents go
 * through templates/page.xhtml.ejs, the rest through their own templates with `samizdat` as data
 * (see render.ts); every entry is stamped with `input.date`, so the same input gives the same bytes.
 */
export async function packageEpub(input: PackageInput): Promise<Uint8Array> {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const data = { samizdat: input.templateData };
  const page = readTemplate('page.xhtml.ejs');
  const entries: ZipEntry[] = [
    { name: 'mimetype', data: utf8('application/epub+zip'), compress: false },
    { name: 'OEBPS/', data: new Uint8Array(0), compress: false },
    { name: 'OEBPS/style.css', data: utf8(input.css), compress: true },
    ...input.files.map((f) => ({
      name: `OEBPS/${f.file}`,
      data: utf8(ejs.render(page, { title: f.title, body: f.body, bodyType: f.bodyType ?? '', language: input.language, rtl: input.rtl })),
      compress: true,
    })),
    { name: 'META-INF/', data: new Uint8Array(0), compress: false },
    { name: 'META-INF/container.xml', data: utf8(CONTAINER), compress: true },
    { name: 'OEBPS/content.opf', data: utf8(ejs.render(readTemplate('content.opf.ejs'), data)), compress: true },
    { name: 'OEBPS/toc.ncx', data: utf8(ejs.render(readTemplate('toc.ncx.ejs'), data)), compress: true },
    { name: 'OEBPS/toc.xhtml', data: utf8(ejs.render(readTemplate('nav.xhtml.ejs'), data)), compress: true },
  ];
  const folders = new Set<string>();
  for (const a of input.assets) {
    const folder = a.href.includes('/') ? `OEBPS/${a.href.slice(0, a.href.lastIndexOf('/') + 1)}` : '';
    if (folder && !folders.has(folder)) {
      folders.add(folder);
      entries.push({ name: folder, data: new Uint8Array(0), compress: false });
    }
    entries.push({ name: `OEBPS/${a.href}`, data: a.bytes, compress: false });
  }
  return zip(entries, input.date);
}
