import { describe, expect, it } from 'vitest';
import type { Book, Mention, PageInfo, PageMap, Person } from '../../src/model/index.js';
import { buildIndex } from '../../src/names/name-index.js';

function person(id: string, heading: string, extra: Partial<Person> = {}): Person {
  return { id, heading, sortKey: extra.sortKey ?? heading, forms: [], see: [], seeAlso: [], ...extra };
}

function book(language: string, persons: Person[], mentions: Mention[]): Book {
  // A book made by hand, its passes not run: only a cast says it is one.
  return {
    file: 'x.md', slug: 'x', blocks: [], notes: [], toc: [], persons, mentions, texts: [], sources: [],
    meta: { title: 'X', authors: ['Y'], language, identifier: 'urn:x', contributors: [], dates: {}, subjects: [] },
  } as unknown as Book;
}

/** Pages labelled as given; the mentions named in `on` sit on those pages. */
function pages(labels: string[], on: Record<string, string>, frontCount = 0): PageMap {
  const list: PageInfo[] = labels.map((label, i) => ({ label, part: i < frontCount ? 'front' : 'body' }));
  return { pages: list, anchors: on };
}

/** n mentions of a person, ids m-<id>-1…n, in document order. */
function mentionsOf(id: string, n: number): Mention[] {
  return Array.from({ length: n }, (_, i) => ({ personId: id, id: `m-${id}-${i + 1}`, blockId: 'p-1', offset: i }));
}

describe('buildIndex', () => {
  const labels = Array.from({ length: 12 }, (_, i) => String(i + 1));

  it('gives one locator per page, the page’s mentions in text order, and collapses runs of three or more pages', () => {
    const ms = mentionsOf('stalin', 8);
    const on = { 'm-stalin-1': '3', 'm-stalin-2': '3', 'm-stalin-3': '4', 'm-stalin-4': '5', 'm-stalin-5': '7', 'm-stalin-6': '9', 'm-stalin-7': '10', 'm-stalin-8': '12' };
    const index = buildIndex(book('en-GB', [person('stalin', 'Stalin, Joseph', { dates: '1878–1953' })], ms), pages(labels, on));
    const [entry] = index.groups[0].entries;
    expect(entry.heading).toBe('Stalin, Joseph');
    expect(entry.dates).toBe('1878–1953');
    expect(entry.locators.map((l) => [l.page, l.mentionIds])).toEqual([
      ['3', ['m-stalin-1', 'm-stalin-2']], ['4', ['m-stalin-3']], ['5', ['m-stalin-4']], ['7', ['m-stalin-5']],
      ['9', ['m-stalin-6']], ['10', ['m-stalin-7']], ['12', ['m-stalin-8']],
    ]);
    // 3, 4, 5 collapse; 9 and 10 are only two pages and stay apart, as makeindex prints them.
    expect(entry.ranges.map((r) => r.text)).toEqual(['3–5', '7', '9', '10', '12']);
    expect(entry.ranges[0]).toEqual({ first: '3', last: '5', text: '3–5', firstPageNumber: 3, lastPageNumber: 5, target: 'm-stalin-1' });
    expect(index.unplaced).toEqual([]);
  });

  it('never runs a range from the front matter into the text', () => {
    const ms = mentionsOf('lenin', 5);
    const on = { 'm-lenin-1': 'iii', 'm-lenin-2': 'iv', 'm-lenin-3': 'v', 'm-lenin-4': '1', 'm-lenin-5': '2' };
    const index = buildIndex(book('en-GB', [person('lenin', 'Lenin')], ms), pages(['i', 'ii', 'iii', 'iv', 'v', '1', '2'], on, 5));
    expect(index.groups[0].entries[0].ranges.map((r) => r.text)).toEqual(['iii–v', '1', '2']);
  });

  it('sorts with the book language’s collation and groups by its letters', () => {
    const persons = [
      person('zoe', 'Zoë, Anna'), person('czarny', 'Czarny, Jan'), person('cwik', 'Ćwik, Piotr'),
      person('cabot', 'Cabot, John'), person('dab', 'Dąb, Ewa'), person('abel', 'Abel, Niels'),
    ];
    const ms = persons.map((p, i) => ({ personId: p.id, id: `m-${p.id}`, blockId: 'p-1', offset: i }));
    const on = Object.fromEntries(ms.map((m) => [m.id, '1']));
    const groupsIn = (language: string) =>
      buildIndex(book(language, persons, ms), pages(labels, on)).groups.map((g) => `${g.letter}: ${g.entries.map((e) => e.heading.split(',')[0]).join(' ')}`);
    // English files Ć under C, between Cabot and Czarny; Polish gives Ć its own letter after C.
    expect(groupsIn('en-GB')).toEqual(['A: Abel', 'C: Cabot Ćwik Czarny', 'D: Dąb', 'Z: Zoë']);
    expect(groupsIn('pl')).toEqual(['A: Abel', 'C: Cabot Czarny', 'Ć: Ćwik', 'D: Dąb', 'Z: Zoë']);
  });

  it('sorts on the sort key, not the heading, and keeps cross-references without locators', () => {
    const persons = [
      person('napoleon3', 'Napoleon III', { sortKey: 'Napoleon 3' }),
      person('napoleon', 'Napoleon I, Emperor of the French', { sortKey: 'Napoleon 1' }),
      person('bonaparte', 'Bonaparte, Napoleon', { see: ['Napoleon I, Emperor of the French'] }),
      person('mao', 'Mao Tse-tung', { seeAlso: ['Chou En-lai'] }),
      person('nobody', 'Nobody, Never Mentioned'),
    ];
    const ms = [...mentionsOf('napoleon3', 1), ...mentionsOf('napoleon', 1), ...mentionsOf('mao', 1)];
    const on = { 'm-napoleon3-1': '2', 'm-napoleon-1': '2', 'm-mao-1': '4' };
    const index = buildIndex(book('en-GB', persons, ms), pages(labels, on));
    const entries = index.groups.flatMap((g) => g.entries);
    expect(entries.map((e) => e.heading)).toEqual(['Bonaparte, Napoleon', 'Mao Tse-tung', 'Napoleon I, Emperor of the French', 'Napoleon III']);
    expect(entries[0]).toMatchObject({ see: ['Napoleon I, Emperor of the French'], locators: [], ranges: [] });
    expect(entries[1].seeAlso).toEqual(['Chou En-lai']);
  });

  it('lists the mentions the page map has no page for', () => {
    const ms = mentionsOf('tito', 2);
    const index = buildIndex(book('en-GB', [person('tito', 'Tito')], ms), pages(labels, { 'm-tito-2': '6' }));
    expect(index.unplaced).toEqual(['m-tito-1']);
    expect(index.groups[0].entries[0].ranges.map((r) => r.text)).toEqual(['6']);
  });
});
