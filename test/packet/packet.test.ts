/**
 * Packets (`samizdat build packet.yaml`) as a user builds them with the compiled command: the fixture
 * (seeds/three-readings/, the README’s example)
 * is three short public-domain texts by different authors in two parts (Marx and Engels translated,
 * with footnotes and a registry; Mill with a registry that shares an id with theirs; Strachey with a
 * table) and an introduction. Read back with pdftotext: running heads, bylines, headnotes, contents
 * page numbers, the merged index; printing one-sided; booklets; paragraph numbers in both editions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookletSides, imposeBooklet } from '../../src/pdf/booklet.js';
import { QpdfJson } from '../pdf/qpdf.js';

import { CLI, ROOT, ensureCompiled } from '../compiled.js';
const FIXTURE = join(ROOT, 'seeds/three-readings');

function samizdat(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  return { status: r.status, stderr: r.stderr.split('\n').filter(Boolean) };
}

/** Text of each page, `pages[i]` for physical page i + 1. */
function pageTexts(path: string): string[] {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

/** Lines of a page, trimmed, without the empty ones. */
const lines = (page: string) => page.split('\n').map((l) => l.trim()).filter(Boolean);

let work: string;
let packet: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-packet-'));
  packet = join(work, 'packet');
  cpSync(FIXTURE, packet, { recursive: true });
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the PDF of a packet', () => {
  let pages: string[];
  beforeAll(() => {
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out'], packet);
    expect(r.stderr.filter((l) => / (error|warning): /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    pages = pageTexts(join(packet, 'out/three-readings.pdf'));
  }, 120_000);

  /** The physical page (from 0) that has `line` as a line of its own (an opening's title). */
  const pageOf = (line: string) => pages.findIndex((p) => lines(p).includes(line));
  const folio = (i: number) => lines(pages[i]).at(-1);

  it('opens each text on a recto with its title, byline, translator and headnote', () => {
    const manifesto = pageOf('Manifesto of the Communist Party');
    const opening = lines(pages[manifesto]);
    expect(opening.slice(0, 4)).toEqual(['Manifesto of the Communist Party', 'Karl Marx and Friedrich Engels', 'Translated by Samuel Moore', 'London, February 1848; English edition of 1888']);
    const mill = pageOf('Thought and Discussion');
    expect(lines(pages[mill]).slice(2, 5)).toEqual(['from On Liberty, chapter II', 'John Stuart Mill', 'On Liberty, London, John W. Parker and Son, 1859']);
    const strachey = pageOf('The Archdeacon’s Tables');
    expect(lines(pages[strachey]).slice(0, 4)).toEqual(['The Archdeacon’s Tables', 'from Eminent Victorians, ‘Cardinal Manning’', 'Lytton Strachey', 'Eminent Victorians, London, Chatto and Windus, 1918']);
    // Rectos are odd physical pages; the page before a text that would open on a verso is blank.
    for (const i of [manifesto, mill, strachey]) expect(i % 2).toBe(0);
    expect(Number(folio(manifesto)) % 2).toBe(1);
    expect(lines(pages[manifesto - 1])).toEqual([]);
  });

  it('gives each part a title page of its own: a recto with the title alone, no folio, a blank verso after it', () => {
    for (const [part, text] of [['Week 1: Ideas', 'Manifesto of the Communist Party'], ['Week 2: Conscience', 'The Archdeacon’s Tables']]) {
      const at = pageOf(part);
      expect(at % 2).toBe(0);
      expect(lines(pages[at])).toEqual([part]);
      expect(lines(pages[at + 1])).toEqual([]);
      expect(pageOf(text)).toBe(at + 2);
    }
  });

  it('bookmarks each part with its texts nested under it', () => {
    const q = new QpdfJson(join(packet, 'out/three-readings.pdf'));
    const tree = (list: typeof q.outlines): unknown[] => list.map((o) => (o.kids.length ? [o.title, o.destpageposfrom1, tree(o.kids)] : [o.title, o.destpageposfrom1]));
    const part1 = pageOf('Week 1: Ideas') + 1;
    const part2 = pageOf('Week 2: Conscience') + 1;
    expect(tree(q.outlines).slice(2, 4)).toEqual([
      ['Week 1: Ideas', part1, [['Manifesto of the Communist Party', part1 + 2, [['Bourgeois and Proletarians', pageOf('Bourgeois and Proletarians1') + 1]]], ['Of the Liberty of Thought and Discussion', pageOf('Thought and Discussion') + 1]]],
      ['Week 2: Conscience', part2, [['The Archdeacon’s Tables', part2 + 2]]],
    ]);
  });

  it('runs the text’s author on versos and its title or section on rectos, with folios running on', () => {
    const manifesto = pageOf('Manifesto of the Communist Party');
    expect(lines(pages[manifesto + 1])[0]).toBe('Karl Marx and Friedrich Engels');
    // A recto carries the section begun on it or before it, else the text's title.
    const section = pageOf('Bourgeois and Proletarians1');
    expect(lines(pages[section % 2 === 0 ? section : section + 1])[0]).toBe('Bourgeois and Proletarians');
    const mill = pageOf('Thought and Discussion');
    expect(lines(pages[mill + 1])[0]).toBe('John Stuart Mill');
    // Mill's text fills two pages: the next part opens on the recto after them.
    expect(lines(pages[mill + 2])[0]).toBe('Week 2: Conscience');
    const strachey = pageOf('The Archdeacon’s Tables');
    expect(lines(pages[strachey + 1])[0]).toBe('Lytton Strachey');
    const folios = pages.map((_, i) => folio(i)).filter((f) => f && /^\d+$/.test(f)).map(Number);
    expect(folios).toEqual([...folios].sort((a, b) => a - b));
    expect(new Set(folios).size).toBe(folios.length);
  });

  it('numbers footnotes per text', () => {
    // The Manifesto's three notes by Engels, numbered from 1 at the foot of their pages (the packet's
    // introduction, Mill and Strachey have none, so nothing numbers on from them).
    const starts = ['1. By “bourgeoisie”', '2. That is, all written', '3. Guildmaster, that is'];
    const found = pages.flatMap((p) => lines(p).filter((l) => starts.some((s) => l.startsWith(s))));
    expect(found.map((l) => l.slice(0, 2))).toEqual(['1.', '2.', '3.']);
    expect(pages.flatMap((p) => lines(p)).filter((l) => /^4\. /.test(l))).toEqual([]);
  });

  it('lists every text with its author and the page it opens on in one contents', () => {
    const at = pages.findIndex((p) => lines(p)[0] === 'Contents');
    const entries = lines(pages[at]).slice(1, -1).map((l) => l.replace(/[ .]{2,}/g, ' | '));
    expect(entries).toEqual([
      // The editor's introduction is front matter, under roman folios, as an anthology's is: the texts begin at 1.
      'Introduction | v',
      'Week 1: Ideas | 1',
      'Manifesto of the Communist Party | 3',
      'Karl Marx and Friedrich Engels, translated by',
      'Samuel Moore',
      'Of the Liberty of Thought and Discussion | 7',
      'John Stuart Mill',
      'Week 2: Conscience | 9',
      'The Archdeacon’s Tables | 11',
      'Lytton Strachey',
      'Index of names | 15',
    ]);
    // Each number is the folio of the page the text opens on.
    const opens = (t: string) => folio(pageOf(t));
    expect([opens('Manifesto of the Communist Party'), opens('Thought and Discussion'), opens('The Archdeacon’s Tables'), opens('Index of names')]).toEqual(['3', '7', '11', '15']);
  });

  it('lists each text’s source and rights on the About page, and the editor on the title page', () => {
    expect(lines(pages[0])).toContain('Edited by A. Teacher');
    const about = pages[1].replace(/\s+/g, ' ');
    expect(about).toContain('Sources. Manifesto of the Communist Party, Karl Marx and Friedrich Engels (translated by Samuel Moore): London, February 1848; English edition of 1888. Public domain.');
    expect(about).toContain('The Archdeacon’s Tables, Lytton Strachey: Eminent Victorians, London, Chatto and Windus, 1918. Public domain.');
  });

  it('has one index of names over all texts, from the registries merged by id', () => {
    // Read in column order (no -layout): the index is set in two columns.
    const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', join(packet, 'out/three-readings.pdf'), '-'], { encoding: 'utf8' }).split('\f');
    const index = raw[raw.findIndex((p) => lines(p)[0] === 'Index of names')].replace(/\s+/g, ' ');
    // Metternich is in Marx's and Mill's registries: one entry. The introduction has no registry of its
    // own: the merged one finds Metternich (Marx's), Socrates (Mill's) and Manning (Strachey's) in it, on page v.
    expect(index).toContain('Metternich, Klemens von (1773–1859), v, 3');
    expect(index).toContain('Socrates, v, 8');
    expect(index).toContain('Manning, Henry Edward (1808–1892), v, 11, 12');
    // Names in a footnote are indexed on the note's page.
    expect(index).toContain('Morgan, Lewis Henry (1818–1881), 4');
  });
});

describe('the EPUB of a packet', () => {
  it('gives each part a page of its own before its texts, and nests the texts under it in the contents', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(packet, 'out/three-readings.epub')));
    const opf = await zip.file(/content\.opf$/)[0].async('string');
    expect([...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1])).toEqual(['cover', 'title', 'about', 'nav', 'text-01', 'part-01', 'text-02', 'text-03', 'part-02', 'text-04', 'index']);
    const part = await zip.file(/part-01\.xhtml$/)[0].async('string');
    expect(part).toMatch(/<section epub:type="part" role="doc-part" class="part" aria-labelledby="([^"]+)">\n(<span epub:type="pagebreak"[^>]*><\/span>)+<h1 id="\1">Week 1: Ideas<\/h1>\n<\/section>/);
    // The text's own file no longer carries the part's title.
    expect(await zip.file(/text-02\.xhtml$/)[0].async('string')).not.toContain('Week 1');
    const nav = await zip.file(/toc\.xhtml$/)[0].async('string');
    const toc = nav.slice(nav.indexOf('<nav epub:type="toc"'), nav.indexOf('</nav>'));
    const outline = [...toc.matchAll(/<(ol)>|<\/(ol)>|<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => (m[1] ? '(' : m[2] ? ')' : `${m[4]} @${m[3]}`));
    expect(outline).toEqual([
      '(', 'About this text @about.xhtml', 'Introduction @text-01.xhtml',
      'Week 1: Ideas @part-01.xhtml', '(', 'Manifesto of the Communist Party — Karl Marx and Friedrich Engels @text-02.xhtml', '(', 'Bourgeois and Proletarians @text-02.xhtml#bourgeois-and-proletarians', ')', 'Of the Liberty of Thought and Discussion — John Stuart Mill @text-03.xhtml', ')',
      'Week 2: Conscience @part-02.xhtml', '(', 'The Archdeacon’s Tables — Lytton Strachey @text-04.xhtml', ')',
      'Index of names @index.xhtml', ')',
    ]);
    // A part's page (1 and 9 in the PDF's contents) is marked in the part's own file, not at the next text's first words.
    const pageList = [...nav.slice(nav.indexOf('<nav epub:type="page-list"')).matchAll(/<a href="([^"#]+)#[^"]+">([^<]+)<\/a>/g)];
    const labelsIn = (file: string) => pageList.filter((m) => m[1] === file).map((m) => m[2]);
    expect(labelsIn('part-01.xhtml')).toContain('1');
    expect(labelsIn('part-02.xhtml')).toContain('9');
    expect(part).toContain('id="page-1"');
  });

  it('makes the editor’s introduction front matter, with its roman page, and starts the text at the first part', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(packet, 'out/three-readings.epub')));
    const intro = await zip.file(/text-01\.xhtml$/)[0].async('string');
    expect(intro).toMatch(/<body epub:type="frontmatter">\s*<section epub:type="introduction" role="doc-introduction"/);
    expect(intro).toContain('id="page-v"');
    expect(await zip.file(/text-02\.xhtml$/)[0].async('string')).toMatch(/<body epub:type="bodymatter">/);
    expect(await zip.file(/toc\.xhtml$/)[0].async('string')).toContain('<a epub:type="bodymatter" href="part-01.xhtml">Week 1: Ideas</a>');
  });
});

describe('the packet’s front matter in both editions', () => {
  /** The fixture copied to `name`, its packet file changed by `edit`. */
  const variant = (name: string, edit: (yaml: string) => string) => {
    const dir = join(work, name);
    cpSync(FIXTURE, dir, { recursive: true });
    const p = join(dir, 'three-readings.yaml');
    writeFileSync(p, edit(readFileSync(p, 'utf8')));
    return dir;
  };
  const opf = async (epub: string) => (await JSZip.loadAsync(readFileSync(epub))).file(/content\.opf$/)[0].async('string');

  it('names the editor as dc:contributor (edt) and each text’s authors as dc:creator', async () => {
    const xml = await opf(join(packet, 'out/three-readings.epub'));
    expect([...xml.matchAll(/<dc:creator id="([^"]+)">([^<]+)</g)].map((m) => m[2])).toEqual(['Karl Marx', 'Friedrich Engels', 'John Stuart Mill', 'Lytton Strachey']);
    expect([...xml.matchAll(/<dc:contributor id="([^"]+)">([^<]+)</g)].map((m) => [m[2], new RegExp(`refines="#${m[1]}" property="role" scheme="marc:relators">(\\w+)<`).exec(xml)?.[1]])).toEqual([['A. Teacher', 'edt']]);
  });

  it('sets a typographic cover from the packet’s title and editor when it has no cover:', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(packet, 'out/three-readings.epub')));
    const cover = await zip.file(/cover\.xhtml$/)[0].async('string');
    expect(/alt="([^"]+)"/.exec(cover)![1]).toBe('Cover: Three Readings: Liberty, class and conscience, edited by A. Teacher');
  });

  it('takes cover: as the EPUB’s cover and, with --cover, the PDF’s first page', async () => {
    const dir = variant('cover', (y) => y.replace('introduction:', 'cover: art/cover.jpg\nintroduction:'));
    cpSync(join(ROOT, 'test/fixtures/edition/cover.jpg'), join(dir, 'art/cover.jpg'));
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out', '--cover'], dir);
    expect(r.stderr).toEqual([expect.stringContaining('wrote')]);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/three-readings.epub')));
    const image = await zip.file(/images\/cover\.jpg$/)[0].async('nodebuffer');
    expect(image.equals(readFileSync(join(dir, 'art/cover.jpg')))).toBe(true);
    expect(await zip.file(/content\.opf$/)[0].async('string')).toMatch(/href="images\/cover\.jpg" media-type="image\/jpeg" properties="cover-image"/);
    // The PDF's first page is the image alone; the title page follows.
    expect(execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', join(dir, 'out/three-readings.pdf')], { encoding: 'utf8' })).toMatch(/\n\s+1\s+0 image/);
    expect(lines(pageTexts(join(dir, 'out/three-readings.pdf'))[1])[0]).toBe('Three Readings');
  }, 120_000);

  it('checks cover: as a manuscript’s cover is, at its place in the packet file', () => {
    const missing = variant('cover-missing', (y) => y.replace('introduction:', 'cover: covr.jpg\nintroduction:'));
    writeFileSync(join(missing, 'cover.jpg'), readFileSync(join(ROOT, 'test/fixtures/edition/cover.jpg')));
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out'], missing);
    expect(r.status).toBe(1);
    expect(r.stderr[0]).toMatch(/^three-readings\.yaml:8:8: error: the cover 'covr\.jpg' does not exist \(did you mean 'cover\.jpg'\?/);
    // An SVG cover is checked as an SVG figure is: one that would run something is refused.
    const svg = variant('cover-svg', (y) => y.replace('introduction:', 'cover: figure.svg\nintroduction:'));
    writeFileSync(join(svg, 'figure.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="16"><script>alert(1)</script></svg>');
    expect(samizdat(['build', 'three-readings.yaml', '--out', 'out'], svg).stderr[0]).toMatch(/^three-readings\.yaml:8:8: error: the cover 'figure\.svg' holds a <script> element/);
    const outside = variant('cover-outside', (y) => y.replace('introduction:', 'cover: ../edition-cover.jpg\nintroduction:'));
    cpSync(join(ROOT, 'test/fixtures/edition/cover.jpg'), join(work, 'edition-cover.jpg'));
    expect(samizdat(['build', 'three-readings.yaml', '--out', 'out'], outside).stderr[0]).toMatch(/^three-readings\.yaml:8:8: error: the cover '\.\.\/edition-cover\.jpg' lies outside the project folder /);
  }, 120_000);

  it('sets the packet’s prose values and the texts’ headnotes as inline Markdown, plain in the metadata', async () => {
    const dir = variant('prose', (y) => y.replace(/^rights: .*$/m, "rights: 'This *selection* is dedicated to the public domain ([CC0](https://creativecommons.org/publicdomain/zero/1.0/)).'\ndescription: '*Three* readings for a first week.'"));
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out'], dir);
    expect(r.status).toBe(0);
    const pdf = join(dir, 'out/three-readings.pdf');
    const about = pageTexts(pdf)[1].replace(/\s+/g, ' ');
    expect(about).toContain('Rights. This selection is dedicated to the public domain (CC0).');
    // The link is a link on the About page (physical page 2); the PDF's Info has the plain text.
    expect(execFileSync('pdfinfo', ['-url', pdf], { encoding: 'utf8' })).toMatch(/^\s*2\s+Annotation\s+https:\/\/creativecommons\.org\/publicdomain\/zero\/1\.0\/$/m);
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Subject:\s+Three readings for a first week\.$/m);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/three-readings.epub')));
    const aboutXhtml = await zip.file(/about\.xhtml$/)[0].async('string');
    expect(aboutXhtml).toContain('This <em>selection</em> is dedicated to the public domain (<a href="https://creativecommons.org/publicdomain/zero/1.0/">CC0</a>).');
    // A text's source is its headnote and its line under Sources, with its italics.
    expect(aboutXhtml).toContain('<dd>Of the Liberty of Thought and Discussion, John Stuart Mill: <em>On Liberty</em>, London, John W. Parker and Son, 1859. Public domain. <em>Source of this copy.</em> Text of the Standard Ebooks edition (CC0);');
    const mill = await zip.file(/text-03\.xhtml$/)[0].async('string');
    expect(mill).toContain('<p class="headnote"><em>On Liberty</em>, London, John W. Parker and Son, 1859</p>');
    const xml = await opf(join(dir, 'out/three-readings.epub'));
    expect(xml).toContain('<dc:rights>This selection is dedicated to the public domain (CC0).</dc:rights>');
    expect(xml).toContain('<dc:description>Three readings for a first week.</dc:description>');
  }, 120_000);
});

describe('a book of chapter files', () => {
  it('is a packet whose texts have one author: named once on the title page, no bylines, the author in the running heads', () => {
    const dir = join(work, 'chapters');
    cpSync(FIXTURE, dir, { recursive: true, filter: (f) => !f.endsWith('.md') && !f.endsWith('.yaml') });
    const para = 'The river rose in the night and the town woke to water in its streets, boats at its doors and a silence in its bells. '.repeat(4);
    const chapter = (n: number, title: string) => `---\ntitle: ${title}\nauthor: Ann Author\nlanguage: en-GB\n---\n\n${Array.from({ length: 14 }, () => para).join('\n\n')}\n`;
    writeFileSync(join(dir, 'one.md'), chapter(1, 'The Flood'));
    writeFileSync(join(dir, 'two.md'), chapter(2, 'The Thaw'));
    writeFileSync(join(dir, 'book.yaml'), 'title: A River Year\nlanguage: en-GB\ntexts: [one.md, two.md]\n');
    const r = samizdat(['build', 'book.yaml', '--out', 'out'], dir);
    expect(r.status).toBe(0);
    const pages = pageTexts(join(dir, 'out/book.pdf'));
    expect(lines(pages[0])).toEqual(['A River Year', 'Ann Author']);
    const opening = pages.findIndex((p) => lines(p).includes('The Thaw'));
    expect(lines(pages[opening])[1]).toMatch(/^The river rose/);
    const contents = lines(pages.find((p) => lines(p)[0] === 'Contents')!);
    expect(contents.slice(1, -1).map((l) => l.replace(/[ .]{2,}/g, ' | '))).toEqual(['The Flood | 1', 'The Thaw | 5']);
    expect(lines(pages[opening + 1])[0]).toBe('Ann Author');
  }, 60_000);
});

describe('what a text says of itself', () => {
  // A text's translator's note, original title, dates and provenance were dropped from a packet's
  // editions, which print only its source line: each now follows its line on the About page.
  it('its original title, dates, provenance and translator’s note follow its source on the About page of both editions', async () => {
    const dir = join(work, 'about');
    cpSync(join(ROOT, 'test/fixtures/packet-about'), dir, { recursive: true });
    const r = samizdat(['build', 'letters.yaml', '--out', 'out'], dir);
    expect(r.status).toBe(0);
    const about = pageTexts(join(dir, 'out/letters.pdf'))[1].replace(/\s+/g, ' ');
    const said = [
      'Sources. The Eruption of Vesuvius, Pliny the Younger (translated by William Melmoth): Epistulae, book VI, letter 16. Public domain. Original title. Epistulae VI.16. Original language. Latin. Written. Written about AD 106–107, some twenty-seven years after the eruption. Translation. William Melmoth, 1746. Source of this copy. Transcribed from the 1746 edition.',
      'Translator’s note. Melmoth’s spelling is kept. The Latin of the opening is given where he paraphrases it.',
      'On Noise, Seneca: Epistulae morales, letter 56. Public domain.',
    ];
    for (const s of said) expect(about).toContain(s);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/letters.epub')));
    const aboutXhtml = await zip.file(/about\.xhtml$/)[0].async('string');
    const xhtml = aboutXhtml.replace(/<br\/>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    for (const s of said) expect(xhtml).toContain(s.replace('Sources. ', 'Sources '));
    // The note is on new lines of its text's entry, not entries of its own that read as other texts.
    expect(aboutXhtml).toContain("Transcribed from the 1746 edition.<br/><em>Translator’s note.</em> Melmoth’s spelling is kept.<br/>The Latin");
    expect(aboutXhtml.match(/<dd>/g)).toHaveLength(2);
  }, 60_000);
});

describe('the editor’s introduction', () => {
  // test/fixtures/packet-intro: an introduction whose front matter is its title alone, signed at its foot.
  let dir: string;
  let r: ReturnType<typeof samizdat>;
  beforeAll(() => {
    dir = join(work, 'intro');
    cpSync(join(ROOT, 'test/fixtures/packet-intro'), dir, { recursive: true });
    r = samizdat(['build', 'reader.yaml', '--out', 'out'], dir);
  }, 60_000);

  // Its front matter gave its title, and the build stopped: no 'author', no 'language', where an
  // introduction without front matter is the editors', in the packet's language.
  it('takes the editors as its author and the packet’s language when its front matter gives only its title', async () => {
    expect(r.stderr.filter((l) => / (error|warning): /.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    const pages = pageTexts(join(dir, 'out/reader.pdf'));
    const intro = pages.find((p) => lines(p)[0] === 'To the Student')!;
    expect(lines(intro)[1]).toBe('A. Teacher');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/reader.epub')));
    const xhtml = await zip.file(/text-01\.xhtml$/)[0].async('string');
    expect(xhtml).toMatch(/<html[^>]* xml:lang="en-GB"/);
    expect(xhtml).toContain('<p class="byline">A. Teacher</p>');
  });

  // Set as a paragraph of the text, indented, where a front-matter chapter's signature is set flush right.
  it('sets the signature at its foot flush right in both editions, as a preface’s', async () => {
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'out/reader.pdf'), '-'], { encoding: 'utf8' });
    const page = bbox.split('<page').find((p) => p.includes('>—A.</word>'))!;
    const words = [...page.matchAll(/xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x0: Number(m[1]), x1: Number(m[2]), w: m[3] }));
    const left = Math.min(...words.filter((w) => w.w === 'These').map((w) => w.x0));
    const end = Math.max(...words.filter((w) => w.w !== 'v').map((w) => w.x1));
    const signed = words.filter((w) => w.w === 'Teacher').at(-1)!;
    expect(signed.x0).toBeGreaterThan(left + 100);
    expect(end - signed.x1).toBeLessThan(1);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/reader.epub')));
    const xhtml = await zip.file(/text-01\.xhtml$/)[0].async('string');
    expect(xhtml).toMatch(/<p id="p-\d+" class="signature">—A\. Teacher<\/p>/);
  });

  // A French poem's entry on the English About page said 'juin 1861' and 'Vers 1859' under English labels,
  // and a text's date_note was left out of its entry (a manuscript's About page prints it).
  it('prints each text’s dates on the About page in the packet’s language, the note on its first publication with them', async () => {
    const about = pageTexts(join(dir, 'out/reader.pdf'))[1].replace(/\s+/g, ' ');
    const said = [
      'L’Albatros, Charles Baudelaire: Les Fleurs du mal, June 1861. In the second edition, with the last stanza added. Written. About 1859.',
      'To George and Tom Keats, John Keats (edited by H. Buxton Forman): Life, Letters, and Literary Remains of John Keats, 1848. First printed by Richard Monckton Milnes. Written.',
    ];
    for (const t of said) expect(about).toContain(t);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/reader.epub')));
    const xhtml = (await zip.file(/about\.xhtml$/)[0].async('string')).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    for (const t of said) expect(xhtml).toContain(t);
  });

  // 'subtitle: The *Negative Capability* letter' printed its asterisks: titles were plain strings.
  it('sets a subtitle written in Markdown with its emphasis on the text’s opening, plain where metadata must be', async () => {
    const pages = pageTexts(join(dir, 'out/reader.pdf'));
    const opening = lines(pages.find((p) => lines(p)[0] === 'To George and Tom Keats')!);
    expect(opening[1]).toBe('The Negative Capability letter');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/reader.epub')));
    const xhtml = await zip.file(/text-03\.xhtml$/)[0].async('string');
    expect(xhtml).toContain('<p class="subtitle">The <em>Negative Capability</em> letter</p>');
    expect(pages.join('')).not.toContain('*');
    // The packet's own, on its title page and in the package's metadata.
    expect(lines(pages[0]).slice(0, 2)).toEqual(['A Small Reader', 'A poem and a letter']);
    expect(await zip.file(/title\.xhtml$/)[0].async('string')).toContain('<p class="subtitle">A poem and <em>a letter</em></p>');
    expect(await zip.file(/content\.opf$/)[0].async('string')).toContain('<dc:title id="pub-subtitle">A poem and a letter</dc:title>');
  });

  // A text's own editor (Hazlitt of Cotton's Montaigne) was named nowhere in a packet: its opening and
  // its About entry credited its translators alone.
  it('credits a text’s editor, as its translators, on its opening and in its About entry', async () => {
    const pages = pageTexts(join(dir, 'out/reader.pdf'));
    const opening = lines(pages.find((p) => lines(p)[0] === 'To George and Tom Keats')!);
    expect(opening.slice(2, 4)).toEqual(['John Keats', 'Edited by H. Buxton Forman']);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/reader.epub')));
    const xhtml = await zip.file(/text-03\.xhtml$/)[0].async('string');
    expect(xhtml).toContain('<p class="byline">John Keats</p>\n<p class="contributor">Edited by H. Buxton Forman</p>');
  });
});

describe('packet errors', () => {
  const copy = (name: string) => {
    const dir = join(work, name);
    cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  };

  it('a person headed differently in two registries is an error at both places; nothing is written', () => {
    const dir = copy('conflict');
    const mill = join(dir, 'mill.names.yaml');
    writeFileSync(mill, readFileSync(mill, 'utf8').replace('heading: Metternich, Klemens von', 'heading: Metternich, Prince'));
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr.filter((l) => l.includes('names-conflict') || l.includes("'metternich' is headed"))).toEqual([
      "manifesto.names.yaml:1:1: error: 'metternich' is headed 'Metternich, Klemens von' here but 'Metternich, Prince' in mill.names.yaml:10:1 (a person in two registries of one book must have the same heading)",
      "mill.names.yaml:10:1: error: 'metternich' is headed 'Metternich, Prince' here but 'Metternich, Klemens von' in manifesto.names.yaml:1:1 (a person in two registries of one book must have the same heading)",
    ]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('a packet file listed as a text, itself or another, is named as such at its line, not read as a manuscript', () => {
    const dir = copy('packet-in-packet');
    const p = join(dir, 'three-readings.yaml');
    writeFileSync(join(dir, 'week3.yml'), 'title: Week 3\neditor: A. Teacher\nlanguage: en-GB\ntexts: [mill.md]\n');
    writeFileSync(p, readFileSync(p, 'utf8').replace('      - strachey.md', '      - strachey.md\n      - three-readings.yaml\n      - week3.yml'));
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual([
      'three-readings.yaml:17:9: error: the packet file lists itself as a text (list the Markdown manuscripts it is made of)',
      'three-readings.yaml:18:9: error: the text week3.yml is a packet file, not a manuscript (a packet cannot hold a packet: list the manuscripts of week3.yml here instead)',
      'three-readings.yaml: not built (2 errors)',
    ]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);

  it('a packet file written between --- lines, as front matter is, builds; a second document after them is named as such', () => {
    const dir = copy('dashes');
    const p = join(dir, 'three-readings.yaml');
    const yaml = readFileSync(p, 'utf8');
    writeFileSync(p, `---\n${yaml}---\n`);
    expect(samizdat(['build', 'three-readings.yaml', '--out', 'out'], dir).status).toBe(0);
    writeFileSync(p, `---\n${yaml}---\ntitle: Again\n`);
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'out2'], dir);
    expect(r.status).toBe(1);
    const line = yaml.split('\n').length + 1;
    expect(r.stderr[0]).toBe(`three-readings.yaml:${line}:1: error: a second YAML document starts here, after the line ---: a packet file is one (delete this line and what follows it, or move its keys above it)`);
  }, 60_000);

  it('reports packet mistakes at packet.yaml:LINE:COL', () => {
    const dir = copy('mistakes');
    const p = join(dir, 'three-readings.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace('editor: A. Teacher', 'author: A. Teacher').replace('      - mill.md', '      - missing.md\n      - ../outside.md'));
    writeFileSync(join(work, 'outside.md'), '---\ntitle: Outside\nauthor: X\nlanguage: en\n---\n\nText.\n');
    const r = samizdat(['build', 'three-readings.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr.slice(0, 3)).toEqual([
      "three-readings.yaml:4:1: error: unknown packet key 'author' (did you mean 'editor'?)",
      'three-readings.yaml:13:9: error: there is no text missing.md (check the path: it is relative to the packet file)',
      'three-readings.yaml:14:9: error: the text ../outside.md lies outside the packet’s folder (copy it into the packet’s folder)',
    ]);
  }, 60_000);
});

describe('printing', () => {
  it('--sides one: no blank pages, and the text block in the middle of every page', () => {
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'one', '--sides', 'one'], packet);
    expect(r.status).toBe(0);
    const path = join(packet, 'one/three-readings.pdf');
    const pages = pageTexts(path);
    expect(pages.filter((p) => lines(p).length === 0)).toEqual([]);
    // No versos: every page's head names the text's authors (by surname in a text where one page needs it) and its title or section.
    const manifesto = pages.findIndex((p) => lines(p)[0] === 'Manifesto of the Communist Party');
    // The section begins on the page after the opening: its head names it from there on.
    expect(lines(pages[manifesto + 1])[0]).toBe('Marx and Engels · Bourgeois and Proletarians');
    expect(lines(pages[manifesto + 2])[0]).toBe('Marx and Engels · Bourgeois and Proletarians');
    const strachey = pages.findIndex((p) => lines(p)[0] === 'The Archdeacon’s Tables');
    expect(lines(pages[strachey + 1])[0]).toBe('Lytton Strachey · The Archdeacon’s Tables');
    expect(lines(pages[strachey + 2])[0]).toBe('Lytton Strachey · The Archdeacon’s Tables');
    // The part's title page is its own page here too, with no blank after it.
    expect(lines(pages[manifesto - 1])).toEqual(['Week 1: Ideas']);
    // Text lines' left and right ends per page (pdftotext's word boxes), on pages of full text.
    const bbox = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
    const width = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
    const margins = bbox.split('<page ').slice(1).map((page) => {
      const xs = [...page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
      return xs.length > 100 ? { left: Math.min(...xs.map((x) => x[0])), right: width - Math.max(...xs.map((x) => x[1])) } : undefined;
    }).filter((m) => m !== undefined);
    expect(margins.length).toBeGreaterThan(4);
    // Equal margins on both sides, the same on odd and even pages (hanging punctuation: a few points).
    for (const m of margins) expect(Math.abs(m.left - m.right)).toBeLessThan(6);
    const lefts = margins.map((m) => m.left);
    expect(Math.max(...lefts) - Math.min(...lefts)).toBeLessThan(6);
    // Two-sided, by contrast, the text block moves from page to page.
    const two = execFileSync('pdftotext', ['-bbox', join(packet, 'out/three-readings.pdf'), '-'], { encoding: 'utf8' });
    const twoLefts = two.split('<page ').slice(1).map((page) => [...page.matchAll(/<word xMin="([\d.]+)"/g)].map((m) => Number(m[1]))).filter((xs) => xs.length > 100).map((xs) => Math.min(...xs));
    expect(Math.max(...twoLefts) - Math.min(...twoLefts)).toBeGreaterThan(20);
  }, 120_000);

  it('--imposition booklet writes <slug>.booklet.pdf: A5 pages two-up on A4 landscape, byte-identical on a rebuild', () => {
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'booklet', '--imposition', 'booklet'], packet);
    expect(r.status).toBe(0);
    const path = join(packet, 'booklet/three-readings.booklet.pdf');
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    const count = pageTexts(join(packet, 'booklet/three-readings.pdf')).length;
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(Math.ceil(count / 4) * 2);
    expect(info).toMatch(/Page size:\s+841.89 x 595.28 pts/);
    const first = readFileSync(path);
    // --force: built again, though nothing changed (else it would be found up to date).
    samizdat(['build', 'three-readings.yaml', '--out', 'booklet', '--imposition', 'booklet', '--force'], packet);
    expect(readFileSync(path).equals(first)).toBe(true);
  }, 120_000);

  it('--crop-marks draws a fold mark at each end of the fold of every sheet side, and only then', () => {
    /** Dark pixels (at 144 dpi: 2 px a point) in a strip 2`w` px wide at the middle of a sheet's top (or bottom) edge, 14 points deep. */
    const ink = (path: string, side: number, edge: 'top' | 'bottom', w = 4) => {
      const pgm = execFileSync('pdftoppm', ['-gray', '-r', '144', '-f', String(side), '-l', String(side), '-x', String(842 - w), '-y', edge === 'top' ? '0' : String(Math.floor(2 * 595.28) - 28), '-W', String(2 * w), '-H', '28', path]);
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1'))!;
      return [...pgm.subarray(header[0].length)].filter((v) => v < 160).length;
    };
    const plain = join(packet, 'booklet/three-readings.booklet.pdf');
    expect(samizdat(['build', 'three-readings.yaml', '--out', 'marked', '--imposition', 'booklet', '--crop-marks'], packet).status).toBe(0);
    const marked = join(packet, 'marked/three-readings.booklet.pdf');
    for (const side of [1, 2, 5]) {
      expect(ink(marked, side, 'top')).toBeGreaterThan(10);
      expect(ink(marked, side, 'bottom')).toBeGreaterThan(10);
      expect(ink(plain, side, 'top') + ink(plain, side, 'bottom')).toBe(0);
    }
    // Only a booklet has a fold.
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'nofold', '--crop-marks'], packet);
    expect(r.status).toBe(2);
    expect(r.stderr[0]).toContain('--crop-marks marks the fold of a booklet: add --imposition booklet');
  }, 120_000);

  // The sheets' sides as a stack printed on both sides reads them: [left, right] page numbers, '' blank.
  const expected: Record<number, [string, string][]> = {
    1: [['', '1'], ['', '']],
    4: [['4', '1'], ['2', '3']],
    5: [['', '1'], ['2', ''], ['', '3'], ['4', '5']],
    8: [['8', '1'], ['2', '7'], ['6', '3'], ['4', '5']],
    13: [['', '1'], ['2', ''], ['', '3'], ['4', '13'], ['12', '5'], ['6', '11'], ['10', '7'], ['8', '9']],
  };
  for (const [n, sides] of Object.entries(expected)) {
    it(`a booklet of ${n} page${n === '1' ? '' : 's'} holds the right pages on each half-sheet`, async () => {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      for (let i = 1; i <= Number(n); i++) doc.addPage([419.53, 595.28]).drawText(`page ${i}`, { x: 150, y: 300, size: 24, font });
      const path = join(work, `booklet-${n}.pdf`);
      writeFileSync(path, await imposeBooklet(await doc.save(), { title: 't', date: new Date(0) }));
      const read = (side: number, x: number) => execFileSync('pdftotext', ['-f', String(side), '-l', String(side), '-x', String(x), '-y', '0', '-W', '420', '-H', '596', path, '-'], { encoding: 'utf8' }).replace(/\f/g, '').trim().replace(/^page /, '');
      const got = sides.map((_, s) => [read(s + 1, 0), read(s + 1, 421)]);
      expect(got).toEqual(sides);
      expect(bookletSides(Number(n)).length).toBe(sides.length);
    }, 30_000);
  }
});

describe('--number-paragraphs', () => {
  it('numbers each text’s paragraphs the same in the PDF’s margin and in the EPUB, not the introduction’s', async () => {
    const r = samizdat(['build', 'three-readings.yaml', '--out', 'numbered', '--number-paragraphs'], packet);
    expect(r.status).toBe(0);
    // PDF: a number alone in the margin before a paragraph's first line; the first three words after it.
    const pdf: string[] = [];
    for (const l of execFileSync('pdftotext', ['-layout', join(packet, 'numbered/three-readings.pdf'), '-'], { encoding: 'utf8' }).split('\n')) {
      const m = /^\s*(\d+) {1,12}([A-Z]\S* \S+ \S+)/.exec(l);
      if (m) pdf.push(`${m[1]} ${m[2]}`);
    }
    // EPUB: the visible number with its id, then the paragraph's words, text file by text file.
    const zip = await JSZip.loadAsync(readFileSync(join(packet, 'numbered/three-readings.epub')));
    const files = Object.keys(zip.files).filter((f) => /text-\d+\.xhtml$/.test(f)).sort();
    const epub: string[] = [];
    for (const f of files) {
      const xhtml = await zip.file(f)!.async('string');
      for (const m of xhtml.matchAll(/<span class="para-number" id="para_(\d+)">(\d+)<\/span> (.*?)<\/p>/g)) {
        expect(m[1]).toBe(m[2]);
        epub.push(`${m[2]} ${m[3].replace(/<[^>]+>/g, '').split(/\s+/).slice(0, 3).join(' ')}`);
      }
    }
    expect(epub.length).toBe(16);
    expect(pdf).toEqual(epub);
    // The editor's introduction (front matter) is not numbered: ¶ 1 is the first text's first.
    expect(await zip.file(files[0])!.async('string')).not.toMatch(/para-number/);
    expect(epub.slice(0, 3)).toEqual(['1 A specter is', '2 Where is the', '3 Two things result']);
  }, 120_000);
});
