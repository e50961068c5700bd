/**
 * Anchors in the text, pandoc's `[134.]{#chapter-1-134}`: a scholarly edition's section numbers, which
 * its notes refer to ('cp. I. 134', as Macaulay's Herodotus does some hundreds of times). A link to one
 * leads to it in both editions, through the compiled command; before, the id was dropped and every such
 * link was set as plain text with a warning. One after a paragraph's last word stands at that word in the
 * PDF (it had no destination there, and the PDF's link to it was dropped). An id may hold dots, as pandoc's may:
 * the Tractatus numbers its propositions `[**4.003**]{#section-4.003}`, and its braces were printed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QpdfJson } from '../pdf/qpdf.js';
import { CLI, ensureCompiled } from '../compiled.js';

const FILLER = 'Those of the Persians who have knowledge of history declare that the Phoenicians first began the quarrel, and that they came from the Erythraean Sea to this of ours. '.repeat(4);
const BOOK = `---
title: The History
author: Herodotus
language: en-GB
---

# Book I

This is the Showing forth of the Inquiry.[^1]

${Array.from({ length: 12 }, () => FILLER).join('\n\n')}

# Book II

${Array.from({ length: 6 }, () => FILLER).join('\n\n')}

[134.]{#chapter-1-134} Croesus sent to Delphi. ${FILLER}

[**4.003**]{#section-4.003} Most propositions and questions that have been written about philosophical matters are not false but senseless.

The page is marked here[]{#page_12} in the middle of a sentence, as a conversion from HTML leaves it, and at its end.[]{#page_13}

[^1]: Aristotle writes *Thurii*; cp. [I. 134](#chapter-1-134), and the [page](#page_12) and the [next](#page_13); and Wittgenstein's [4.003](#section-4.003).
`;

let work: string;
let stderr: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-anchors-'));
  writeFileSync(join(work, 'history.md'), BOOK);
  const r = spawnSync(process.execPath, [CLI, 'build', 'history.md', '--out', 'out'], { cwd: work, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  stderr = r.stderr;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a link to an anchor in the text', () => {
  it('is no link to nothing', () => {
    expect(stderr).not.toContain('link-missing-id');
    expect(stderr).not.toMatch(/warning/);
  });

  it('leads from the note to the page of the section number in the PDF', () => {
    const pdf = join(work, 'out/history.pdf');
    const pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f');
    const pageOf = (words: string) => pages.findIndex((p) => p.includes(words));
    const note = pageOf('Aristotle writes');
    const section = pageOf('134. Croesus sent to Delphi');
    const marked = pageOf('The page is marked here in the middle');
    const proposition = pageOf('4.003 Most propositions and questions');
    expect(pages.join('')).not.toContain('{#');
    expect(proposition).toBeGreaterThan(note);
    expect(note).toBeGreaterThanOrEqual(0);
    expect(section).toBeGreaterThan(note);
    const q = new QpdfJson(pdf);
    const dests = q.dests();
    expect(q.links(note).flatMap((l) => (l.dest ? [[l.dest, dests.get(l.dest)]] : []))).toEqual(expect.arrayContaining([['chapter-1-134', section], ['page_12', marked], ['page_13', marked], ['section-4.003', proposition]]));
  });

  it('leads to the section number’s span in its chapter’s file in the EPUB', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(work, 'out/history.epub')));
    const files = await Promise.all(zip.file(/\.xhtml$/).map(async (f) => ({ name: f.name.replace('OEBPS/', ''), xhtml: await f.async('string') })));
    const noteFile = files.find((f) => f.xhtml.includes('Aristotle writes'))!;
    const href = /<a href="([^"]+)">I\. 134<\/a>/.exec(noteFile.xhtml)?.[1];
    expect(href).toMatch(/^[\w-]+\.xhtml#chapter-1-134$/);
    const target = files.find((f) => f.name === href!.split('#')[0])!;
    expect(target.xhtml).toContain('<span id="chapter-1-134">134.</span> Croesus sent to Delphi.');
    expect(noteFile.xhtml).toMatch(/<a href="[\w-]+\.xhtml#section-4\.003">4\.003<\/a>/);
    expect(target.xhtml).toContain('<span id="section-4.003"><strong>4.003</strong></span> Most propositions');
    expect(target.xhtml).toContain('marked here<span id="page_12"></span> in the middle');
    expect(target.xhtml).toContain('at its end.<span id="page_13"></span></p>');
  });
});
