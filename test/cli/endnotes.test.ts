/**
 * `footnotes: endnotes` sets the notes after the text, as scholarly editions do: no notes at the foot
 * of the PDF's pages, a section *Notes* after the text (in the contents and the bookmarks) with each
 * chapter's title over its notes, linked both ways; in the EPUB one notes.xhtml (Standard Ebooks'
 * endnotes), listed in the nav. A packet refuses the key at its line. Through the compiled command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';
import { QpdfJson } from '../pdf/qpdf.js';

let dir: string;
const build = (file: string, out = 'out') => spawnSync(process.execPath, [CLI, 'build', file, '--out', out, '--format', 'pdf,epub,kepub'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
const pages = (pdf: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, pdf), '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
const flat = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-endnotes-'));
  cpSync(join(ROOT, 'test/fixtures/endnotes'), dir, { recursive: true });
  const r = build('endnotes.md');
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/warning/);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints no notes on the text pages and the notes after the text, under Notes and each chapter’s title, before the index', () => {
  const all = pages('out/endnotes.pdf');
  const notesAt = all.findIndex((p) => /^\s*Notes\s*$/m.test(p) && !/Contents/.test(p));
  expect(notesAt).toBeGreaterThan(0);
  // The text's pages: marks, no note text.
  const text = all.slice(0, notesAt).join('\n');
  expect(text).toMatch(/It ends here\.1/);
  expect(text).not.toMatch(/Note \d of chapter|A note cited/);
  // The notes' pages, in order: the note cited before the first chapter (under the book's title, which
  // opens the text), then each chapter's, numbered
  // from 1 (by-chapter), a note cited inside a note right after the note citing it.
  const back = all.slice(notesAt).join('\n');
  const indexAt = back.search(/Index of names/);
  expect(indexAt).toBeGreaterThan(0);
  const notes = flat(back.slice(0, indexAt));
  const order = ['Notes', 'A Book with Endnotes', '1. A note cited before the first chapter.', 'The First Chapter', '1. Note 1 of chapter 1.', '2. Note 2 of chapter 1.', '3. A note cited inside note 2', '4. Note 3 of chapter 1.',
    'The Second Chapter', '1. Note 4 of chapter 2.', '2. Note 5 of chapter 2.', '3. Note 6 of chapter 2.', 'The Third Chapter', '1. Note 7 of chapter 3.', '3. Note 9 of chapter 3.'];
  const at = order.map((s) => notes.indexOf(s));
  expect(at.every((x) => x >= 0), JSON.stringify(order.filter((_, i) => at[i] < 0))).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  // Running heads on the notes' pages after the first, as on the index's: Notes on versos and rectos alike, as LaTeX marks them.
  expect(all[notesAt].trim().split('\n')[0].trim()).toBe('Notes');
  expect(all[notesAt + 1].trim().split('\n')[0].trim()).toBe('Notes');
  expect(all[notesAt + 2].trim().split('\n')[0].trim()).toBe('Notes');
  expect(all[notesAt + 2]).toMatch(/Note 9 of chapter 3/);
});

it('lists Notes in the contents with its page, and in the bookmarks; the index gives the notes’ pages for names in them', () => {
  const all = pages('out/endnotes.pdf');
  const notesAt = all.findIndex((p) => /^\s*Notes\s*$/m.test(p) && !/Contents/.test(p));
  const label = all[notesAt].trim().split(/\s+/).at(-1)!;
  const contents = flat(all.find((p) => /Contents/.test(p))!);
  expect(contents).toMatch(new RegExp(`Notes[ .]+${label} Index of names`));
  const q = new QpdfJson(join(dir, 'out/endnotes.pdf'));
  const notesMark = q.outlines.find((o) => o.title === 'Notes');
  expect(notesMark?.destpageposfrom1).toBe(notesAt + 1);
  // Ricardo is named only in the notes: his locator is a notes page.
  const index = flat(all.at(-1)!);
  expect(index).toMatch(new RegExp(`Ricardo, David, ${label}\\b`));
});

it('links each mark to its note and each note’s number back to its mark', () => {
  const q = new QpdfJson(join(dir, 'out/endnotes.pdf'));
  const dests = q.dests();
  const links = q.pages.flatMap((_, i) => q.links(i).map((l) => ({ ...l, from: i })));
  const toNotes = links.filter((l) => l.dest?.startsWith('note-'));
  const toMarks = links.filter((l) => l.dest?.startsWith('nref-'));
  expect(toNotes.length).toBe(11);
  expect(toMarks.length).toBe(11);
  const notesFrom = Math.min(...toMarks.map((l) => l.from));
  // Marks on the text's pages lead to the notes' pages, and back; but for the note cited inside a note.
  for (const l of toNotes.filter((x) => x.from < notesFrom)) expect(dests.get(l.dest!)).toBeGreaterThanOrEqual(notesFrom);
  expect(toMarks.filter((l) => dests.get(l.dest!)! >= notesFrom).map((l) => l.dest)).toEqual(['nref-11']);
});

it('puts every note in one notes.xhtml, listed in the nav, linked both ways; EPUBCheck finds nothing', async () => {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out/endnotes.epub')));
  const read = (n: string) => zip.file(`OEBPS/${n}`)!.async('string');
  const notes = await read('notes.xhtml');
  expect(notes).toContain('epub:type="endnotes"');
  const items = [...notes.matchAll(/<li id="([^"]+)" epub:type="endnote" value="(\d+)">([\s\S]*?)<\/li>/g)];
  expect(items.length).toBe(11);
  expect([...notes.matchAll(/<h[12][^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['Notes', 'A Book with Endnotes', 'The First Chapter', 'The Second Chapter', 'The Third Chapter']);
  expect(items.map((m) => m[2]).join(' ')).toBe('1 1 2 3 4 1 2 3 1 2 3');
  const chapters = await Promise.all(['opening.xhtml', 'chapter-01.xhtml', 'chapter-02.xhtml', 'chapter-03.xhtml'].map(async (f) => [f, await read(f)] as const));
  for (const [f, x] of chapters) expect(x, f).not.toMatch(/footnote/);
  // Every note's backlink leads to a mark whose link leads to the note.
  for (const [, id, , body] of items) {
    const back = body.match(/<a href="([^"#]*)#([^"]+)" epub:type="backlink"/)!;
    const file = back[1] || 'notes.xhtml';
    const source = file === 'notes.xhtml' ? notes : chapters.find(([f]) => f === file)![1];
    expect(source).toMatch(new RegExp(`id="${back[2]}" href="(notes\\.xhtml)?#${id}"`));
  }
  expect(await read('toc.xhtml')).toMatch(/<a href="notes\.xhtml">Notes<\/a>[\s\S]*index\.xhtml/);
  for (const f of ['endnotes.epub', 'endnotes.kepub.epub']) {
    const r = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'out', f)], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/No errors or warnings detected/);
  }
}, 120_000);

it('without by-chapter the numbers run on through the book, the notes still grouped by chapter', () => {
  writeFileSync(join(dir, 'through.md'), readFileSync(join(dir, 'endnotes.md'), 'utf8').replace('footnotes: [by-chapter, endnotes]', 'footnotes: endnotes'));
  const r = build('through.md', 'through');
  expect(r.status, r.stderr).toBe(0);
  const all = flat(pages('through/through.pdf').join('\n'));
  const from = all.indexOf('Notes A Book with Endnotes 1.');
  expect(from).toBeGreaterThan(0);
  const notes = all.slice(from);
  // A note cited only inside a note is numbered right after the note citing it, as footnotes are, and printed in its chapter.
  expect(notes).toMatch(/3\. Note 2 of chapter 1\.[^]*4\. A note cited inside note 2[^]*5\. Note 3 of chapter 1\.[^]*The Second Chapter/);
  for (const s of ['1. A note cited before', '2. Note 1 of chapter 1.', '5. Note 3 of chapter 1.', 'The Second Chapter 6. Note 4 of chapter 2.', '11. Note 9 of chapter 3.']) expect(notes).toContain(s);
});

it('refuses endnotes in a packet, at the key’s line and column', () => {
  writeFileSync(join(dir, 'packet.yaml'), 'title: A Packet\nlanguage: en-GB\ntexts:\n  - endnotes.md\n');
  const r = build('packet.yaml', 'packet');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/endnotes\.md:5:1: error: endnotes are not supported in a packet/);
  expect(existsSync(join(dir, 'packet/packet.pdf'))).toBe(false);
});
