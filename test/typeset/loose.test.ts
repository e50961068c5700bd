import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/model/inline.js';
import { plainText } from '../../src/model/inline.js';
import { BODY, measure, setParagraph, spaceGaps } from './helpers.js';

/**
 * Issue 18: long words that are never hyphenated (names, parties: 'Internationale', 'Revolutionaries')
 * leave some paragraphs no good set of breaks. The breaker then sets a line tight (spaces down to half
 * their width, the glyphs within their ±2.5 %) rather than several loose ones. From John Reed's
 * Ten Days that Shook the World (1919), where the first lines of these
 * paragraphs had spaces 1.5–2.6× the natural one with TeX's rules (shrink ≤ 1, symmetric badness).
 */
const REED = [
  '“Our party has refused to enter the Council of People’s Commissars because we do not wish forever to separate ourselves from the part of the revolutionary army which left the Congress, a separation which would make it impossible for us to serve as intermediaries between the Bolsheviki and the other groups of the democracy.⁠ ⁠… And that is our principal duty at this moment. We cannot sustain any government except a government of Socialist coalition.⁠ ⁠…',
  'Steadily, amid the chaos of shocking change, the Council of People’s Commissars hammered at the scaffolding of the Socialist order. Decree on Social Insurance, on Workers’ Control, Regulations for Volost Land Committees, Abolition of Ranks and Titles, Abolition of Courts and the Creation of People’s Tribunals.⁠ ⁠…',
];
const SPACE = measure(' ', 'regular', BODY.size, ['kern', 'liga', 'onum']);

describe('paragraphs with long names', () => {
  for (const text of REED) {
    it(`no line looser than 1.5× the natural space: ${text.slice(0, 40)}…`, () => {
      const inlines: Inline[] = [{ kind: 'text', text }];
      const lines = setParagraph(inlines, BODY);
      const plain = plainText(inlines);
      for (const line of lines.slice(0, -1)) {
        const gaps = spaceGaps(line, plain);
        const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
        const words = line.runs.map((r) => r.text).join(' ');
        expect(mean / SPACE, words).toBeLessThanOrEqual(1.5);
        for (const g of gaps) expect(g / SPACE, words).toBeGreaterThanOrEqual(0.5 - 1e-6);
        for (const r of line.runs) expect(Math.abs(r.scale - 1), words).toBeLessThanOrEqual(0.025 + 1e-9);
        expect(line.overfull).toBe(false);
      }
    });
  }
});
