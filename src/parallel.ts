import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildManuscript, writeFailure, type BuildOptions } from './build.js';
import { BuildError, Diagnostics, type Diagnostic } from './diagnostics.js';
import { slugify } from './slug.js';
import { writeManifest, type Manifest } from './output/manifest.js';
import { commitEditions, removeOnSignal, removeTemporaryFiles, WriteError, type Staged } from './output/editions.js';

/** What one book's build ended in, as a plain value that can cross a worker boundary. */
export interface BookOutcome {
  file: string;
  status: 'built' | 'input-error' | 'internal-error';
  written: string[];
  /** Editions a worker made, still in their temporary files: the main thread renames them into place. */
  staged: Staged[];
  /** Their manifest, written by the main thread once they are in place (src/output/manifest.ts). */
  manifest?: { path: string; content: Omit<Manifest, 'version'> };
  diagnostics: Diagnostic[];
  /** Stack of an internal error. */
  crash?: string;
  ms: number;
  /** Milliseconds per stage (parse, transform, layout, pdf, epub, write). */
  timings: Record<string, number>;
}

/** Builds one book in this thread; never throws. */
export async function buildOne(file: string, options: BuildOptions): Promise<BookOutcome> {
  const t0 = performance.now();
  try {
    const r = await buildManuscript(file, options);
    return { file, status: 'built', written: r.written, staged: r.staged, ...(r.manifest ? { manifest: r.manifest } : {}), diagnostics: r.diagnostics.list, ms: performance.now() - t0, timings: r.timings };
  } catch (e) {
    return failed(file, e, performance.now() - t0);
  }
}

function failed(file: string, e: unknown, ms: number): BookOutcome {
  if (e instanceof BuildError) return { file, status: 'input-error', written: [], staged: [], diagnostics: e.diagnostics, ms, timings: {} };
  return { file, status: 'internal-error', written: [], staged: [], diagnostics: [], crash: String((e as Error).stack ?? e), ms, timings: {} };
}

/** Renames a worker's staged editions into place; a failure makes the book's outcome an input error. */
function commit(o: BookOutcome): BookOutcome {
  if (o.status !== 'built' || o.staged.length === 0) return o;
  try {
    commitEditions(fs, o.staged);
    if (o.manifest) writeManifest(o.manifest.path, o.manifest.content);
    return { ...o, staged: [] };
  } catch (e) {
    const diags = new Diagnostics();
    diags.list.push(...o.diagnostics);
    return failed(o.file, e instanceof WriteError ? writeFailure(e, diags) : e, o.ms);
  }
}

/**
 * Builds several books at once on worker threads, one book per worker at a time, as many workers
 * as cores (fonts are parsed once per worker). `onDone` is called as each book finishes.
 */
export async function buildMany(files: string[], options: BuildOptions, entry: URL, onStart: (file: string) => void,
  onDone: (o: BookOutcome) => void): Promise<BookOutcome[]> {
  const queue = files.map((file, i) => ({ file, i }));
  const results: BookOutcome[] = new Array(files.length);
  const workers = Math.max(1, Math.min(availableParallelism(), files.length));
  // Workers get no signals: on SIGINT or SIGTERM the main thread removes every temporary file of this process.
  const stopCleaning = removeOnSignal(() => removeTemporaryFiles(fs, options.outDir, process.pid));
  const t0 = performance.now();
  const run = () => new Promise<void>((resolve) => {
    const worker = new Worker(entry, { workerData: { samizdatWorker: true, options: { ...options, stageOnly: true } } });
    let current: { file: string; i: number } | undefined;
    const next = () => {
      current = queue.shift();
      if (!current) {
        void worker.terminate().then(() => resolve());
        return;
      }
      onStart(current.file);
      worker.postMessage(current.file);
    };
    worker.on('message', (o: BookOutcome) => {
      results[current!.i] = commit(o);
      onDone(results[current!.i]);
      next();
    });
    // An error that escaped buildOne (a bug) ends this worker: its book is reported, the others go on in a new one.
    worker.on('error', (e) => {
      if (current) {
        results[current.i] = failed(current.file, e, performance.now() - t0);
        onDone(results[current.i]);
        const slug = slugify(basename(current.file, extname(current.file)));
        const names = [...options.formats.map((f) => `${slug}.${f}`), ...(options.imposition === 'booklet' ? [`${slug}.booklet.pdf`] : [])];
        removeTemporaryFiles(fs, options.outDir, process.pid, names);
      }
      void run().then(resolve);
    });
    next();
  });
  try {
    await Promise.all(Array.from({ length: workers }, run));
  } finally {
    stopCleaning();
  }
  return results;
}
