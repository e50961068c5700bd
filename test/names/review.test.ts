/**
 * `samizdat names review`, through the compiled command: every registry person's mentions with their
 * file positions and PDF pages, the {.noindex} text, derived words and entries never found.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { transform, bookWith } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const SEED = join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md');

beforeAll(() => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
}, 60_000);

function review(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'names', 'review', file, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Reviewed {
  persons: { id: string; heading: string; mentions: { line: number; column: number; page: string; text: string; context: string }[];
    suppressed: { line: number; column: number; text: string }[]; derived: { word: string; count: number }[] }[];
  neverFound: { id: string }[];
}

describe('names review on the seed', () => {
  const r = review(SEED, '--json');
  const json = JSON.parse(r.stdout) as Reviewed;
  const { book } = transform(SEED);

  it('lists the 28 persons with their counts, 206 mentions in all', () => {
    expect(r.code).toBe(0);
    expect(json.persons).toHaveLength(28);
    const counts = Object.fromEntries(json.persons.map((p) => [p.id, p.mentions.length]));
    const expected: Record<string, number> = {};
    for (const m of book!.mentions) expected[m.personId] = (expected[m.personId] ?? 0) + 1;
    expect(counts).toEqual(expected);
    expect(counts).toMatchObject({ stalin: 95, malenkov: 43, lenin: 21, tito: 10, mao: 6, molotov: 3 });
    expect(book!.mentions).toHaveLength(206);
    expect(json.neverFound).toEqual([]);
  });

  it('gives each mention the file position of its words, its printed page and its context', () => {
    const lines = readFileSync(SEED, 'utf8').split('\n');
    for (const p of json.persons) {
      for (const m of p.mentions) {
        expect(m.page, `${p.id} ${m.line}:${m.column}`).toMatch(/^\d+$/);
        expect(m.context).toContain(m.text);
        // A marker's position is its opening bracket; a found name's, its first letter.
        const at = lines[m.line - 1].slice(m.column - 1);
        if (!at.startsWith('[')) expect(at.replace(/’/g, "'").startsWith(m.text.split(' ')[0].replace(/’/g, "'")), `${p.id} at ${m.line}:${m.column}: ${at.slice(0, 30)}`).toBe(true);
      }
    }
    const stalin = json.persons.find((p) => p.id === 'stalin')!;
    expect(stalin.mentions[0]).toMatchObject({ line: 30, column: 2, page: '1', text: 'Stalin' });
  });

  it('shows the {.noindex} text and the derived words the index leaves out', () => {
    const napoleon = json.persons.find((p) => p.id === 'napoleon')!;
    expect(napoleon.suppressed.map((s) => s.text)).toEqual(['a Soviet Bonaparte', 'a Bonaparte', 'a real Soviet Bonaparte', 'this Bonaparte', 'the Soviet Bonaparte', 'the Soviet Bonaparte']);
    const stalin = json.persons.find((p) => p.id === 'stalin')!;
    expect(stalin.derived).toContainEqual(expect.objectContaining({ word: 'Stalinism', count: 19 }));
    expect(stalin.derived.map((d) => d.word)).toEqual(expect.arrayContaining(['Stalinist', 'Stalingrad']));
  });

  it('prints the same as plain text, one line per mention', () => {
    const text = review(SEED).stdout.split('\n');
    expect(text[0]).toBe(`${SEED}: 28 persons, 206 mentions (pages of the PDF edition)`);
    expect(text).toContain('Stalin, Joseph Vissarionovich (stalin): 95 mentions');
    expect(text).toContain(`  ${SEED}:30:2: p. 1: ‘Stalin is dead, long live Stalinism!’ has…`);
    expect(text).toContain(`  ${SEED}:30:28: not indexed (another word): Stalinism ×19`);
  });
});

describe('names review on a small book', () => {
  it('names the entries never found, and refuses a book without a registry', () => {
    const { dir } = bookWith('Tito spoke.\n', 'tito:\n  heading: Tito\n  forms: Tito\ntrotsky:\n  heading: Trotsky, Leon\n  forms: Trotsky\n');
    const r = review(join(dir, 'book.md'));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['Never found in the text:', "  Trotsky, Leon (trotsky): forms 'Trotsky'"]));
    // The registry's own warning, as a build gives it.
    expect(r.stderr).toMatch(/names-unused|never mentioned/);
    const none = bookWith('Tito spoke.\n');
    const r2 = review(join(none.dir, 'book.md'));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/book\.md:1:1: error: the manuscript names no registry/);
  });
});
