import { readFileSync } from 'node:fs';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import matter from 'gray-matter';
import markdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainText, walkBlocks, type Book, type PageMap } from '../../src/model/index.js';
import { renderEpub } from '../../src/epub/render.js';
import { betweenWords } from '../../src/epub/pagebreaks.js';
import { makeCoverLater } from '../../src/cover/cover.js';
import {
  byId,
  DATE,
  elements,
  epubType,
  FIXTURE,
  handPageMap,
  loadBook,
  NO_PAGES,
  parseXml,
  SEED,
  spineDocuments,
  text,
  textBefore,
  unzip,
  epubcheckProblems,
} from './helpers.js';

type Files = Map<string, string | Uint8Array>;

interface Built {
  book: Book;
  pageMap: PageMap;
  epub: Uint8Array;
  files: Files;
}

async function build(file: string, pages: 'none' | 'hand'): Promise<Built & { midWord: string; noStart: string }> {
  const book = loadBook(file);
  const hand = handPageMap(book);
  const pageMap = pages === 'hand' ? hand.pageMap : NO_PAGES;
  const epub = await renderEpub(book, pageMap, { date: DATE, cover: await makeCoverLater(book) });
  return { book, pageMap, epub, files: await unzip(epub), midWord: hand.midWord, noStart: hand.noStart };
}

let seed: Awaited<ReturnType<typeof build>>;
let seedPages: Awaited<ReturnType<typeof build>>;
let fixture: Awaited<ReturnType<typeof build>>;
let fixturePages: Awaited<ReturnType<typeof build>>;

beforeAll(async () => {
  [seed, seedPages, fixture, fixturePages] = await Promise.all([build(SEED, 'none'), build(SEED, 'hand'), build(FIXTURE, 'none'), build(FIXTURE, 'hand')]);
});

const all = () => ({ seed, seedPages, fixture, fixturePages });

/** Words of a manuscript's body as plain markdown-it renders it: samizdat's `[text]{…}` span markup and footnote marks dropped. */
function markdownWords(file: string): string[] {
  const body = matter(readFileSync(file, 'utf8'), {}).content;
  const md = markdownIt({ html: false, xhtmlOut: true }).use(footnote);
  const html = md.render(body.replace(/\[([^\]]*)\]\{[^}]*\}/g, '$1'));
  const doc = parseXml(`<div xmlns="http://www.w3.org/1999/xhtml">${html}</div>`, 'markdown-it output');
  for (const e of elements(doc)) {
    const cls = e.getAttribute('class') ?? '';
    if (cls.includes('footnotes') || cls.includes('footnote-ref') || cls === 'footnotes-sep') e.parentNode?.removeChild(e);
  }
  return (doc.documentElement.textContent ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Words of the EPUB's text files in spine order, without what the EPUB adds: the book title over an
 * essay, the footnotes after each chapter and their reference numbers, and figure captions (markdown-it
 * keeps a caption in the image's attributes, not in the text).
 */
function epubWords(files: Files): string[] {
  const words: string[] = [];
  for (const [name, xml] of spineDocuments(files)) {
    if (!/^(text|opening|chapter-\d+)\.xhtml$/.test(name)) continue;
    const doc = parseXml(xml, name);
    for (const e of elements(doc)) {
      const cls = e.getAttribute('class') ?? '';
      if (cls === 'book-title' || cls === 'footnotes' || epubType(e).includes('noteref') || e.localName === 'figcaption') e.parentNode?.removeChild(e);
    }
    const body = elements(doc).find((e) => e.localName === 'body')!;
    words.push(...(body.textContent ?? '').split(/\s+/).filter(Boolean));
  }
  return words;
}

describe('EPUB structure', () => {
  it('every XHTML, OPF and NCX file is well-formed XML', () => {
    for (const [label, b] of Object.entries(all())) {
      const names = [...b.files.keys()].filter((n) => /\.(xhtml|opf|ncx|xml)$/.test(n));
      expect(names.length, label).toBeGreaterThan(5);
      for (const n of names) expect(() => parseXml(text(b.files, n), `${label}:${n}`)).not.toThrow();
    }
  });

  it('puts the mimetype first, stored, then the container and package', async () => {
    const bytes = seed.epub;
    expect(Buffer.from(bytes.subarray(30, 38)).toString('latin1')).toBe('mimetype');
    expect(bytes[8]).toBe(0); // compression method 0: stored
    expect(text(seed.files, 'mimetype')).toBe('application/epub+zip');
    expect(text(seed.files, 'META-INF/container.xml')).toContain('OEBPS/content.opf');
  });

  it('has a cover, a title page, an About page, the contents, the text and the index, in that reading order', () => {
    expect(spineDocuments(seed.files).map(([n]) => n)).toEqual(['cover.xhtml', 'title.xhtml', 'about.xhtml', 'toc.xhtml', 'text.xhtml', 'index.xhtml']);
    expect(spineDocuments(fixture.files).map(([n]) => n)).toEqual([
      'cover.xhtml', 'title.xhtml', 'about.xhtml', 'toc.xhtml', 'opening.xhtml', 'chapter-01.xhtml', 'chapter-02.xhtml', 'chapter-03.xhtml', 'index.xhtml',
    ]);
  });

  it('leaves out the About page and the index when a manuscript has nothing for them', async () => {
    const epub = await renderEpub(loadBook('test/fixtures/epub-bare/bare.md'), NO_PAGES, { date: DATE, cover: await makeCoverLater(loadBook('test/fixtures/epub-bare/bare.md')) });
    const files = await unzip(epub);
    expect(spineDocuments(files).map(([n]) => n)).toEqual(['cover.xhtml', 'title.xhtml', 'toc.xhtml', 'text.xhtml']);
    expect(text(files, 'OEBPS/toc.xhtml')).not.toContain('about.xhtml');
    const result = await EpubCheck.validate(epub);
    expect(result.messages.filter((m) => m.severity !== 'info' && m.severity !== 'usage').map((m) => m.message)).toEqual([]);
  });

  it('sets lang and xml:lang from the front matter on every document', () => {
    for (const [name, xml] of spineDocuments(fixture.files)) {
      const html = parseXml(xml, name).documentElement;
      expect(html.getAttribute('lang'), name).toBe('en-GB');
      expect(html.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang'), name).toBe('en-GB');
    }
  });

  it('writes non-ASCII text as characters, not numeric references, and escapes markup characters', () => {
    const opening = text(fixture.files, 'OEBPS/opening.xhtml');
    expect(opening).toContain('written in haste &amp; sent &lt;by post&gt;.');
    const ch1 = text(fixture.files, 'OEBPS/chapter-01.xhtml');
    expect(ch1).toContain('Plekhanov</span>’s judgement');
    expect(ch1).not.toMatch(/&#x?[0-9a-f]+;/i);
  });
});

describe('the text', () => {
  it('has the seed’s body text word for word', () => {
    const expected = markdownWords(SEED);
    expect(expected.length).toBeGreaterThan(4000);
    expect(epubWords(seed.files)).toEqual(expected);
    expect(epubWords(seedPages.files)).toEqual(expected);
  });

  it('has the fixture’s body text word for word, across its files', () => {
    expect(epubWords(fixture.files)).toEqual(markdownWords(FIXTURE));
  });

  it('puts an essay in one file under the book title, sections as h2', () => {
    const doc = parseXml(text(seed.files, 'OEBPS/text.xhtml'));
    const heads = elements(doc).filter((e) => /^h\d$/.test(e.localName));
    expect(heads[0].localName).toBe('h1');
    expect(heads[0].textContent).toBe('The Legacies and Heirs of JV Stalin');
    expect(heads.slice(1).map((h) => `${h.localName} ${h.textContent}`)).toEqual([
      'h2 Stalin and Malenkov', 'h2 Marxism and Magic', 'h2 The Plough, the Atom and Lenin’s Tomb', 'h2 Stalin and Soviet Self-Containment', 'h2 The Ghost of Bonaparte',
    ]);
  });

  it('puts each chapter in its own file, as a doc-chapter section opened by its h1', () => {
    const titles = ['The Delegates Arrive', 'The Split', 'After the Congress'];
    titles.forEach((title, i) => {
      const doc = parseXml(text(fixture.files, `OEBPS/chapter-0${i + 1}.xhtml`));
      const section = elements(doc).find((e) => e.localName === 'section')!;
      expect(epubType(section)).toEqual(['chapter']);
      expect(section.getAttribute('role')).toBe('doc-chapter');
      const h1 = elements(section).find((e) => e.localName === 'h1')!;
      expect(h1.textContent).toBe(title);
      expect(section.getAttribute('aria-labelledby')).toBe(h1.getAttribute('id'));
    });
  });

  it('keeps block quotes, ordered and bullet lists, code and section breaks', () => {
    const ch1 = parseXml(text(fixture.files, 'OEBPS/chapter-01.xhtml'));
    const quote = elements(ch1).find((e) => e.localName === 'blockquote')!;
    expect(elements(quote).filter((e) => e.localName === 'p')).toHaveLength(2);
    const ol = elements(ch1).find((e) => e.localName === 'ol')!;
    expect(elements(ol).filter((e) => e.localName === 'li').map((li) => li.textContent)).toEqual(['the rules of the party;', 'the editorial board of Iskra;', 'the elections.']);
    expect(elements(ch1).find((e) => e.localName === 'ul')).toBeDefined();
    const ch2 = text(fixture.files, 'OEBPS/chapter-02.xhtml');
    expect(ch2).toContain('<pre id="p-15"><code>Art. 1: A member of the party is one who accepts its programme</code></pre>');
    expect(text(fixture.files, 'OEBPS/chapter-03.xhtml')).toMatch(/<hr class="section-break"\/>\n<p id="p-\d+">The end of the letters.<\/p>/);
  });

  it('marks text in another language with lang, xml:lang and dir', () => {
    const ch1 = parseXml(text(fixture.files, 'OEBPS/chapter-01.xhtml'));
    const ru = elements(ch1).find((e) => e.getAttribute('lang') === 'ru')!;
    expect(ru.textContent).toBe('Ленин');
    expect(ru.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')).toBe('ru');
    const ch3 = parseXml(text(fixture.files, 'OEBPS/chapter-03.xhtml'));
    const ar = elements(ch3).find((e) => e.getAttribute('lang') === 'ar')!;
    expect(ar.getAttribute('dir')).toBe('rtl');
    expect(ar.textContent).toBe('سلام');
  });

  it('embeds the figure’s file byte for byte, with its alt text and caption', () => {
    const png = readFileSync('test/fixtures/epub-book/banner.png');
    expect(Buffer.from(fixture.files.get('OEBPS/images/banner.png') as Uint8Array).equals(png)).toBe(true);
    const ch2 = parseXml(text(fixture.files, 'OEBPS/chapter-02.xhtml'));
    const figure = elements(ch2).find((e) => e.localName === 'figure')!;
    const img = elements(figure).find((e) => e.localName === 'img')!;
    expect(img.getAttribute('src')).toBe('images/banner.png');
    expect(img.getAttribute('alt')).toBe('A red bar on a white ground: the banner of the congress hall');
    expect(elements(figure).find((e) => e.localName === 'figcaption')?.textContent).toBe('The banner of the congress hall');
    expect(text(fixture.files, 'OEBPS/content.opf')).toContain('<item id="img-1" href="images/banner.png" media-type="image/png"/>');
  });
});

describe('footnotes', () => {
  it('link each reference to an EPUB 3 footnote and back', () => {
    const docs = new Map(spineDocuments(fixture.files).map(([n, x]) => [n, parseXml(x, n)]));
    const refs = [...docs].flatMap(([n, d]) => elements(d).filter((e) => epubType(e).includes('noteref')).map((e) => [n, e] as const));
    expect(refs.map(([n, e]) => `${n} ${e.textContent}`)).toEqual(['chapter-01.xhtml 1', 'chapter-02.xhtml 2', 'chapter-03.xhtml 1']);
    for (const [file, ref] of refs) {
      expect(ref.getAttribute('role')).toBe('doc-noteref');
      const [target, id] = ref.getAttribute('href')!.split('#');
      const note = byId(docs.get(target || file)!, id)!;
      expect(note.localName).toBe('aside');
      expect(epubType(note)).toEqual(['footnote']);
      expect(note.getAttribute('role')).toBe('doc-footnote');
      // A backlink in the note returns to this very reference.
      const back = elements(note).filter((e) => e.getAttribute('role') === 'doc-backlink').map((e) => e.getAttribute('href')!);
      expect(back.map((h) => (h.startsWith('#') ? `${target || file}${h}` : h))).toContain(`${file}#${ref.getAttribute('id')}`);
    }
  });

  it('print a note in the file of its first reference, with all its paragraphs', () => {
    const ch1 = parseXml(text(fixture.files, 'OEBPS/chapter-01.xhtml'));
    const note = byId(ch1, 'note-1')!;
    expect(elements(note).filter((e) => e.localName === 'p').map((p) => p.textContent)).toEqual([
      '1. He came by the night train from Geneva, as Lenin had feared.',
      'A second paragraph of the note. ↩',
    ]);
  });
});

describe('the navigation', () => {
  it('has the contents tree, landmarks, and a page-list only with a page map', () => {
    const nav = parseXml(text(seed.files, 'OEBPS/toc.xhtml'));
    const navs = elements(nav).filter((e) => e.localName === 'nav');
    expect(navs.map((n) => epubType(n)[0])).toEqual(['toc', 'landmarks']);
    const toc = navs[0];
    expect(elements(toc).filter((e) => e.localName === 'a').map((a) => `${a.getAttribute('href')} ${a.textContent}`)).toEqual([
      'about.xhtml About this text',
      'text.xhtml The Legacies and Heirs of JV Stalin',
      'text.xhtml#stalin-and-malenkov Stalin and Malenkov',
      'text.xhtml#marxism-and-magic Marxism and Magic',
      'text.xhtml#the-plough-the-atom-and-lenins-tomb The Plough, the Atom and Lenin’s Tomb',
      'text.xhtml#stalin-and-soviet-self-containment Stalin and Soviet Self-Containment',
      'text.xhtml#the-ghost-of-bonaparte The Ghost of Bonaparte',
      'index.xhtml Index of names',
    ]);
    const withPages = elements(parseXml(text(seedPages.files, 'OEBPS/toc.xhtml'))).filter((e) => e.localName === 'nav');
    expect(withPages.map((n) => epubType(n)[0])).toEqual(['toc', 'landmarks', 'page-list']);
    expect(text(seed.files, 'OEBPS/toc.ncx')).toContain('<content src="text.xhtml#the-ghost-of-bonaparte"/>');
  });

  it('has every nav and NCX link resolve to an element of the EPUB', () => {
    for (const [label, b] of Object.entries(all())) {
      const docs = new Map(spineDocuments(b.files).map(([n, x]) => [n, parseXml(x, n)]));
      const hrefs = [
        ...elements(docs.get('toc.xhtml')!).filter((e) => e.localName === 'a').map((a) => a.getAttribute('href')!),
        ...[...text(b.files, 'OEBPS/toc.ncx').matchAll(/src="([^"]+)"/g)].map((m) => m[1]),
      ];
      for (const href of hrefs) {
        const [file, id] = href.split('#');
        expect(docs.has(file), `${label}: ${href}`).toBe(true);
        if (id) expect(byId(docs.get(file)!, id), `${label}: ${href}`).toBeDefined();
      }
    }
  });
});

describe('print page numbers', () => {
  it('marks every page of the hand-made page map at its first word, between words', () => {
    const { book, pageMap, files } = seedPages;
    const doc = parseXml(text(files, 'OEBPS/text.xhtml'));
    const blocks = new Map([...walkBlocks(book.blocks)].flatMap((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? [[b.id, plainText(b.children)] as const] : [])));
    let checked = 0;
    for (const page of pageMap.pages.filter((p) => p.start)) {
      const marker = byId(doc, `page-${page.label}`)!;
      expect(marker, page.label).toBeDefined();
      expect(epubType(marker)).toEqual(['pagebreak']);
      expect(marker.getAttribute('role')).toBe('doc-pagebreak');
      expect(marker.getAttribute('aria-label')).toBe(page.label);
      expect(marker.firstChild).toBeNull();
      const full = blocks.get(page.start!.blockId)!;
      const el = byId(doc, page.start!.blockId)!;
      const at = betweenWords(full, page.start!.offset);
      // Before the block when the page begins with it, after it when it ends the block, else inside it.
      const before = at === 0 ? '' : at === full.length ? full : textBefore(el, marker);
      if (at === 0) expect(marker.nextSibling === el || marker.nextSibling?.nextSibling === el || elements(marker.parentNode!).includes(el)).toBe(true);
      expect(before).toBe(full.slice(0, at));
      // Between words: at a word's start (after a space, or a dash that ended the line before), or right after a word (a page that began mid-word).
      expect(at === 0 || at === full.length || /[\s\u2013\u2014\u2015]/.test(full[at - 1]) || /\s/.test(full[at])).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('puts the marker of a page that begins mid-word after that word', () => {
    const { pageMap, files, midWord } = seedPages;
    const page = pageMap.pages.find((p) => p.label === midWord)!;
    const doc = parseXml(text(files, 'OEBPS/text.xhtml'));
    const before = textBefore(byId(doc, page.start!.blockId)!, byId(doc, `page-${midWord}`)!);
    const full = blockText(seedPages.book, page.start!.blockId);
    // The PDF page begins inside a word: the marker follows that whole word, before the next space.
    expect(full.slice(page.start!.offset - 3, page.start!.offset)).toMatch(/^\S{3}$/);
    expect(before.length).toBeGreaterThan(page.start!.offset);
    expect(before).toBe(full.slice(0, before.length));
    expect(full[before.length]).toMatch(/\s/);
  });

  it('lists every page with text in the page-list in page order, a page without text with the next one', () => {
    const { pageMap, files, noStart } = seedPages;
    const nav = parseXml(text(files, 'OEBPS/toc.xhtml'));
    const list = elements(nav).find((e) => e.localName === 'nav' && epubType(e).includes('page-list'))!;
    const labels = elements(list).filter((e) => e.localName === 'a').map((a) => a.textContent);
    expect(labels).toEqual(pageMap.pages.filter((p) => p.part === 'body').map((p) => p.label));
    const doc = parseXml(text(files, 'OEBPS/text.xhtml'));
    const blank = byId(doc, `page-${noStart}`)!;
    expect(blank.nextSibling && (blank.nextSibling as Element).getAttribute('id')).toBe(`page-${Number(noStart) + 1}`);
  });

  it('declares the print source and the page features only when there is a page-list', () => {
    const withPages = text(seedPages.files, 'OEBPS/content.opf');
    expect(withPages).toContain('<dc:source id="print-source">The Legacies and Heirs of JV Stalin, print edition (samizdat PDF)');
    expect(withPages).toContain('<meta refines="#print-source" property="source-of">pagination</meta>');
    expect(withPages).toContain('<meta property="schema:accessibilityFeature">printPageNumbers</meta>');
    expect(withPages).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>');
    const without = text(seed.files, 'OEBPS/content.opf');
    for (const s of ['print-source', 'source-of', 'printPageNumbers', 'pageNavigation']) expect(without).not.toContain(s);
    expect(text(seed.files, 'OEBPS/text.xhtml')).not.toContain('pagebreak');
  });
});

function blockText(book: Book, id: string): string {
  const b = [...walkBlocks(book.blocks)].find((x) => 'id' in x && x.id === id);
  return b && (b.kind === 'paragraph' || b.kind === 'heading') ? plainText(b.children) : '';
}

describe('the index of names', () => {
  it('links every locator to a mention of that person, labelled with its print page', () => {
    for (const b of [seedPages, fixturePages]) {
      const docs = new Map(spineDocuments(b.files).map(([n, x]) => [n, parseXml(x, n)]));
      const index = docs.get('index.xhtml')!;
      const mentions = new Map(b.book.mentions.map((m) => [m.id, m]));
      const persons = new Map(b.book.persons.map((p) => [`idx-${p.id}`, p]));
      let n = 0;
      for (const entry of elements(index).filter((e) => epubType(e).includes('index-entry'))) {
        const person = persons.get(entry.getAttribute('id')!)!;
        expect(elements(entry).find((e) => epubType(e).includes('index-term'))?.textContent).toBe(person.heading);
        for (const a of elements(entry).filter((e) => epubType(e).includes('index-locator'))) {
          const [file, id] = a.getAttribute('href')!.split('#');
          const target = byId(docs.get(file)!, id)!;
          expect(target, a.getAttribute('href')!).toBeDefined();
          expect(mentions.get(id)?.personId).toBe(person.id);
          expect(person.forms.map((f) => f.replace(/\s+/g, ' '))).toContain(target.textContent!.replace(/\s+/g, ' '));
          expect(a.textContent).toBe(b.pageMap.anchors[id]);
          n++;
        }
      }
      expect(n).toBeGreaterThan(5);
    }
  });

  it('sorts the entries, gives see references, and finds names in another script', () => {
    const index = parseXml(text(fixture.files, 'OEBPS/index.xhtml'));
    const terms = elements(index).filter((e) => epubType(e).includes('index-entry')).map((e) => elements(e).find((t) => epubType(t).includes('index-term'))!.textContent);
    expect(terms).toEqual(['Lenin, Vladimir Ilyich', 'Mao Tse-tung', 'Mao Zedong', 'Martov, Julius', 'Plekhanov, Georgi Valentinovich', 'Trotsky, Leon']);
    const see = byId(index, 'idx-mao-zedong')!;
    expect(see.textContent).toBe('Mao Zedong see Mao Tse-tung');
    const ch1 = text(fixture.files, 'OEBPS/chapter-01.xhtml');
    expect(ch1).toContain('<span lang="ru" xml:lang="ru"><span id="m-lenin-2">Ленин</span></span>');
    expect(text(fixture.files, 'OEBPS/chapter-02.xhtml')).toMatch(/<span lang="zh-Hans" xml:lang="zh-Hans"><span id="m-mao-\d">毛泽东<\/span><\/span>/);
  });

  it('labels locators with section titles until the PDF gives page numbers', () => {
    const index = parseXml(text(fixture.files, 'OEBPS/index.xhtml'));
    const trotsky = byId(index, 'idx-trotsky')!;
    // Both mentions (text and note) fall in 'The Split': one locator.
    expect(elements(trotsky).filter((e) => epubType(e).includes('index-locator')).map((a) => a.textContent)).toEqual(['The Split']);
  });
});

describe('package metadata', () => {
  const opf = (b: Built) => parseXml(text(b.files, 'OEBPS/content.opf'));
  const metas = (b: Built, property: string) => elements(opf(b)).filter((e) => e.getAttribute('property') === property).map((e) => e.textContent);

  it('has identifier, title, creator with role and file-as, language, dates, source, rights, subjects', () => {
    const s = text(seed.files, 'OEBPS/content.opf');
    expect(s).toContain('<dc:identifier id="pub-id">urn:samizdat:deutscher-1953-legacies-and-heirs-of-jv-stalin</dc:identifier>');
    expect(s).toContain('<dc:creator id="creator-1">Isaac Deutscher</dc:creator>');
    expect(s).toContain('<meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>');
    expect(s).toContain('<meta refines="#creator-1" property="file-as">Deutscher, Isaac</meta>');
    expect(s).toContain('<dc:language>en-GB</dc:language>');
    expect(s).toContain('<dc:date>1953-04-14</dc:date>');
    expect(s).toContain('<meta property="dcterms:modified">2024-05-01T12:00:00Z</meta>');
    expect(s).toContain('<dc:source>The Reporter, 14 April 1953</dc:source>');
    expect(s).toContain('<dc:rights>Text © the estate of Isaac Deutscher.');
    expect(s).toContain('<dc:subject>Stalin, Joseph, 1878–1953</dc:subject>');
    expect(s).not.toContain('dc:contributor');
  });

  it('names each translator as a contributor with role trl', () => {
    const s = text(fixture.files, 'OEBPS/content.opf');
    expect(s).toContain('<dc:contributor id="contributor-1">Anna Karlovna Smith</dc:contributor>');
    expect(s).toContain('<meta refines="#contributor-1" property="role" scheme="marc:relators">trl</meta>');
    // A name in Chinese script is filed as written, family name first.
    expect(s).toContain('<meta refines="#contributor-2" property="file-as">王芳</meta>');
  });

  it('computes the accessibility metadata from what the book contains', () => {
    expect(metas(seed, 'schema:accessMode')).toEqual(['textual']);
    expect(metas(seed, 'schema:accessModeSufficient')).toEqual(['textual']);
    expect(metas(seed, 'schema:accessibilityFeature')).toEqual(['structuralNavigation', 'tableOfContents', 'readingOrder', 'index']);
    expect(metas(fixture, 'schema:accessMode')).toEqual(['textual', 'visual']);
    expect(metas(fixture, 'schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    expect(metas(fixturePages, 'schema:accessibilityFeature')).toEqual([
      'structuralNavigation', 'tableOfContents', 'readingOrder', 'alternativeText', 'index', 'printPageNumbers', 'pageNavigation',
    ]);
    expect(metas(seed, 'schema:accessibilityHazard')).toEqual(['none']);
    const summary = metas(fixturePages, 'schema:accessibilitySummary')[0]!;
    expect(summary).toContain('2 footnotes');
    expect(summary).toContain('image has a text description');
    expect(summary).toContain('index of names (6 persons)');
    expect(summary).toContain('page numbers of the print edition');
    expect(metas(seed, 'schema:accessibilitySummary')[0]).not.toMatch(/footnote|image|page numbers/);
    expect(metas(seed, 'dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
  });

  it('shows source, date, provenance, rights, original title and language and the note on the About page', () => {
    const about = parseXml(text(fixture.files, 'OEBPS/about.xhtml'));
    const dts = elements(about).filter((e) => e.localName === 'dt').map((e) => `${e.textContent}: ${(e.nextSibling?.nextSibling as Element).textContent}`);
    expect(dts).toEqual([
      'Original title: Письма со второго съезда',
      'Original language: Russian',
      // The source names the year of the date of first publication: the date is not repeated.
      'First published: Iskra, September 1903',
      'Translation: Anna Karlovna Smith and 王芳',
      'Source of this copy: Made for the samizdat test suite; not a real text.',
      'Rights: Public domain test text.',
      'Publisher: samizdat',
    ]);
    // Inline Markdown, as every text value: the title in italics.
    expect(text(fixture.files, 'OEBPS/about.xhtml')).toContain('<span lang="ru" xml:lang="ru"><em>Письма со второго съезда</em></span>');
    expect(elements(about).find((e) => e.localName === 'h2')?.textContent).toBe('Translator’s note');
  });
});

describe('reproducibility and validity', () => {
  it('gives byte-identical EPUBs for the same book, page map and date', async () => {
    const again = await renderEpub(loadBook(SEED), seedPages.pageMap, { date: DATE, cover: await makeCoverLater(loadBook(SEED)) });
    expect(Buffer.from(again).equals(Buffer.from(seedPages.epub))).toBe(true);
    const fix = await renderEpub(loadBook(FIXTURE), NO_PAGES, { date: DATE, cover: await makeCoverLater(loadBook(FIXTURE)) });
    expect(Buffer.from(fix).equals(Buffer.from(fixture.epub))).toBe(true);
  });

  it('passes epubcheck-ts with no errors and no warnings', async () => {
    for (const [label, b] of Object.entries(all())) {
      expect((await epubcheckProblems(b.epub)).map((p) => `${label}: ${p}`)).toEqual([]);
    }
  });
});
