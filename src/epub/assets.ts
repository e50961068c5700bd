import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Asset } from './package.js';

/** Image types EPUB 3.2 reading systems must support (and EPUBCheck 4.2.6 accepts without a fallback). */
const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/**
 * The images of a book, embedded from their bytes: `src` is relative to the manuscript's folder and is
 * never fetched. Each file gets a stable name under images/ (its own, made safe; '-2', '-3' on clashes)
 * in the order the text first uses it. A URL, a missing file or an unsupported type throws: the loader
 * reports these to the user first, so reaching here with one is a bug.
 */
export class Images {
  private readonly bySrc = new Map<string, Asset>();
  private readonly names = new Set<string>();

  constructor(private readonly folder: string) {}

  /** Registers `src` and returns its path inside the EPUB. */
  add(src: string): string {
    const known = this.bySrc.get(src);
    if (known) return known.href;
    if (/^[a-z][a-z0-9+.-]*:/i.test(src)) throw new Error(`image '${src}' is a URL: the EPUB embeds only files of the manuscript's folder`);
    const ext = extname(src).toLowerCase();
    const mediaType = MEDIA_TYPES[ext];
    if (!mediaType) throw new Error(`image '${src}': the EPUB takes PNG, JPEG, GIF or SVG images`);
    const bytes = new Uint8Array(readFileSync(resolve(this.folder, src)));
    const stem = basename(src, extname(src)).normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'image';
    let name = `${stem}${ext === '.jpeg' ? '.jpg' : ext}`;
    for (let n = 2; this.names.has(name); n++) name = `${stem}-${n}${ext === '.jpeg' ? '.jpg' : ext}`;
    this.names.add(name);
    const asset: Asset = { href: `images/${name}`, mediaType, bytes };
    this.bySrc.set(src, asset);
    return asset.href;
  }

  get all(): Asset[] {
    return [...this.bySrc.values()];
  }
}
