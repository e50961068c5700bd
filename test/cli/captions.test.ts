/**
 * A figure's caption is inline Markdown, as the text is (pandoc reads it so): its title's, or else its
 * description's. A title printed its asterisks (`*On the Origin of Species*`), and a description lost
 * its italics. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-captions-'));
  cpSync(join(ROOT, 'test/fixtures/captions'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'captions.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/warning/);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('sets the emphasis of a caption, from the title or the description, in italics in the EPUB and without asterisks in the PDF', async () => {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/captions.epub')));
  const text = await zip.file('OEBPS/text.xhtml')!.async('string');
  expect([...text.matchAll(/<figcaption[^>]*>(.*?)<\/figcaption>/g)].map((m) => m[1])).toEqual([
    'The <em>Beagle</em> at anchor',
    'After <em>On the Origin of Species</em>, 1859',
    '<em>Darwin’s</em> tree',
  ]);
  // The description stays plain text for screen readers.
  expect(text).toContain('alt="The Beagle at anchor"');
  const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'out/captions.pdf'), '-'], { encoding: 'utf8' });
  expect(pdf).toContain('The Beagle at anchor');
  expect(pdf).toContain('After On the Origin of Species, 1859');
  expect(pdf).not.toContain('*');
});

it('takes an image\'s alt text from {alt="…"} after it, as pandoc 3 writes it: a figure without words in its brackets has no caption, one with them is captioned by them', async () => {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/captions.epub')));
  const text = await zip.file('OEBPS/text.xhtml')!.async('string');
  const figures = [...text.matchAll(/<figure[^>]*>(.*?)<\/figure>/g)].map((m) => m[1]);
  expect(figures[2]).toMatch(/^<img [^>]*alt="A tree of four branches, lettered a to d"[^>]*\/>$/);
  // Captioned apart from its description: the caption is read too, not hidden as a repeat.
  expect(figures[3]).toContain('alt="A tree of four branches, lettered a to d"');
  expect(figures[3]).toContain('<figcaption><em>Darwin’s</em> tree</figcaption>');
  // Braces and backslash-escaped quotes inside a quoted value are the value's (the attributes were printed).
  expect(figures[4]).toMatch(/^<img [^>]*alt="A tree \{after Darwin\} of the “branching” kind"[^>]*\/>$/);
  const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'out/captions.pdf'), '-'], { encoding: 'utf8' });
  // The description is not printed, nor the attributes.
  expect(pdf).not.toContain('lettered');
  expect(pdf).not.toContain('{');
  expect(pdf).toContain('Darwin’s tree');
});
