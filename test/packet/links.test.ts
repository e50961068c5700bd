/**
 * Links inside one text of a packet: numbering restarts in each text and headings repeat from text
 * to text, so a second text's 'Table 1' and 'Prices' take ids unique in the book ('table-1-2');
 * `[Table 1](#table-1)` written in that text must still lead to its own table, in both editions.
 * Fixture: test/fixtures/packet-tables/ (two texts, each with a numbered table and a 'Prices' heading
 * linked from its first paragraph), built with the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QpdfJson } from '../pdf/qpdf.js';
import { CLI, ROOT, ensureCompiled } from '../compiled.js';

let work: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-packet-links-'));
  cpSync(join(ROOT, 'test/fixtures/packet-tables'), work, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'tables.yaml', '--out', 'out'], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.stderr.split('\n').filter((l) => / (error|warning): /.test(l))).toEqual([]);
  expect(r.status).toBe(0);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a link in a packet’s text to its own numbered table or heading', () => {
  it('leads to that text’s table and heading in the PDF', () => {
    const pdf = join(work, 'out/tables.pdf');
    const pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
    const pageOf = (words: string) => pages.findIndex((p) => p.includes(words));
    const q = new QpdfJson(pdf);
    const dests = q.dests();
    for (const grain of ['corn', 'wool']) {
      // The paragraph with the two links, its table and its heading share the text's opening page.
      const at = pageOf(`The ${grain} prices of the year`);
      expect(at).toBeGreaterThan(0);
      expect(pageOf(`Table 1. The ${grain} market, 1844`)).toBe(at);
      const targets = q.links(at).flatMap((l) => (l.dest ? [dests.get(l.dest)] : []));
      expect(targets).toEqual([at, at]);
    }
    expect(pageOf('The wool prices')).not.toBe(pageOf('The corn prices'));
  });

  it('points into that text’s own file, at its table’s and heading’s ids, in the EPUB', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(work, 'out/tables.epub')));
    // Each text begins with its chapter, which its opening file holds, under its title.
    const files = await Promise.all(zip.file(/text-\d+(-\d+)?\.xhtml$/).map(async (f) => ({ name: f.name, xhtml: await f.async('string') })));
    expect(files.map((f) => f.name)).toEqual(['OEBPS/text-01.xhtml', 'OEBPS/text-02.xhtml']);
    for (const grain of ['corn', 'wool']) {
      const own = files.find((f) => f.xhtml.includes(`The ${grain} prices of the year`))!;
      const hrefs = [...own.xhtml.matchAll(/<a href="([^"]+)"[^>]*>(Table 1|Prices)<\/a>/g)].map((m) => [m[2], m[1]]);
      expect(hrefs.map(([words]) => words)).toEqual(['Table 1', 'Prices']);
      for (const [words, href] of hrefs) {
        // Within the same file (no file name before '#'), to an id this file holds on the right element.
        expect(href).toMatch(/^#/);
        const id = href.slice(1);
        const element = new RegExp(`<(\\w+)[^>]* id="${id}"`).exec(own.xhtml);
        expect(element?.[1]).toBe(words === 'Table 1' ? 'table' : 'h2');
      }
    }
  });
});
