import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/model/index.js';
import { compileForms } from '../../src/names/match.js';
import { join } from 'node:path';
import { Diagnostics } from '../../src/diagnostics.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import type { Book } from '../../src/model/index.js';
import { applyNames } from '../../src/names/apply.js';
import { assignIds } from '../../src/transform/ids.js';
import { bookWith, frontMatter, mentioned, project, textBlocks } from './helpers.js';

const REGISTRY = `
stalin:
  heading: Stalin, Joseph Vissarionovich
  forms: [Stalin, JV Stalin]
lenin:
  heading: Lenin, Vladimir Ilyich
  forms: Lenin
tito:
  heading: Tito, Josip Broz
  forms: Tito
napoleon:
  heading: Napoleon I
  forms: [Napoleon, Bonaparte]
marx:
  heading: Marx, Karl
  forms: [Karl Marx, Marx]
khrushchev:
  heading: Khrushchev, Nikita Sergeyevich
  forms: [Nikita   Khrushchev, Khrushchev]
dulles:
  heading: Dulles, John Foster
  forms: Dulles
romanovs:
  heading: Romanov dynasty
  forms: Romanovs
`;

describe('matching', () => {
  it('never indexes a word derived from a name', () => {
    const derived = 'Stalinism, Stalinist, Stalingrad, Leninist, Leninism, Titoist, Titos, Bonapartism, Bonapartist, Marxian, Marxism, Marxist, pre-Stalinist, anti-Leninist.';
    const { book, diags } = bookWith(`${derived}\n`, REGISTRY);
    expect(diags.hasErrors).toBe(false);
    expect(book!.mentions).toEqual([]);
    expect(mentioned(book!)).toEqual([]);
  });

  it('judges word boundaries on the printed text, across markup', () => {
    const { book } = bookWith('Stalin*ism* and **Lenin**ist, but *Tito*’s break and Mao *Tse-tung*.\n', REGISTRY);
    expect(mentioned(book!)).toEqual(['tito:Tito']);
  });

  it('finds possessives with straight and curly apostrophes (the straight ones curled), and after a name ending in s', () => {
    const { book } = bookWith("Stalin's pipe, Stalin’s pipe, Lenin’ (a typo), Dulles’ speech, Dulles's speech and the Romanovs’ fall.\n", REGISTRY);
    expect(mentioned(book!)).toEqual(['stalin:Stalin', 'stalin:Stalin', 'lenin:Lenin', 'dulles:Dulles', 'dulles:Dulles', 'romanovs:Romanovs']);
    // The possessive ending stays outside the mention: the anchor is on the name (a straight apostrophe is set ’: transform/quotes.ts).
    expect(plainText(textBlocks(book!)[0].children)).toBe('Stalin’s pipe, Stalin’s pipe, Lenin’ (a typo), Dulles’ speech, Dulles’s speech and the Romanovs’ fall.');
  });

  it('lets the longest form win', () => {
    const { book } = bookWith('Then JV Stalin spoke; Stalin listened. Karl Marx and Marx.\n', REGISTRY);
    expect(mentioned(book!)).toEqual(['stalin:JV Stalin', 'stalin:Stalin', 'marx:Karl Marx', 'marx:Marx']);
  });

  it('finds a form that crosses a line break in the source, and forms written with several spaces', () => {
    const { book } = bookWith('He gave the secretaryship to Nikita\nKhrushchev, and JV\nStalin agreed.\n', REGISTRY);
    expect(mentioned(book!)).toEqual(['khrushchev:Nikita Khrushchev', 'stalin:JV Stalin']);
  });

  it('finds names in emphasis, links, block quotes, lists, headings and notes, never in code', () => {
    const body = [
      '# Stalin and Malenkov',
      '',
      'A *Lenin* and [Tito](https://example.org) but not `Stalin` in code.[^1]',
      '',
      '> Quoted Marx.',
      '',
      '- Listed Bonaparte.',
      '',
      '```',
      'Stalin in a code block',
      '```',
      '',
      '[^1]: A note on Khrushchev.',
      '',
    ].join('\n');
    const { book } = bookWith(body, REGISTRY);
    expect(mentioned(book!)).toEqual(['stalin:Stalin', 'lenin:Lenin', 'tito:Tito', 'marx:Marx', 'napoleon:Bonaparte', 'khrushchev:Khrushchev']);
    expect(book!.mentions.map((m) => m.id)).toEqual(['m-stalin-1', 'm-lenin-1', 'm-tito-1', 'm-marx-1', 'm-napoleon-1', 'm-khrushchev-1']);
    expect(new Set(book!.mentions.map((m) => m.blockId)).size).toBe(5); // Lenin and Tito share a paragraph
  });

  it('matches names in other scripts as whole words', () => {
    const registry = `
stalin:
  heading: Сталин, Иосиф Виссарионович
  forms: [Сталин, Сталина, Сталину]
socrates:
  heading: Σωκράτης
  forms: [Σωκράτης, Σωκράτη]
`;
    const { book } = bookWith('Сталин умер. Смерть Сталина. Сталинград и сталинизм, Сталинские планы. Ὁ Σωκράτης λέγει· τὸν Σωκράτη.\n', registry, 'ru');
    expect(mentioned(book!)).toEqual(['stalin:Сталин', 'stalin:Сталина', 'socrates:Σωκράτης', 'socrates:Σωκράτη']);
  });

  it('gives every mention the exact UTF-16 offset of its name in the block’s plain text', () => {
    // Astral characters (2 code units), a code span, a footnote reference, a hard break and markup before names.
    const body = 'Emoji 😀😀 then *Stalin*, `code` Lenin[^1] x\\\nand **[JV Stalin](#a)**: Tito’s 𝔸 Marx.\n\n[^1]: Note.\n';
    const { book } = bookWith(body, REGISTRY);
    const blocks = new Map(textBlocks(book!).map((b) => [b.id, b]));
    expect(book!.mentions.length).toBe(5);
    for (const m of book!.mentions) {
      const text = plainText(blocks.get(m.blockId)!.children);
      const person = book!.persons.find((p) => p.id === m.personId)!;
      expect(person.forms.some((f) => text.startsWith(f, m.offset)), `${m.id} at ${m.offset} in ${JSON.stringify(text)}`).toBe(true);
    }
    const text = plainText(blocks.get(book!.mentions[0].blockId)!.children);
    expect(text).toBe('Emoji 😀😀 then Stalin, code Lenin x\nand JV Stalin: Tito’s 𝔸 Marx.');
    expect(book!.mentions.map((m) => m.offset)).toEqual([16, 29, 41, 52, 62]);
  });

  it('keeps mention ids unique even against a block id that looks like one', () => {
    const dir = project({ 'book.md': `${frontMatter('book.names.yaml')}# Title\n\nStalin.\n\nStalin again.\n`, 'book.names.yaml': REGISTRY });
    const diags = new Diagnostics();
    const parsed = parseManuscript(join(dir, 'book.md'), diags)!;
    assignIds(parsed.blocks, parsed.notes);
    // Between the passes, as runPasses would not allow: a block takes the id the first mention would.
    const book = { ...parsed, toc: [], persons: [], mentions: [] } as unknown as Book;
    book.blocks[1] = { ...book.blocks[1], id: 'm-stalin-1' } as typeof book.blocks[1];
    applyNames(book, diags);
    expect(book.mentions.map((m) => m.id)).toEqual(['m-stalin-2', 'm-stalin-3']);
    const ids = [...textBlocks(book).map((b) => b.id), ...book.mentions.map((m) => m.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
  });
});

describe('compileForms', () => {
  it('treats hyphens and apostrophes as interchangeable and is case-sensitive', () => {
    const m = compileForms([{ id: 'mao', forms: ['Mao Tse-tung'] }, { id: 'obrien', forms: ["O'Brien"] }]);
    expect(m.find('Mao Tse‑tung, O’Brien, mao tse-tung').map((x) => x.personId)).toEqual(['mao', 'obrien']);
  });

  it('searches a range with the text around it as context, a long form giving way to a short one', () => {
    const m = compileForms([{ id: 'mao', forms: ['Mao Tse-tung', 'Mao'] }]);
    // 'Mao *Tse-tung*': the first text node is 'Mao ' (0–4); the next node holds 'Tse-tung'.
    expect(m.find('Mao Tse-tung', 0, 4)).toEqual([{ start: 0, end: 3, personId: 'mao' }]);
    // 'Mao*ist*': the node 'Mao' is followed by letters in the printed text.
    expect(m.find('Maoist', 0, 3)).toEqual([]);
  });
});
