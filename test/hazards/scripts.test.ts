import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { loadManuscript } from '../../src/load/load.js';
import { plainText, walkBlocks, type Block, type Inline } from '../../src/model/index.js';
import { languageDirection, textDirection } from '../../src/parse/direction.js';
import { buildEpub, elements, parseXml, spineDocuments, unzip } from '../epub/helpers.js';

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
    const book = loadManuscript(SIX, diags)!;
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
      const book = loadManuscript(file, new Diagnostics())!;
      expect(foreignRuns(book.blocks)).toEqual(['en ltr: The Reporter', 'he rtl: סטלין', 'en rtl: Stalin']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the direction from the first letter, else from the language tag', () => {
    expect([textDirection('«שלום»'), textDirection('١٩٥٣ سنة'), textDirection('ܫܠܡܐ'), textDirection('Сталин'), textDirection('1953')]).toEqual(['rtl', 'rtl', 'rtl', 'ltr', undefined]);
    expect(['he', 'ar-EG', 'fa', 'ur', 'yi', 'az-Arab', 'ku-Arab', 'en', 'ru', 'zh-Hant', 'ka'].map(languageDirection)).toEqual(
      ['rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'rtl', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
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
