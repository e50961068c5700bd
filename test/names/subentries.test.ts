import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildManuscript, type BuildResult } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { parseBody } from '../../src/parse/parse.js';
import { elements, parseXml, spineDocuments, unzip } from '../epub/helpers.js';

// Index sub-entries: `[Stalin]{name=stalin sub="death of"}` files a mention under 'death of' in
// Stalin's entry, in both editions, the way makeindex's `\index{Stalin!death of}` does.

const FIXTURE = 'test/fixtures/subentries/sub.md';
let built: BuildResult;
let pdfText: string;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'samizdat-sub-'));
  built = await buildManuscript(FIXTURE, { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: new Date('2024-01-01T00:00:00Z') });
  pdfText = execFileSync('pdftotext', ['-layout', built.written[0], '-'], { encoding: 'utf8' });
}, 60_000);

describe('index sub-entries', () => {
  it('file marked mentions under their sub-entries, in collation order, apart from the entry’s own pages', () => {
    const stalin = built.book.mentions.filter((m) => m.personId === 'stalin');
    expect(stalin.filter((m) => m.sub).map((m) => m.sub)).toEqual(['death of', 'and Lenin\'s testament', 'death of', 'cult of']);
    expect(stalin.filter((m) => !m.sub).length).toBeGreaterThan(0);
  });

  it('print in the PDF index under their entry, one indent in, each with its pages', () => {
    const index = pdfText.slice(pdfText.indexOf('Index of names'));
    const lines = index.split('\n').map((l) => l.replace(/^.{30,}?\s{2,}(?=\S)/, '').trim()).filter(Boolean);
    const at = lines.findIndex((l) => l.startsWith('Stalin, Joseph'));
    expect(at).toBeGreaterThanOrEqual(0);
    const after = lines.slice(at, at + 6).join(' | ');
    expect(after).toMatch(/and Lenin's testament, \d+ \| cult of, \d+ \| death of, \d+, \d+/);
  });

  it('nest in the EPUB index as an index-entry-list inside the entry, valid for EPUBCheck', async () => {
    const files = await unzip(new Uint8Array(readFileSync(built.written[1])));
    const [, xhtml] = spineDocuments(files).find(([n]) => n === 'index.xhtml')!;
    const doc = parseXml(xhtml, 'index.xhtml');
    const entry = elements(doc.documentElement).find((e) => e.getAttribute('id') === 'idx-stalin')!;
    const nested = elements(entry).filter((e) => e.localName === 'li' && e.getAttribute('epub:type') === 'index-entry');
    expect(nested.map((e) => e.textContent?.replace(/,.*/, ''))).toEqual(["and Lenin's testament", 'cult of', 'death of']);
    for (const li of nested) expect(elements(li).some((e) => e.getAttribute('epub:type') === 'index-locator')).toBe(true);
    // Java EPUBCheck, the reference, accepts the nested list (test/epub/validators.test.ts builds this book);
    // epubcheck-ts allows one index-entry-list per index, and says so, and nothing else (the second
    // message is its reading of the nav's `index` landmark link as an index: see test/epub/epub.test.ts).
    const result = await EpubCheck.validate(new Uint8Array(readFileSync(built.written[1])));
    expect(result.messages.filter((m) => m.severity !== 'info' && m.severity !== 'usage').map((m) => `${m.id} ${m.location?.path} ${m.message}`).sort()).toEqual([
      'RSC-005 OEBPS/index.xhtml An "index" must contain one and only one "index-entry-list" descendant element.',
      'RSC-005 OEBPS/toc.xhtml An "index" must contain one and only one "index-entry-list" descendant element.',
    ]);
  });

  it('are refused, with the marker’s position, without a name or without words', () => {
    const diags = new Diagnostics();
    parseBody('s.md', 'One [x]{sub="death of"} and [y]{name=stalin sub=""} end.\n', 10, diags);
    expect(diags.list.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['11:9 marker-sub', '11:45 marker-sub']);
  });
});
