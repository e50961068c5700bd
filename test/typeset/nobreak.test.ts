/**
 * No-break spaces in the setter (src/typeset/boxes.ts): the narrow one French puts before ; ! ? and
 * inside « » (src/transform/punctuation.ts) is half the word space, fixed, and never a line's end, so a
 * line of a French text never starts with ? ! ; » nor ends with «, however narrow the measure.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { plainText, walkBook, type Block } from '../../src/model/index.js';
import { BODY, measure, offsetProblems, setParagraph } from './helpers.js';

const FRENCH = join(import.meta.dirname, '../fixtures/french/espaces.md');
const paragraphs = [...walkBook(prepareBook(FRENCH, new Diagnostics()))].filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph');

describe('a French text set narrow', () => {
  it('never starts a line with ? ! ; » nor ends one with «, from 60 to 280 points, justified or ragged', () => {
    let lines = 0;
    for (let width = 60; width <= 280; width += 4) {
      for (const align of ['justify', 'left'] as const) {
        for (const p of paragraphs) {
          const plain = plainText(p.children);
          const set = setParagraph(p.children, { ...BODY, lang: 'fr', measure: width, align });
          expect(offsetProblems(p.children, set)).toEqual([]);
          for (const [n, line] of set.entries()) {
            const next = set[n + 1];
            const text = plain.slice(line.start, next ? next.start : plain.length).trimEnd();
            // A mark as punctuation, not in an address (https://…/?q=1 may break before its : or ?).
            expect(text, `${width} pt, ${align}`).not.toMatch(/^[?!;»›:](?![\p{L}\p{N}/=])/u);
            expect(text, `${width} pt, ${align}`).not.toMatch(/[«‹]$/);
            lines++;
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(2000);
  });

  it('sets the narrow no-break space at half the word space, fixed in a justified line', () => {
    const gapBefore = (text: string, mark: string) => {
      const [line] = setParagraph([{ kind: 'text', text }], { ...BODY, lang: 'fr', measure: 1000, align: 'left' });
      const k = line.runs.findIndex((r) => r.text.startsWith(mark));
      return line.runs[k].x - (line.runs[k - 1].x + line.runs[k - 1].width);
    };
    const space = measure(' ', 'regular', BODY.size, ['kern', 'liga', 'onum']);
    expect(gapBefore('Quoi\u202f?', '?')).toBeCloseTo(space / 2, 6);
    expect(gapBefore('Note\u00a0:', ':')).toBeCloseTo(space, 6);
  });
});
