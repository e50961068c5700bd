/**
 * A paragraph after a block quote, in both editions alike, as the Chicago Manual sets it: one that opens
 * in lower case goes on with the sentence the quote broke into, flush left ('and if thou shalt strive…'
 * after Empedocles' line in Meditations XII), and one that opens anew is indented. Before, the PDF
 * indented both and the EPUB neither. A quote's attribution, a short last paragraph that opens with a
 * dash ('—Hesiod, *Works and Days*, 184', Standard Ebooks' `<cite>`), is set flush right in both, as an
 * epigraph's is; not in a quote of dialogue, whose paragraphs open with dashes. Through the compiled command.
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
  dir = mkdtempSync(join(tmpdir(), 'samizdat-quotes-'));
  writeFileSync(join(dir, 'book.md'), [
    '---', 'title: Quotes', 'author: A. Writer', 'language: en-GB', '---', '',
    '# One', '',
    'Opening words of the chapter, and the thought that leads to a line of verse, which the writer quotes as his own:', '',
    '> All round, and in its joyous rest reposing;', '',
    'whereupon the sentence goes on after the quoted line, to its end, as one sentence does.', '',
    'Thereafter a new paragraph, which quotes another line:', '',
    '> It is not right to vex ourselves at things.', '',
    'Meanwhile a paragraph opens anew after the quote, and it is indented as paragraphs are.', '',
    '“quoted words in lower case” open this one after a paragraph, and it is indented.', '',
    '> And virtue they will curse, speaking harsh words.', '>', '> —Hesiod, *Works and Days*, 184.', '',
    'Dialogue follows.', '',
    '> — Will you come? said one, at the door.', '>', '> — Yesno.', '',
  ].join('\n'));
  const r = spawnSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a paragraph after a block quote', () => {
  it('in the PDF: flush left when it goes on in lower case, indented when it opens anew; an attribution flush right', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'out/book.pdf')], { encoding: 'utf8' }))![1]);
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', '1', '-l', String(pages), join(dir, 'out/book.pdf'), '-'], { encoding: 'utf8' });
    const x = (w: string) => Number(new RegExp(`<word xMin="([\\d.]+)"[^>]*>${w}</word>`).exec(bbox)![1]);
    const left = x('Opening');
    const indent = x('Thereafter') - left;
    expect(indent).toBeGreaterThan(5);
    expect(x('whereupon')).toBeCloseTo(left, 0);
    expect(x('Meanwhile') - left).toBeCloseTo(indent, 0);
    expect(x('“quoted') - left).toBeCloseTo(indent, 0);
    // The attribution ends where the quote's lines end; the reply in a dialogue does not.
    const right = (w: string) => Number(new RegExp(`xMax="([\\d.]+)"[^>]*>${w}</word>`).exec(bbox)![1]);
    const quoteEnd = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"[^>]*>[^<]*<\/word>/g)].map((m) => Number(m[1])));
    expect(quoteEnd - right('184.')).toBeLessThan(quoteEnd - right('words.'));
    expect(Math.abs(right('184.') - (quoteEnd - indent))).toBeLessThan(25);
    expect(x('—Hesiod,')).toBeGreaterThan(x('virtue') + 50);
    // (An indent in, as a quote's second paragraph is, not pushed to the right.)
    expect(x('Yesno.') - x('Will')).toBeLessThan(indent + 5);
  });

  it('in the EPUB: the same, by a class on the paragraph that goes on (one after a quote is indented otherwise) and on the attribution', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/book.epub')));
    const chapter = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    expect(chapter).toMatch(/<p id="p-\d+" class="continues">whereupon/);
    expect(chapter).toMatch(/<p id="p-\d+">Meanwhile/);
    expect(chapter).toMatch(/<p id="p-\d+" class="attribution">—Hesiod, <em>Works and Days<\/em>, 184\.<\/p>\n<\/blockquote>/);
    expect(chapter).not.toMatch(/class="attribution">— Yesno/);
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/blockquote p\.attribution \{\s*text-align: right;/);
    const flush = /([^{}]*)\{\s*text-indent: 0;\s*\}/.exec(css.slice(css.indexOf('h1 + p')))![1];
    expect(flush).toContain('p.continues');
    expect(flush).not.toContain('blockquote + p');
  });
});
