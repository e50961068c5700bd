#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { buildOptions, parseBuildArgs, upToDateEditions, upToDateLines, UsageError, type BuildArgs } from './args.js';
import type { BuildOptions } from './build.js';
import { BuildError, Diagnostics, formatDiagnostic } from './diagnostics.js';
import { buildMany, buildOne, type BookOutcome } from './parallel.js';
import { checkEdition, formatFinding, isProblem } from './check/check.js';
import { draftRegistry } from './names/draft.js';
import { formatReview, reviewNames } from './names/review.js';
import { suggestNames, type NameSuggestion, type SuggestionKind } from './names/suggest.js';
import { paginateBook } from './build.js';
import { readManuscript } from './load/read.js';
import { watchBooks } from './watch.js';
import { runningCode } from './output/manifest.js';

const USAGE = `usage: samizdat build <manuscript.md | packet.yaml>... [--out DIR] [--format epub,kepub,pdf] [--paper a5|a4|letter|half-letter]
                      [--sides one|two] [--imposition booklet [--crop-marks]] [--number-paragraphs] [--cover]
                      [--page-numbers hidden|visible] [--check] [--watch] [--force] [--timings]
       samizdat check <edition.epub|edition.kepub.epub|edition.pdf>...
       samizdat names suggest <manuscript.md> [--yaml | --json]
       samizdat names review <manuscript.md> [--json]
       samizdat --help | --version

Builds a typeset PDF and an EPUB 3 (and a Kobo kepub) from each Markdown manuscript into DIR (default dist/); with
--watch, rebuilds each book whenever a file it is made from changes, until Ctrl-C. A book whose editions
are up to date (nothing it is made from changed since they were built) is not built again, unless --force. check runs EPUBCheck, Ace by
DAISY and the PDF checks on built editions.
Exit codes: 0 built (and checked); 1 an input error (reported as file:line:column) or a check that failed;
2 a usage error; 3 an internal error.`;

/** Exit codes, as documented in the README. */
const EXIT = { ok: 0, input: 1, usage: 2, internal: 3 } as const;

async function build(args: BuildArgs): Promise<number> {
  if (args.imposition && !args.formats.includes('pdf')) throw new UsageError('--imposition booklet imposes the PDF: add pdf to --format');
  if (args.cropMarks && !args.imposition) throw new UsageError('--crop-marks marks the fold of a booklet: add --imposition booklet');
  const options = buildOptions(args);
  const tty = process.stderr.isTTY === true && args.files.length > 1;
  let done = 0;
  const report = (o: BookOutcome) => {
    done++;
    if (tty) process.stderr.write('\r\x1b[K');
    for (const d of o.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    reportTimings(o);
    if (o.status === 'built') process.stderr.write(`${o.file}: wrote ${o.written.join(', ')} (${(o.ms / 1000).toFixed(2)} s)\n`);
    else if (o.status === 'internal-error') {
      const first = (o.crash ?? '').split('\n')[0];
      process.stderr.write(`${o.file}:1:1: error: internal error: ${first} (please report it with the manuscript; SAMIZDAT_DEBUG=1 prints the stack)\n`);
      if (process.env.SAMIZDAT_DEBUG) process.stderr.write(`${o.crash}\n`);
    }
    else {
      const n = o.diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`${o.file}: not built (${n} error${n === 1 ? '' : 's'})\n`);
    }
  };
  const reportTimings = (o: Pick<BookOutcome, 'file' | 'ms' | 'timings'>) => {
    if (args.timings) process.stderr.write(`samizdat-timings ${JSON.stringify({ file: o.file, ms: o.ms, stages: { startup: started, ...o.timings }, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  };
  const onStart = (file: string) => {
    if (tty) process.stderr.write(`\r\x1b[K[${done}/${args.files.length}] building ${file}…`);
  };
  if (args.watch) {
    return watchBooks(args.files, options, {
      print: (line) => process.stderr.write(`${line}\n`),
      ...(args.timings ? { timings: (file: string, ms: number, stages: Record<string, number>) => reportTimings({ file, ms, timings: stages }) } : {}),
    });
  }
  // Books whose editions are up to date are not built again (src/output/manifest.ts); the launcher
  // has already answered when all are.
  const bundle = fileURLToPath(import.meta.url);
  const running = args.force ? undefined : runningCode(bundle);
  const kept: BookOutcome[] = [];
  const todo: string[] = [];
  for (const file of args.files) {
    const t0 = performance.now();
    const m = running && upToDateEditions(file, args, running, bundle);
    if (!m) {
      todo.push(file);
      continue;
    }
    const ms = performance.now() - t0;
    for (const line of upToDateLines(file, m, ms)) process.stderr.write(`${line}\n`);
    reportTimings({ file, ms, timings: { upToDate: ms } });
    kept.push({ file, status: 'built', written: m.outputs.map((o) => o.path), staged: [], diagnostics: m.diagnostics, ms, timings: {} });
  }
  const built = todo.length === 0 ? [] : todo.length === 1
    ? [await buildOne(todo[0], options)].map((o) => (report(o), o))
    : await buildMany(todo, options, new URL(import.meta.url), onStart, report);
  const outcomes = args.files.map((f) => [...kept, ...built].find((o) => o.file === f)!);
  const worst = (o: BookOutcome) => (o.status === 'built' ? EXIT.ok : o.status === 'input-error' ? EXIT.input : EXIT.internal);
  const code = Math.max(EXIT.ok, ...outcomes.map(worst));
  if (!args.check) return code;
  return Math.max(code, await check(outcomes.flatMap((o) => o.written)));
}

/** `samizdat check` (and `build --check`): one line per finding on stdout, a line per edition on stderr; 1 when anything is wrong. */
async function check(editions: string[]): Promise<number> {
  let failed = false;
  for (const edition of editions) {
    const r = await checkEdition(edition);
    for (const f of r.findings) process.stdout.write(`${formatFinding(f)}\n`);
    const problems = r.findings.filter(isProblem).length;
    failed ||= problems > 0;
    const by = r.tools.length ? ` by ${r.tools.join(', ')}` : '';
    process.stderr.write(`${edition}: ${problems ? `${problems} problem${problems === 1 ? '' : 's'}` : 'no problems'} found${by}\n`);
  }
  return failed ? EXIT.input : EXIT.ok;
}

/** `samizdat names suggest`: the names the registry does not cover, persons first, one line each, editor-jumpable. */
function namesSuggest(file: string, as: 'text' | 'yaml' | 'json'): number {
  const diags = new Diagnostics();
  const found = suggestNames(file, diags);
  for (const d of diags.list) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!found) return EXIT.input;
  if (as === 'yaml') process.stdout.write(draftRegistry(file, found));
  else if (as === 'json') process.stdout.write(`${JSON.stringify({ file, suggestions: found }, null, 1)}\n`);
  else process.stdout.write(formatSuggestions(file, found));
  const persons = found.filter((s) => s.kind === 'person').length;
  process.stderr.write(`${file}: ${persons} person${persons === 1 ? '' : 's'} and ${found.length - persons} other name${found.length - persons === 1 ? '' : 's'} not in the names registry\n`);
  return EXIT.ok;
}

const KIND_HEADINGS: Record<SuggestionKind, string> = {
  person: 'Persons',
  place: 'Places',
  group: 'Peoples, parties and families',
  organisation: 'Organisations',
  work: 'Titles of works (in italics)',
  other: "Other names (mostly after 'the')",
};

function formatSuggestions(file: string, found: readonly NameSuggestion[]): string {
  const out: string[] = [];
  for (const kind of Object.keys(KIND_HEADINGS) as SuggestionKind[]) {
    const some = found.filter((s) => s.kind === kind);
    if (some.length === 0) continue;
    if (out.length > 0) out.push('');
    out.push(`${KIND_HEADINGS[kind]} (${some.length}):`);
    for (const s of some) {
      const others = s.forms.filter((f) => f !== s.name);
      out.push(`${file}:${s.line}:${s.column}: ${s.name} ×${s.count}${others.length ? ` (${others.join(', ')})` : ''}: ${s.context}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `samizdat names review`: every registry person's mentions with their pages, for checking an index before printing. */
function namesReview(file: string, json: boolean): number {
  const diags = new Diagnostics();
  const report = () => {
    for (const d of diags.list) process.stderr.write(`${formatDiagnostic(d)}\n`);
  };
  let book;
  let pageMap;
  try {
    ({ book, pageMap } = paginateBook(file, 'a5', diags));
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    report();
    return EXIT.input;
  }
  report();
  if (!book.meta.names) {
    process.stderr.write(`${file}:1:1: error: the manuscript names no registry: nothing to review (run samizdat names suggest --yaml to draft one)\n`);
    return EXIT.input;
  }
  const review = reviewNames(book, pageMap, readManuscript(file, diags) ?? '');
  process.stdout.write(json ? `${JSON.stringify({ file, ...review }, null, 1)}\n` : formatReview(file, review));
  return EXIT.ok;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Milliseconds from the process's start to the CLI's first step: Node's start-up and loading the bundle. */
// Module state: one figure per process, for --timings.
let started = 0;

export async function main(argv: string[]): Promise<number> {
  started = performance.now();
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`samizdat ${version()}\n`);
      return EXIT.ok;
    }
    if (command === 'build') return await build(parseBuildArgs(rest));
    if (command === 'check') {
      const bad = rest.find((a) => a.startsWith('-'));
      if (bad) throw new UsageError(`unknown option ${bad}`);
      if (!rest.length) throw new UsageError('check needs at least one edition (.epub, .kepub.epub or .pdf)');
      return await check(rest);
    }
    if (command === 'names' && (rest[0] === 'suggest' || rest[0] === 'review')) {
      const [sub, ...args] = rest;
      const options = sub === 'suggest' ? ['--yaml', '--json'] : ['--json'];
      const files = args.filter((a) => !options.includes(a));
      const unknown = files.find((a) => a.startsWith('-'));
      if (unknown) throw new UsageError(`unknown option ${unknown} for names ${sub} (use ${options.join(' or ')})`);
      if (files.length !== 1) throw new UsageError(`names ${sub} takes one manuscript`);
      if (args.includes('--yaml') && args.includes('--json')) throw new UsageError('names suggest prints --yaml or --json, not both');
      if (sub === 'review') return await namesReview(files[0], args.includes('--json'));
      return await namesSuggest(files[0], args.includes('--yaml') ? 'yaml' : args.includes('--json') ? 'json' : 'text');
    }
    throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  } catch (e) {
    if (e instanceof UsageError) {
      // One line, as every other problem is: the whole usage text buried what was wrong under fourteen lines.
      process.stderr.write(`samizdat: ${e.message}; see samizdat --help\n`);
      return EXIT.usage;
    }
    return internalError(e);
  }
}

/** A bug in samizdat, as the README promises: one line and exit 3; SAMIZDAT_DEBUG=1 adds the stack. */
function internalError(e: unknown): number {
  const first = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0];
  process.stderr.write(`samizdat: internal error: ${first} (please report it; SAMIZDAT_DEBUG=1 prints the stack)\n`);
  if (process.env.SAMIZDAT_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  return EXIT.internal;
}

// The PDF writer starts full collections with vm.measureMemory on purpose (src/pdf/render.ts, no V8
// flag switched at run time): Node's notice that the call is experimental says nothing to a user, who
// got it under every long book. Every other warning prints as Node prints it.
for (const print of process.listeners('warning')) {
  process.off('warning', print);
  process.on('warning', (w) => {
    if (!(w.name === 'ExperimentalWarning' && w.message.startsWith('vm.measureMemory'))) print(w);
  });
}

if (!isMainThread && (workerData as { samizdatWorker?: boolean } | null)?.samizdatWorker) {
  // A worker of buildMany: build each file it is sent with the options it was started with.
  const { options } = workerData as { options: BuildOptions };
  parentPort!.on('message', (file: string) => {
    void buildOne(file, options).then((o) => parentPort!.postMessage(o));
  });
} else {
  // What escapes main (a callback's throw, a promise nobody awaits) ends the same way.
  const crash = (e: unknown) => process.exit(internalError(e));
  // A reader that goes away (`samizdat build … 2>&1 | head -1`, a closed terminal) is no fault of the
  // build: what is left to say is dropped, and the exit code stays the build's. It was 'internal
  // error', exit 3, after editions written whole.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') crash(e);
    });
  }
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, crash);
}
