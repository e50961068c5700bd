/**
 * A real edition's front matter end to end (test/fixtures/edition: every key, an editor's cover, an SVG
 * figure, a table without a header row), through the compiled command: the title page, the About page
 * and the OPF read back with the right labels, inline Markdown set in both editions and plain in the
 * metadata. EPUBCheck and Ace run on the same book in test/epub/validators.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const BOOK = join(ROOT, 'test/fixtures/edition/edition.md');
let out: string;
let files: Record<string, string>;
let pdf: string;

beforeAll(async () => {
  if (statSync(CLI, { throwIfNoEntry: false }) === undefined) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  out = mkdtempSync(join(tmpdir(), 'samizdat-edition-'));
  const r = spawnSync(process.execPath, [CLI, 'build', BOOK, '--out', out], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toContain('warning');
  const zip = await JSZip.loadAsync(readFileSync(join(out, 'edition.epub')));
  files = {};
  for (const f of ['OEBPS/title.xhtml', 'OEBPS/about.xhtml', 'OEBPS/content.opf', 'OEBPS/chapter-01.xhtml', 'OEBPS/chapter-02.xhtml']) files[f] = await zip.files[f].async('string');
  pdf = join(out, 'edition.pdf');
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const pdfText = (first: number, last: number) => execFileSync('pdftotext', ['-f', String(first), '-l', String(last), pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('a real edition', () => {
  it('the title page credits each contributor as books do, in both editions', () => {
    const lines = [...files['OEBPS/title.xhtml'].matchAll(/<p class="([^"]+)">(.*?)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
    expect(lines).toEqual([
      'subtitle: A test edition',
      'author: Vera Ivanovna Zasulich and Georgi Plekhanov',
      'contributor: Translated by Anna Karlovna Smith',
      'contributor: Edited by Jane Roe',
      'contributor: With an introduction by Tamara Deutscher',
      'contributor: Illustrated by Ivan Bilibin',
      'publisher: samizdat test press',
    ]);
    expect(pdfText(1, 1)).toBe('Letters on the Revolution A test edition Vera Ivanovna Zasulich and Georgi Plekhanov Translated by Anna Karlovna Smith Edited by Jane Roe With an introduction by Tamara Deutscher Illustrated by Ivan Bilibin samizdat test press ');
  });

  it('the About page labels every date and source with what it is, the same in both editions', () => {
    const rows = [...files['OEBPS/about.xhtml'].matchAll(/<dt>(.*?)<\/dt>\n<dd>(.*?)<\/dd>/g)].map((m) => `${m[1]}. ${m[2].replace(/<[^>]+>/g, '')}`);
    expect(rows).toEqual([
      'Original title. Письма о революции',
      'Original language. Russian',
      'Written. February 1881. Written in Geneva in the winter of 1881.',
      'First published. Vestnik Narodnoi Voli, Geneva, 1883. Printed in an edition of 300 copies.',
      'Translation. Anna Karlovna Smith, 1921',
      'Source of this copy. A transcription at the samizdat test archive, checked against the 1921 printing',
      'Preparation. John Doe',
      'This edition. Second edition, revised, 4 December 2026. Corrected against the first printing.',
      'Series. Reading Packets, 3',
      'ISBN. 9780140447576',
      'Rights. Public domain; this edition CC0.',
      'Publisher. samizdat test press',
    ]);
    // The PDF's About page says the same, field for field.
    const page = pdfText(2, 2);
    for (const r of rows) expect(page).toContain(r.replace(/ 1/g, ' 1'));
    expect(page).toContain('Translator’s note. The letters are short. A second paragraph of the note.');
    // The editor's note after the translator's, headed as the editor's in both editions.
    expect(page).toContain('Editor’s note. The spelling of the 1921 printing is kept; two misprints are corrected.');
    expect(files['OEBPS/about.xhtml']).toMatch(/<h2>Translator’s note<\/h2>\n<p>The <em>letters<\/em> are short.<\/p>\n<p>A second paragraph of the note.<\/p>\n<h2>Editor’s note<\/h2>\n<p>The spelling of the 1921 printing is kept; two misprints are corrected.<\/p>/);
  });

  it('inline Markdown in the front matter is set in the EPUB and plain in the metadata', () => {
    const about = files['OEBPS/about.xhtml'];
    expect(about).toContain('<dd><em>Vestnik Narodnoi Voli</em>, Geneva, 1883.');
    expect(about).toContain('<a href="https://example.org/archive/letters">samizdat test archive</a>');
    expect(about).toContain('<p>The <em>letters</em> are short.</p>');
    const opf = files['OEBPS/content.opf'];
    expect(opf).toContain('<dc:source>Vestnik Narodnoi Voli, Geneva</dc:source>');
    expect(opf).toContain('<dc:rights>Public domain; this edition CC0.</dc:rights>');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Subject:\s+Vestnik Narodnoi Voli, Geneva\n/);
    // The PDF's link from the About page.
    const qdf = join(out, 'edition.qdf.pdf');
    spawnSync('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
    expect(readFileSync(qdf, 'latin1')).toContain('/URI (https://example.org/archive/letters)');
  });

  it('the OPF names each contributor with its MARC relator, the ISBN, the series, the first publication and this edition’s date', () => {
    const opf = files['OEBPS/content.opf'];
    const roles = [...opf.matchAll(/<dc:contributor id="([^"]+)">([^<]+)<\/dc:contributor>\n\s*<meta refines="#\1" property="role" scheme="marc:relators">(\w+)<\/meta>/g)].map((m) => `${m[2]}: ${m[3]}`);
    expect(roles).toEqual(['Anna Karlovna Smith: trl', 'Jane Roe: edt', 'Tamara Deutscher: aui', 'Ivan Bilibin: ill', 'John Doe: trc']);
    expect(opf).toContain('<dc:identifier id="isbn">urn:isbn:9780140447576</dc:identifier>');
    expect(opf).toContain('<meta property="belongs-to-collection" id="series">Reading Packets</meta>');
    expect(opf).toContain('<meta refines="#series" property="group-position">3</meta>');
    expect(opf).toContain('<dc:date>1883</dc:date>');
    expect(opf).toContain('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>');
    expect(opf).toContain('<item id="cover-image" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>');
  });

  it('the SVG figure is SVG in the EPUB and vectors in the PDF; the table without header words has no header', () => {
    expect(files['OEBPS/chapter-01.xhtml']).toContain('<img src="images/figure.svg" alt="Two circles, a red one and an open one, over the words Paris and Berlin"/><figcaption>Europe in 1848, as the letters see it</figcaption>');
    expect(files['OEBPS/content.opf']).toContain('href="images/figure.svg" media-type="image/svg+xml"');
    // No raster image in the PDF: the figure is drawn, its words are text.
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    expect(pdfText(5, 5)).toContain('Paris · Berlin');
    expect(files['OEBPS/chapter-02.xhtml']).not.toContain('<th');
    expect(files['OEBPS/chapter-02.xhtml']).toMatch(/<td id="[^"]+">Geneva<\/td>/);
  });
});
