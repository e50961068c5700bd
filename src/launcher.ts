/**
 * The `samizdat` command (dist/cli/samizdat.mjs): runs the compiled CLI (dist/cli/samizdat.cjs, one
 * bundle of src/cli.ts and its packages) with V8's code cache. Compiling the 3 MB bundle and the
 * functions a build calls is a tenth of a short book's build; the cache, written beside the bundle
 * after a run (the first, and whenever V8 rejects it: another Node, other flags), holds their
 * bytecode. Nothing depends on it: without a cache, or where dist/ cannot be written, the bundle is
 * compiled as usual. SAMIZDAT_CACHE=off leaves it alone.
 *
 * Before all that, `build` asks whether the editions are up to date (src/output/manifest.ts): when
 * every book's are, it says so and ends without loading the bundle at all. It hands the bundle the
 * SHA-256 of the bytes it compiles, which the bundle writes into the manifests.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parseBuildArgs, upToDateEditions, upToDateLines } from './args.js';
import { removeTemporaryFiles } from './output/editions.js';
import { BUNDLE_HASH_ENV, codeKey } from './output/manifest.js';

const bundle = fileURLToPath(new URL('./samizdat.cjs', import.meta.url));
const cacheFile = fileURLToPath(new URL('./.samizdat.cjs.cache', import.meta.url));
runCached(process.env.SAMIZDAT_CACHE !== 'off');

/**
 * The bundle holds no dynamic import(): V8 drops a script's import callback once it accepts a code
 * cache (Node 20), so an import() would work on the run that writes the cache and throw
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING on every run after it. src/bundle/build.mjs turns each
 * import() into require(), and a test checks that none is left.
 */
function runCached(useCache: boolean): void {
  const building = process.argv[2] === 'build';
  const bytes = readFileSync(bundle);
  if (building && useCache) {
    const hash = createHash('sha256').update(bytes).digest('hex');
    process.env[BUNDLE_HASH_ENV] = hash;
    if (allUpToDate(hash)) return;
  }
  // V8 checks a cache against the source's length only: the cache names the bundle it was made from,
  // and whether a build made it (a build compiles far more than `--help`; its cache replaces theirs).
  const st = statSync(bundle);
  let cachedData: Buffer | undefined;
  let fromBuild = false;
  try {
    if (!useCache) throw new Error('no cache');
    const file = readFileSync(cacheFile);
    const end = file.indexOf(10);
    const [size, mtime, kind] = file.subarray(0, end).toString().split(':');
    if (size === String(st.size) && mtime === String(st.mtimeMs)) {
      cachedData = file.subarray(end + 1);
      fromBuild = kind === 'build';
    }
  } catch {
    cachedData = undefined;
  }
  // The bundle as a CommonJS module body; its first line (#!) is blanked, so line numbers stay. The
  // build makes it ASCII (src/bundle/ascii.mjs), read as Latin-1: a one-byte string, decoded and
  // compiled faster than the two-byte string one character beyond Latin-1 would make of all of it.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8').replace(/^#!.*/, '');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
  });
  if (useCache && (!cachedData || script.cachedDataRejected || (building && !fromBuild))) {
    // After the run, so the functions it compiled are in the cache too.
    process.once('beforeExit', () => {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, Buffer.concat([Buffer.from(`${st.size}:${st.mtimeMs}:${building ? 'build' : 'other'}\n`), script.createCachedData()]));
        renameSync(temp, cacheFile);
      } catch {
        rmSync(temp, { force: true });
      }
    });
  }
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, bundleRequire(), module, bundle, fileURLToPath(new URL('.', import.meta.url)));
}

/**
 * `build` of books whose editions are all up to date: their warnings and notes again, one line each,
 * exit 0. Anything else (a usage error, --watch, --check, --force, a book to build) is the bundle's.
 */
function allUpToDate(hash: string): boolean {
  const started = performance.now();
  let args;
  try {
    args = parseBuildArgs(process.argv.slice(3));
  } catch {
    return false;
  }
  if (args.watch || args.check || args.force || (args.imposition && !args.formats.includes('pdf')) || (args.cropMarks && !args.imposition)) return false;
  const code = codeKey(bundle, hash);
  const lines: string[] = [];
  for (const file of args.files) {
    const t0 = performance.now();
    const m = upToDateEditions(file, args, code, bundle);
    if (!m) return false;
    const ms = performance.now() - t0;
    lines.push(...upToDateLines(file, m, ms));
    if (args.timings) lines.push(`samizdat-timings ${JSON.stringify({ file, ms, stages: { startup: started, upToDate: ms }, maxRssKiB: process.resourceUsage().maxRSS })}`);
  }
  // What a killed build left in the output folder goes, as a build would remove it (build.ts).
  removeTemporaryFiles(fs, args.outDir);
  // A reader gone (`2>&1 | head -1`) leaves the editions up to date all the same: exit 0, as cli.ts does.
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  process.stderr.write(`${lines.join('\n')}\n`);
  return true;
}

/**
 * The bundle's `require`, for what it loads at run time (Node's own modules, compromise). js-yaml
 * (gray-matter's parser) tries to load esprima, for the `!!js/function` type that its safeLoad never
 * reads: compiling it cost every build 10 ms, so it is reported missing, as js-yaml allows.
 */
function bundleRequire(): NodeJS.Require {
  const real = createRequire(bundle);
  const missing = (id: string) => Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
  return Object.assign((id: string): unknown => {
    if (id === 'esprima') throw missing(id);
    return real(id);
  }, real);
}
