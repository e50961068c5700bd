/**
 * The e-reader editions through the compiled command, as a user builds them: the EPUB and the kepub
 * of a book with notes, a table, a large image and headings four levels deep, and the seed's. What a
 * reader on Kobo, Kindle or Apple Books would notice: the kepub's text is the EPUB's, page numbers in
 * the NCX as in the nav, contents two levels deep in the NCX, a section break that is an element,
 * large images smaller in the EPUB and whole in the PDF; and `samizdat check` on good and damaged editions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLSerializer } from '@xmldom/xmldom';
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elements, epubType, parseXml } from '../epub/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/samizdat.mjs');
const FIXTURE = join(ROOT, 'test/fixtures/ereader/ereader.md');
const SEED = join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md');
let work: string;

function samizdat(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Files = Map<string, string | Uint8Array>;
async function unzip(path: string): Promise<Files> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const out: Files = new Map();
  for (const [name, e] of Object.entries(zip.files)) if (!e.dir) out.set(name, /\.(xhtml|opf|ncx|css|xml)$/.test(name) ? await e.async('string') : await e.async('uint8array'));
  return out;
}
const str = (files: Files, name: string) => files.get(name) as string;

let built: { stderr: string; epub: Files; kepub: Files; visible: Files };

beforeAll(async () => {
  execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
  work = mkdtempSync(join(tmpdir(), 'samizdat-ereader-'));
  const r = samizdat(['build', FIXTURE, '--format', 'epub,kepub,pdf', '--out', join(work, 'out')]);
  expect(r.code, r.stderr).toBe(0);
  const v = samizdat(['build', FIXTURE, '--format', 'epub', '--page-numbers', 'visible', '--out', join(work, 'visible')]);
  expect(v.code, v.stderr).toBe(0);
  built = { stderr: r.stderr, epub: await unzip(join(work, 'out/ereader.epub')), kepub: await unzip(join(work, 'out/ereader.kepub.epub')), visible: await unzip(join(work, 'visible/ereader.epub')) };
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A content document with Kobo's spans and wrappers taken out, serialized. */
function withoutKobo(xml: string, name: string): string {
  const doc = parseXml(xml, name);
  for (const e of elements(doc).filter((x) => (x.localName === 'span' && x.getAttribute('class') === 'koboSpan') || (x.localName === 'div' && /^book-(columns|inner)$/.test(x.getAttribute('id') ?? '')))) {
    while (e.firstChild) e.parentNode!.insertBefore(e.firstChild, e);
    e.parentNode!.removeChild(e);
  }
  // The wrappers' own line breaks go with them.
  return new XMLSerializer().serializeToString(doc as never).replace(/\n+/g, '\n');
}
const serialized = (xml: string, name: string) => new XMLSerializer().serializeToString(parseXml(xml, name) as never).replace(/\n+/g, '\n');

describe('the kepub', () => {
  it('has the EPUB’s text, metadata and files, with a koboSpan round every sentence', () => {
    expect([...built.kepub.keys()]).toEqual([...built.epub.keys()]);
    expect(str(built.kepub, 'OEBPS/content.opf')).toBe(str(built.epub, 'OEBPS/content.opf'));
    const docs = [...built.epub.keys()].filter((n) => n.endsWith('.xhtml') && !n.endsWith('toc.xhtml'));
    expect(docs.length).toBeGreaterThan(3);
    for (const name of docs) {
      const kepub = str(built.kepub, name);
      expect(withoutKobo(kepub, name), name).toBe(serialized(str(built.epub, name), name));
      const doc = parseXml(kepub, name);
      const body = elements(doc).find((e) => e.localName === 'body')!;
      // body > div#book-columns > div#book-inner, as Kobo's converter makes it.
      const columns = elements(body)[0];
      expect([columns.getAttribute('id'), elements(columns)[0].getAttribute('id')]).toEqual(['book-columns', 'book-inner']);
      // Every piece of text is inside a koboSpan with an id kobo.P.S, each id once.
      const ids = elements(doc).filter((e) => e.getAttribute('class') === 'koboSpan').map((e) => e.getAttribute('id')!);
      for (const id of ids) expect(id).toMatch(/^kobo\.\d+\.\d+$/);
      expect(new Set(ids).size).toBe(ids.length);
      const bare: string[] = [];
      const visit = (n: Node, inSpan: boolean) => {
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === 3 && !inSpan && c.nodeValue!.trim()) bare.push(c.nodeValue!);
          if (c.nodeType === 1) visit(c, inSpan || (c as Element).getAttribute('class') === 'koboSpan');
        }
      };
      visit(body, false);
      expect(bare, name).toEqual([]);
    }
  });

  it('splits a paragraph into sentences, numbered from 1 in each paragraph', () => {
    const doc = parseXml(str(built.kepub, 'OEBPS/chapter-01.xhtml'));
    const p = elements(doc).find((e) => e.localName === 'p' && /^The reading room opened/.test(e.textContent ?? ''))!;
    const spans = elements(p).filter((e) => e.getAttribute('class') === 'koboSpan');
    expect(spans.map((s) => s.textContent).join('')).toBe(p.textContent);
    expect(spans[0].textContent).toBe('The reading room opened at nine. ');
    const [first] = spans;
    expect(first.getAttribute('id')).toMatch(/^kobo\.\d+\.1$/);
    const para = first.getAttribute('id')!.split('.')[1];
    expect(spans.map((s) => s.getAttribute('id'))).toEqual(spans.map((_, i) => `kobo.${para}.${i + 1}`));
    expect(spans.map((s) => s.textContent)).toContain(' Whether either of them did is another matter. ');
  });
});

describe('the EPUB for every reader', () => {
  it('lists the same pages in the NCX pageList as in the nav page-list, with the page count', () => {
    const nav = parseXml(str(built.epub, 'OEBPS/toc.xhtml'));
    const pageNav = elements(nav).find((e) => e.localName === 'nav' && epubType(e)[0] === 'page-list')!;
    const navPages = elements(pageNav).filter((e) => e.localName === 'a').map((a) => [a.textContent, a.getAttribute('href')]);
    const ncx = parseXml(str(built.epub, 'OEBPS/toc.ncx'));
    const targets = elements(ncx).filter((e) => e.localName === 'pageTarget');
    const ncxPages = targets.map((t) => [elements(t).find((e) => e.localName === 'text')!.textContent, elements(t).find((e) => e.localName === 'content')!.getAttribute('src')]);
    expect(navPages.length).toBeGreaterThan(1);
    expect(ncxPages).toEqual(navPages);
    const meta = (name: string) => elements(ncx).find((e) => e.getAttribute('name') === name)?.getAttribute('content');
    expect(meta('dtb:totalPageCount')).toBe(String(navPages.length));
  });

  it('keeps the NCX contents two levels deep; the nav has the third level', () => {
    const ncx = parseXml(str(built.epub, 'OEBPS/toc.ncx'));
    const depthOf = (e: Element): number => 1 + Math.max(0, ...elements(e).filter((c) => c.localName === 'navPoint' && c.parentNode === e).map(depthOf));
    const map = elements(ncx).find((e) => e.localName === 'navMap')!;
    expect(Math.max(...elements(map).filter((e) => e.localName === 'navPoint' && e.parentNode === map).map(depthOf))).toBe(2);
    expect(str(built.epub, 'OEBPS/toc.ncx')).not.toContain('Drawers of the East Wing');
    expect(str(built.epub, 'OEBPS/toc.xhtml')).toContain('Drawers of the East Wing');
  });

  it('has an index landmark, a section break that is an element, and a stylesheet without generated content', () => {
    const nav = parseXml(str(built.epub, 'OEBPS/toc.xhtml'));
    const landmarks = elements(nav).find((e) => e.localName === 'nav' && epubType(e)[0] === 'landmarks')!;
    expect(elements(landmarks).filter((e) => e.localName === 'a').map((a) => [epubType(a)[0], a.getAttribute('href')])).toContainEqual(['index', 'index.xhtml']);
    expect(str(built.epub, 'OEBPS/chapter-01.xhtml')).toContain('<hr class="section-break"/>');
    const css = str(built.epub, 'OEBPS/style.css').replace(/\/\*[^]*?\*\//g, '');
    expect(css).not.toMatch(/::?(after|before)\b/);
    expect(css).toMatch(/body \{[^}]*\bhyphens: auto;[^}]*\}/);
    expect(css).toMatch(/img \{[^}]*max-width: 100%;[^}]*max-height: 95vh;/);
    expect(str(built.epub, 'OEBPS/chapter-01.xhtml')).toContain('lang="en-GB" xml:lang="en-GB"');
  });

  it('shows the print page numbers in the text only with --page-numbers visible', () => {
    const marker = /<span epub:type="pagebreak"[^>]*>([^<]*)<\/span>/g;
    const hidden = [...str(built.epub, 'OEBPS/chapter-01.xhtml').matchAll(marker)].map((m) => m[1]);
    const shown = [...str(built.visible, 'OEBPS/chapter-01.xhtml').matchAll(marker)].map((m) => m[1]);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((t) => t === '')).toBe(true);
    expect(shown).toEqual(hidden.map((_, i) => String(i + 1)));
    expect(str(built.visible, 'OEBPS/chapter-01.xhtml')).toMatch(/<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1" class="folio">1<\/span>/);
  });
});

describe('large images', () => {
  it('are resized for the EPUB, with a note; the PDF keeps the original', async () => {
    expect(built.stderr).toMatch(/ereader\.md:\d+:1: note: image panorama\.png \(3600×1200 px, 21 kB\) resized for the EPUB to 3200×1067 px, \d+ kB; the PDF keeps the original/);
    for (const files of [built.epub, built.kepub]) {
      const meta = await sharp(Buffer.from(files.get('OEBPS/images/panorama.png') as Uint8Array)).metadata();
      expect([meta.width, meta.height]).toEqual([3200, 1067]);
    }
    const list = execFileSync('pdfimages', ['-list', join(work, 'out/ereader.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(list.map((l) => l.trim().split(/\s+/).slice(3, 5))).toContainEqual(['3600', '1200']);
  });

  it('a photograph heavy but not large is compressed again at its size, and the note says so, not \'resized\' to its own size', async () => {
    const dir = join(work, 'heavy');
    mkdirSync(dir);
    // A painting's scan as Standard Ebooks keeps it (1136 × 2401 px, 2 MB): faint noise at JPEG's best quality.
    const [w, h] = [1100, 1600];
    const noise = Buffer.alloc(w * h * 3);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) noise[i] = 96 + ((x = (x * 1103515245 + 12345) >>> 0) >>> 26);
    await sharp(noise, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 100 }).toFile(join(dir, 'painting.jpg'));
    expect(readFileSync(join(dir, 'painting.jpg')).length).toBeGreaterThan(1.5 * 1024 * 1024);
    writeFileSync(join(dir, 'painting.md'), '---\ntitle: A Painting\nauthor: A. Tester\nlanguage: en-GB\n---\n\n![A painting](painting.jpg)\n');
    const r = samizdat(['build', 'painting.md', '--out', 'out'], process.env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/painting\.md:7:1: note: image painting\.jpg \(1100×1600 px, \d\.\d MB\) compressed again for the EPUB at its size, \d+ kB; the PDF keeps the original/);
    const copy = (await unzip(join(dir, 'out/painting.epub'))).get('OEBPS/images/painting.jpg') as Uint8Array;
    expect(await sharp(Buffer.from(copy)).metadata()).toMatchObject({ width: 1100, height: 1600 });
  }, 120_000);

  it('a heavy photograph comes out lighter and smaller in the EPUB, whole in the PDF', async () => {
    const dir = join(work, 'photo');
    mkdirSync(dir);
    // Noise does not compress: 3,600 × 2,400 px of it is a JPEG of several megabytes.
    const noise = Buffer.alloc(3600 * 2400 * 3);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    await sharp(noise, { raw: { width: 3600, height: 2400, channels: 3 } }).jpeg({ quality: 95 }).toFile(join(dir, 'photo.jpg'));
    const original = readFileSync(join(dir, 'photo.jpg')).length;
    expect(original).toBeGreaterThan(3 * 1024 * 1024);
    writeFileSync(join(dir, 'photo.md'), '---\ntitle: A Photograph\nauthor: A. Tester\nlanguage: en-GB\n---\n\nBefore.\n\n![A photograph of noise](photo.jpg)\n\nAfter.\n');
    const r = samizdat(['build', 'photo.md', '--out', 'out'], process.env, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/photo\.md:9:1: note: image photo\.jpg \(3600×2400 px, \d+\.\d MB\) resized for the EPUB to \d+×\d+ px, /);
    const epub = await unzip(join(dir, 'out/photo.epub'));
    const copy = Buffer.from(epub.get('OEBPS/images/photo.jpg') as Uint8Array);
    expect(copy.length).toBeLessThanOrEqual(1.5 * 1024 * 1024);
    const meta = await sharp(copy).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThan(3600);
    const list = execFileSync('pdfimages', ['-list', join(dir, 'out/photo.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(list.map((l) => l.trim().split(/\s+/).slice(3, 5))).toEqual([['3600', '2400']]);
  }, 120_000);
});

describe('samizdat check', () => {
  it('exits 1 on an EPUB missing a file of its manifest and on a truncated PDF, naming the fault', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(work, 'out/ereader.epub')));
    zip.remove('OEBPS/style.css');
    writeFileSync(join(work, 'damaged.epub'), await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const pdf = readFileSync(join(work, 'out/ereader.pdf'));
    writeFileSync(join(work, 'truncated.pdf'), pdf.subarray(0, pdf.length >> 1));
    const r = samizdat(['check', 'damaged.epub', 'truncated.pdf'], process.env, work);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^(damaged\.epub|truncated\.pdf): (error|warning|note): \S/);
    expect(lines).toContainEqual(expect.stringMatching(/^damaged\.epub: error: EPUBCheck RSC-001: .*style\.css.* could not be found/));
    expect(lines).toContainEqual(expect.stringMatching(/^truncated\.pdf: error: qpdf: .*(damaged|startxref)/));
  }, 300_000);

  it('without Java, qpdf or poppler on PATH, falls back to epubcheck-ts and its own PDF checks, and says what it left out', async () => {
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync(process.execPath, join(bin, 'node'));
    const env = { ...process.env, PATH: bin };
    const good = samizdat(['check', 'out/ereader.epub', 'out/ereader.kepub.epub', 'out/ereader.pdf'], env, work);
    expect(good.stdout.split('\n').filter((l) => / (error|warning): /.test(l))).toEqual([]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('out/ereader.epub: note: Ace by DAISY is not installed');
    expect(good.stderr).toContain('out/ereader.epub: no problems found by epubcheck-ts');
    const bad = samizdat(['check', 'damaged.epub', 'truncated.pdf'], env, work);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^damaged\.epub: error: EPUBCheck RSC-001: .*style\.css/m);
    expect(bad.stdout).toMatch(/^truncated\.pdf: error: the file is truncated: it does not end with %%EOF$/m);
  }, 120_000);

  it('samizdat build --format epub,kepub,pdf --check passes on the seed', () => {
    const r = samizdat(['build', SEED, '--format', 'epub,kepub,pdf', '--check', '--out', join(work, 'seed')]);
    expect(r.stdout.split('\n').filter((l) => / (error|warning): /.test(l))).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    for (const e of ['epub', 'kepub.epub', 'pdf']) expect(r.stderr).toContain(`legacies-and-heirs-of-jv-stalin.${e}: no problems found by`);
    expect(r.stderr).toMatch(/legacies-and-heirs-of-jv-stalin\.kepub\.epub: no problems found by EPUBCheck [\d.]+ \(Java\), Ace by DAISY/);
  }, 300_000);
});
