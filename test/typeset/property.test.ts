import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/model/inline.js';
import { BODY, offsetProblems, setParagraph, widthProblems } from './helpers.js';

// Pieces of text that stress the setter: spaces of every kind, soft and hard hyphens, dashes, URLs,
// other scripts, combining marks, astral characters, long words.
const atoms = [
  'the', 'Stalin', 'revolutionary', 'Stalin-era', 'counter-revolutionary', '—', ' – ', ' ', '  ', '\n', '\u00a0', '\u202f',
  'in\u00adcredible', 'zero\u200bwidth', 'https://example.org/a/b-c/d.html?x=1', 'é', 'e\u0301', '𝔸', '毛泽东', 'דבר היום', 'جريدة',
  'იოსებ', 'Иосиф', '‘', '’', '.', ',', 'x'.repeat(80), 'ab', '1953',
  // Right to left: brackets (mirrored), Arabic-Indic digits (left to right inside), marks and isolates.
  'עבד (שלום)', '١٩٥٣', '[ab]', '\u200f', '\u2067x',
];
const textArb = fc.array(fc.constantFrom(...atoms), { minLength: 1, maxLength: 30 }).map((xs) => xs.join(''));
const inlineArb: fc.Arbitrary<Inline> = fc.letrec<{ inline: Inline }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textArb.map((text): Inline => ({ kind: 'text', text })),
    textArb.map((text): Inline => ({ kind: 'code', text })),
    fc.constant<Inline>({ kind: 'break' }),
    fc.nat(99).map((n): Inline => ({ kind: 'noteRef', noteId: `n${n}`, number: n + 1, id: `r${n}` })),
    fc.array(tie('inline'), { maxLength: 3 }).map((children): Inline => ({ kind: 'emph', children })),
    fc.array(tie('inline'), { maxLength: 3 }).map((children): Inline => ({ kind: 'strong', children })),
    fc.array(tie('inline'), { maxLength: 3 }).map((children): Inline => ({ kind: 'link', href: 'https://example.org', children })),
    fc.array(tie('inline'), { maxLength: 3 }).map((children): Inline => ({ kind: 'mention', personId: 'p', id: 'm', children })),
    fc.array(tie('inline'), { maxLength: 3 }).map((children): Inline => ({ kind: 'foreign', lang: 'he', dir: 'rtl', children })),
  ),
})).inline;

describe('setParagraph on random input', () => {
  it('never throws, keeps offsets exact and stays within the measure', () => {
    fc.assert(
      fc.property(fc.array(inlineArb, { maxLength: 6 }), fc.integer({ min: 60, max: 320 }), fc.constantFrom('justify', 'left', 'center') as fc.Arbitrary<'justify' | 'left' | 'center'>, (inlines, measure, align) => {
        // Odd measures set the paragraph as a Hebrew book would: right to left.
        const lines = setParagraph(inlines, { ...BODY, measure, align, lang: measure % 2 ? 'he' : 'en-GB' });
        expect(offsetProblems(inlines, lines)).toEqual([]);
        expect(widthProblems(lines, measure)).toEqual([]);
        for (const l of lines) for (const r of l.runs) expect(Number.isFinite(r.x) && Number.isFinite(r.width)).toBe(true);
      }),
      { numRuns: 150, seed: 1953 },
    );
  }, 30000);
});
