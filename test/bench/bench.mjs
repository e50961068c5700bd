// npm run bench: builds both editions of the seed, the seed ×10 and the seed ×100 (each copy its own
// chapter) as whole processes, several times each, and prints median wall time, peak memory and the
// time of each stage; runs pandoc's EPUB build on the same inputs when pandoc is installed.
// Inputs and outputs live in a temporary folder outside the repository.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'cli', 'samizdat.mjs');
const seed = join(root, 'seeds', 'legacies-and-heirs-of-jv-stalin.md');
const work = mkdtempSync(join(tmpdir(), 'samizdat-bench-'));

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

function words(text) {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Runs a command, returns wall ms and peak RSS (MiB) of the child via /proc polling-free rusage. */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${stderr}`));
      resolve({ ms, stderr });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;
const cases = [
  { name: 'seed', copies: 1, runs: 7 },
  { name: 'seed ×10', copies: 10, runs: 5 },
  { name: 'seed ×100', copies: 100, runs: 3 },
];

console.log(`samizdat benchmark — node ${process.version}, ${work}`);
console.log('median wall time of whole processes (start-up included), both editions per run\n');
const rows = [];
for (const c of cases) {
  const file = join(work, `bench-${c.copies}.md`);
  const text = multiply(c.copies);
  writeFileSync(file, text);
  const registry = seed.replace(/\.md$/, '.names.yaml');
  if (existsSync(registry)) copyFileSync(registry, join(work, 'legacies-and-heirs-of-jv-stalin.names.yaml'));
  const out = join(work, `out-${c.copies}`);
  const walls = [];
  let last;
  let peak = 0;
  for (let i = 0; i < c.runs; i++) {
    const r = await run(process.execPath, [cli, 'build', file, '--out', out, '--timings']);
    walls.push(r.ms);
    const line = r.stderr.split('\n').find((l) => l.startsWith('samizdat-timings '));
    last = JSON.parse(line.slice('samizdat-timings '.length));
    peak = Math.max(peak, last.maxRssKiB / 1024);
  }
  let pandoc;
  if (hasPandoc) {
    const ps = [];
    for (let i = 0; i < Math.min(c.runs, 3); i++) ps.push((await run('pandoc', [file, '-o', join(work, `pandoc-${c.copies}.epub`)])).ms);
    pandoc = median(ps);
  }
  const row = { name: c.name, words: words(text), wall: median(walls), peak, stages: last.stages, pandoc };
  rows.push(row);
  const stages = Object.entries(row.stages).map(([k, v]) => `${k} ${(v / 1000).toFixed(3)}`).join(', ');
  console.log(`${row.name.padEnd(10)} ${String(row.words).padStart(7)} words  ${(row.wall / 1000).toFixed(2).padStart(6)} s  peak ${row.peak.toFixed(0).padStart(4)} MiB  [stages s: ${stages}]` +
    (pandoc ? `  pandoc EPUB alone ${(pandoc / 1000).toFixed(2)} s (samizdat both editions ×${(pandoc / row.wall).toFixed(1)} faster)` : ''));
}
const [s1, , s100] = rows;
console.log(`\ngrowth: ×${(s100.words / s1.words).toFixed(0)} the words took ×${(s100.wall / s1.wall).toFixed(1)} the time`);
console.log(`targets: seed < 0.7 s: ${s1.wall < 700 ? 'met' : 'MISSED'}; ×100 < 8.5 s: ${s100.wall < 8500 ? 'met' : 'MISSED'}; ×100 peak < 400 MiB: ${s100.peak < 400 ? 'met' : 'MISSED'}; growth ≤ ×110: ${s100.wall / s1.wall <= 110 ? 'met' : 'MISSED'}`);
if (!hasPandoc) console.log('pandoc is not installed: no comparison run (apt-get install pandoc)');
rmSync(work, { recursive: true, force: true });
