import { describe, expect, it } from 'vitest';
import { betweenWords, planPageBreaks } from '../../src/epub/pagebreaks.js';
import { uuidFrom } from '../../src/epub/package.js';
import { fileAs } from '../../src/epub/metadata.js';

describe('betweenWords', () => {
  const t = 'The ghost of Bonaparte has haunted the Revolution.';
  it('keeps an offset at a word start', () => {
    expect(betweenWords(t, 0)).toBe(0);
    expect(betweenWords(t, 13)).toBe(13); // 'Bonaparte'
  });
  it('skips spaces to the next word', () => {
    expect(betweenWords(t, 12)).toBe(13);
    expect(betweenWords('a \n  b', 1)).toBe(5);
  });
  it('moves an offset inside a word (a hyphenated page end) to after that word', () => {
    expect(betweenWords(t, 17)).toBe(22); // 'Bona|parte' → after 'Bonaparte'
    expect(betweenWords(t, 47)).toBe(t.length); // inside the last word, punctuation included
    expect(betweenWords('twenty-nine years', 7)).toBe(11); // broken at the hard hyphen
  });
  // Keats's 'Emblazoning—Lord Ellenborough', its page beginning at 'Lord', was marked after 'Lord'.
  it('keeps an offset right after a dash that ended the line before: the page begins at that word', () => {
    const d = 'Liberty’s Emblazoning—Lord Ellenborough has been paid';
    expect(betweenWords(d, 22)).toBe(22);
    expect(betweenWords('1917–1918 and', 5)).toBe(5);
    expect(betweenWords(d, 24)).toBe(26); // inside 'Lord': after it, as for any word
  });
  it('clamps offsets outside the text', () => {
    expect(betweenWords(t, 500)).toBe(t.length);
    expect(betweenWords(t, -3)).toBe(0);
  });
});

describe('planPageBreaks', () => {
  const texts = new Map([
    ['p-1', 'One two three four.'],
    ['p-2', 'Five six seven.'],
    ['n-1', 'A note.'],
  ]);
  it('groups markers by block and offset, in page order, and skips front pages without text', () => {
    const plan = planPageBreaks(
      [
        { label: 'i', part: 'front' },
        { label: '1', part: 'body', start: { blockId: 'p-1', offset: 0 } },
        { label: '2', part: 'body', start: { blockId: 'p-1', offset: 8 } },
        { label: '3', part: 'body' },
        { label: '4', part: 'body', start: { blockId: 'p-2', offset: 5 } },
        { label: '5', part: 'body', start: { blockId: 'n-1', offset: 0 } },
        { label: '6', part: 'back' },
      ],
      texts,
      ['page-4'],
      new Set(['n-1']),
    );
    expect(plan.all.map((p) => p.id)).toEqual(['page-1', 'page-2', 'page-3', 'page-4-2', 'page-5']);
    expect(plan.byBlock.get('p-1')).toEqual([
      { offset: 0, breaks: [{ label: '1', id: 'page-1' }] },
      { offset: 8, breaks: [{ label: '2', id: 'page-2' }] },
    ]);
    // Page 3 has no text of its own: it is marked with page 4, before it.
    expect(plan.byBlock.get('p-2')).toEqual([{ offset: 5, breaks: [{ label: '3', id: 'page-3' }, { label: '4', id: 'page-4-2' }] }]);
    // A page that begins in a footnote is marked after the text.
    expect(plan.trailing).toEqual([{ label: '5', id: 'page-5' }]);
  });
  it('refuses a start in a block the book does not have', () => {
    expect(() => planPageBreaks([{ label: '1', part: 'body', start: { blockId: 'p-9', offset: 0 } }], texts)).toThrow(/p-9/);
  });
});

describe('identifiers', () => {
  it('derives the same uuid from the same identifier, and a different one from another', () => {
    expect(uuidFrom('urn:x')).toBe(uuidFrom('urn:x'));
    expect(uuidFrom('urn:x')).not.toBe(uuidFrom('urn:y'));
    expect(uuidFrom('urn:x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('files names under the surname', () => {
    expect(fileAs('Isaac Deutscher')).toBe('Deutscher, Isaac');
    expect(fileAs('Ludwig van Beethoven')).toBe('Beethoven, Ludwig van');
    expect(fileAs('Deutscher, Isaac')).toBe('Deutscher, Isaac');
    expect(fileAs('毛泽东')).toBe('毛泽东');
    expect(fileAs('Voltaire')).toBe('Voltaire');
  });
});
