import * as fs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import v8 from 'node:v8';
import { bookAssets, bookTexts, buildManuscript, BuildSession, type BuildOptions } from './build.js';
import { BuildError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import type { Book } from './model/index.js';
import { removeTemporaryFiles } from './output/editions.js';
import { collectGarbage } from './pdf/render.js';

/**
 * `samizdat build --watch`: builds each book, then rebuilds it in this process whenever one of the
 * files it was made from changes (the manuscript or the packet file and its manuscripts, their names
 * registries, their images), with what the last build kept (a BuildSession: shaped strings, set
 * paragraphs). The folders are
 * watched, not the files: an editor that saves by writing a new file and renaming it over the old
 * one replaces the file a watch would follow. Events are gathered for a moment (`SETTLE_MS`) so that
 * one save is one rebuild. A rebuild that fails reports its errors as a build does and leaves the
 * previous editions where they are (build.ts renames new editions into place only when all are made);
 * the process goes on watching. SIGINT and SIGTERM remove this process's temporary files and end it
 * with exit code 0.
 */

/** A heap smaller than this is left to V8 (bytes). */
const COLLECT_FROM = 256 << 20;

/** How long the files must be quiet before a rebuild: an editor's save is several events in a few ms. */
const SETTLE_MS = 120;

/** What a file was when last seen: a change in any of these is a change of the file. */
type Stamp = string;

interface Watched {
  file: string;
  /** Every file the last build read (absolute paths), with its stamp then. */
  inputs: Map<string, Stamp>;
  /** What this process keeps from one build of the book to the next. */
  session: BuildSession;
  /** The manuscript was missing at the last look (an editor's save between its rename and its write). */
  waited: boolean;
}

export interface WatchIo {
  /** One line for the user (stderr in the CLI). */
  print(line: string): void;
  /** With --timings: each build's stage times (for `npm run bench`). */
  timings?(file: string, ms: number, stages: Record<string, number>): void;
}

/** Builds, then watches until a signal; resolves never (the signal ends the process). */
export async function watchBooks(files: string[], options: BuildOptions, io: WatchIo): Promise<never> {
  const books: Watched[] = files.map((file) => ({ file, inputs: new Map([[resolve(file), stamp(resolve(file))]]), waited: false, session: new BuildSession() }));
  const folders = new Map<string, fs.FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;
  let again = false;
  /** The heap's size after the last collection this watcher started. */
  let kept = 0;

  const stop = () => {
    clearTimeout(timer);
    for (const w of folders.values()) w.close();
    // A build cut short by the signal leaves its temporary files: they are this process's.
    removeTemporaryFiles(fs, options.outDir, process.pid);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  /** Watches the folder of every input (once each); a folder that cannot be watched is reported once. */
  const follow = (b: Watched) => {
    for (const path of b.inputs.keys()) {
      const folder = dirname(path);
      if (folders.has(folder)) continue;
      try {
        const w = fs.watch(folder, { persistent: true }, (_event, name) => {
          if (name === null || books.some((x) => x.inputs.has(join(folder, name.toString())))) settle();
        });
        w.on('error', () => folders.delete(folder));
        folders.set(folder, w);
      } catch (e) {
        io.print(`${folder}: warning: cannot be watched: ${(e as Error).message}`);
      }
    }
  };

  const settle = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), SETTLE_MS);
  };

  /** Rebuilds the books whose inputs changed since their last build; one run at a time. */
  const run = async () => {
    if (building) {
      again = true;
      return;
    }
    building = (async () => {
      for (const b of books) {
        const changed = [...b.inputs].filter(([path, was]) => stamp(path) !== was).map(([path]) => path);
        if (changed.length === 0) continue;
        // Mid-save (renamed away, not yet written back): wait once for the file to come back.
        if (!b.waited && stamp(resolve(b.file)) === 'missing') {
          b.waited = true;
          settle();
          continue;
        }
        b.waited = false;
        await rebuild(b, `${changed.map((p) => basename(p)).join(', ')} changed`);
      }
    })();
    await building;
    building = undefined;
    if (again) {
      again = false;
      await run();
    }
  };

  const rebuild = async (b: Watched, why: string) => {
    const t0 = performance.now();
    // Stamped before reading, so that a save during the build is seen as a change after it.
    const before = new Map([...b.inputs.keys()].map((p) => [p, stamp(p)]));
    let diagnostics: Diagnostic[] = [];
    let outcome: string;
    try {
      const r = await buildManuscript(b.file, options, undefined, b.session);
      diagnostics = r.diagnostics.list;
      io.timings?.(b.file, performance.now() - t0, r.timings);
      b.inputs = new Map(bookInputs(r.book).map((p) => [p, before.get(p) ?? stamp(p)]));
      outcome = `wrote ${r.written.join(', ')}`;
    } catch (e) {
      if (!(e instanceof BuildError)) {
        outcome = `internal error: ${(e as Error).message.split('\n')[0]} (please report it; SAMIZDAT_DEBUG=1 prints the stack); previous editions kept`;
        if (process.env.SAMIZDAT_DEBUG) io.print(String((e as Error).stack));
      } else {
        diagnostics = e.diagnostics;
        const n = diagnostics.filter((d) => d.severity === 'error').length;
        outcome = `not built (${n} error${n === 1 ? '' : 's'}), previous editions kept`;
      }
      // The manuscript and what the last good build read: fixing any of them rebuilds.
      b.inputs = before;
    }
    for (const d of diagnostics) io.print(formatDiagnostic(d));
    io.print(`[${clock()}] ${b.file}: ${why}: ${outcome} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
    follow(b);
    // V8 lets a long-lived heap grow to several times what it keeps before a full collection (×100:
    // 300 MB kept, 1.7 GB of RSS after 14 rebuilds and rising); collected now, while the user reads
    // the line, a session stays near what its memos hold (800 MB), and the next rebuild costs the same.
    // Not a small book's heap: a collection after every rebuild made the seed's 10-20 ms slower.
    const used = v8.getHeapStatistics().used_heap_size;
    if (used > COLLECT_FROM && used > 1.5 * kept) {
      await collectGarbage();
      kept = v8.getHeapStatistics().used_heap_size;
    }
  };

  for (const b of books) await rebuild(b, 'first build');
  io.print(`watching ${books.reduce((n, b) => n + b.inputs.size, 0)} files for changes (Ctrl-C to stop)`);
  return new Promise<never>(() => {});
}

/** The files a built book was made from: the manuscript or packet file, a packet's manuscripts, their names registries, images and cover. */
export function bookInputs(book: Book): string[] {
  return [...new Set([...bookTexts(book).map(([path]) => resolve(path)), ...bookAssets(book).map((a) => a.path)])];
}

function stamp(path: string): Stamp {
  const st = fs.statSync(path, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : 'missing';
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
