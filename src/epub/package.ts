import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { EPub, type Chapter } from 'epub-gen-memory';
import { jszipData } from '../vendor.js';
import { zip, type ZipEntry } from './zip.js';
import type { DeflateMemo } from '../deflate.js';

/** The folder of the EPUB templates and stylesheet: `templates/` at the package root (two levels up from src/epub/ and dist/cli/). */
export const TEMPLATES = new URL('../../templates/', import.meta.url);

export function readTemplate(name: string): string {
  return readFileSync(new URL(name, TEMPLATES), 'utf8');
}

/** A content document handed to epub-gen-memory. */
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
  /** Identifier the zip's internal uuid is derived from, so it is the same every build. */
  identifier: string;
  /** Date stamped on every zip entry. */
  date: Date;
  /** Files deflated by earlier builds (see zip.ts). */
  deflate?: DeflateMemo;
}

/**
 * epub-gen-memory with what a reproducible, offline build needs: a uuid derived from the identifier,
 * one date on every zip entry, and images embedded from bytes we read ourselves (it would otherwise
 * fetch them from a URL and give them random names).
 *
 * The body of each document goes to the chapter template in a field of its own (`body`), not as
 * `content`: epub-gen-memory re-parses `content` as HTML and serializes it again, which turns an empty
 * `alt` into 'image-placeholder', renames and fetches every `img`, and writes all non-ASCII text as
 * numeric character references. Our XHTML is well-formed already and is passed through untouched.
 */
class ReproducibleEpub extends EPub {
  constructor(
    options: ConstructorParameters<typeof EPub>[0],
    content: Chapter[],
    private readonly input: PackageInput,
  ) {
    super(options, content);
    this.uuid = uuidFrom(input.identifier);
  }

  protected override async downloadAllImages(): Promise<void> {
    const oebps = this.zip.folder('OEBPS');
    if (!oebps) throw new Error('epub-gen-memory: no OEBPS folder');
    for (const a of this.input.assets) oebps.file(a.href, a.bytes, { binary: true });
  }

  /** Renders the files into epub-gen-memory's jszip folder, then zips them with ours (see zip.ts). */
  async build(): Promise<Uint8Array> {
    await this.render();
    const entries: ZipEntry[] = [];
    for (const [name, file] of Object.entries(this.zip.files)) {
      // What the templates and we put in: text (encoded here) or bytes; anything else, through jszip.
      const held = jszipData(file);
      const data = typeof held === 'string' ? Buffer.from(held, 'utf8') : (held ?? (await file.async('uint8array')));
      entries.push({ name, data: file.dir ? new Uint8Array() : data, store: name === 'mimetype' });
    }
    if (entries[0]?.name !== 'mimetype') throw new Error('epub-gen-memory: mimetype is not the first entry');
    return zip(entries, this.input.date, this.input.deflate);
  }
}

/** A version-4-shaped uuid from the SHA-256 of a string: the same string, the same uuid. */
export function uuidFrom(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Zips the EPUB: mimetype first and stored, then OEBPS/ (stylesheet, documents, package, NCX, nav, images), META-INF/. */
export async function packageEpub(input: PackageInput): Promise<Uint8Array> {
  const chapters = input.files.map((f) => ({
    title: f.title,
    filename: f.file,
    content: '',
    // Fields of our own, read by templates/page.xhtml.ejs.
    body: f.body,
    bodyType: f.bodyType ?? '',
    // A body that uses the Z39.98 vocabulary (a play's persons) declares it: EPUB reserves no prefix in content documents.
    prefix: f.body.includes('epub:type="z3998:') ? 'z3998: http://www.daisy.org/z3998/2012/vocab/structure/' : '',
    language: input.language,
    rtl: input.rtl,
  }));
  const options = {
    title: input.title,
    lang: input.language,
    css: input.css,
    version: 3,
    verbose: false,
    ignoreFailedDownloads: false,
    chapterXHTML: readTemplate('page.xhtml.ejs'),
    contentOPF: readTemplate('content.opf.ejs'),
    tocXHTML: readTemplate('nav.xhtml.ejs'),
    tocNCX: readTemplate('toc.ncx.ejs'),
    samizdat: input.templateData,
  };
  return new ReproducibleEpub(options, chapters, input).build();
}
