import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { walkBook, type Block, type Book, type ImageAsset, type Inline, type Span } from '../model/index.js';
import { quote } from './quote.js';

type Sharp = typeof import('sharp').default;

/** A JPEG of the book and where it is first used: the file and the place its error is reported at. */
interface Use {
  asset: ImageAsset;
  file: string;
  span: Span;
}

/**
 * The JPEGs of a book (its figures, inline images and cover), their pixel data decoded once by sharp
 * on libuv's threads while the layout runs: what `jpegDamage` cannot see without decoding (a scan cut
 * short with an end marker written after it, a header that promises more pixels than the data holds)
 * is an error at the image, where pdfkit would embed it as it is and viewers show a grey band, or
 * nothing. Decoded at an eighth of its size (libjpeg's shrink on load: every scan is still read
 * whole), 40 ms for 12 megapixels. A PNG needs none of this: the loader inflates its pixel data whole.
 * libjpeg's one warning of no harm ("extraneous bytes before marker", some cameras' files) is let be.
 * `decoded` holds the SHA-256 of JPEGs found sound (a watch session's, kept from one build to the
 * next). Resolves to what reports the problems found into a build's diagnostics.
 */
export async function decodeJpegsLater(book: Book, decoded = new Set<string>()): Promise<(diags: Diagnostics) => void> {
  const uses = jpegsOf(book);
  if (uses.length === 0) return () => {};
  const sharp = createRequire(import.meta.url)('sharp') as Sharp;
  const problems = await Promise.all(uses.map(async (u) => {
    const key = createHash('sha256').update(u.asset.bytes).digest('hex');
    if (decoded.has(key)) return undefined;
    try {
      await sharp(u.asset.bytes, { failOn: 'warning' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    } catch (e) {
      const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      if (!/extraneous bytes before marker/i.test(reason)) return { ...u, reason };
    }
    decoded.add(key);
    return undefined;
  }));
  return (diags) => {
    for (const p of problems) {
      if (p) diags.error(p.file, p.span.line, p.span.column, 'image-damaged', `the ${p.asset === book.cover ? 'cover' : 'image'} ${quote(basename(p.asset.path), 80)} is damaged: its pixel data does not decode (${p.reason})`, 'open it in an image editor and save it again, or fetch it again');
    }
  };
}

/** Each JPEG file of the book once, at its first use. */
function jpegsOf(book: Book): Use[] {
  const seen = new Set<string>();
  const uses: Use[] = [];
  const add = (asset: ImageAsset | undefined, file: string, span: Span) => {
    if (asset?.mediaType !== 'image/jpeg' || seen.has(asset.path)) return;
    seen.add(asset.path);
    uses.push({ asset, file, span });
  };
  add(book.cover, book.file, book.cover?.span ?? { line: 1, column: 1 });
  for (const text of book.texts) {
    const inlines = (list: Inline[]) => {
      for (const n of list) {
        if (n.kind === 'image') add(n.asset, text.file, n.span);
        else if ('children' in n) inlines(n.children);
      }
    };
    const blocks: Block[] = book.blocks.slice(text.from, text.to);
    for (const b of walkBook({ blocks, notes: book.notes.slice(text.notesFrom, text.notesTo) })) {
      if (b.kind === 'figure') {
        add(b.asset, text.file, b.span);
        inlines(b.caption);
      } else if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
    }
  }
  return uses;
}
