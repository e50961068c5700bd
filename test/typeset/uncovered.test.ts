import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/model/inline.js';
import { plainText } from '../../src/model/inline.js';
import { Fonts } from '../../src/text/fonts.js';
import { coverageHint, describeCharacter, uncoveredCharacters, uncoveredInText } from '../../src/typeset/uncovered.js';
import { BODY, offsetProblems, setParagraph, widthProblems } from './helpers.js';

const FONTS = new Fonts();

const text = (t: string): Inline => ({ kind: 'text', text: t });

describe('other scripts', () => {
  const samples: [string, string, string][] = [
    ['Russian', 'Иосиф Сталин', 'regular'],
    ['Greek', 'Νίκος Ζαχαριάδης', 'regular'],
    ['Georgian', 'იოსებ ჯუღაშვილი', 'georgian'],
    ['Hebrew', 'דבר היום', 'hebrew'],
    ['Arabic', 'جريدة الأهرام', 'arabic'],
    ['Chinese', '毛泽东', 'cjk'],
  ];

  it.each(samples)('draws %s with a face that has the glyphs', (_, sample, face) => {
    const lines = setParagraph([text(`Before ${sample} after.`)], BODY);
    const runs = lines.flatMap((l) => l.runs).filter((r) => /[^\x00-\x7f]/.test(r.text));
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) {
      expect(r.face).toBe(face);
      for (const ch of r.text) expect(FONTS.font(r.face).hasGlyphForCodePoint(ch.codePointAt(0)!), `${ch} in ${r.face}`).toBe(true);
    }
    expect(uncoveredCharacters(FONTS, [text(sample)])).toEqual([]);
  });

  it('keeps Greek and Cyrillic in the italic face when emphasised', () => {
    expect(FONTS.faceFor('Ж'.codePointAt(0)!, 'italic')).toBe('italic');
    expect(FONTS.faceFor('λ'.codePointAt(0)!, 'boldItalic')).toBe('boldItalic');
  });

  it('places right-to-left words right to left, each drawn in visual order by the shaper', () => {
    const inl: Inline[] = [text('the paper '), { kind: 'foreign', lang: 'he', dir: 'rtl', children: [text('דבר היום')] }, text(' reported')];
    const [line] = setParagraph(inl, { ...BODY, measure: 1000 });
    const first = line.runs.find((r) => r.text === 'דבר')!;
    const second = line.runs.find((r) => r.text === 'היום')!;
    expect(first.x).toBeGreaterThan(second.x); // the first word read stands to the right
    const the = line.runs.find((r) => r.text === 'paper')!;
    const after = line.runs.find((r) => r.text === 'reported')!;
    expect(second.x).toBeGreaterThan(the.x + the.width);
    expect(after.x).toBeGreaterThan(first.x + first.width);
    expect(offsetProblems(inl, [line])).toEqual([]);
  });

  it('sets a paragraph mixing all of them within the measure, offsets exact', () => {
    const inl = [text(samples.map(([, s]) => `${s}, `).join('').repeat(8))];
    const lines = setParagraph(inl, { ...BODY, measure: 150 });
    expect(widthProblems(lines, 150)).toEqual([]);
    expect(offsetProblems(inl, lines)).toEqual([]);
  });
});

describe('uncovered characters', () => {
  it('lists characters no face has, with their offsets in the plain text', () => {
    const inl: Inline[] = [text('Armenian Ա, '), { kind: 'emph', children: [text('Ethiopic ሀ')] }, { kind: 'noteRef', noteId: 'n', number: 1, id: 'r' }, text(' and Devanagari क.')];
    const found = uncoveredCharacters(FONTS, inl);
    const plain = plainText(inl);
    expect(found.map((u) => describeCharacter(u))).toEqual(["U+0531 'Ա'", "U+1200 'ሀ'", "U+0915 'क'"]);
    for (const u of found) expect(plain.slice(u.offset, u.offset + u.char.length)).toBe(u.char);
    expect(found[1].face).toBe('italic');
  });

  it('does not list spaces, line breaks, soft hyphens, joiners or variation selectors', () => {
    expect(uncoveredInText(FONTS, 'a\u00a0b\u2009c\u00ad\u200b\u200d\ufe0f\n\t\u202f', 'regular')).toEqual([]);
  });

  it('finds mathematics and dingbats in the last fallbacks: a vertical ellipsis in verse, a cross or a chess king in a table', () => {
    expect(uncoveredCharacters(FONTS, [text('⋮ ∓ ⊕ 𝔸 ✗ ♔ ⚠')])).toEqual([]);
    expect(FONTS.faceFor('⋮'.codePointAt(0)!, 'regular')).toBe('math');
    expect(FONTS.faceFor('✗'.codePointAt(0)!, 'italic')).toBe('symbols');
  });

  it('finds nothing in the seed’s kind of text', () => {
    expect(uncoveredCharacters(FONTS, [text('‘Stalin is dead, long live Stalinism!’ – 1878–1953 … façade, coup d’état, № 5, £3, 50 %')])).toEqual([]);
  });

  it('checks code in the monospaced face', () => {
    expect(uncoveredCharacters(FONTS, [{ kind: 'code', text: 'x → y' }]).map((u) => u.face)).toEqual([]);
  });

  it('has a hint naming what the faces cover', () => {
    expect(coverageHint()).toMatch(/Latin, Greek and Cyrillic; fallbacks cover Georgian, Hebrew, Arabic, Chinese/);
  });
});
