import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { lastCommit, type DateOrigin } from '../load/editiondate.js';
import { cacheDir, makeFolders } from '../cachedir.js';
import { tempName } from './editions.js';

/**
 * "Nothing changed since the last build": a manifest written after a good build (in the cache folder,
 * see manifestPath) records everything the editions were made from, and the next build of the
 * same book into the same folder writes nothing when every part of it is still so: the command as
 * given (working folder, manuscript, options), SOURCE_DATE_EPOCH and the edition date (a manuscript's
 * last git commit or its file date when the front matter gives none), the code (the bundle's SHA-256,
 * Node's and zlib's versions, the packages outside the bundle), the SHA-256 of every file read (the
 * manuscripts, packet file and registries as read, the images, the font files opened, the EPUB
 * templates; for the fonts not opened, whether their package is installed), and the SHA-256 of the
 * editions themselves: an edition edited or deleted since is made again. The launcher (src/launcher.ts)
 * asks before it compiles the bundle; the command line asks again per book. `--force` and
 * SAMIZDAT_CACHE=off build whatever the manifest says (and the latter writes none).
 *
 * Runs from the sources (the tests) have no bundle, hence no code hash: they never write a manifest.
 */

const VERSION = 1;

/** The packages a build loads from node_modules at run time (everything else is in the bundle). */
const RUNTIME_PACKAGES = ['pdf-lib', 'sharp', '@resvg/resvg-js'];

/** What the editions were made by: the same code gives the same bytes. */
export interface CodeKey {
  /** SHA-256 of the bundle (dist/cli/samizdat.cjs) the process runs. */
  bundle: string;
  node: string;
  zlib: string;
  /** Version of each package loaded from node_modules at run time; null when not installed. */
  packages: Record<string, string | null>;
}

/** The build asked for: the command as given and what in the environment shapes the editions. */
export interface RequestKey {
  cwd: string;
  /** The manuscript or packet file, as given. */
  file: string;
  outDir: string;
  options: OptionsKey;
  sourceDateEpoch: string | null;
  code: CodeKey;
}

/** The build options that shape the editions, each with its default filled in. */
export interface OptionsKey {
  formats: string[];
  paper: string;
  sides: number;
  imposition: string | null;
  cropMarks: boolean;
  numberParagraphs: boolean;
  pdfCover: boolean;
  pageNumbers: string;
}

/** A file read: its SHA-256; a font file not opened: where its package resolves (null: not installed). */
export type InputKey = { path: string; sha256: string } | { font: string; path: string | null };

export interface Manifest {
  version: number;
  request: RequestKey;
  /** The editions' date and where it came from (src/load/editiondate.ts). */
  date: { origin: DateOrigin; time: number };
  inputs: InputKey[];
  /** Each edition written (its path as printed), with its SHA-256. */
  outputs: { path: string; sha256: string }[];
  /** The warnings and notes of the build, printed again when nothing is built. */
  diagnostics: Diagnostic[];
}

/**
 * The manifest's place: samizdat's cache folder (src/cachedir.ts), named by the output folder and the
 * book's slug. Not beside the editions: an output folder copied to a web server or a USB stick holds
 * the editions and nothing else (a manifest names the paths of the files a build read).
 */
export function manifestPath(outDir: string, slug: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'builds', `${sha256(Buffer.from(`${resolve(outDir)}\n${slug}`)).slice(0, 32)}.json`);
}

/** The request key of building `file` with `options` by `code`, in this process's working folder and environment. */
export function requestKey(file: string, options: OptionsLike & { outDir: string }, code: CodeKey, env: NodeJS.ProcessEnv = process.env): RequestKey {
  return { cwd: process.cwd(), file, outDir: options.outDir, options: optionsKey(options), sourceDateEpoch: env.SOURCE_DATE_EPOCH ?? null, code };
}

/** The build options as BuildOptions (src/build.ts) has them; this module sits below it. */
type OptionsLike = { formats: string[]; paper: string; sides?: number; imposition?: string; cropMarks?: boolean; numberParagraphs?: boolean; pdfCover?: boolean; pageNumbers?: string };

function optionsKey(o: OptionsLike): OptionsKey {
  return {
    formats: [...o.formats],
    paper: o.paper,
    sides: o.sides ?? 2,
    imposition: o.imposition ?? null,
    cropMarks: o.cropMarks ?? false,
    numberParagraphs: o.numberParagraphs ?? false,
    pdfCover: o.pdfCover ?? false,
    pageNumbers: o.pageNumbers ?? 'hidden',
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The variable in which the launcher hands the bundle the SHA-256 of the bytes it compiled. */
export const BUNDLE_HASH_ENV = 'SAMIZDAT_BUNDLE_SHA256';

/** The code key of this process: undefined when it was not started by the launcher (the tests run the sources). */
export function runningCode(bundle: string, env: NodeJS.ProcessEnv = process.env): CodeKey | undefined {
  const hash = env[BUNDLE_HASH_ENV];
  return hash && env.SAMIZDAT_CACHE !== 'off' ? codeKey(bundle, hash) : undefined;
}

/**
 * The code key of the bundle at `bundle` whose SHA-256 is `bundleHash` (computed by the launcher
 * from the bytes it compiles). Packages are found as Node's require would find them from the bundle.
 */
export function codeKey(bundle: string, bundleHash: string): CodeKey {
  const packages: Record<string, string | null> = {};
  for (const name of RUNTIME_PACKAGES) packages[name] = packageVersion(dirname(bundle), name);
  return { bundle: bundleHash, node: process.version, zlib: process.versions.zlib ?? '', packages };
}

function packageVersion(from: string, name: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {}
    if (dirname(dir) === dir) return null;
  }
}

export function readManifest(path: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return m.version === VERSION ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the manifest (a temporary file of editions.ts's kind, removed as theirs are on a signal,
 * renamed into place); a manifest that cannot be written is no manifest.
 */
export function writeManifest(path: string, m: Omit<Manifest, 'version'>): void {
  const temp = tempName(path, 'tmp');
  try {
    makeFolders(dirname(path));
    writeFileSync(temp, JSON.stringify({ version: VERSION, ...m }));
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/**
 * The manifest of the editions of `request` when they are up to date: made by the same code from the
 * same command, environment, date and files, and still as written. `resolveFrom` is the bundle's
 * path, from which font packages are resolved as the build resolves them.
 */
export function upToDate(request: RequestKey, outDir: string, slug: string, resolveFrom: string): Manifest | undefined {
  const m = readManifest(manifestPath(outDir, slug));
  if (!m || JSON.stringify(m.request) !== JSON.stringify(request)) return undefined;
  const require = createRequire(resolveFrom);
  for (const input of m.inputs) {
    if ('font' in input) {
      let path: string | null;
      try {
        path = require.resolve(input.font);
      } catch {
        path = null;
      }
      if (path !== input.path) return undefined;
    } else if (fileHash(input.path) !== input.sha256) return undefined;
  }
  // After the inputs: an edited manuscript is told by its hash, without starting git.
  if ((m.date.origin === 'git' || m.date.origin === 'mtime') && editionTime(request.file) !== m.date.time) return undefined;
  for (const o of m.outputs) if (fileHash(resolve(request.cwd, o.path)) !== o.sha256) return undefined;
  return m;
}

/** The date editiondate.ts gives a manuscript with neither SOURCE_DATE_EPOCH nor `modified`: its last commit, else its file's. */
function editionTime(file: string): number | undefined {
  const committed = lastCommit(file);
  if (committed) return committed.getTime();
  try {
    return Math.floor(statSync(file).mtimeMs / 1000) * 1000;
  } catch {
    return undefined;
  }
}

function fileHash(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}
