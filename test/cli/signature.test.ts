/**
 * A translator's introduction signed at its foot ('—William Archer', Standard Ebooks' `z3998:signature`
 * under his introduction to Ghosts): set flush right in both editions, as a quote's attribution is,
 * not indented as a paragraph of the text. Only in the front matter, and not where the chapter is
 * dialogue (its other paragraphs open with dashes too): in the play a last line after a dash is a reply.
 * A signature with its place and date on a line of its own ('—L. W.' over 'Vienna, 1918', Wittgenstein's
 * preface to the Tractatus) is one too: it was set flush left as lines of verse. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled } from '../compiled.js';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-signature-'));
  writeFileSync(join(dir, 'book.md'), [
    '---', 'title: Ghosts', 'author: Henrik Ibsen', 'translator: William Archer', 'introduction: William Archer', 'language: en-GB', '---', '',
    '# Preface', '',
    'This book will perhaps only be understood by those who have themselves already thought the thoughts which are expressed in it.', '',
    '—L. W.\\', 'Vienna, 1918', '',
    '# Introduction', '',
    'The winter of 1879–80 Ibsen spent in Munich, and the greater part of the summer of 1880 at Berchtesgaden. November 1880 saw him back in Rome, and he passed the summer of 1881 at Sorrento.', '',
    'He here becomes, at last, the most modern of the moderns.', '',
    '—William Archer', '',
    '# Act I', '',
    'Regina. What do you want? Stop where you are.', '',
    '—Lastwords, said Engstrand.', '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0', SAMIZDAT_CACHE: 'off' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a signature under an introduction', () => {
  it('in the PDF: flush right, where a reply that ends an act stays indented', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'out/book.pdf')], { encoding: 'utf8' }))![1]);
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', '1', '-l', String(pages), join(dir, 'out/book.pdf'), '-'], { encoding: 'utf8' });
    const x = (w: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${w}</word>`).exec(bbox)![1]);
    const right = (w: string) => Number(new RegExp(`xMax="([\\d.]+)"[^>]*>${w}</word>`).exec(bbox)![1]);
    const left = x('The');
    const indent = x('He') - left;
    expect(indent).toBeGreaterThan(5);
    // It ends at the measure's end, where the justified lines end.
    const page = bbox.split('<page').find((p) => p.includes('>Archer</word>'))!;
    const measureEnd = Math.max(...[...page.matchAll(/xMax="([\d.]+)"[^>]*>[^<]*<\/word>/g)].map((m) => Number(m[1])));
    expect(measureEnd - right('Archer')).toBeLessThan(1);
    expect(x('—William')).toBeGreaterThan(left + 100);
    expect(x('—Lastwords,') - x('Regina.')).toBeCloseTo(indent, 0);
    // The signature over its dateline, both lines flush right.
    const preface = bbox.split('<page').find((p) => p.includes('>1918</word>'))!;
    const prefaceEnd = Math.max(...[...preface.matchAll(/xMax="([\d.]+)"[^>]*>[^<]*<\/word>/g)].map((m) => Number(m[1])));
    // (The justified line's end may hang a stop or a hyphen into the margin, by under 2 pt.)
    expect(prefaceEnd - right('1918')).toBeLessThan(2);
    expect(right('W.')).toBeCloseTo(right('1918'), 0);
    expect(x('—L.')).toBeGreaterThan(left + 100);
  });

  it('in the EPUB: a class that the style sheet sets flush right; the reply has none', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    const files = await Promise.all(Object.keys(zip.files).filter((f) => /chapter-\d+\.xhtml$/.test(f)).sort().map((f) => zip.file(f)!.async('string')));
    const all = files.join('\n');
    expect(all).toMatch(/<p id="p-\d+" class="signature">—William Archer<\/p>/);
    expect(all).toMatch(/<p id="p-\d+">—Lastwords/);
    expect(all).toMatch(/<p id="p-\d+" class="signature">—L\. W\.<br\/>Vienna, 1918<\/p>/);
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/p\.signature \{\s*text-align: right;\s*text-indent: 0;/);
  });
});
