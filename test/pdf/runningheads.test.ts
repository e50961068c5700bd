import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { textLeft } from '../../src/pdf/geometry.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { layoutPdf } from '../../src/pdf/layout.js';
import { buildPdf, loadBook, run, SEED, type Built } from './helpers.js';

/** The words of the top line of a page (its running head) as poppler reads them, with their left and right ends. */
function headWords(path: string, physical: number): { text: string; xMin: number; xMax: number }[] {
  const html = run('pdftotext', ['-bbox', '-enc', 'UTF-8', '-f', String(physical), '-l', String(physical), path, '-']);
  const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4] }));
  const top = Math.min(...words.map((w) => w.yMin));
  return words.filter((w) => Math.abs(w.yMin - top) < 1);
}

/** Bidi controls poppler wraps right-to-left text in. */
const stripControls = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

/** A right-to-left book long enough for running heads: the bidi fixture's chapter with its paragraphs repeated. */
function longHebrewBook(): string {
  const src = readFileSync('test/fixtures/bidi/hebrew-book.md', 'utf8');
  const end = src.indexOf('\n---\n', 4) + 5;
  const paragraphs = src.slice(end).split('\n\n').map((p) => p.trim()).filter((p) => p && !p.startsWith('#') && !p.startsWith('[^'));
  const body = Array.from({ length: 30 }, (_, i) => paragraphs[i % paragraphs.length].replace(/\[\^1\]/g, '')).join('\n\n');
  const file = join(mkdtempSync(join(tmpdir(), 'samizdat-heads-')), 'hebrew-heads.md');
  writeFileSync(file, `${src.slice(0, end)}\n# ראש הממשלה הראשון\n\n${body}\n`);
  return file;
}

// The seed first: in one process, a PDF drawn after the Hebrew book loses the text (ToUnicode) of the small-capital S
// in 'Stalin' (it draws right; the same with the code before this test), so pdftotext would read 'JV talin'.
describe('running heads of the seed', () => {
  let b: Built;
  beforeAll(async () => {
    b = await buildPdf(SEED);
  }, 120_000);

  test('print as before: author on versos, the section in force on rectos, centred on the measure', () => {
    const g = b.layout.geometry;
    const body = b.layout.frontCount;
    // Checked by eye against the PDF drawn before heads went through the setter (text pages 2, 3 and 5).
    const expected: [string, string][] = [['2', 'Isaac Deutscher'], ['3', 'The Legacies and Heirs of JV Stalin'], ['5', 'Stalin and Malenkov']];
    for (const [label, head] of expected) {
      const physical = body + Number(label);
      expect(b.layout.pages[physical - 1].label).toBe(label);
      const words = headWords(b.path, physical);
      expect(words.map((w) => w.text).join(' '), `page ${label}`).toBe(head);
      // Centred: poppler's box ends after the last letter's spacing (0.06 em of the head size).
      const centre = (words[0].xMin + words[words.length - 1].xMax) / 2;
      expect(Math.abs(centre - (textLeft(g, physical) + (g.measure + 0.06 * b.layout.styles.head.size) / 2)), `page ${label}`).toBeLessThan(0.5);
    }
  });

  test('the index carries its title on versos and rectos alike, as LaTeX marks it (its versos named the author)', () => {
    const heads = b.layout.pages.flatMap((p, i) => (p.index && p.runningHead ? [[i, p.runningHead] as const] : []));
    expect(heads.length).toBeGreaterThan(0);
    for (const [i, head] of heads) {
      expect(head).toBe('Index of names');
      expect(headWords(b.path, i + 1).map((w) => w.text).join(' ')).toBe('Index of names');
    }
  });
});

describe('running heads in a Hebrew book', () => {
  let b: Built;
  beforeAll(async () => {
    b = await buildPdf(longHebrewBook());
  }, 60_000);

  test('a recto carries the Hebrew chapter title, in the Hebrew face and in reading order', () => {
    const i = b.layout.pages.findIndex((p) => p.runningHead === 'ראש הממשלה הראשון');
    expect(i).toBeGreaterThan(0);
    // Poppler reads a right-to-left line from the right: it gives the title only if its words were drawn in that order.
    const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), b.path, '-']);
    const head = text.split('\n').map((l) => stripControls(l).trim()).find(Boolean);
    expect(head).toBe('ראש הממשלה הראשון');
    // Drawn in visual order: the first word read is the rightmost.
    const words = headWords(b.path, i + 1);
    expect(words.map((w) => w.text)).toEqual(['ןושארה', 'הלשממה', 'שאר']);
    const fonts = run('pdffonts', ['-f', String(i + 1), '-l', String(i + 1), b.path]);
    expect(fonts).toMatch(/NotoSerifHebrew/);
  });

  test('a verso carries the author, and every body page its folio', () => {
    const i = b.layout.pages.findIndex((p) => p.runningHead === 'A. Tester');
    expect(i).toBeGreaterThan(0);
    expect(headWords(b.path, i + 1).map((w) => w.text).join(' ')).toBe('A. Tester');
    const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), b.path, '-']);
    const lines = text.split('\n').map((l) => stripControls(l).trim()).filter(Boolean);
    expect(lines[lines.length - 1]).toBe(b.layout.pages[i].label);
  });
});

describe('running heads over an introduction by another hand', () => {
  test('name its writer on versos (the front matter\'s introduction), the author on the chapters after it', async () => {
    const para = 'A translator explains at length what the book is about, why it matters and how it was made into English. '.repeat(8);
    const chapter = (title: string) => `# ${title}\n\n${Array.from({ length: 12 }, () => para).join('\n\n')}\n`;
    const file = join(mkdtempSync(join(tmpdir(), 'samizdat-heads-')), 'intro.md');
    const fm = '---\ntitle: What Is Art?\nauthor: Leo Tolstoy\ntranslator: Aylmer Maude\nintroduction: Aylmer Maude\nlanguage: en-GB\n---\n\n';
    // The author's own introduction later in the book stays his.
    writeFileSync(file, fm + [chapter('Translator’s Introduction'), chapter('The Author’s Preface'), chapter('I'), chapter('Introduction')].join('\n'));
    const b = await buildPdf(file);
    const heads = b.layout.pages.map((p, i) => [i, p.runningHead] as const).filter(([, h]) => h);
    // The preface opens on the first page without a head after the introduction's.
    const lastIntro = Math.max(...heads.filter(([, h]) => h === 'Translator’s Introduction').map(([i]) => i));
    const preface = b.layout.pages.findIndex((p, i) => i > lastIntro && !p.runningHead);
    const versos = (from: number, to: number) => heads.filter(([i, h]) => i >= from && i < to && !['Translator’s Introduction', 'The Author’s Preface', 'I', 'Introduction'].includes(h!)).map(([, h]) => h);
    // Before: 'Leo Tolstoy' over the translator's pages too.
    expect(new Set(versos(0, preface))).toEqual(new Set(['Aylmer Maude']));
    expect(new Set(versos(preface, b.layout.pages.length))).toEqual(new Set(['Leo Tolstoy']));
    expect(versos(0, preface).length).toBeGreaterThan(1);
    expect(heads.some(([, h]) => h === 'Introduction')).toBe(true);
  });

  test('after a dedication and the translator’s preface, as Giles’s Sun Tzu has them, and not over the author’s introduction after it', async () => {
    const para = 'A translator explains at length what the book is about, why it matters and how it was made into English. '.repeat(8);
    const chapter = (title: string, n = 12) => `# ${title}\n\n${Array.from({ length: n }, () => para).join('\n\n')}\n`;
    const file = join(mkdtempSync(join(tmpdir(), 'samizdat-heads-')), 'sun-tzu.md');
    const fm = '---\ntitle: The Art of War\nauthor: Sun Tzu\ntranslator: Lionel Giles\nintroduction: Lionel Giles\nlanguage: en-GB\n---\n\n';
    writeFileSync(file, fm + [chapter('Dedication {.unlisted}', 1), chapter('Preface by Lionel Giles', 4), chapter('Introduction'), chapter('I. Laying Plans'), chapter('Introduction')].join('\n'));
    const b = await buildPdf(file);
    const titles = ['Preface by Lionel Giles', 'Introduction', 'I. Laying Plans'];
    const heads = b.layout.pages.map((p, i) => [i, p.runningHead] as const).filter(([, h]) => h && !titles.includes(h));
    const opens = (t: string, after = -1) => b.layout.pages.findIndex((p, i) => i > after && p.items.some((it) => it.kind === 'line' && it.line.runs.map((r) => r.text).join(' ') === t));
    // (The translator's introduction is front matter, after the preface; the text begins at 'I. Laying Plans'.)
    const intro = opens('Introduction', opens('Preface by Lionel Giles'));
    const plans = opens('I. Laying Plans', intro);
    const versos = (from: number, to: number) => new Set(heads.filter(([i]) => i > from && i < to).map(([, h]) => h));
    // Before: 'Sun Tzu' over the fifty pages of Giles's introduction, the third chapter of the text.
    expect(versos(intro, plans)).toEqual(new Set(['Lionel Giles']));
    expect(versos(plans, b.layout.pages.length)).toEqual(new Set(['Sun Tzu']));
  });

  test('over a book of chapter files’ translator’s preface, the translator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-heads-'));
    const para = 'The translator explains at length what the book is about and how it was made into English. '.repeat(8);
    const text = (name: string, title: string) => writeFileSync(join(dir, name), `---\ntitle: ${title}\nauthor: Anna Writer\ntranslator: Tom Turner\nlanguage: en-GB\n---\n\n${Array.from({ length: 12 }, () => para).join('\n\n')}\n`);
    text('preface.md', 'Translator’s Preface');
    text('one.md', 'Chapter One');
    writeFileSync(join(dir, 'book.yaml'), 'title: A Book in Files\nlanguage: en-GB\ntexts: [preface.md, one.md]\n');
    const b = await buildPdf(join(dir, 'book.yaml'));
    const versos = (part: string) => new Set(b.layout.pages.filter((p, i) => p.part === part && p.runningHead && i % 2 === 1).map((p) => p.runningHead));
    expect(versos('front')).toEqual(new Set(['Tom Turner']));
    expect(versos('body')).toEqual(new Set(['Anna Writer']));
  });
});

describe('one-sided heads by surname', () => {
  // Where 'Author · Section' is too wide, the author goes by surname: the first name of an author of a
  // work from the Chinese, 'Sun · …', where the last word gave 'Tzu · …'.
  test('name an author of a work from the Chinese by the family name, which comes first', () => {
    const para = 'Sun Tzu said: the art of war is of vital importance to the State, a matter of life and death, a road to safety or to ruin. '.repeat(6);
    const title = 'The Army on the March, with the Commentators on the Nine Varieties of Ground';
    const file = join(mkdtempSync(join(tmpdir(), 'samizdat-heads-')), 'sun-tzu.md');
    writeFileSync(file, `---\ntitle: The Art of War\nauthor: Sun Tzu\ntranslator: Lionel Giles\nlanguage: en-GB\noriginal_language: lzh\n---\n\n# ${title}\n\n${Array.from({ length: 12 }, () => para).join('\n\n')}\n`);
    const layout = layoutPdf(loadBook(file), { paper: 'a5', sides: 1 }, new Diagnostics());
    const heads = layout.pages.map((p) => p.runningHead).filter((h): h is string => !!h);
    expect(heads.length).toBeGreaterThan(1);
    for (const h of heads) expect(h).toMatch(/^Sun · The Army on the March/);
  });
});
