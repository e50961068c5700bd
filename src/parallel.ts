import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { buildManuscript, type BuildOptions } from './build.js';
import { BuildError, type Diagnostic } from './diagnostics.js';

/** What one book's build ended in, as a plain value that can cross a worker boundary. */
export interface BookOutcome {
  file: string;
  status: 'built' | 'input-error' | 'internal-error';
  written: string[];
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
    return { file, status: 'built', written: r.written, diagnostics: r.diagnostics.list, ms: performance.now() - t0, timings: r.timings };
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof BuildError) return { file, status: 'input-error', written: [], diagnostics: e.diagnostics, ms, timings: {} };
    return { file, status: 'internal-error', written: [], diagnostics: [], crash: String((e as Error).stack ?? e), ms, timings: {} };
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
  await Promise.all(Array.from({ length: workers }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(entry, { workerData: { samizdatWorker: true, options } });
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
      results[current!.i] = o;
      onDone(o);
      next();
    });
    worker.on('error', reject);
    next();
  })));
  return results;
}
