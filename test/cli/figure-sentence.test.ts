/**
 * A figure or a table that stands in a sentence, as a treatise's diagrams do: 'This perhaps explains that
 * the figure [a cube] can be seen in two ways as a cube' (the Tractatus, 5.5423). The paragraph after it that
 * opens in lower case goes on with the sentence, flush left in both editions, as one after a quote is
 * (Standard Ebooks marks it `continued`); before, the PDF indented it as a new paragraph, and after a table
 * so did the EPUB. A paragraph that opens anew after a table is indented still. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled } from '../compiled.js';

const CUBE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="M12 37v50h50V37zM37 12v50h50V12zM12 37 37 12M62 37 87 12M62 87 87 62M12 87 37 62" fill="none" stroke="#000"/></svg>';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-figure-sentence-'));
  writeFileSync(join(dir, 'cube.svg'), CUBE);
  writeFileSync(join(dir, 'book.md'), [
    '---', 'title: Propositions', 'author: A. Writer', 'language: en-GB', '---', '',
    '# One', '',
    'Opening words of the chapter, which come first and set the paragraph’s left edge for the others.', '',
    'Secondly a paragraph, indented as paragraphs are. This perhaps explains that the figure', '',
    '![](cube.svg){alt="An outline of a cube"}', '',
    'can be seen in two ways as a cube; and all similar phenomena. For we really see two different facts.', '',
    'The truth-possibilities can be presented by schemata of the following kind', '',
    '| p | q |', '|---|---|', '| T | T |', '| F | T |', '| T | F |', '| F | F |', '',
    'where the rows of the schema are the truth-possibilities, and the sentence goes on after it.', '',
    '| p |', '|---|', '| T |', '| F |', '',
    'Meanwhile a paragraph opens anew after the second table, and it is indented as paragraphs are.', '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a paragraph after a figure or a table in a sentence', () => {
  it('in the PDF: flush left when it goes on in lower case, indented when it opens anew', () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'out/book.pdf'), '-'], { encoding: 'utf8' });
    const x = (w: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${w}</word>`).exec(bbox)![1]);
    const left = x('Opening');
    const indent = x('Secondly') - left;
    expect(indent).toBeGreaterThan(5);
    expect(x('can') - left).toBeCloseTo(0, 0);
    // (The tables' page is a verso, its margin another: the two paragraphs after them compared on it.)
    expect(x('Meanwhile') - x('where')).toBeCloseTo(indent, 0);
  });

  it('in the EPUB: marked as going on, and the new paragraph not', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    const names = zip.file(/\.xhtml$/).map((f) => f.name);
    const xhtml = (await Promise.all(names.map((n) => zip.file(n)!.async('string')))).join('\n');
    expect(xhtml).toMatch(/<p [^>]*class="continues">can be seen in two ways/);
    expect(xhtml).toMatch(/<p [^>]*class="continues">where the rows of the schema/);
    expect(xhtml).toMatch(/<p( id="[^"]*")?>Meanwhile a paragraph opens anew/);
  });
});
