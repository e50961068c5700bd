// npm run names-eval: how well `samizdat names suggest` finds the persons of real books. Each book in
// test/fixtures/names-books has an answer key written by hand (<book>.names.yaml, a samizdat registry of
// every person the book names). Runs the compiled command on each book (which has no registry) and prints:
// - recall: the share of the key's persons that some line of the persons section names (one of its forms);
// - precision: the share of the persons section's lines that name a person of the key.
// --verbose lists the persons missed and the lines that name no one; --json prints the figures for tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const books = join(root, 'test/fixtures/names-books');
const norm = (s) => s.normalize('NFC').replace(/\s+/g, ' ').replace(/’/g, "'").replace(/'s?$/, '').trim();

/** Recall and precision of the suggestions for one book against its key; the misses and the lines that name no one. */
export function score(suggestions, key) {
  const persons = suggestions.filter((s) => s.kind === 'person');
  const owner = new Map();
  for (const [id, entry] of Object.entries(key)) for (const f of [entry.forms ?? []].flat()) owner.set(norm(String(f)), id);
  const found = new Set();
  const noOne = [];
  for (const s of persons) {
    const ids = [s.name, ...s.forms].map(norm).filter((f) => owner.has(f)).map((f) => owner.get(f));
    for (const id of ids) found.add(id);
    if (ids.length === 0) noOne.push(s.name);
  }
  const ids = Object.keys(key);
  return {
    persons: ids.length,
    found: found.size,
    recall: found.size / ids.length,
    lines: persons.length,
    real: persons.length - noOne.length,
    precision: persons.length ? (persons.length - noOne.length) / persons.length : 1,
    missed: ids.filter((id) => !found.has(id)),
    noOne,
  };
}

export function evaluate() {
  return readdirSync(books).filter((f) => f.endsWith('.md')).sort().map((book) => {
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/samizdat.mjs'), 'names', 'suggest', '--json', join(books, book)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`names suggest ${book}: exit ${r.status}\n${r.stderr}`);
    const key = parse(readFileSync(join(books, book.replace(/\.md$/, '.names.yaml')), 'utf8'));
    return { book, ...score(JSON.parse(r.stdout).suggestions, key) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(evaluate())}\n`);
    process.exit(0);
  }
  const pct = (x) => `${Math.round(x * 100)} %`;
  const verbose = process.argv.includes('--verbose');
  console.log('book                      persons  found  recall   lines  real  precision');
  for (const r of evaluate()) {
    console.log(`${r.book.padEnd(26)}${String(r.persons).padStart(7)}${String(r.found).padStart(7)}${pct(r.recall).padStart(8)}${String(r.lines).padStart(8)}${String(r.real).padStart(6)}${pct(r.precision).padStart(11)}`);
    if (verbose) console.log(`  missed: ${r.missed.join(', ')}\n  lines naming no one: ${r.noOne.join(', ')}`);
  }
}
