/**
 * A figure's caption is centred, as a heading is, and like one its words are kept whole: Omega's numbered
 * caption 'Figure 2. The comet’s path among the planets, from infinite space towards the Sun.' was cut
 * 'plan-|ets' at the end of its first line, as a justified line may be. A table's caption likewise.
 * Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ensureCompiled } from '../compiled.js';

const ORBITS = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 190 170"><ellipse cx="95" cy="85" rx="80" ry="50" fill="none" stroke="#000"/></svg>';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-caption-lines-'));
  writeFileSync(join(dir, 'orbits.svg'), ORBITS);
  writeFileSync(join(dir, 'book.md'), [
    '---', 'title: Omega', 'author: Camille Flammarion', 'language: en-US', 'number: [figures, tables]', '---', '',
    '# II', '',
    'The drawing gives an idea of the intersections of the cometary and planetary orbits.', '',
    '![Paths of comets among the orbits of the planets](orbits.svg "The comet’s path among the planets, from infinite space towards the Sun.")', '',
    'Table: The comet’s path among the planets, from infinite space towards the Sun.', '',
    '| Planet | Distance |', '|---|---:|', '| Jupiter | 5.2 |', '| Saturn | 9.5 |', '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sets a caption of two lines with its words whole', () => {
  const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'out/book.pdf'), '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim());
  const figure = lines.findIndex((l) => l.startsWith('Figure 1.'));
  const table = lines.findIndex((l) => l.startsWith('Table 1.'));
  expect(figure).toBeGreaterThanOrEqual(0);
  expect(table).toBeGreaterThanOrEqual(0);
  for (const at of [figure, table]) {
    expect(lines[at + 1]).toMatch(/Sun\.$/);
    expect(lines[at]).not.toMatch(/-$/);
    expect(`${lines[at]} ${lines[at + 1]}`).toContain('planets, from infinite');
  }
});
