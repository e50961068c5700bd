import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import type { Book } from '../../src/model/index.js';
import { layoutPdf, type Paper, type PdfLayout } from '../../src/pdf/layout.js';
import { renderPdf } from '../../src/pdf/render.js';

export const SEED = 'seeds/legacies-and-heirs-of-jv-stalin.md';
export const FEATURES = 'test/pdf/fixtures/features.md';
export const DATE = new Date('2024-05-01T12:00:00Z');

/** Stages 1–2 of src/build.ts (load, ids, contents, names): the book as the layout gets it. */
export function loadBook(file: string): Book {
  return prepareBook(file, new Diagnostics());
}

export interface Built {
  book: Book;
  layout: PdfLayout;
  pdf: Uint8Array;
  /** The PDF written to a temporary file, for poppler and qpdf. */
  path: string;
  diags: Diagnostics;
}

export async function buildPdf(file: string, paper: Paper = 'a5'): Promise<Built> {
  const book = loadBook(file);
  const diags = new Diagnostics();
  const layout = layoutPdf(book, { paper }, diags);
  const pdf = await renderPdf(book, layout, { date: DATE });
  const path = join(mkdtempSync(join(tmpdir(), 'samizdat-pdf-')), `${book.slug}.pdf`);
  writeFileSync(path, pdf);
  return { book, layout, pdf, path, diags };
}

/** Text of each page (poppler's pdftotext, keeping the layout of lines), `pages[i]` for physical page i + 1. */
export function pageTexts(path: string): string[] {
  const out = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return out.split('\f').slice(0, -1);
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}
