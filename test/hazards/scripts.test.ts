import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { prepareBook } from '../../src/build.js';
import { renderEpub } from '../../src/epub/render.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import { layoutPdf } from '../../src/pdf/layout.js';
import { plainText, walkBlocks, type Block, type Inline } from '../../src/model/index.js';
import { languageDirection, textDirection } from '../../src/model/direction.js';
import { buildEpub, elements, parseXml, spineDocuments, unzip } from '../epub/helpers.js';
import { makeCoverLater } from '../../src/cover/cover.js';

/** The fixture both editions use: names and phrases in Cyrillic, Greek, Chinese, Georgian, Hebrew and Arabic. */
const SIX = 'test/fixtures/scripts/six-scripts.md';

function foreignRuns(blocks: Block[]): string[] {
  const out: string[] = [];
  const inl = (list: Inline[]) => {
    for (const n of list) {
      if (n.kind === 'foreign') out.push(`${n.lang}${n.dir ? ` ${n.dir}` : ''}: ${plainText(n.children)}`);
      if ('children' in n) inl(n.children);
    }
  };
  for (const b of walkBlocks(blocks)) if (b.kind === 'paragraph' || b.kind === 'heading') inl(b.children);
  return out;
}

describe('text in other scripts', () => {
  it('reaches the model as text; marked runs carry their language, right-to-left ones dir=rtl', () => {
    const diags = new Diagnostics();
    const book = parseManuscript(SIX, diags)!;
    expect(diags.list).toEqual([]);
    expect(foreignRuns(book.blocks)).toEqual([
      'ru: Иосиф Виссарионович Сталин',
      'ka: იოსებ ბესარიონის ძე ჯუღაშვილი',
      'zh-Hans: 毛泽东',
      'zh-Hant: 毛澤東',
      'el: Νίκος Ζαχαριάδης',
      'he rtl: דוד בן־גוריון',
      'ar rtl: جمال عبد الناصر',
      'ar rtl: ١٩٥٣', // no letters: the language decides
      'ru: «Сталин умер»',
    ]);
    expect(foreignRuns(book.notes[0].children)).toEqual(['ar rtl: مات ستالين', 'he rtl: סטלין מת']);
    const unmarked = book.blocks.find((b) => b.kind === 'paragraph' && plainText(b.children).startsWith('Here'));
    expect(unmarked?.kind === 'paragraph' && plainText(unmarked.children)).toContain('Сталин, Ζαχαριάδης, 毛泽东, ჯუღაშვილი, בן־גוריון and عبد الناصر.');
  });

  it('in a right-to-left book, a left-to-right run gets dir=ltr; an explicit dir is kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-rtl-'));
    try {
      const file = join(dir, 'book.md');
      writeFileSync(file, '---\ntitle: ספר\nauthor: מחבר\nlanguage: he\n---\n\nהמאמר [The Reporter]{lang=en} ו־[סטלין]{lang=he} ו־[Stalin]{lang=en dir=rtl}.\n');
      const book = parseManuscript(file, new Diagnostics())!;
      expect(foreignRuns(book.blocks)).toEqual(['en ltr: The Reporter', 'he rtl: סטלין', 'en rtl: Stalin']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the direction from the first letter, else from the language tag', () => {
    expect([textDirection('«שלום»'), textDirection('١٩٥٣ سنة'), textDirection('ܫܠܡܐ'), textDirection('Сталин'), textDirection('1953')]).toEqual(['rtl', 'rtl', 'rtl', 'ltr', undefined]);
    expect(['he', 'ar-EG', 'fa', 'ur', 'yi', 'az-Arab', 'ku-Arab', 'en', 'ru', 'zh-Hant', 'ka'].map(languageDirection)).toEqual(
      ['rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'ltr', 'ltr', 'ltr', 'ltr']);
    // Dhivehi is written in Thaana; Kashmiri and Sindhi in Perso-Arabic unless the tag says Devanagari.
    expect(['dv', 'ks', 'ks-Deva', 'ks-Arab-IN', 'sd', 'sd-Deva', 'pa-Arab', 'pa'].map(languageDirection)).toEqual(['rtl', 'rtl', 'ltr', 'rtl', 'rtl', 'ltr', 'rtl', 'ltr']);
  });

  it('is the same in both editions: a book in dv or ks runs right to left in the PDF and the EPUB, ks-Deva left to right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-direction-'));
    try {
      for (const [language, expected] of [['dv', 'rtl'], ['ks', 'rtl'], ['ks-Deva', 'ltr'], ['sd-Deva', 'ltr'], ['he', 'rtl'], ['en', 'ltr']] as const) {
        const file = join(dir, `${language}.md`);
        writeFileSync(file, `---\ntitle: Direction\nauthor: A. Writer\nlanguage: ${language}\n---\n\nA short line.\n`);
        const book = prepareBook(file, new Diagnostics());
        const layout = layoutPdf(book, { paper: 'a5' }, new Diagnostics());
        // The PDF: the paragraph's one line stands at the right of the measure, or at its left.
        const page = layout.pages.find((p) => p.part === 'body')!;
        const line = page.items.find((it) => it.kind === 'line' && it.node?.type === 'P');
        if (line?.kind !== 'line') throw new Error('no paragraph line');
        const left = line.x + Math.min(...line.line.runs.map((r) => r.x));
        const right = line.x + Math.max(...line.line.runs.map((r) => r.x + r.width));
        const pdf = right > layout.geometry.measure - 1 && left > 1 ? 'rtl' : 'ltr';
        // The EPUB: the documents' dir.
        const files = await unzip(await renderEpub(book, layout.pageMap, { date: new Date('2024-01-01T00:00:00Z'), cover: await makeCoverLater(book) }));
        const epub = spineDocuments(files).map(([name, xml]) => parseXml(xml, name).documentElement.getAttribute('dir') || 'ltr');
        expect({ language, pdf, epub: [...new Set(epub)] }).toEqual({ language, pdf: expected, epub: [expected] });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the EPUB of the six-script fixture', () => {
  it('carries every script as text, with lang, xml:lang and dir on the marked runs', async () => {
    const files = await unzip(await buildEpub(SIX));
    const spans: string[] = [];
    let all = '';
    for (const [name, xml] of spineDocuments(files)) {
      const doc = parseXml(xml, name);
      all += doc.documentElement.textContent;
      for (const e of elements(doc.documentElement)) {
        if (e.localName === 'span' && e.getAttribute('lang')) {
          expect(e.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')).toBe(e.getAttribute('lang'));
          spans.push(`${e.getAttribute('lang')}${e.getAttribute('dir') ? ` ${e.getAttribute('dir')}` : ''}: ${e.textContent}`);
        }
      }
    }
    expect(spans).toEqual([
      'ru: Иосиф Виссарионович Сталин', 'ka: იოსებ ბესარიონის ძე ჯუღაშვილი', 'zh-Hans: 毛泽东', 'zh-Hant: 毛澤東',
      'el: Νίκος Ζαχαριάδης', 'he rtl: דוד בן־גוריון', 'ar rtl: جمال عبد الناصر', 'ar rtl: ١٩٥٣', 'ru: «Сталин умер»',
      'ar rtl: مات ستالين', 'he rtl: סטלין מת',
    ]);
    for (const word of ['Ζαχαριάδης', '毛泽东', 'ჯუღაშვილი', 'בן־גוריון', 'عبد الناصر', 'Сталин и Мао']) expect(all).toContain(word);
  });
});
