/**
 * The EPUBs through the two reference validators, as CI runs them: Java EPUBCheck (Debian package
 * `epubcheck`) and Ace by DAISY (`ace-cli`, with Debian's chromium). A validator that is missing makes
 * this file fail with the command that installs it: no check is skipped and reported green.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { renderEpub } from '../../src/epub/render.js';
import { DATE, FIXTURE, handPageMap, loadBook, SEED } from './helpers.js';
import { makeCoverLater } from '../../src/cover/cover.js';

const run = promisify(execFile);
const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';

function onPath(command: string): string | undefined {
  for (const dir of [join(process.cwd(), 'node_modules', '.bin'), ...(process.env.PATH ?? '').split(delimiter)]) {
    const p = join(dir, command);
    if (existsSync(p)) return p;
  }
  return undefined;
}

let dir: string;
const epubs: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samizdat-validators-'));
  // The seed as `samizdat build` writes it (with whatever page map the PDF layout gives today), and the
  // fixture book with a hand-made page map, so the page-list and page labels are checked too. (Java
  // EPUBCheck takes ~10 s a book: the other variants are left to epubcheck-ts in epub.test.ts.)
  const built = await buildManuscript(SEED, { outDir: join(dir, 'build'), formats: ['epub'], paper: 'a5', date: DATE });
  epubs['seed (samizdat build)'] = built.written[0];
  const tables = await buildManuscript('test/fixtures/tables/tables.md', { outDir: join(dir, 'tables'), formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
  epubs['tables (samizdat build)'] = tables.written[1];
  const subentries = await buildManuscript('test/fixtures/subentries/sub.md', { outDir: join(dir, 'subentries'), formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
  epubs['index sub-entries (samizdat build)'] = subentries.written[1];
  // A packet of three texts in two parts, with its paragraphs numbered: text files, bylines, merged index.
  const packet = await buildManuscript('seeds/three-readings/three-readings.yaml', { outDir: join(dir, 'packet'), formats: ['pdf', 'epub'], paper: 'a5', date: DATE, numberParagraphs: true });
  epubs['packet with numbered paragraphs (samizdat build)'] = packet.written[1];
  // Every key of a real edition's front matter, an editor's cover, an SVG figure, a table without a header.
  const edition = await buildManuscript('test/fixtures/edition/edition.md', { outDir: join(dir, 'edition'), formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
  epubs['edition (samizdat build)'] = edition.written[1];
  // The e-reader fixture (notes, a table, a large image resized for the EPUB, headings four deep) as EPUB and kepub.
  const ereader = await buildManuscript('test/fixtures/ereader/ereader.md', { outDir: join(dir, 'ereader'), formats: ['epub', 'kepub'], paper: 'a5', date: DATE });
  epubs['e-reader fixture (EPUB)'] = ereader.written[0];
  epubs['e-reader fixture (kepub)'] = ereader.written[1];
  for (const [label, file] of [['fixture with page map', FIXTURE]]) {
    const book = loadBook(file);
    const path = join(dir, `${label.replace(/\W+/g, '-')}.epub`);
    writeFileSync(path, await renderEpub(book, handPageMap(book).pageMap, { date: DATE, cover: await makeCoverLater(book) }));
    epubs[label] = path;
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Java EPUBCheck', () => {
  it('reports no fatal error, error or warning', async () => {
    const java = onPath('java');
    if (!java || !existsSync(EPUBCHECK_JAR)) {
      throw new Error(`Java EPUBCheck is not installed (need 'java' and ${EPUBCHECK_JAR}): apt-get install -y epubcheck`);
    }
    const check = async (label: string, path: string) => {
      const json = `${path}.epubcheck.json`;
      // EPUBCheck exits 1 when it finds errors; the JSON report says what they are.
      await run(java, ['-jar', EPUBCHECK_JAR, '--json', json, path], { maxBuffer: 1 << 24 }).catch(() => undefined);
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        checker: { nFatal: number; nError: number; nWarning: number };
        messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
      };
      const problems = report.messages
        .filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')
        .map((m) => `${label}: ${m.severity} ${m.ID} ${m.message} ${m.locations.map((l) => `${l.path}:${l.line}`).join(' ')}`);
      return { label, counts: report.checker, problems };
    };
    const entries = Object.entries(epubs);
    // Two at a time: the machine has two cores.
    const results = [];
    for (let i = 0; i < entries.length; i += 2) results.push(...(await Promise.all(entries.slice(i, i + 2).map(([l, p]) => check(l, p)))));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    for (const r of results) expect({ book: r.label, fatal: r.counts.nFatal, errors: r.counts.nError, warnings: r.counts.nWarning }).toEqual({ book: r.label, fatal: 0, errors: 0, warnings: 0 });
  }, 420_000); // ~10 s a book alone, several times that while other builds share the two cores
});

describe('Ace by DAISY', () => {
  it('finds no violation and passes', async () => {
    const ace = onPath('ace-cli');
    if (!ace) throw new Error("Ace by DAISY is not installed: PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli@1.4.6 (it runs Debian's chromium: apt-get install -y chromium)");
    if (!existsSync(CHROMIUM)) throw new Error(`Ace needs Chromium at ${CHROMIUM}: apt-get install -y chromium, or set PUPPETEER_EXECUTABLE_PATH`);
    const problems: string[] = [];
    for (const [label, path] of Object.entries(epubs)) {
      const out = `${path}.ace`;
      await run(ace, ['-s', '-f', '-o', out, path], { env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: CHROMIUM }, maxBuffer: 1 << 24 });
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        'earl:result': { 'earl:outcome': string };
        assertions: { 'earl:testSubject': { url: string }; assertions: { 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'dct:description': string } }[] }[];
      };
      for (const doc of report.assertions) {
        for (const a of doc.assertions) problems.push(`${label}: ${doc['earl:testSubject'].url}: ${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']}): ${a['earl:result']['dct:description']}`);
      }
      if (report['earl:result']['earl:outcome'] !== 'pass') problems.push(`${label}: outcome ${report['earl:result']['earl:outcome']}`);
    }
    expect(problems).toEqual([]);
  }, 420_000);
});
