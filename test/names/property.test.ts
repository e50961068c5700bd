import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { soleText, plainText, type Book } from '../../src/model/index.js';
import { applyNames } from '../../src/names/apply.js';
import { parseBody } from '../../src/parse/parse.js';
import { assignIds } from '../../src/transform/ids.js';
import { mentionNodes, project, textBlocks } from './helpers.js';

const dir = project({});
writeFileSync(join(dir, 'r.yaml'), 'stalin:\n  heading: Stalin\n  forms: [Stalin, JV Stalin]\nmao:\n  heading: Mao Tse-tung\n  forms: [Mao Tse-tung, Mao]\n');

/** Pieces of Markdown that meet names: markup, markers, breaks, other scripts, astral characters. */
const piece = fc.constantFrom(
  'Stalin', 'JV Stalin', 'Stalin’s', "Stalin's", 'Stalinism', 'Mao', 'Mao Tse-tung', 'Maoist', ' ', '\n', '\n\n', '*', '**', '_', '`',
  '[', ']', '{', '}', '{.noindex}', '{name=mao}', '{lang=ru}', '[x]{name=stalin}', '[^1]', '\n\n[^1]: ', '> ', '# ', '- ', '\\\n',
  '😀', 'Сталин', 'é', '(', ')', '[a](#b)', '<b>', '&amp;', 'x',
);

function bookOf(markdown: string): { book: Book; before: string[] } {
  const diags = new Diagnostics();
  const { blocks, notes } = parseBody(join(dir, 'b.md'), markdown, 0, diags);
  assignIds(blocks, notes);
  // By hand, between the passes: only a cast makes it a Book.
  const book = {
    file: join(dir, 'b.md'), slug: 'b', blocks, notes, toc: [], persons: [], mentions: [], texts: [], sources: [],
    meta: { title: 'B', authors: ['A'], language: 'en', identifier: 'urn:b', contributors: [], dates: {}, subjects: [], names: 'r.yaml' },
  } as unknown as Book;
  book.texts.push(soleText(book));
  return { book, before: textBlocks(book).map((b) => plainText(b.children)) };
}

describe('names on any input', () => {
  it('never throws, never changes the text, and places every mention exactly on its name', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const { book, before } = bookOf(pieces.join(''));
        applyNames(book, new Diagnostics());
        const blocks = textBlocks(book);
        expect(blocks.map((b) => plainText(b.children))).toEqual(before);
        const textOf = new Map(blocks.map((b) => [b.id, plainText(b.children)]));
        const nodes = blocks.flatMap((b) => mentionNodes(b.children));
        const markers = new Set(nodes.filter((n) => n.span).map((n) => n.id));
        const names = new Map(nodes.map((n) => [n.id, plainText(n.children)]));
        expect(nodes.map((n) => n.id)).toEqual(book.mentions.map((m) => m.id));
        const ids = new Set<string>();
        for (const m of book.mentions) {
          expect(ids.has(m.id)).toBe(false);
          ids.add(m.id);
          const text = textOf.get(m.blockId)!;
          expect(m.offset).toBeGreaterThanOrEqual(0);
          expect(m.offset).toBeLessThanOrEqual(text.length);
          // A mention the matcher found is a whole word of its block's plain text ('Stalin*ism*' is none).
          const name = names.get(m.id)!;
          expect(text.slice(m.offset, m.offset + name.length)).toBe(name);
          if (markers.has(m.id)) continue;
          expect(['JV Stalin', 'Stalin', 'Mao Tse-tung', 'Mao']).toContain(name.replace(/\s+/g, ' '));
          expect(text[m.offset - 1] ?? ' ', `${m.id} in ${JSON.stringify(text)}`).toMatch(/[^\p{L}\p{N}\p{M}]/u);
          expect(text[m.offset + name.length] ?? ' ', `${m.id} in ${JSON.stringify(text)}`).toMatch(/[^\p{L}\p{N}\p{M}]/u);
        }
      }),
      { numRuns: 300 },
    );
  });
});
