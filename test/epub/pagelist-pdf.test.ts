/**
 * The EPUB's print page numbers against the PDF itself (issue 4): for every page in the EPUB's
 * page-list, the words after its marker are the first words printed on that page of the PDF (after the running
 * head), read
 * back with pdftotext (poppler-utils). Missing pdftotext fails the test with the install command.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { byId, DATE, elements, epubType, parseXml, SEED, spineDocuments, textBefore, unzip } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-pagelist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The words that follow `start` in document order (text only), up to `n`. */
function wordsAfter(root: Node, start: Node, n: number): string[] {
  let text = '';
  let on = false;
  const visit = (node: Node): boolean => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c === start) on = true;
      else if (on && c.nodeType === 3) text += c.nodeValue;
      else if (c.nodeType === 1) {
        const el = c as Element;
        // Footnote bodies and their reference numbers are not in the running text of a page.
        if (on && /^(p|h\d|li|blockquote|figure|pre)$/.test(el.localName)) text += ' ';
        if (epubType(el).includes('noteref') || el.getAttribute('class') === 'footnotes') continue;
        if (visit(c)) return true;
      }
      if (text.split(/\s+/).filter(Boolean).length > n) return true;
    }
    return false;
  };
  visit(root);
  return text.split(/\s+/).filter(Boolean).slice(0, n);
}

it('puts every page-list marker at the first words the PDF prints on that page', async () => {
  for (const tool of ['pdftotext']) {
    const found = (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, tool)));
    if (!found) throw new Error(`${tool} is not installed: apt-get install -y poppler-utils`);
  }
  const result = await buildManuscript(SEED, { outDir: dir, formats: ['pdf', 'epub'], paper: 'a5', date: DATE });
  const pdf = result.written.find((p) => p.endsWith('.pdf'))!;
  const files = await unzip(new Uint8Array(readFileSync(result.written.find((p) => p.endsWith('.epub'))!)));
  const docs = spineDocuments(files).map(([n, x]) => [n, parseXml(x, n)] as const);
  const nav = docs.find(([n]) => n === 'toc.xhtml')![1];
  const pageList = elements(nav).find((e) => e.localName === 'nav' && epubType(e).includes('page-list'));
  const pages = result.pageMap.pages;
  if (!pages.length) return expect(pageList).toBeUndefined();
  const entries = elements(pageList!).filter((e) => e.localName === 'a');
  expect(entries.length).toBe(pages.filter((p) => p.part === 'body' || p.start).length);
  let checked = 0;
  for (const a of entries) {
    const [file, id] = a.getAttribute('href')!.split('#');
    const doc = docs.find(([n]) => n === file)![1];
    const marker = byId(doc, id)!;
    const number = pages.findIndex((p) => p.label === a.textContent) + 1;
    if (!pages[number - 1].start) continue; // a page of figures only: marked with the next page
    const printed = execFileSync('pdftotext', ['-f', String(number), '-l', String(number), pdf, '-'], { encoding: 'utf8' });
    // The first line is the running head (or the title over the first page); the text follows it.
    const body = printed.split('\n').slice(1).join(' ');
    const plain = body.replace(/\s+/g, ' ').trim();
    const joined = body.replace(/(\p{L})-\s+(\p{L})/gu, '$1$2').replace(/\s+/g, ' ').trim();
    const words = wordsAfter(doc.documentElement, marker, 4).join(' ');
    // A page that begins with the tail of a word hyphenated on the page before is marked after that
    // word (the word belongs to the earlier page): skip the tail, which must end the EPUB's word before.
    const start = pages[number - 1].start!;
    const before = textBefore(byId(doc, start.blockId)!, marker).trim().split(/\s+/).pop() ?? '';
    const tail = (t: string) => {
      const [first, ...rest] = t.split(' ');
      return first && before !== first && before.endsWith(first) ? rest.join(' ') : undefined;
    };
    const candidates = [plain, joined, tail(plain), tail(joined)].filter((t): t is string => t !== undefined);
    expect(candidates.some((t) => t.startsWith(words)), `page ${a.textContent} (PDF page ${number}): EPUB '${words}' does not begin:\n${body.slice(0, 200)}`).toBe(true);
    checked++;
  }
  expect(checked).toBeGreaterThan(10);
}, 120_000);
