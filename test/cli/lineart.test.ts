/**
 * A drawing in black, white and greys alone (line art: Standard Ebooks' traced diagrams, black paths on
 * a clear ground) is inverted in the EPUB where the reader's theme is dark: black on a black page, it
 * was not there at all. A picture in colours is left as it is. Through the compiled command.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-lineart-'));
  cpSync(join(ROOT, 'test/fixtures/lineart'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'lineart.md', '--out', 'out', '--format', 'epub'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/warning/);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('inverts a black-and-white drawing, figure or inline, under a dark theme, and not a picture in colours', async () => {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/lineart.epub')));
  const text = await zip.file('OEBPS/text.xhtml')!.async('string');
  const imgs = [...text.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
  expect(imgs).toHaveLength(3);
  expect(imgs[0]).toContain('class="line-art"');
  expect(imgs[1]).toContain('class="line-art"');
  expect(imgs[2]).toContain('map.svg');
  expect(imgs[2]).not.toContain('line-art');
  const css = await zip.file('OEBPS/style.css')!.async('string');
  expect(css.replace(/\/\*[\s\S]*?\*\//g, '')).toMatch(/@media all and \(prefers-color-scheme: dark\)\s*\{\s*img\.line-art\s*\{\s*filter: invert\(100%\);\s*\}\s*\}/);
});
