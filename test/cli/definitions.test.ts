/**
 * Pandoc's definition lists (a glossary, a list of abbreviations, a play's persons: a term, then
 * `:   definition` or `~   definition` under it) as both editions set them, built with the compiled
 * command: before, the colons were printed as text and the entries ran together as paragraphs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { epubcheckProblems } from '../epub/helpers.js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';
import { QpdfJson } from '../pdf/qpdf.js';

let dir: string;
const build = (file: string) => {
  const r = spawnSync(process.execPath, [CLI, 'build', file, '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/warning|error/);
};
/** The text of each page, as pdftotext lays it out, a page's lines trimmed and without blank ones. */
const pages = (pdf: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, pdf), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1)
  .map((p) => p.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean));

beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-definitions-'));
  cpSync(join(ROOT, 'test/fixtures/definitions'), dir, { recursive: true });
  build('glossary.md');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a glossary in the PDF', () => {
  it('prints each term and then its definitions, in order, without the colons', () => {
    const text = pages('out/glossary.pdf').map((p) => p.join(' ')).join(' ');
    expect(text).toContain('persons first: Malenkov Chairman of the Council of Ministers after the funeral, and for a week the first secretary too; he gave the funeral oration. '
      + 'Beria Minister of Internal Affairs, arrested in June.1 In the plenum’s words, a bourgeois renegade. '
      + 'Stalin’s heirs Those who stood on the mausoleum at the funeral, and argued over the succession for months after it. They agreed on one thing only');
    expect(text).toMatch(/Apparat The full-time officials .* Collective leadership The rule of the Presidium .* Plenum A full meeting of the Central Committee, whose first secretary Khrushchev became in September\. And the abbreviations:/);
    expect(text).toContain('abbreviations: CC The Central Committee of the party. CPSU The Communist Party of the Soviet Union, so named from 1952. MVD2 The Ministry of Internal Affairs');
    expect(text).not.toMatch(/(^|\s)[:~]\s/);
  });

  it('sets a term flush left and its definitions a quotation’s indent in, a line of the definition under it', () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'out/glossary.pdf'), '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[3]), text: m[4] }));
    const at = (w: string) => words.find((x) => x.text === w)!;
    const [margin, term, definition, second, after] = [at('succession'), at('Malenkov'), at('Chairman'), at('In'), at('Then')];
    expect(term.x).toBeCloseTo(words.find((w) => w.y === margin.y)!.x, 0);
    // A quotation's indent (1.5 em of 10.5 pt and more): further in than the paragraph after the list.
    expect(definition.x - term.x).toBeGreaterThan(14);
    expect(second.x).toBeCloseTo(definition.x, 1);
    expect(after.x).toBeGreaterThan(term.x + 5);
    expect(after.x).toBeLessThan(definition.x - 1);
    expect(definition.y - term.y).toBeGreaterThan(10);
    expect(definition.y - term.y).toBeLessThan(16);
  });

  it('hangs short terms (abbreviations) in front of their definitions, the definitions in a column an em clear of the widest', () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'out/glossary.pdf'), '-'], { encoding: 'utf8' }).split('<page ').find((p) => p.includes('>NKVD<'))!;
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), right: Number(m[3]), y: Number(m[4]), text: m[5] }));
    const at = (w: string) => words.find((x) => x.text === w)!;
    const terms = ['CC', 'CPSU', 'MVD2', 'NKVD'].map(at);
    const firsts = terms.map((t) => words.find((w) => Math.abs(w.y - t.y) < 0.5 && w.x > t.right)!);
    expect(firsts.map((w) => w.text)).toEqual(['The', 'The', 'The', 'Its']);
    for (const t of terms) expect(t.x).toBeCloseTo(terms[0].x, 1);
    for (const w of firsts) expect(w.x).toBeCloseTo(firsts[0].x, 1);
    const widest = Math.max(...terms.map((t) => t.right));
    expect(firsts[0].x - widest).toBeGreaterThan(8);
    expect(firsts[0].x - widest).toBeLessThan(13);
    // A definition's second line stands in the column, not under the term.
    expect(at('1952.').x).toBeCloseTo(firsts[0].x, 1);
  });

  it('tags the list as a list: each item a label (the term) and a body (its definitions)', () => {
    const q = new QpdfJson(join(dir, 'out/glossary.pdf'));
    const items = q.structChildren('LI');
    expect(items).toHaveLength(10);
    for (const kids of items) expect(kids).toEqual(['Lbl', 'LBody']);
    expect(q.structChildren('L').map((kids) => kids.length)).toEqual([3, 3, 4]);
  });

  it('sets a note cited in a definition or a term at the foot of its page, and indexes the names in terms and definitions', () => {
    const [first] = pages('out/glossary.pdf').filter((p) => p.some((l) => l.includes('Persons and Terms') && !l.includes('.')));
    expect(first.join(' ')).toContain('arrested in June.1');
    expect(first.join(' ')).toContain('1. At a session of the Presidium, by Marshal Zhukov');
    const second = pages('out/glossary.pdf').find((p) => p.some((l) => l.startsWith('MVD2')))!;
    expect(second.join(' ')).toContain('2. Ministerstvo vnutrennikh del.');
    const index = pages('out/glossary.pdf').find((p) => p[0] === 'Index of names')!.join(' ');
    expect(index).toMatch(/Beria, Lavrentiy, 1, 2\b/);
    expect(index).toMatch(/Khrushchev, Nikita, 2\b/);
    expect(index).toMatch(/Malenkov, Georgy, 1\b/);
    expect(index).toMatch(/Stalin, Joseph, 1\b/);
  });

  it('never leaves a term at the foot of a page: it goes over with the first lines of its definition', () => {
    const sentence = 'The word is defined here at some length, as a glossary defines it';
    const entries = Array.from({ length: 60 }, (_, i) => `Glossary entry ${i + 1}\n:   ${Array(1 + ((i * 7) % 5)).fill(sentence).join('; ')}.`);
    writeFileSync(join(dir, 'long.md'), `---\ntitle: A Long Glossary\nauthor: A. Tester\nlanguage: en-GB\n---\n\n# Terms\n\n${entries.join('\n\n')}\n`);
    build('long.md');
    const body = pages('out/long.pdf').filter((p) => p.some((l) => /^Glossary entry \d+$/.test(l)));
    expect(body.length).toBeGreaterThan(4);
    for (const p of body) {
      // The last line above the folio: never a term alone.
      const last = p[p.length - 1].match(/^[\divxlc]+$/) ? p[p.length - 2] : p[p.length - 1];
      expect(last).not.toMatch(/^Glossary entry \d+$/);
    }
    const terms = body.flat().filter((l) => /^Glossary entry \d+$/.test(l));
    expect(terms).toEqual(entries.map((_, i) => `Glossary entry ${i + 1}`));
  });
});

describe('a glossary in the EPUB', () => {
  it('is a dl of dt and dd, with its stylesheet’s rules, and passes epubcheck-ts', async () => {
    const epub = readFileSync(join(dir, 'out/glossary.epub'));
    const zip = await JSZip.loadAsync(epub);
    const chapter = await zip.file('OEBPS/chapter-01.xhtml')!.async('string');
    const lists = [...chapter.matchAll(/<dl(?: class="([^"]*)")?>([\s\S]*?)<\/dl>/g)].map((m) => [m[1], [...m[2].matchAll(/<(dt|dd)\b/g)].map((t) => t[1]).join(' ')]);
    // Short terms hang beside their definitions, as in the PDF: four ems for 'NKVD'.
    expect(lists).toEqual([[undefined, 'dt dd dt dd dd dt dd'], [undefined, 'dt dd dt dd dt dd'], ['hanging hang-4', 'dt dd dt dd dt dd dt dd']]);
    expect(chapter).toMatch(/<dt id="p-\d+"><span id="m-beria-1">Beria<\/span><\/dt>\n<dd>\n<p id="p-\d+">Minister of Internal Affairs, arrested in June\.<a [^>]*href="#note-1"/);
    const css = await zip.file(/style\.css$/)[0].async('string');
    expect(css).toMatch(/dt \{[^}]*font-weight: bold;[^}]*page-break-after: avoid;/);
    expect(css).toMatch(/dd \{\s*margin: 0 0 0 1\.5em;/);
    expect(css).toMatch(/dl\.hanging > dt \{\s*float: left;\s*clear: left;\s*\}/);
    expect(css).toContain('dl.hang-4 > dd { margin-left: 4em; }');
    expect(await epubcheckProblems(epub)).toEqual([]);
  });
});
