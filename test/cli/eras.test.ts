/**
 * Plato as an editor prepares him, through the compiled command: a date before the common era and a
 * circa (`written: c. 399 BC`, `date: 399 BC` or ISO 8601's `'-0398'`) on the About page of both editions
 * in the book's language, in the OPF as a dcterms:date that EPUBCheck takes (a dc:date of '-0398' is its
 * warning OPF-053), and a malformed one refused at its line and column. Then a reading packet of two
 * dialogues, each opening with Jowett's introduction: the translator they share on the title page once,
 * each introduction under its dialogue's title rather than after a page left all but empty, and what the
 * dialogues' front matters say alike said once on the About page.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-eras-'));
  cpSync(join(ROOT, 'test/fixtures/eras'), dir, { recursive: true });
  const r = run(['build', 'apology.md', 'apologie.md', 'dialogues.yaml', '--out', 'out']);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pages = (book: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, `out/${book}.pdf`), '-'], { encoding: 'utf8' }).split('\f');
const lines = (page: string) => page.split('\n').map((l) => l.trim()).filter(Boolean);
const file = async (book: string, name: string) => (await JSZip.loadAsync(readFileSync(join(dir, `out/${book}.epub`)))).file(`OEBPS/${name}`)!.async('string');

describe('a date before the common era', () => {
  it('is printed on the PDF’s About page as the book’s language writes it, a circa as “about”', () => {
    expect(lines(pages('apology')[1])).toEqual(['About this text', 'Original language. Ancient Greek', 'Written. About 399 BC', 'First published. 399 BC', 'Translation. Benjamin Jowett, 1892', 'ii']);
    expect(lines(pages('apologie')[1]).slice(2, 4)).toEqual(['Écrit. Vers 399 av. J.-C.', 'Première publication. 399 av. J.-C.']);
  });

  it('is printed so in the EPUB, and goes into the OPF as a dcterms:date, not a dc:date; EPUBCheck passes', async () => {
    expect(await file('apology', 'about.xhtml')).toContain('<dt>Written</dt>\n<dd>About 399 BC</dd>\n<dt>First published</dt>\n<dd>399 BC</dd>');
    const opf = await file('apologie', 'content.opf');
    expect(opf).toContain('<meta property="dcterms:date">-0398</meta>');
    expect(opf).not.toContain('<dc:date>');
    const check = run(['check', 'out/apology.epub']);
    expect(check.stdout + check.stderr).not.toMatch(/OPF-053|error|warning/);
    expect(check.status).toBe(0);
  }, 120_000);

  it('written the year-zero way wrong is refused at its line and column, with both right ways', () => {
    const r = run(['build', 'bad.md', '--out', 'out']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("bad.md:5:10: error: 'written' is not an ISO 8601 year: '-399' (ISO 8601 writes a year before the common era with four digits and counts a year 0 (1 BC): write '399 BC' or '-0398' for 399 BC)");
  });
});

describe('a packet of dialogues translated and introduced by one hand', () => {
  it('names the translator once, on the title page, and in the OPF as trl; not on each opening or contents entry', async () => {
    const p = pages('dialogues');
    expect(lines(p[0])).toEqual(['Dialogues', 'Plato', 'Translated by Benjamin Jowett', 'Edited by A. Teacher']);
    const contents = lines(p.find((t) => lines(t)[0] === 'Contents')!);
    expect(contents.join('\n')).not.toMatch(/translated by/i);
    expect(p.join('\n').match(/Translated by/g)).toHaveLength(1);
    expect(await file('dialogues', 'content.opf')).toContain('<dc:contributor id="contributor-1">Benjamin Jowett</dc:contributor>\n    <meta refines="#contributor-1" property="role" scheme="marc:relators">trl</meta>');
    expect(await file('dialogues', 'text-01.xhtml')).not.toContain('class="translator"');
  });

  it('puts a text’s first chapter in its opening’s EPUB file too, under its title, as the PDF sets it', async () => {
    const opening = await file('dialogues', 'text-01.xhtml');
    expect(opening).toMatch(/<h1 id="samizdat_text-1" class="book-title">Euthyphro<\/h1>[^]*<h2 id="[^"]+">Introduction<\/h2>/);
    expect(await file('dialogues', 'text-01-01.xhtml')).toMatch(/<h2 id="[^"]+">Euthyphro<\/h2>/);
  });

  it('sets a text’s first chapter (its introduction) under the text’s title, on its opening page', () => {
    const p = pages('dialogues');
    const opening = p.findIndex((t) => lines(t)[0] === 'Euthyphro');
    expect(lines(p[opening]).slice(0, 3)).toEqual(['Euthyphro', 'Introduction', 'Socrates is awaiting his trial for impiety. But before the trial begins,']);
    // The dialogue itself, a later chapter, still opens a page of its own.
    expect(lines(p[opening + 1])[0]).toBe('Euthyphro');
    // A size down from the title over it, as a section: two titles of one size read as two openings.
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', String(opening + 1), '-l', String(opening + 1), join(dir, 'out/dialogues.pdf'), '-'], { encoding: 'utf8' });
    const height = (w: string) => [...bbox.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g)].filter((m) => m[3] === w).map((m) => Number(m[2]) - Number(m[1]))[0];
    expect(height('Introduction')).toBeLessThan(0.85 * height('Euthyphro'));
  });

  it('says once on the About page what every text says alike (their circa date), and in each entry what is its own', async () => {
    const about = lines(pages('dialogues')[1]);
    expect(about).toEqual(['About this text', 'Written. About 399 BC', 'Translation. Benjamin Jowett',
      // Each entry credits the translator as its text's front matter does, introductions included (as its opening would).
      'Sources. Euthyphro, Plato (translated, with an introduction, by Benjamin', 'Jowett). Original title. Εὐθύφρων.', 'Crito, Plato (translated, with an introduction, by Benjamin Jowett).', 'Original title. Κρίτων.', 'ii']);
    const xhtml = await file('dialogues', 'about.xhtml');
    expect(xhtml).toContain('<dt>Written</dt>\n<dd>About 399 BC</dd>');
    expect(xhtml.match(/399 BC/g)).toHaveLength(1);
  });
});

describe('a span of time', () => {
  it('is printed on the About page as a span, goes into the OPF as an EDTF interval, and passes samizdat check', async () => {
    writeFileSync(join(dir, 'manifesto.md'), "---\ntitle: Manifesto\nauthor: Karl Marx\nlanguage: en-GB\nwritten: '1847-12/1848-01'\ndate: 1848–1849\n---\n\nA spectre is haunting Europe.\n");
    const r = run(['build', 'manifesto.md', '--out', 'span', '--check']);
    expect(r.status, r.stderr).toBe(0);
    const about = execFileSync('pdftotext', ['-f', '2', '-l', '2', join(dir, 'span/manifesto.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(about).toContain('Written. December 1847 – January 1848');
    const opf = await (await JSZip.loadAsync(readFileSync(join(dir, 'span/manifesto.epub')))).file('OEBPS/content.opf')!.async('string');
    expect(opf).not.toMatch(/<dc:date>/);
    expect(opf).toContain('<meta property="dcterms:date">1848/1849</meta>');
    expect(r.stderr).toMatch(/manifesto\.epub: no problems found/);
  }, 120_000);

  it('that crosses the era says both eras, in each edition and language; the OPF keeps the interval; samizdat check passes', async () => {
    const front = (lang: string) => `---\ntitle: Annals\nauthor: A. Chronicler\nlanguage: ${lang}\nwritten: 400 BC – AD 30\ndate: '-0399/0030'\n---\n\nThe years went by.\n`;
    writeFileSync(join(dir, 'annals.md'), front('en'));
    writeFileSync(join(dir, 'annales.md'), front('fr'));
    const r = run(['build', 'annals.md', 'annales.md', '--out', 'cross', '--check']);
    expect(r.status, r.stderr).toBe(0);
    const about = (book: string) => execFileSync('pdftotext', ['-f', '2', '-l', '2', join(dir, `cross/${book}.pdf`), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(about('annals')).toContain('Written. 400 BC – AD 30');
    expect(about('annales')).toContain('Écrit. 400 av. J.-C. – 30 apr. J.-C.');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'cross/annals.epub')));
    expect(await zip.file('OEBPS/about.xhtml')!.async('string')).toContain('<dt>Written</dt>\n<dd>400 BC – AD 30</dd>\n<dt>First published</dt>\n<dd>400 BC – AD 30</dd>');
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toContain('<meta property="dcterms:date">-0399/0030</meta>');
    expect(r.stderr).toMatch(/annals\.epub: no problems found/);
    expect(r.stderr).toMatch(/annales\.epub: no problems found/);
  }, 120_000);
});

