import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { ImageAsset, Span } from '../model/index.js';
import type { ReaderImages } from './fit.js';
import type { Asset } from './package.js';

/** Image types EPUB 3.2 reading systems must support (and EPUBCheck 4.2.6 accepts without a fallback). */
const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

const EXTENSION: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/svg+xml': '.svg' };

/**
 * The images of a book, embedded from their bytes, never fetched: the bytes the loader read and checked
 * (`asset.bytes`), or, for an image without an asset, `src` resolved against the manuscript's folder. Each file
 * gets a stable name under images/ (its own, made safe; '-2', '-3' on clashes, case ignored)
 * in the order the text first uses it. A URL, a missing file or an unsupported type throws: the loader
 * reports these to the user first, so reaching here with one is a bug.
 */
export class Images {
  private readonly byPath = new Map<string, Asset & { size?: { width: number; height: number }; span?: Span; turned?: boolean }>();
  private readonly names = new Set<string>();
  /** Some image is line art (ImageAsset.lineArt): the stylesheet then says how a dark theme shows it. */
  lineArt = false;

  constructor(private readonly folder: string) {}

  /** Registers an image (first used at `span`) and returns its path inside the EPUB. */
  add(src: string, asset?: ImageAsset, span?: Span): string {
    const path = asset?.path ?? resolve(this.folder, src);
    if (asset?.lineArt) this.lineArt = true;
    const known = this.byPath.get(path);
    if (known) return known.href;
    if (!asset && /^[a-z][a-z0-9+.-]*:/i.test(src)) throw new Error(`image '${src}' is a URL: the EPUB embeds only files of the manuscript's folder`);
    const ext = extname(src).toLowerCase();
    const mediaType = asset?.mediaType ?? MEDIA_TYPES[ext];
    if (!mediaType) throw new Error(`image '${src}': the EPUB takes PNG, JPEG, GIF or SVG images`);
    // The bytes the loader checked, not the file as it may be now.
    const bytes = asset?.bytes ?? new Uint8Array(readFileSync(path));
    const stem = basename(src, extname(src)).normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|(?<!-)-+$/g, '') || 'image';
    const suffix = EXTENSION[mediaType];
    let name = `${stem}${suffix}`;
    // Unique also when case is ignored: 'a.png' and 'A.PNG' would be one file on many readers' disks (EPUBCheck OPF-060).
    for (let n = 2; this.names.has(name.toLowerCase()); n++) name = `${stem}-${n}${suffix}`;
    this.names.add(name.toLowerCase());
    const entry = { href: `images/${name}`, mediaType, bytes, size: asset && { width: asset.width, height: asset.height }, turned: asset?.turned === true, span };
    this.byPath.set(path, entry);
    return entry.href;
  }

  get all(): Asset[] {
    return [...this.byPath.values()];
  }

  /** The files to embed: each image as it is, or the smaller copy `readers` makes of a large one. */
  async embedded(readers: ReaderImages): Promise<Asset[]> {
    return Promise.all(
      [...this.byPath].map(async ([path, a]) => ({ href: a.href, mediaType: a.mediaType, bytes: await readers.fit(path, a.mediaType, a.bytes, a.size, a.span, a.turned) })),
    );
  }
}
