/**
 * Epigraphs: pandoc's fenced div `::: epigraph` (or `::: {.epigraph}`, around a quote or not) is set
 * as memoir's \epigraph sets one, in both editions: smaller, in a block at the measure's end, an
 * attribution that opens with a dash flush right, and the text after it without an indent. Before,
 * the div's text was read as plain paragraphs of the body. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
let stderr: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-epigraph-'));
  cpSync(join(ROOT, 'test/fixtures/epigraph'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'hegel.md', '--out', 'out', '--format', 'pdf,epub,kepub'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  stderr = r.stderr;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an epigraph', () => {
  it('in the PDF: smaller, in the measure’s last three fifths, its attribution flush right; the text after it not indented', () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', '6', '-l', '6', join(dir, 'out/hegel.pdf'), '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), right: Number(m[3]), height: Number(m[4]) - Number(m[2]), text: m[5] }));
    const at = (w: string) => words.find((x) => x.text === w)!;
    const left = at('The').x;
    const right = Math.max(...words.map((w) => w.right));
    const measure = right - left;
    // The quote's lines start two fifths in; its attribution ends at the measure's end.
    expect(Math.abs(at('When').x - left - 0.4 * measure)).toBeLessThan(2);
    expect(Math.abs(at('Preface').right - right)).toBeLessThan(2);
    expect(at('When').height).toBeLessThan(at('The').height);
    // The paragraph after it starts at the left edge, as after a heading.
    expect(words.filter((w) => w.text === 'The').at(-1)!.x).toBeCloseTo(left, 1);
  });

  it('in the EPUB: a blockquote of epub:type epigraph, its attribution a paragraph of its own, with the stylesheet’s rules; EPUBCheck finds nothing', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/hegel.epub')));
    const chapter = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    expect(chapter).toMatch(/<blockquote class="epigraph" epub:type="epigraph" role="doc-epigraph">\n<p id="p-\d+">When philosophy[^<]*<\/p>\n<p id="p-\d+" class="attribution">— <em>Preface<\/em><\/p>\n<\/blockquote>/);
    const opening = await zip.file('OEBPS/opening.xhtml')!.async('string');
    // (The first page's marker goes inside it, before its first paragraph.)
    expect(opening).toMatch(/<blockquote class="epigraph" epub:type="epigraph" role="doc-epigraph">\n(?:<span epub:type="pagebreak"[^>]*><\/span>)?<p id="p-1">What is rational/);
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/blockquote\.epigraph \{\s*margin: 1\.5em 0 1\.5em 40%;/);
    expect(css).toMatch(/blockquote\.epigraph p\.attribution \{\s*text-align: right;/);
    for (const f of ['hegel.epub', 'hegel.kepub.epub']) {
      const r = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'out', f)], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toMatch(/No errors or warnings detected/);
    }
  }, 120_000);

  it('passes samizdat check, Ace by DAISY included: the blockquote has the ARIA role of its epub:type (Ace warned, and the check failed, on every book with an epigraph)', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', 'out/hegel.epub'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium' } });
    expect(r.stdout.split('\n').filter((l) => / (error|warning): /.test(l))).toEqual([]);
    expect(r.stderr).toMatch(/hegel\.epub: no problems found by EPUBCheck [\d.]+ \(Java\), Ace by DAISY/);
    expect(r.status).toBe(0);
  }, 180_000);

  it('is read without a note on fenced divs whose attributes do nothing', () => {
    expect(stderr).not.toMatch(/fenced div/);
  });
});
