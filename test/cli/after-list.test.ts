/**
 * A paragraph after a list opens anew, indented, in both editions: the PDF indented it and the EPUB's
 * style sheet set it flush (`ul + p`), so the line under a play's persons ('The action takes place at
 * Mrs. Alving's country house', under the list of them in Archer's Ghosts) stood in on paper and flush on
 * the screen. Through the compiled command.
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
  dir = mkdtempSync(join(tmpdir(), 'samizdat-after-list-'));
  writeFileSync(join(dir, 'book.md'), [
    '---', 'title: Ghosts', 'author: Henrik Ibsen', 'language: en-GB', '---', '',
    '# Dramatis Personae', '',
    'Opening words before the persons, a paragraph of its own that runs on over a line or so of the page, as prose does.', '',
    '- Mrs. Helen Alving, widow of Captain Alving.', '- Oswald Alving, her son, a painter.', '',
    'Theaction takes place at Mrs. Alving’s country house, beside one of the large fjords in Western Norway.', '',
    '1. First.', '2. Second.', '',
    'Thereafter a paragraph after a numbered list.', '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0', SAMIZDAT_CACHE: 'off' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a paragraph after a list', () => {
  it('in the PDF: indented by the paragraph indent', () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'out/book.pdf'), '-'], { encoding: 'utf8' });
    const x = (w: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${w}</word>`).exec(bbox)![1]);
    const left = x('Opening');
    const indent = x('Thereafter') - left;
    expect(indent).toBeGreaterThan(5);
    expect(x('Theaction') - left).toBeCloseTo(indent, 0);
  });

  it('in the EPUB: no rule sets it flush, as none sets the paragraph after a quote', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    const chapter = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    expect(chapter).toMatch(/<\/ul>\n<p id="p-\d+">Theaction/);
    expect(chapter).toMatch(/<\/ol>\n<p id="p-\d+">Thereafter/);
    const css = await zip.file(/style\.css$/)[0].async('string');
    const flush = /([^{}]*)\{\s*text-indent: 0;\s*\}/.exec(css.slice(css.indexOf('h1 + p')))![1];
    expect(flush).toContain('h1 + p');
    expect(flush).not.toMatch(/\b[uo]l \+ p/);
    // Nor after a code block, which the PDF follows with an indented paragraph too.
    expect(flush).not.toMatch(/\bpre \+ p/);
  });
});
