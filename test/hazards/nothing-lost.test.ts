/**
 * Nothing silently dropped: random manuscripts of the blocks whole books are made of (parts,
 * chapters, quotes, nested lists, tables narrow and far too wide, notes short and longer than a
 * page, epigraphs, verse, definition lists, figures, code), every word of them a token of its own.
 * Whatever the build decides (broadside, split, smaller, a warning), each token is in the PDF's
 * text and in the EPUB's.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { BuildError } from '../../src/diagnostics.js';
import { epubcheckProblems, unzip } from '../epub/helpers.js';
import { buildPdf } from '../pdf/helpers.js';

/** SAMIZDAT_PROPERTY_RUNS=20 searches twenty times as long. */
const RUNS = Number(process.env.SAMIZDAT_PROPERTY_RUNS ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'samizdat-nothing-lost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync('test/fixtures/hazards/assets/images/map.png', join(dir, 'img.png'));
// A figure as tall as the page allows (900 × 1200 px) and a wide one (3600 × 1200 px).
copyFileSync('test/fixtures/booktype/tall.png', join(dir, 'tall.png'));
copyFileSync('test/fixtures/ereader/panorama.png', join(dir, 'wide.png'));

/** Tokens no hyphenation pattern breaks and no other word contains: 'q7k', 'q12k'. */
let next = 0;
const token = () => `q${next++}k`;
/** Persons of the names registry: one word in every eleven is one of them, wherever it falls. */
const NAMES = ['Quilby', 'Zorbak', 'Vantreen'];
const words = (n: number) => Array.from({ length: n }, () => (next % 11 === 5 ? NAMES[next++ % 3] : token())).join(' ');
writeFileSync(join(dir, 'names.yaml'), NAMES.map((name) => `${name.toLowerCase()}:\n  heading: ${name}, Anna\n  forms: [${name}]\n`).join(''));
const W = fc.integer({ min: 1, max: 40 });

const paragraph = W.map((n) => `${words(n)}.`);
const heading = fc.tuple(fc.constantFrom('# ', '## ', '### '), fc.integer({ min: 1, max: 6 }), fc.constantFrom('', '', ' {.part}', ' {.unlisted}'))
  .map(([h, n, attr]) => (h === '# ' ? `${h}${words(n)}${attr}` : `${h}${words(n)}`));
const quote = fc.array(W, { minLength: 1, maxLength: 3 }).map((ps) => ps.map((n) => `> ${words(n)}.`).join('\n>\n'));
const list = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), W), { minLength: 1, maxLength: 6 })
  .map((items) => items.map(([depth, n], i) => `${'  '.repeat(i === 0 ? 0 : depth)}- ${words(n)}`).join('\n'));
/** A pipe table: two to fourteen columns, cells of one to eight tokens (fourteen columns of eight do not fit upright). */
const table = fc.tuple(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 }))
  .map(([cols, rows, n]) => {
    const row = () => `| ${Array.from({ length: cols }, () => words(1 + (next % n))).join(' | ')} |`;
    return [row(), `|${'---|'.repeat(cols)}`, ...Array.from({ length: rows }, row)].join('\n');
  });
const epigraph = W.map((n) => `::: epigraph\n${words(n)}.\n\n— ${words(2)}\n:::`);
const verse = fc.array(W, { minLength: 2, maxLength: 6 }).map((ls) => ls.map((n) => words(n)).join('\\\n'));
const definitions = fc.array(W, { minLength: 1, maxLength: 3 }).map((ds) => ds.map((n) => `${words(1)}\n:   ${words(n)}`).join('\n\n'));
const figure = fc.tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom('img', 'img', 'tall', 'wide')).map(([n, f]) => `![${words(n)}](${f}.png)`);
const code = fc.integer({ min: 1, max: 12 }).map((n) => `\`\`\`\n${Array.from({ length: n }, () => words(1 + (next % 14))).join('\n')}\n\`\`\``);
/** Less usual blocks: a long paragraph, a line block, nested quotes, an ordered list from 7, a titled figure of a width, marked spans, an inline image. */
const odd = fc.oneof(
  fc.integer({ min: 200, max: 700 }).map((n) => `${words(n)}.`),
  fc.array(W, { minLength: 1, maxLength: 5 }).map((ls) => ls.map((n) => `| ${words(n)}`).join('\n')),
  W.map((n) => `> ${words(2)}\n>\n> > ${words(n)}.\n> >\n> > > ${words(3)}.`),
  fc.array(W, { minLength: 1, maxLength: 4 }).map((items) => items.map((n, i) => `${7 + i}. ${words(n)}`).join('\n')),
  // (Its alt text describes the image for those who cannot see it: the caption is the title, printed.)
  fc.constantFrom('60%', '8cm', '150%').map((w) => `![a map of the region](img.png "${words(2)}"){width=${w}}`),
  W.map((n) => `${words(2)} [${words(3)}]{.smallcaps} [${words(2)}]{lang=fr} [${words(2)}]{.noindex} ${words(n)} ![a small map](img.png) ${words(2)}.`),
  // A long heading with a short title of its first words (the contents give the short title).
  fc.integer({ min: 8, max: 30 }).map((n) => {
    const title = words(n);
    return `## ${title} {short="${title.split(' ').slice(0, 2).join(' ')}"}`;
  }),
  W.map((n) => `- ${words(2)}\n\n  > ${words(n)}.\n\n  ${words(3)}.`),
);
const block = fc.oneof(
  { weight: 3, arbitrary: odd },
  { weight: 6, arbitrary: paragraph }, { weight: 3, arbitrary: heading }, { weight: 2, arbitrary: quote }, { weight: 2, arbitrary: list },
  { weight: 2, arbitrary: table }, { weight: 1, arbitrary: epigraph }, { weight: 1, arbitrary: verse }, { weight: 1, arbitrary: definitions },
  { weight: 1, arbitrary: figure }, { weight: 1, arbitrary: code },
  // A table or a list inside a quote.
  { weight: 1, arbitrary: fc.oneof(table, list).map((b) => b.split('\n').map((l) => `> ${l}`).join('\n')) },
);
/** Blocks, with notes cited from the paragraphs: a note of a paragraph, a long one, one holding a table. */
const manuscript = fc.tuple(
  fc.array(block, { minLength: 1, maxLength: 14 }),
  fc.array(fc.oneof(W.map((n) => words(n)), fc.integer({ min: 300, max: 900 }).map(words), table.map((t) => `${words(3)}\n\n${t.replace(/^/gm, '    ')}`)), { maxLength: 4 }),
  fc.constantFrom('', 'footnotes: endnotes\n', 'lists: [figures, tables]\n', 'footnotes: [by-chapter, endnotes]\n', 'number: [tables, figures]\n', 'footnotes: by-chapter\n'),
  fc.constantFrom('en-GB', 'en-GB', 'fr', 'de', 'ru'),
  // A leading chapter the front matter may take (a preface in English, or so marked in any language), of a page or several.
  // With a motto before it sometimes, which then goes with it.
  fc.tuple(fc.constantFrom('', '', '', '# Preface', '# Translator’s Introduction', '# To the Reader {epub:type=foreword}'), fc.integer({ min: 20, max: 700 }), fc.boolean()),
).map(([blocks, notes, front, language, [opening, length, motto]]) => {
  // Every note cited (one never cited is left out, with a warning), most after the block they follow,
  // some inside it: in its last table cell, list item or quoted line.
  const cited = blocks.map((b, i) => (i >= notes.length ? b : /\|\s*$/.test(b) ? b.replace(/\s*\|\s*$/, `[^${i + 1}] |`) : /^(>|-)/.test(b) && i % 2 ? `${b}[^${i + 1}]` : `${b}\n\n${words(3)}[^${i + 1}].`));
  for (let i = blocks.length; i < notes.length; i++) cited.push(`${words(2)}[^${i + 1}].`);
  if (opening) cited.unshift(`${motto ? `> ${words(12)}.\n>\n> —${words(2)}\n\n` : ''}${opening}\n\n${words(length)}.\n\n${words(30)}.`);
  return `---\ntitle: Nothing Lost\nauthor: A. Tester\nlanguage: ${language}\nnames: names.yaml\n${front}---\n\n${cited.join('\n\n')}\n\n${notes.map((n, i) => `[^${i + 1}]: ${n}`).join('\n\n')}\n`;
});

/** A packet of two to four such texts, in parts or not, with an editor's introduction or not (endnotes are refused in a packet). */
const packet = fc.tuple(fc.array(manuscript, { minLength: 2, maxLength: 4 }), fc.boolean(), fc.boolean()).map(([texts, parts, intro]) => {
  const names = texts.map((_, k) => `t${k}.md`);
  const list = (indent: string, files: string[]) => files.map((f) => `${indent}- ${f}\n`).join('');
  return {
    texts: texts.map((t, k) => t.replace(/^footnotes: .*\n/m, '').replace('title: Nothing Lost', `title: Text ${k + 1} ${token()}`)),
    yaml: `title: A Packet\neditor: A. Teacher\nlanguage: en-GB\n${intro ? 'introduction: intro.md\n' : ''}${parts
      ? `parts:\n  - title: Part ${token()}\n    texts:\n${list('      ', names.slice(0, 1))}  - title: Part ${token()}\n    texts:\n${list('      ', names.slice(1))}`
      : `texts:\n${list('  ', names)}`}`,
    intro: intro ? `${words(20)}.\n\n${words(30)}.\n` : '',
  };
});

const tokensOf = (text: string) => new Set(text.match(/q\d+k/g) ?? []);
/** The tokens not in `text`, read without its white space: a word a table too wide must cut across lines (warned) is still there. */
const missing = (want: Set<string>, text: string) => {
  const joined = text.replace(/-\n/g, '').replace(/\s+/g, '');
  return [...want].filter((t) => !joined.includes(t));
};

/** The text of a PDF, checking that no word lies off the paper (pdftotext reads what lies beyond its edges too). */
function pdfText(path: string): string {
  const boxes = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  for (const page of boxes.split('<page ').slice(1)) {
    const [w, h] = [/width="([\d.]+)"/, /height="([\d.]+)"/].map((r) => Number(r.exec(page)![1]));
    const words = [...page.matchAll(/xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</g)].map((m) => ({ box: m.slice(1, 5).map(Number), word: m[5] }));
    for (const { box: [x0, y0, x1, y1], word } of words) expect(x0 >= 0 && y0 >= 0 && x1 <= w && y1 <= h, `${word} off the page of ${path}`).toBe(true);
    // Nor printed over another: no two words share more than a third of the smaller one's box.
    for (const [i, a] of words.entries()) {
      for (const b of words.slice(i + 1)) {
        const dx = Math.min(a.box[2], b.box[2]) - Math.max(a.box[0], b.box[0]);
        const dy = Math.min(a.box[3], b.box[3]) - Math.max(a.box[1], b.box[1]);
        const area = (q: number[]) => (q[2] - q[0]) * (q[3] - q[1]);
        if (dx > 0 && dy > 0) expect(dx * dy, `${a.word} over ${b.word} in ${path}`).toBeLessThan(Math.min(area(a.box), area(b.box)) / 3);
      }
    }
  }
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** The words of an EPUB's XHTML files, without their markup. */
async function epubText(path: string): Promise<string> {
  const files = await unzip(readFileSync(path));
  return [...files].filter(([name]) => name.endsWith('.xhtml')).map(([, c]) => String(c)).join('\n').replace(/<[^>]*>/g, ' ');
}

const ROMAN: [number, string][] = [[100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
const toRoman = (n: number) => ROMAN.reduce((s, [v, r]) => {
  for (; n >= v; n -= v) s += r;
  return s;
}, '');
/** A folio's number: '12' is 12, 'xiv' 14. */
const folioNumber = (label: string) => (/^\d+$/.test(label) ? Number(label) : Array.from({ length: 400 }, (_, n) => n + 1).find((n) => toRoman(n) === label) ?? NaN);
/** Pages given each person by an index's text ('Quilby, Anna, vi, 3, 5–6'), ranges spelled out. */
const LOCATOR = '(?:[ivxlc]+|\\d+)(?:–(?:[ivxlc]+|\\d+))?';
function indexPages(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Comma-separated, so that a folio after the entry ('… Anna, 1 3') is not read as one of its pages.
  for (const m of text.replace(/\s+/g, ' ').matchAll(new RegExp(`\\b(Quilby|Zorbak|Vantreen), Anna,( ?${LOCATOR}(?:, ?${LOCATOR})*)`, 'g'))) {
    const pages = m[2].split(',').map((x) => x.trim()).filter(Boolean).flatMap((part) => {
      const [a, b = a] = part.split('–');
      const roman = /^[ivxlc]+$/.test(a);
      return Array.from({ length: folioNumber(b) - folioNumber(a) + 1 }, (_, k) => (roman ? toRoman(folioNumber(a) + k) : String(Number(a) + k)));
    });
    out.set(m[1], [...(out.get(m[1]) ?? []), ...pages]);
  }
  return out;
}

/**
 * Each page the PDF's index of names gives a person holds the name (the page found by its label),
 * and the EPUB's index gives the same pages; each page the contents give a heading holds it.
 */
let indexed = 0;
async function expectIndexRight(path: string, epub: string): Promise<void> {
  const pages = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\f');
  // The labels from /PageLabels: roman for the front matter, arabic from the text's first page.
  const ranges = (JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pagelabels', path], { encoding: 'utf8' })) as { pagelabels: { index: number; label: { '/S'?: string; '/St'?: number } }[] }).pagelabels;
  const physical = new Map<string, number>();
  ranges.forEach((r, k) => {
    const end = ranges[k + 1]?.index ?? pages.length;
    const style = r.label['/S'] === '/D' ? String : r.label['/S'] === '/r' ? toRoman : undefined;
    if (style) for (let i = r.index; i < end; i++) physical.set(style((r.label['/St'] ?? 1) + i - r.index), i);
  });
  const index = indexPages(pages.filter((t) => /\b(Quilby|Zorbak|Vantreen), Anna\b/.test(t)).join(' '));
  for (const [name, labels] of index) {
    for (const label of labels) {
      const page = physical.get(label);
      expect(page, `${name}: page ${label} in ${path}`).toBeDefined();
      expect(missing(new Set([name]), pages[page!]), `${name} on page ${label} of ${path}`).toEqual([]);
      indexed++;
    }
  }
  // The contents: the page each heading is given holds it ('q12k q13k . . . . 5', a long title's last word).
  // (The front matter's pages with leaders, before the text's page 1, whatever the book's language calls the contents.)
  const contents = pages.slice(0, physical.get('1')).filter((p) => /\. \. \./.test(p)).join('\n');
  for (const m of contents.matchAll(/(q\d+k)\s*(?:\. ?)+\s*([ivxlc]+|\d+)\s*$/gm)) {
    const page = physical.get(m[2]);
    expect(page, `contents: ${m[1]} on page ${m[2]} of ${path}`).toBeDefined();
    expect(missing(new Set([m[1]]), pages[page!]), `contents: ${m[1]} on page ${m[2]} of ${path}`).toEqual([]);
    indexed++;
  }
  const files = await unzip(readFileSync(epub));
  // The EPUB's print page numbers: the word after each page's marker is printed on that page.
  for (const [name, content] of files) {
    if (!name.endsWith('.xhtml') || name.endsWith('toc.xhtml')) continue;
    for (const m of String(content).matchAll(/id="page-([ivxlc]+|\d+)"[^>]*><\/span>(?=([^]{0,400}))/g)) {
      // (A page that holds no text, only a note's end, has its marker at its chapter's end, before the notes.)
      if (/^(?:\s*<span epub:type="pagebreak"[^>]*><\/span>)*\s*<section class="footnotes"/.test(m[2])) continue;
      // (Nor a blank page's, set with the next page's, which it precedes.)
      if (/^\s*<span epub:type="pagebreak"/.test(m[2])) continue;
      const word = /q\d+k|Quilby|Zorbak|Vantreen/.exec(m[2].replace(/<[^>]*>/g, ' '))?.[0];
      const page = physical.get(m[1]);
      if (!word || page === undefined) continue;
      expect(missing(new Set([word]), pages[page]), `EPUB ${name}: page ${m[1]} begins at ${word}, not on it in ${path}`).toEqual([]);
      indexed++;
    }
  }
  const epubIndex = indexPages(String(files.get('OEBPS/index.xhtml') ?? '').replace(/<[^>]*>/g, ''));
  expect(new Map([...epubIndex].map(([k, v]) => [k, [...new Set(v)]])), `the EPUB's index against the PDF's, ${path}`).toEqual(new Map([...index].map(([k, v]) => [k, [...new Set(v)]])));
}

/**
 * Builds `file` into all four editions (every third on letter paper, every other one with a booklet)
 * and expects each to hold every token of `sources`; nothing when the build refused it (a BuildError).
 */
async function expectNothingLost(file: string, sources: string, n: number): Promise<void> {
  const out = join(dir, `out${n}`);
  let written: string[];
  try {
    // The options a build may take, in turn: letter paper, a booklet, one side, numbered paragraphs, a cover, page numbers shown.
    const options = {
      paper: n % 3 ? ('a5' as const) : ('letter' as const),
      ...(n % 2 ? { imposition: 'booklet' as const } : {}),
      ...(n % 5 === 1 ? { sides: 1 as const } : {}),
      ...(n % 4 === 2 ? { numberParagraphs: true } : {}),
      ...(n % 7 === 3 ? { pdfCover: true, pageNumbers: 'visible' as const } : {}),
    };
    ({ written } = await buildManuscript(file, { outDir: out, formats: ['pdf', 'epub', 'kepub'], ...options, date: new Date('2024-01-01T00:00:00Z') }));
  } catch (e) {
    if (e instanceof BuildError) return;
    throw e;
  }
  const want = tokensOf(sources);
  const pdf = written.find((p) => p.endsWith('.pdf') && !p.endsWith('.booklet.pdf'))!;
  if (/^names: /m.test(sources)) await expectIndexRight(pdf, written.find((p) => p.endsWith('.epub') && !p.endsWith('.kepub.epub'))!);
  for (const path of written) {
    const text = path.endsWith('.pdf') ? pdfText(path) : await epubText(path);
    expect(missing(want, text), `${basename(path)} of:\n${sources}`).toEqual([]);
  }
  // And the EPUB valid, whatever it holds.
  expect(await epubcheckProblems(readFileSync(written.find((p) => p.endsWith('.epub') && !p.endsWith('.kepub.epub'))!)), sources).toEqual([]);
  rmSync(out, { recursive: true, force: true });
}

/** No figure drawn over a line of text: a figure's box and each line's (its type's height about its baseline) share nothing. */
async function expectFiguresClear(file: string): Promise<void> {
  let layout: Awaited<ReturnType<typeof buildPdf>>['layout'];
  let diags: Awaited<ReturnType<typeof buildPdf>>['diags'];
  try {
    ({ layout, diags } = await buildPdf(file));
  } catch (e) {
    if (e instanceof BuildError) return;
    throw e;
  }
  // No heading at the foot of a page with text after it on the next (unless a break was forced, and said).
  if (!diags.list.some((d) => d.rule === 'pdf-page-overfull')) {
    layout.pages.forEach((p, i) => {
      // (What the text block holds: lines of text and code, figures; not the notes at its foot.)
      const texts = (items: typeof p.items) => items.filter((it) => (it.kind === 'line' || it.kind === 'text' || it.kind === 'image') && it.node && !/^(Note|Lbl)$/.test(it.node.type));
      const bottom = (it: (typeof p.items)[number]) => ('y' in it ? it.y : 0) + (it.kind === 'image' ? it.height : 0);
      const last = texts(p.items).reduce<(typeof p.items)[number] | undefined>((a, b) => (!a || bottom(b) > bottom(a) ? b : a), undefined);
      const next = texts(layout.pages[i + 1]?.items ?? [])[0];
      const heading = (it: (typeof p.items)[number] | undefined) => it !== undefined && 'node' in it && /^H\d$/.test(it.node?.type ?? '');
      // (A figure that floated past it may open the next page: an empty section's heading has no text to keep.)
      if (last && next && heading(last) && next.kind !== 'image' && !heading(next)) expect.fail(`page ${i + 1} ends with a heading in ${file}`);
    });
  }
  for (const [i, p] of layout.pages.entries()) {
    const images = p.items.flatMap((it) => (it.kind === 'image' ? [it] : []));
    for (const l of p.items) {
      if (l.kind !== 'line' || l.line.runs.length === 0) continue;
      const size = Math.max(...l.line.runs.map((r) => r.size));
      const [top, bottom, left, right] = [l.y - 0.7 * size, l.y + 0.2 * size, l.x, l.x + l.line.width];
      for (const im of images) {
        const over = im.x < right && im.x + im.width > left && im.y < bottom && im.y + im.height > top;
        expect(over, `page ${i + 1}: the figure ${im.path} over the line '${l.line.runs.map((r) => r.text).join(' ')}' in ${file}`).toBe(false);
      }
    }
  }
}

describe('random manuscripts of a whole book’s blocks', () => {
  it('lose no word in the PDF, its booklet, the EPUB or the kepub, whatever the layout does with them', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(manuscript, async (md) => {
        const file = join(dir, `m${++n}.md`);
        writeFileSync(file, md);
        await expectNothingLost(file, md, n);
        await expectFiguresClear(file);
      }),
      { numRuns: 6 * RUNS },
    );
    // The index was read (its entries are not all in code or captions, which are not indexed).
    expect(indexed).toBeGreaterThan(0);
  }, 180_000 * RUNS);
});

describe('random packets of such texts', () => {
  it('lose no word either', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(packet, async (p) => {
        const d = join(dir, `packet${++n}`);
        mkdirSync(d);
        for (const f of ['img.png', 'tall.png', 'wide.png']) copyFileSync(join(dir, f), join(d, f));
        p.texts.forEach((t, k) => writeFileSync(join(d, `t${k}.md`), t));
        if (p.intro) writeFileSync(join(d, 'intro.md'), p.intro);
        writeFileSync(join(d, 'packet.yaml'), p.yaml);
        await expectNothingLost(join(d, 'packet.yaml'), [...p.texts, p.intro, p.yaml].join('\n'), 1000 + n);
      }),
      { numRuns: 2 * RUNS },
    );
  }, 180_000 * RUNS);
});
