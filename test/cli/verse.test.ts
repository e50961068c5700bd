/**
 * Verse: paragraphs broken into lines by hand (Markdown's hard breaks) are a poem's stanzas, set as
 * verse is, in both editions: each starts flush left, and a stanza after a stanza is set off by a blank
 * line, not by a paragraph's indent (they ran together, each one's first line indented, as prose). A
 * line too long for the measure runs over ragged, its turnover indented under it (it was justified
 * and flush left: a new line to the eye).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-verse-'));
  cpSync(join(ROOT, 'test/fixtures/verse'), dir, { recursive: true });
  for (const poem of ['poem.md', 'whitman.md']) {
    const r = spawnSync(process.execPath, [CLI, 'build', poem, '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
    expect(r.status, r.stderr).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wordsOf = (pdf: string) => {
  const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, pdf), '-'], { encoding: 'utf8' });
  return [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[3]), text: m[4] }));
};

describe('a poem’s stanzas', () => {
  it('in the PDF: flush left, one blank line between them, the prose after them indented as before', () => {
    const words = wordsOf('out/poem.pdf');
    const at = (w: string) => words.find((x) => x.text === w)!;
    const [first, second, last, next] = [at('wandered'), at('That'), at('Fluttering'), at('Continuous')];
    const leading = second.y - first.y;
    expect(leading).toBeGreaterThan(10);
    // The second stanza starts where the first does, a blank line below the first's last line.
    expect(next.x).toBeCloseTo(second.x, 1);
    expect(next.y - last.y).toBeCloseTo(2 * leading, 0);
    // Prose keeps its indent: the paragraph after the poem starts to the right of the stanzas.
    expect(at('Its').x).toBeGreaterThan(second.x + 5);
  });

  it('in the EPUB: paragraphs of class lines, with the stylesheet’s rules for them', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/poem.epub')));
    const chapter = await zip.file('OEBPS/text.xhtml')!.async('string');
    expect([...chapter.matchAll(/<p id="p-\d+"(?: class="([^"]+)")?>/g)].map((m) => m[1])).toEqual([undefined, 'lines', 'lines stanza', undefined]);
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/p\.lines \{\s*text-indent: 0;\s*text-align: left;\s*\}/);
    expect(css).toMatch(/p\.stanza \{\s*margin-top: 1em;\s*\}/);
  });

  it('in the PDF: a line too long runs over ragged, its turnover 2 em in; the next line starts at the left', () => {
    const words = wordsOf('out/whitman.pdf');
    const at = (w: string) => words.find((x) => x.text === w)!;
    const [born, next] = [at('Born'), at('I,')];
    const lineOf = (y: number) => words.filter((w) => Math.abs(w.y - y) < 1).sort((a, b) => a.x - b.x);
    const turnovers = [...new Set(words.filter((w) => w.y > born.y + 1 && w.y < next.y - 1).map((w) => w.y))];
    expect(turnovers.length).toBeGreaterThan(0);
    for (const y of turnovers) {
      const start = lineOf(y)[0].x - born.x;
      expect(start).toBeGreaterThan(18);
      expect(start).toBeLessThan(26);
    }
    // Ragged: the run-over line is not stretched to the measure, nor its last word divided.
    expect(lineOf(born.y).at(-1)!.text).not.toMatch(/-$/);
    expect(next.x).toBeCloseTo(born.x, 1);
  });

  it('in the EPUB: each line a span, set by the stylesheet with its turnover indented', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/whitman.epub')));
    const chapter = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    expect(chapter).toContain('<p id="p-2" class="lines stanza"><span class="l">My tongue, every atom of my blood, form’d from this soil, this air,</span><br/><span class="l">Born here');
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/p\.lines > span\.l \{\s*display: block;\s*padding-left: 2em;\s*text-indent: -2em;\s*\}/);
    expect(css).toMatch(/p\.lines > br \{\s*display: none;\s*\}/);
  });
});
