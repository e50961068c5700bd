import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { BuildOptions, Format } from './build.js';
import type { Paper } from './pdf/layout.js';
import { formatDiagnostic } from './diagnostics.js';
import { requestKey, upToDate, type CodeKey, type Manifest } from './output/manifest.js';
import { slugify } from './slug.js';

/**
 * `samizdat build`'s arguments, read the same way by the command line (src/cli.ts) and by the
 * launcher (src/launcher.ts), which asks whether the editions are up to date before it loads the
 * bundle: this module imports nothing heavier than the slug.
 */

/** A command line samizdat cannot take: one line saying what is wrong and where the help is, exit 2. */
export class UsageError extends Error {}

export interface BuildArgs {
  files: string[];
  outDir: string;
  formats: Format[];
  paper: Paper;
  sides: 1 | 2;
  imposition?: 'booklet';
  /** Fold marks on the booklet's sheets. */
  cropMarks: boolean;
  numberParagraphs: boolean;
  /** The PDF starts with the cover (the EPUB always has one). */
  cover: boolean;
  pageNumbers: 'hidden' | 'visible';
  /** Check the editions once built (`samizdat check`). */
  check: boolean;
  /** Print a JSON line of stage timings and peak memory per book on stderr (for `npm run bench`). */
  timings: boolean;
  /** Stay, and rebuild a book whenever a file it is made from changes (src/watch.ts). */
  watch: boolean;
  /** Build even when the editions are up to date (src/output/manifest.ts). */
  force: boolean;
}

export function parseBuildArgs(args: string[]): BuildArgs {
  const out: BuildArgs = { files: [], outDir: 'dist', formats: ['pdf', 'epub'], paper: 'a5', sides: 2, cropMarks: false, numberParagraphs: false, cover: false, pageNumbers: 'hidden', check: false, timings: false, watch: false, force: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--out' || a.startsWith('--out=')) out.outDir = value();
    else if (a === '--format' || a.startsWith('--format=')) {
      const fs = value().split(',').map((s) => s.trim());
      for (const f of fs) if (f !== 'pdf' && f !== 'epub' && f !== 'kepub') throw new UsageError(`unknown format '${f}' (use epub, kepub, pdf, or a list: epub,kepub,pdf)`);
      out.formats = [...new Set(fs)] as Format[];
    } else if (a === '--paper' || a.startsWith('--paper=')) {
      const p = value();
      if (p !== 'a5' && p !== 'a4' && p !== 'letter' && p !== 'half-letter') throw new UsageError(`unknown paper '${p}' (use a5, a4, letter or half-letter)`);
      out.paper = p;
    } else if (a === '--sides' || a.startsWith('--sides=')) {
      const v = value();
      if (v !== 'one' && v !== 'two') throw new UsageError(`--sides takes one or two, not '${v}'`);
      out.sides = v === 'one' ? 1 : 2;
    } else if (a === '--imposition' || a.startsWith('--imposition=')) {
      const v = value();
      if (v !== 'booklet') throw new UsageError(`unknown imposition '${v}' (use booklet)`);
      out.imposition = v;
    } else if (a === '--crop-marks') out.cropMarks = true;
    else if (a === '--number-paragraphs') out.numberParagraphs = true;
    else if (a === '--page-numbers' || a.startsWith('--page-numbers=')) {
      const p = value();
      if (p !== 'hidden' && p !== 'visible') throw new UsageError(`unknown --page-numbers '${p}' (use hidden or visible)`);
      out.pageNumbers = p;
    } else if (a === '--check') out.check = true;
    else if (a === '--timings') out.timings = true;
    else if (a === '--cover') out.cover = true;
    else if (a === '--watch') out.watch = true;
    else if (a === '--force') out.force = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else out.files.push(a);
  }
  if (out.files.length === 0) throw new UsageError('build needs at least one manuscript');
  // Editions are named after the manuscript's file name: two manuscripts of the same name would overwrite each other.
  const bySlug = new Map<string, string>();
  for (const f of out.files) {
    const slug = slugify(basename(f, extname(f)));
    const other = bySlug.get(slug);
    if (other !== undefined && resolve(other) !== resolve(f)) throw new UsageError(`${other} and ${f} would both be written as ${slug}.*: build them into different --out folders`);
    bySlug.set(slug, f);
  }
  out.files = [...new Set(out.files.map((f) => bySlug.get(slugify(basename(f, extname(f)))) ?? f))];
  // A file where the output folder (or one above it) should be: say so now, not as a crash once the editions are made.
  for (let d = resolve(out.outDir); ; d = dirname(d)) {
    if (existsSync(d)) {
      if (!statSync(d).isDirectory()) throw new UsageError(`--out ${out.outDir}: ${d} is a file, not a folder`);
      break;
    }
    if (dirname(d) === d) break;
  }
  return out;
}

/** The build options the arguments ask for. */
export function buildOptions(args: BuildArgs): BuildOptions {
  return { outDir: args.outDir, formats: args.formats, paper: args.paper, sides: args.sides, numberParagraphs: args.numberParagraphs, pdfCover: args.cover, pageNumbers: args.pageNumbers, ...(args.imposition ? { imposition: args.imposition } : {}), ...(args.cropMarks ? { cropMarks: true } : {}) };
}

/** The slug a book's editions are named after, from its file name (empty: the book's title decides, known only once it is read). */
export function fileSlug(file: string): string {
  return slugify(basename(file, extname(file)));
}

/** The manifest of `file`'s editions when they are up to date for these arguments (src/output/manifest.ts). */
export function upToDateEditions(file: string, args: BuildArgs, code: CodeKey, bundle: string): Manifest | undefined {
  const slug = fileSlug(file);
  return slug ? upToDate(requestKey(file, buildOptions(args), code), args.outDir, slug, bundle) : undefined;
}

/** What a build of editions already up to date prints: its warnings and notes again, and one line. */
export function upToDateLines(file: string, m: Manifest, ms: number): string[] {
  return [...m.diagnostics.map(formatDiagnostic), `${file}: up to date: ${m.outputs.map((o) => o.path).join(', ')} (${(ms / 1000).toFixed(2)} s)`];
}
