/**
 * The targets of `names suggest` on real books (npm run names-eval): at least 90 % of the persons of
 * each book's hand-written answer key found, and at least 60 % of the persons section's lines naming
 * one of them. Three books of different kinds: a translated political text (The Communist Manifesto),
 * a history full of persons (Strachey's Dr Arnold), an early-modern work (Machiavelli's The Prince).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('names suggest on three public-domain books', () => {
  if (statSync(join(ROOT, 'dist/cli/samizdat.mjs'), { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  const results = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'test/names/names-eval.mjs'), '--json'], { encoding: 'utf8' })) as
    { book: string; recall: number; precision: number; missed: string[]; noOne: string[] }[];

  it('evaluates the three books', () => {
    expect(results.map((r) => r.book)).toEqual(['communist-manifesto.md', 'dr-arnold.md', 'the-prince.md']);
  });
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const titles: Record<string, string> = { 'communist-manifesto.md': '*The Communist Manifesto*', 'dr-arnold.md': '*Dr Arnold*', 'the-prince.md': '*The Prince*' };
  for (const r of results) {
    it(`${r.book}: recall ≥ 90 %, precision ≥ 60 %, as the README says`, () => {
      expect(r.recall, `missed: ${r.missed.join(', ')}`).toBeGreaterThanOrEqual(0.9);
      expect(r.precision, `naming no one: ${r.noOne.join(', ')}`).toBeGreaterThanOrEqual(0.6);
      const row = readme.find((l) => l.startsWith('|') && l.includes(titles[r.book]));
      expect(row).toContain(`| ${Math.round(r.recall * 100)} % |`);
      expect(row).toContain(`| ${Math.round(r.precision * 100)} % |`);
    });
  }
});
