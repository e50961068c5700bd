/**
 * A figure or a table that stands in a sentence, as a treatise's diagrams do: 'This perhaps explains that
 * the figure [a cube] can be seen in two ways as a cube' (the Tractatus, 5.5423). The paragraph after it that
 * opens in lower case goes on with the sentence, flush left in both editions, as one after a quote is
 * (Standard Ebooks marks it `continued`); before, the PDF indented it as a new paragraph, and after a table
 * so did the EPUB. A paragraph that opens anew after a table is indented still. And such a figure, after a
 * lead-in that ends in a colon ('runs thus:—') or before a paragraph that goes on with the sentence, stays
 * where it stands in the PDF rather than float to the next page's head: the text ran on past it, and the
 * reader met 'thus:—' with nothing after it. Through the compiled command.
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

const SENTENCE = 'The truth-functions of every number of elementary propositions can be written in a schema of this kind. ';
/** A page's worth of propositions, each leading into a figure eight lines tall: some of them near a page's foot. */
function propositions(): string {
  const out: string[] = [];
  for (let k = 1; k <= 10; k++) {
    out.push(`Filler ${k}. ${SENTENCE.repeat(1 + ((k * 3) % 7))}`, `Lead-in ${k} runs thus:—`, `![Brackets joined by lines](tall.svg "Caption ${k}.")`, `hence ${k} the proposition goes on after the figure.`);
  }
  return out.join('\n\n');
}

describe('a figure in a sentence in the PDF', () => {
  it('stays between its lead-in and the words after it, not floated over them to the next page', () => {
    writeFileSync(join(dir, 'tall.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 150"><path d="M10 10v130h80V10z" fill="none" stroke="#000"/></svg>');
    writeFileSync(join(dir, 'held.md'), ['---', 'title: Held', 'author: A. Writer', 'language: en-GB', '---', '', '# One', '', propositions(), ''].join('\n'));
    const r = spawnSync(process.execPath, [CLI, 'build', 'held.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
    expect(r.status, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'out/held.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (let k = 1; k <= 10; k++) {
      const lead = text.indexOf(`Lead-in ${k} runs`);
      const caption = text.indexOf(`Caption ${k}.`);
      const after = text.indexOf(`hence ${k} the`);
      expect([lead, caption, after].every((i) => i >= 0)).toBe(true);
      expect(lead, `figure ${k}`).toBeLessThan(caption);
      expect(caption, `figure ${k}`).toBeLessThan(after);
    }
  }, 60_000);
});

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
