/**
 * The front matter's chapters (a preface, an introduction by another hand) in both editions, through
 * the compiled command: set after the contents under roman folios, the text's page 1 on a recto after
 * them; the index of names and the EPUB's page-list cite their roman pages; the EPUB's files for them
 * are front matter and its "start of text" landmark is the text's first chapter.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';
import { epubcheckProblems } from '../epub/helpers.js';

let dir: string;
const build = (file: string, out: string) => spawnSync(process.execPath, [CLI, 'build', file, '--out', out], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
const pages = (pdf: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, pdf), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1).map((p) => p.replace(/\s+/g, ' ').trim());

/** Every physical page's label, from the PDF's /PageLabels as a reader shows them (qpdf). */
function labels(pdf: string, count: number): string[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pagelabels', join(dir, pdf)], { encoding: 'utf8' })) as { pagelabels: { index: number; label: { '/S': string; '/St'?: number } }[] };
  const roman = (n: number) => [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']].reduce((s, [v, r]) => { for (; n >= (v as number); n -= v as number) s += r; return s; }, '');
  return Array.from({ length: count }, (_, i) => {
    const range = json.pagelabels.filter((l) => l.index <= i).at(-1)!;
    const n = i - range.index + (range.label['/St'] ?? 1);
    return range.label['/S'] === '/r' ? roman(n) : String(n);
  });
}

beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-frontmatter-'));
  cpSync(join(ROOT, 'test/fixtures/names-books'), dir, { recursive: true });
  const src = readFileSync(join(dir, 'communist-manifesto.md'), 'utf8').replace('\n---\n', '\nnames: communist-manifesto.names.yaml\n---\n');
  // Engels's preface of 1888 leads the front matter, then the Manifesto's own introduction begins the text.
  writeFileSync(join(dir, 'manifesto.md'), src);
  // The same with an introduction the front matter credits to another hand: the Manifesto's first section begins the text.
  writeFileSync(join(dir, 'introduced.md'), src.replace('\n---\n', '\nintroduction: Ida Intro\n---\n'));
  // With a writer credited for the preface, and with the preface given to the translator by its title.
  writeFileSync(join(dir, 'prefaced.md'), src.replace('\n---\n', '\npreface: Friedrich Engels\n---\n'));
  writeFileSync(join(dir, 'translated.md'), src.replace('\n# Preface\n', '\n# Translator’s Preface\n'));
  // A motto before the preface: the book's epigraph.
  writeFileSync(join(dir, 'motto.md'), src.replace('\n# Preface\n', '\n> Workers of the world, unite!\n>\n> —The last words of the *Manifesto*\n\n# Preface\n'));
  for (const name of ['manifesto', 'introduced', 'prefaced', 'translated', 'motto']) {
    const r = build(`${name}.md`, 'out');
    expect(r.status, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a preface before the text', () => {
  it('in the PDF: after the contents under roman folios; the text’s page 1 is a recto after it; the contents give both', () => {
    const all = pages('out/manifesto.pdf');
    const label = labels('out/manifesto.pdf', all.length);
    const preface = all.findIndex((p) => p.startsWith('Preface The Manifesto was published'));
    const text = all.findIndex((p) => /^Introduction A specter is haunting Europe/.test(p));
    expect(all.findIndex((p) => p.startsWith('Contents'))).toBeLessThan(preface);
    expect(label[preface]).toMatch(/^[ivx]+$/);
    // The preface's pages end with their folios, roman; then the text begins on page 1, a recto (odd physical page).
    for (let i = preface; i < text; i++) if (all[i]) expect(all[i].split(' ').at(-1)).toBe(label[i]);
    expect(label[text]).toBe('1');
    expect(text % 2).toBe(0);
    const contents = all.find((p) => p.startsWith('Contents'))!;
    expect(contents).toMatch(new RegExp(`Preface( \\.)+ ${label[preface]} Introduction( \\.)+ 1 I: Bourgeois`));
  });

  it('the index of names cites the preface’s roman pages, where the name is printed, before the text’s', () => {
    const all = pages('out/manifesto.pdf');
    const label = labels('out/manifesto.pdf', all.length);
    const index = all.slice(all.findIndex((p) => p.startsWith('Index of names'))).join(' ');
    // Proudhon, named in the preface and in the text. Each locator's pages, a range by its two ends ('v–ix').
    const proudhon = /Proudhon, Pierre-Joseph((?:, [ivx\d–]+)+)/.exec(index)!;
    const cited = proudhon[1].split(', ').slice(1).flatMap((c) => c.split('–'));
    expect(cited[0]).toMatch(/^[ivx]+$/);
    expect(cited.some((c) => /^\d/.test(c))).toBe(true);
    for (const c of cited.filter((x) => /^[ivx]+$/.test(x))) expect(all[label.indexOf(c)], `page ${c}`).toMatch(/Proudhon/);
  });

  it('in the EPUB: front-matter files before the text’s, “start of text” at the text, roman page markers in the preface; EPUBCheck finds nothing', async () => {
    const epub = readFileSync(join(dir, 'out/manifesto.epub'));
    const zip = await JSZip.loadAsync(epub);
    const file = async (name: string) => zip.file(`OEBPS/${name}`)!.async('string');
    const preface = await file('chapter-01.xhtml');
    expect(preface).toMatch(/<body epub:type="frontmatter">/);
    expect(preface).toMatch(/<section epub:type="preface" role="doc-preface" aria-labelledby="preface">/);
    expect(await file('chapter-02.xhtml')).toMatch(/<body epub:type="bodymatter">\s*<section epub:type="chapter"/);
    const nav = await file('toc.xhtml');
    expect(nav).toMatch(/<a epub:type="bodymatter" href="chapter-02.xhtml">Introduction<\/a>/);
    const all = pages('out/manifesto.pdf');
    const label = labels('out/manifesto.pdf', all.length);
    const first = label[all.findIndex((p) => p.startsWith('Preface The Manifesto was published'))];
    expect(nav).toContain(`<a href="chapter-01.xhtml#page-${first}">${first}</a>`);
    expect(preface).toContain(`id="page-${first}"`);
    // The EPUB's index gives Harney, named on the preface's first page alone, the same roman page as the PDF's.
    expect(await file('index.xhtml')).toMatch(new RegExp(`Harney, George Julian</span>, <a[^>]*>${first}</a></li>`));
    expect(await epubcheckProblems(epub)).toEqual([]);
  });

  it('an introduction the front matter credits to another joins the front matter: the text then begins at its first section', async () => {
    const all = pages('out/introduced.pdf');
    const label = labels('out/introduced.pdf', all.length);
    expect(label[all.findIndex((p) => /^Introduction A specter is haunting Europe/.test(p))]).toMatch(/^[ivx]+$/);
    const text = all.findIndex((p) => p.startsWith('I: Bourgeois and Proletarians'));
    expect(label[text]).toBe('1');
    expect(text % 2).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/introduced.epub')));
    const intro = await zip.file('OEBPS/chapter-02.xhtml')!.async('string');
    expect(intro).toMatch(/<body epub:type="frontmatter">\s*<section epub:type="introduction" role="doc-introduction"/);
    expect(await zip.file('OEBPS/toc.xhtml')!.async('string')).toMatch(/<a epub:type="bodymatter" href="chapter-03.xhtml">I: Bourgeois and Proletarians<\/a>/);
  });

  it('its running heads name its writer on versos: the credited one, the translator by its title, else the authors (an introduction’s: runningheads.test.ts)', () => {
    const verso = (pdf: string) => {
      const all = pages(pdf);
      const first = all.findIndex((p) => / The Manifesto was published/.test(p));
      return all[first + 1].slice(0, 40);
    };
    expect(verso('out/manifesto.pdf')).toMatch(/^Karl Marx and Friedrich Engels /);
    expect(verso('out/prefaced.pdf')).toMatch(/^Friedrich Engels again/);
    expect(verso('out/translated.pdf')).toMatch(/^Samuel Moore again/);
  });
});

describe('a motto before the preface', () => {
  it('in the PDF: an epigraph on a recto of its own before the preface, without a folio; the preface on the next recto; the text still on page 1', () => {
    const all = pages('out/motto.pdf');
    const label = labels('out/motto.pdf', all.length);
    const motto = all.findIndex((p) => p.startsWith('Workers of the world'));
    const preface = all.findIndex((p) => p.startsWith('Preface The Manifesto was published'));
    // After the contents, alone on its page (no folio, no running head), and not listed in the contents.
    expect(motto).toBeGreaterThan(all.findIndex((p) => p.startsWith('Contents')));
    expect(all[motto]).toBe('Workers of the world, unite! —The last words of the Manifesto');
    expect(label[motto]).toMatch(/^[ivx]+$/);
    expect(motto % 2).toBe(0); // a recto: physical pages count from 0 here
    expect(all[motto + 1]).toBe('');
    expect(preface).toBe(motto + 2);
    expect(all.find((p) => p.startsWith('Contents'))).not.toMatch(/Workers/);
    expect(label[all.findIndex((p) => /^Introduction A specter is haunting Europe/.test(p))]).toBe('1');
  });

  it('in the EPUB: a front-matter file before the preface’s, out of the nav’s contents, its first paragraph not indented; EPUBCheck finds nothing', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/motto.epub')));
    const opening = await zip.file('OEBPS/opening.xhtml')!.async('string');
    expect(opening).toMatch(/<body epub:type="frontmatter">\n<section class="motto">\n<blockquote class="epigraph" epub:type="epigraph" role="doc-epigraph">/);
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).not.toMatch(/href="opening\.xhtml"[^#]/);
    expect(nav).toMatch(/epub:type="bodymatter" href="chapter-02\.xhtml"/);
    // The page marker opening the quote comes before its first paragraph, which is still not indented.
    expect(opening).toMatch(/<blockquote[^>]*>\n<span epub:type="pagebreak"[^>]*><\/span><p/);
    const css = await zip.file('OEBPS/style.css')!.async('string');
    expect(css).toMatch(/blockquote > span\[role="doc-pagebreak"\]:first-child \+ p[^{]*\{\s*text-indent: 0;/);
    expect(await epubcheckProblems(readFileSync(join(dir, 'out/motto.epub')))).toEqual([]);
  }, 120_000);
});
