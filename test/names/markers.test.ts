import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/model/index.js';
import { bookWith, mentioned, textBlocks } from './helpers.js';

const REGISTRY = `
stalin:
  heading: Stalin, Joseph Vissarionovich
  forms: Stalin
tito:
  heading: Tito, Josip Broz
  forms: Tito
`;

describe('markers', () => {
  it('adds a mention the matcher cannot see, at the exact offset', () => {
    const { book, diags } = bookWith('It was [the *Georgian*]{name=stalin} who spoke, and Stalin again.\n', REGISTRY);
    expect(diags.list.filter((d) => d.rule !== 'names-unused')).toEqual([]);
    expect(mentioned(book!)).toEqual(['stalin:the Georgian', 'stalin:Stalin']);
    const text = plainText(textBlocks(book!)[0].children);
    expect(text).toBe('It was the Georgian who spoke, and Stalin again.');
    expect(book!.mentions.map((m) => [m.id, m.offset])).toEqual([['m-stalin-1', 7], ['m-stalin-2', 35]]);
  });

  it('suppresses a figurative use, and only inside the marker', () => {
    const { book, diags } = bookWith('Tito rebelled; [another Tito]{.noindex} may rise. Then Tito’s break.\n', REGISTRY);
    expect(diags.list.filter((d) => d.rule !== 'names-unused')).toEqual([]);
    expect(mentioned(book!)).toEqual(['tito:Tito', 'tito:Tito']);
    expect(plainText(textBlocks(book!)[0].children)).toBe('Tito rebelled; another Tito may rise. Then Tito’s break.');
    expect(book!.mentions.map((m) => m.offset)).toEqual([0, 43]);
  });

  it('marks language and direction as a foreign inline, around a mention when both are given', () => {
    const { book, diags } = bookWith('He wrote [Сталин]{lang=ru name=stalin} and [שלום]{lang=he dir=rtl}.\n', REGISTRY);
    expect(diags.list.filter((d) => d.rule !== 'names-unused')).toEqual([]);
    const children = textBlocks(book!)[0].children;
    expect(children[1]).toMatchObject({ kind: 'foreign', lang: 'ru', children: [{ kind: 'mention', personId: 'stalin', id: 'm-stalin-1' }] });
    expect(children[3]).toEqual({ kind: 'foreign', lang: 'he', dir: 'rtl', children: [{ kind: 'text', text: 'שלום' }] });
  });

  it('reports unknown attributes and persons at their line and column', () => {
    // Front matter: --- and 4 keys, closing ---, a blank line: the body starts on line 8.
    const body = 'One line.\nThen [the Georgian]{name=staln} and\n  [x]{.nonindex} and [y]{colour=red} and [z]{dir=up lang=ru}.\n';
    const { messages } = bookWith(body, REGISTRY);
    expect(messages.filter((m) => m.includes(': error: '))).toHaveLength(3);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/book\.md:10:7: error: unknown span attribute '\.nonindex' \(did you mean '\.noindex'\?\)$/),
      // No typo of ours: an attribute of HTML's or pandoc's, its text kept.
      expect.stringMatching(/book\.md:10:26: warning: the span attribute 'colour' means nothing here: its text is set as it is/),
      expect.stringMatching(/book\.md:10:46: error: dir must be rtl or ltr, not 'up'/),
      expect.stringMatching(/book\.md:9:6: error: no person 'staln' in the names registry \(did you mean 'stalin'\?\)$/),
    ]));
  });

  it('reads pandoc’s .smallcaps (and Project Gutenberg’s .smcap), takes its ids without a word, and warns of its other classes, keeping their text', () => {
    // What pandoc's conversions of Project Gutenberg's HTML and of Word files write; each was an error.
    const body = '[It was]{.smallcaps} cold.[]{#page_12} [Under]{.underline} and [Сталин]{lang=ru .smallcaps name=stalin}.\n';
    const { book, messages } = bookWith(body, REGISTRY);
    expect(messages.filter((m) => !m.includes('names-unused') && !m.includes('never mentioned'))).toEqual([
      expect.stringMatching(/book\.md:8:48: warning: the span class '\.underline' means nothing here: its text is set as it is \(samizdat reads name=, sub=, lang=, dir=, \.noindex and \.smallcaps; remove the others\)$/),
    ]);
    const children = textBlocks(book!)[0].children;
    expect(children[0]).toEqual({ kind: 'smallcaps', children: [{ kind: 'text', text: 'It was' }] });
    expect(children.at(-2)).toMatchObject({ kind: 'smallcaps', children: [{ kind: 'foreign', lang: 'ru', children: [{ kind: 'mention', personId: 'stalin' }] }] });
    expect(plainText(children)).toBe('It was cold. Under and Сталин.');
    // Project Gutenberg's page numbers, as pandoc keeps them: the source's, left out (their ids kept), said once for all.
    const paged = bookWith('[[\\[12\\]]{#Page_12}]{.pagenum}It was cold. See [page 12](#Page_12).\n\n[[\\[13\\]]{#Page_13}]{.pagenum}Then.\n');
    expect(paged.messages).toEqual([expect.stringMatching(/book\.md:7:1: warning: 2 page numbers of the source \(\.pagenum spans\) are left out: the editions number their own pages; ids in them are kept/)]);
    expect(plainText(textBlocks(paged.book!)[0].children)).toBe('It was cold. See page 12.');
    expect(textBlocks(paged.book!)[0].children[0]).toMatchObject({ kind: 'anchor', id: 'Page_12', children: [] });
    // Project Gutenberg's small capitals, as pandoc keeps them, and the common `.sc`: small capitals too, without a warning.
    const gutenberg = bookWith('[Chapter the First]{.smcap} and [A.D.]{.sc} here.\n');
    expect(gutenberg.messages).toEqual([]);
    expect(textBlocks(gutenberg.book!)[0].children.filter((c) => c.kind === 'smallcaps').map((c) => plainText([c]))).toEqual(['Chapter the First', 'A.D.']);
    // A class one letter from a known one is a typo; many spans with a class of a conversion's are said once.
    expect(bookWith('[It]{.smalcaps} was.\n').messages).toEqual([expect.stringMatching(/book\.md:7:6: error: unknown span attribute '\.smalcaps' \(did you mean '\.smallcaps'\?\)$/)]);
    // Not one that only begins a known one: Project Gutenberg's `.small`, which pandoc keeps on its note marks;
    // nor a class a key's letters from one of samizdat's keys: a poem's indent `.i2` is no 'dir'.
    expect(bookWith('[Truth for the wise,]{.i0}\\\n[Beauty for a feeling heart.]{.i2}\n').messages).toEqual([
      expect.stringMatching(/book\.md:7:23: warning: the span class '\.i0' means nothing here: its text is set as it is/),
      expect.stringMatching(/book\.md:8:31: warning: the span class '\.i2' means nothing here: its text is set as it is/),
    ]);
    expect(bookWith('The officers [[10]{.small}](#n10) and [[11]{.small}](#n11) were kind.\n\n[]{#n10}Ten. []{#n11}Eleven.\n').messages).toEqual([
      expect.stringMatching(/book\.md:7:20: warning: the span class '\.small' \(2 spans\) means nothing here: their text is set as it is/),
    ]);
    expect(bookWith('[I]{.z3998:roman epub:type="z3998:roman"} and [II]{.z3998:roman epub:type="z3998:roman"}.\n').messages).toEqual([
      expect.stringMatching(/book\.md:7:5: warning: the span class '\.z3998:roman' \(2 spans\) means nothing here: their text is set as it is/),
      expect.stringMatching(/book\.md:7:18: warning: the span attribute 'epub:type' \(2 spans\) means nothing here: their text is set as it is/),
    ]);
  });

  it('refuses a name marker in a book without a registry', () => {
    const { messages } = bookWith('See [him]{name=stalin}.\n');
    expect(messages).toEqual([expect.stringMatching(/book\.md:7:5: error: the marker names 'stalin' but the book has no names registry/)]);
  });

  it('warns when a .noindex marker hides no name', () => {
    const { messages } = bookWith('A [plain phrase]{.noindex} here and Stalin.\n', REGISTRY);
    expect(messages.filter((m) => m.includes('noindex'))).toEqual([expect.stringMatching(/book\.md:8:3: warning: this \{\.noindex\} marker covers no name/)]);
  });

  it('leaves a brace group that is no attribute list as text, as pandoc does', () => {
    const { book, diags } = bookWith('A set [a]{b} and [Stalin]{x y}.\n', REGISTRY);
    expect(diags.list.filter((d) => d.rule !== 'names-unused')).toEqual([]);
    expect(plainText(textBlocks(book!)[0].children)).toBe('A set [a]{b} and [Stalin]{x y}.');
    expect(mentioned(book!)).toEqual(['stalin:Stalin']);
  });
});
