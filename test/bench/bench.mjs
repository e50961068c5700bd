// npm run bench [-- --only seed,x10,x100] [-- --runs N] [-- --edits N]: builds both editions of the
// seed, the seed ×10 and the seed ×100 (each copy its own chapter) as whole processes, several times
// each, and prints median wall time, peak memory and the time of each stage; runs Typst (its PDF alone,
// through @myriaddreamin/typst-ts-node-compiler, a dev dependency: see typst.mjs) on the same text in
// the same run, and pandoc's EPUB build when pandoc is installed, and prints the ratios. Then the
// watch mode: `samizdat build --watch` on the seed and on ×100, one word changed and saved N times,
// against Typst compiling again in its process after the same change.
//
// Each input is built cold (no shaped strings or set paragraphs from an earlier build of it: a
// manuscript's first build) and warm (one word changed since a build that filled the caches, as when an
// editor corrects a text and rebuilds), both with --force; then
// once more with nothing changed, which the up-to-date check answers (src/output/manifest.ts). V8's code cache, which
// belongs to the installation (dist/cli), is in place for both after the first run. Inputs, outputs
// and the shaping caches live in a temporary folder outside the repository.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { toTypst } from './typst.mjs';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'cli', 'samizdat.mjs');
const seed = join(root, 'seeds', 'legacies-and-heirs-of-jv-stalin.md');
const work = mkdtempSync(join(tmpdir(), 'samizdat-bench-'));

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
};
const only = option('only')?.split(',');
const runsOverride = option('runs') ? Number(option('runs')) : undefined;
const editCount = option('edits') ? Number(option('edits')) : 7;
const typstRunner = join(root, 'test', 'bench', 'typst.mjs');

/** The seed with its body repeated `copies` times, each copy a chapter of its own. */
function multiply(copies) {
  const text = readFileSync(seed, 'utf8');
  const end = text.indexOf('\n---', 3) + 4;
  const front = text.slice(0, end);
  const body = text.slice(end);
  if (copies === 1) return text;
  let out = front.replace(/^title: (.*)$/m, `title: $1 (×${copies})`) + '\n';
  for (let i = 1; i <= copies; i++) out += `\n# Chapter ${i}\n${body}\n`;
  return out;
}

/** `text` with its first 'the' made 'tho' (even `k`) or back (odd `k`): an editor's one-word correction. */
function oneWordChanged(text, k) {
  const swap = ['tho', 'the'];
  return text.replace(new RegExp(`\\b${swap[(k + 1) % 2]}\\b`), swap[k % 2]);
}

function words(text) {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Runs a command; resolves with its wall time in ms and its stderr. */
function run(cmd, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}\n${stderr}`));
      resolve({ ms, stderr });
    });
  });
}

/**
 * One build of `file`: wall ms, peak RSS in MiB and stage times from --timings. With --force (cold and
 * warm runs), built whatever the manifest says; without, the editions are found up to date.
 */
async function build(file, out, env, force = true) {
  const r = await run(process.execPath, [cli, 'build', file, '--out', out, '--timings', ...(force ? ['--force'] : [])], env);
  const line = r.stderr.split('\n').find((l) => l.startsWith('samizdat-timings '));
  const t = JSON.parse(line.slice('samizdat-timings '.length));
  return { ms: r.ms, peak: t.maxRssKiB / 1024, stages: t.stages };
}

/** One Typst compile of `typ` to a PDF in a fresh process (whole process, like samizdat's runs); peak RSS from /usr/bin/time when present. */
async function typst(typ, pdf, edits = 0) {
  const r = await run(process.execPath, [typstRunner, typ, pdf, '--edits', String(edits)]);
  return { ms: r.ms };
}

/**
 * `samizdat build --watch` on `file`: waits for its first build, then changes one word and saves
 * (write a new file, rename it over the old, as editors do) `edits` times, each time waiting for the
 * rebuild's line. Resolves with the build times the lines print and the wall times from save to line
 * (which add the 120 ms the watcher waits for a save's events to settle), and the process's peak memory.
 */
function watchEdits(file, out, edits, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'build', '--watch', file, '--out', out, '--timings'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let text = readFileSync(file, 'utf8');
    const built = [];
    let peak = 0;
    const wall = [];
    let saved = 0;
    let rest = '';
    const edit = () => {
      if (built.length === edits) {
        child.kill('SIGINT');
        return;
      }
      const k = built.length;
      text = oneWordChanged(text, k);
      writeFileSync(`${file}.new`, text);
      renameSync(`${file}.new`, file);
      saved = performance.now();
    };
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        if (line.startsWith('samizdat-timings ')) peak = JSON.parse(line.slice('samizdat-timings '.length)).maxRssKiB / 1024;
        if (line.startsWith('watching ')) edit();
        const m = / changed: (.*) \((\d+\.\d+) s\)$/.exec(line);
        if (!m) continue;
        if (!m[1].startsWith('wrote')) return reject(new Error(line));
        wall.push(performance.now() - saved);
        built.push(Number(m[2]) * 1000);
        edit();
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve({ built, wall, peak }) : reject(new Error(`watch exited ${code}`))));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const s = (ms) => (ms / 1000).toFixed(2);
const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
const cases = [
  { id: 'seed', name: 'seed', copies: 1, runs: 9 },
  { id: 'x10', name: 'seed ×10', copies: 10, runs: 5 },
  { id: 'x100', name: 'seed ×100', copies: 100, runs: 3 },
].filter((c) => !only || only.includes(c.id));

console.log(`samizdat benchmark — node ${process.version}, ${work}`);
console.log('median wall time of whole processes (start-up included), both editions per run;');
console.log('cold: a manuscript\'s first build, warm: a rebuild after one word changed (its shaped strings and set paragraphs cached)\n');
const rows = [];
// One untimed build first: it writes V8's code cache for the freshly compiled bundle, as any first
// run of an installation does (npm run build does it on install).
await build(seed, join(work, 'prime'), { SAMIZDAT_CACHE_DIR: join(work, 'prime-cache') });
for (const c of cases) {
  const file = join(work, `bench-${c.copies}.md`);
  const text = multiply(c.copies);
  writeFileSync(file, text);
  const registry = seed.replace(/\.md$/, '.names.yaml');
  if (existsSync(registry)) copyFileSync(registry, join(work, 'legacies-and-heirs-of-jv-stalin.names.yaml'));
  const out = join(work, `out-${c.copies}`);
  const n = runsOverride ?? c.runs;
  const cold = [];
  const warm = [];
  const unchanged = [];
  const env = { SAMIZDAT_CACHE_DIR: join(work, 'cache') };
  await build(file, out, env); // fills the caches
  let warmText = text;
  // Cold and warm runs alternate, so that a slow spell of a shared machine weighs on both alike.
  // Cold: each time an empty folder for shaped strings, as on a manuscript's first build.
  const ps = [];
  const ts = [];
  const typ = join(work, `bench-${c.copies}.typ`);
  writeFileSync(typ, toTypst(text));
  await typst(typ, join(work, `typst-${c.copies}.pdf`)); // the font folder read once, as for samizdat's first build
  for (let i = 0; i < n; i++) {
    cold.push(await build(file, out, { SAMIZDAT_CACHE_DIR: join(work, `cold-${c.id}-${i}`) }));
    // Warm: one word corrected since the last build (its paragraph set again, the rest from the cache).
    writeFileSync(file, (warmText = oneWordChanged(warmText, i)));
    warm.push(await build(file, out, env));
    // Nothing changed since the warm build: the up-to-date check alone (src/output/manifest.ts).
    unchanged.push(await build(file, out, env, false));
    ts.push((await typst(typ, join(work, `typst-${c.copies}.pdf`))).ms);
    if (hasPandoc && i < 3) ps.push((await run('pandoc', [file, '-o', join(work, `pandoc-${c.copies}.epub`)])).ms);
  }
  const pandoc = ps.length ? median(ps) : undefined;
  const typstMs = median(ts);
  const last = warm[warm.length - 1];
  const row = {
    ...c,
    words: words(text),
    warm: median(warm.map((r) => r.ms)),
    cold: median(cold.map((r) => r.ms)),
    unchanged: median(unchanged.map((r) => r.ms)),
    unchangedRange: [Math.min(...unchanged.map((r) => r.ms)), Math.max(...unchanged.map((r) => r.ms))],
    peak: Math.max(...[...cold, ...warm].map((r) => r.peak)),
    stages: last.stages,
    coldStages: cold[cold.length - 1].stages,
    pandoc,
    typst: typstMs,
    typstRange: [Math.min(...ts), Math.max(...ts)],
    warmRange: [Math.min(...warm.map((r) => r.ms)), Math.max(...warm.map((r) => r.ms))],
  };
  rows.push(row);
  // Stage times in seconds; the memos' counts (paragraphs set and reused, streams deflated) as they are.
  const stages = (st) => Object.entries(st).map(([k, v]) => `${k} ${/Set$|Reused$|Paginated$|Drawn$|^deflated$/.test(k) ? v : (v / 1000).toFixed(3)}`).join(', ');
  console.log(`${row.name.padEnd(10)} ${String(row.words).padStart(7)} words  warm ${s(row.warm).padStart(5)} s  cold ${s(row.cold).padStart(5)} s  unchanged ${s(row.unchanged)} s  peak ${row.peak.toFixed(0).padStart(4)} MiB  Typst PDF alone ${s(typstMs)} s` +
    (pandoc ? `  pandoc EPUB alone ${s(pandoc)} s` : ''));
  console.log(`           warm stages: ${stages(row.stages)}`);
  console.log(`           cold stages: ${stages(row.coldStages)}`);
}

// Watch mode: one word changed and saved, both editions rewritten, in a process that stays.
const watchRows = [];
for (const c of cases.filter((x) => x.id !== 'x10')) {
  const file = join(work, `watch-${c.copies}.md`);
  writeFileSync(file, multiply(c.copies));
  const typ = join(work, `watch-${c.copies}.typ`);
  writeFileSync(typ, toTypst(multiply(c.copies)));
  const w = await watchEdits(file, join(work, `watch-out-${c.copies}`), editCount, { SAMIZDAT_CACHE_DIR: join(work, 'cache') });
  const tr = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [typstRunner, typ, join(work, `watch-typst-${c.copies}.pdf`), '--edits', String(editCount)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let o = '';
    child.stdout.on('data', (d) => (o += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(o)) : reject(new Error(`typst exited ${code}`))));
  });
  const row = { ...c, built: median(w.built), builtRange: [Math.min(...w.built), Math.max(...w.built)], wall: median(w.wall), peak: w.peak, typst: median(tr.edits), typstRange: [Math.min(...tr.edits), Math.max(...tr.edits)] };
  watchRows.push(row);
  console.log(`watch ${c.name.padEnd(10)} one word changed ×${editCount}: rebuilt (both editions) median ${s(row.built)} s (${s(row.builtRange[0])}–${s(row.builtRange[1])}), save to line ${s(row.wall)} s, peak ${row.peak.toFixed(0)} MiB; Typst in process, PDF alone, ${s(row.typst)} s (${s(row.typstRange[0])}–${s(row.typstRange[1])})`);
}

const range = ([a, b]) => `${s(a)}–${s(b)}`;
console.log('\n| input | words | samizdat, both editions, warm | cold | nothing changed | peak memory | Typst, PDF alone | samizdat ÷ Typst |' + (hasPandoc ? ' pandoc → EPUB |' : ''));
console.log('|---|---|---|---|---|---|---|---|' + (hasPandoc ? '---|' : ''));
for (const r of rows) {
  console.log(`| ${r.name} | ${r.words} | ${s(r.warm)} s (${range(r.warmRange)}) | ${s(r.cold)} s | ${s(r.unchanged)} s (${range(r.unchangedRange)}) | ${r.peak.toFixed(0)} MiB | ${s(r.typst)} s (${range(r.typstRange)}) | ${(r.warm / r.typst).toFixed(1)} |` + (r.pandoc ? ` ${s(r.pandoc)} s |` : ''));
}
if (watchRows.length) {
  console.log('\n| watch mode, one word changed | samizdat, both editions rewritten | save to line | peak memory | Typst, PDF alone, in process |');
  console.log('|---|---|---|---|---|');
  for (const r of watchRows) console.log(`| ${r.name} | ${s(r.built)} s (${range(r.builtRange)}) | ${s(r.wall)} s | ${r.peak.toFixed(0)} MiB | ${s(r.typst)} s (${range(r.typstRange)}) |`);
}

const by = Object.fromEntries(rows.map((r) => [r.id, r]));
const verdict = (ok) => (ok ? 'met' : 'MISSED');
const targets = [];
if (by.seed) targets.push(`seed < 0.7 s: ${verdict(by.seed.warm < 700)} warm (${s(by.seed.warm)} s), ${verdict(by.seed.cold < 700)} cold (${s(by.seed.cold)} s)`);
if (by.x100) {
  targets.push(`×100 < 8.5 s: ${verdict(by.x100.warm < 8500)} warm (${s(by.x100.warm)} s), ${verdict(by.x100.cold < 8500)} cold (${s(by.x100.cold)} s)`);
  targets.push(`×100 peak < 400 MiB: ${verdict(by.x100.peak < 400)} (${by.x100.peak.toFixed(0)} MiB)`);
}
if (by.seed && by.x100) {
  const g = (k) => by.x100[k] / by.seed[k];
  console.log(`\ngrowth: ×${(by.x100.words / by.seed.words).toFixed(0)} the words took ×${g('warm').toFixed(1)} the time warm, ×${g('cold').toFixed(1)} cold`);
  targets.push(`growth ≤ ×110: ${verdict(g('warm') <= 110 && g('cold') <= 110)}`);
}
if (by.seed) targets.push(`seed ≤ 2× Typst: ${verdict(by.seed.warm <= 2 * by.seed.typst)} (${(by.seed.warm / by.seed.typst).toFixed(1)}×)`);
if (by.seed) targets.push(`seed, nothing changed, faster than Typst: ${verdict(by.seed.unchanged < by.seed.typst)} (${s(by.seed.unchanged)} s against ${s(by.seed.typst)} s)`);
if (by.x100) targets.push(`×100 ≤ 2/3 of Typst: ${verdict(by.x100.warm <= (2 / 3) * by.x100.typst)} (${(by.x100.warm / by.x100.typst).toFixed(2)}×)`);
const wBy = Object.fromEntries(watchRows.map((r) => [r.id, r]));
if (wBy.seed) targets.push(`watch, seed, one word < 0.1 s: ${verdict(wBy.seed.built < 100)} (${s(wBy.seed.built)} s)`);
if (wBy.x100) targets.push(`watch, ×100, one word < 0.5 s: ${verdict(wBy.x100.built < 500)} (${s(wBy.x100.built)} s)`);
console.log(`targets: ${targets.join('; ')}`);
if (!hasPandoc) console.log('pandoc is not installed: no comparison run (apt-get install pandoc)');
rmSync(work, { recursive: true, force: true });
