import type { Book, IndexEntry, IndexGroup, IndexLocator, IndexRange, NameIndex, PageMap } from '../model/index.js';

export interface IndexOptions {
  /** Consecutive pages collapse into a range from this many on (makeindex's default: 3). */
  minRange?: number;
}

/**
 * The index of names from the book's persons and mentions and the PDF's page map: a pure function,
 * no drawing. Entries sort with the book language's collation (`Intl.Collator(meta.language)`) on
 * their sort keys and fall into letter groups by that collation's first letters, so 'Ćwik' files
 * under C in English and under its own letter Ć in Polish.
 */
export function buildIndex(book: Book, pageMap: PageMap, options: IndexOptions = {}): NameIndex {
  const minRange = options.minRange ?? 3;
  const pageOf = new Map<string, number>();
  pageMap.pages.forEach((p, i) => {
    if (!pageOf.has(p.label)) pageOf.set(p.label, i + 1);
  });
  const unplaced: string[] = [];
  // Locators by person, and by person and sub-entry (NUL between them).
  const byPerson = new Map<string, IndexLocator[]>();
  // The same locators by key and page: a name on hundreds of pages is looked up, not searched for.
  const onPage = new Map<string, Map<number, IndexLocator>>();
  const subsOf = new Map<string, Set<string>>();
  for (const m of book.mentions) {
    const page = pageMap.anchors[m.id];
    const pageNumber = page === undefined ? undefined : pageOf.get(page);
    if (page === undefined || pageNumber === undefined) {
      unplaced.push(m.id);
      continue;
    }
    const key = m.sub ? `${m.personId}\0${m.sub}` : m.personId;
    if (m.sub) {
      if (!subsOf.has(m.personId)) subsOf.set(m.personId, new Set());
      subsOf.get(m.personId)!.add(m.sub);
    }
    let locators = byPerson.get(key);
    let pages = onPage.get(key);
    if (!locators || !pages) {
      byPerson.set(key, (locators = []));
      onPage.set(key, (pages = new Map()));
    }
    const same = pages.get(pageNumber);
    if (same) same.mentionIds.push(m.id);
    else {
      const locator = { page, pageNumber, mentionIds: [m.id] };
      locators.push(locator);
      pages.set(pageNumber, locator);
    }
  }

  const language = book.meta.language;
  const { order, base, graphemes } = intl(language);
  const entries: (IndexEntry & { sortKey: string })[] = [];
  for (const p of book.persons) {
    const locators = (byPerson.get(p.id) ?? []).sort((a, b) => a.pageNumber - b.pageNumber);
    const subs = [...(subsOf.get(p.id) ?? [])].sort((a, b) => order.compare(a, b));
    if (p.see.length === 0 && locators.length === 0 && subs.length === 0) continue;
    const entry: IndexEntry & { sortKey: string } = {
      personId: p.id,
      heading: p.heading,
      sortKey: p.sortKey,
      locators: p.see.length > 0 ? [] : locators,
      ranges: p.see.length > 0 ? [] : collapse(locators, pageMap, minRange),
      see: p.see,
      seeAlso: p.seeAlso,
    };
    if (p.dates) entry.dates = p.dates;
    if (subs.length && p.see.length === 0) {
      entry.subentries = subs.map((heading) => {
        const sub = byPerson.get(`${p.id}\0${heading}`)!.sort((a, b) => a.pageNumber - b.pageNumber);
        return { heading, locators: sub, ranges: collapse(sub, pageMap, minRange) };
      });
    }
    entries.push(entry);
  }

  entries.sort((a, b) => order.compare(a.sortKey, b.sortKey) || order.compare(a.heading, b.heading) || order.compare(a.dates ?? '', b.dates ?? ''));
  const groups: IndexGroup[] = [];
  for (const { sortKey, ...entry } of entries) {
    const letter = groupLetter(sortKey, language, base, graphemes);
    const last = groups[groups.length - 1];
    if (last && (last.letter === letter || (letter !== '#' && last.letter !== '#' && base.compare(last.letter, letter) === 0))) last.entries.push(entry);
    else groups.push({ letter, entries: [entry] });
  }
  return { groups, unplaced };
}

/** The language's collators and grapheme segmenter, made once per process (each PDF and EPUB index sorts). */
// Module state: Intl objects are immutable and depend on the language alone (the segmenter made on first need).
const intls = new Map<string, { order: Intl.Collator; base: Intl.Collator; graphemes: () => Intl.Segmenter }>();
function intl(language: string) {
  let i = intls.get(language);
  if (!i) {
    // The segmenter loads ICU's break rules (7 ms): made only for a key that needs it (see groupLetter).
    let segmenter: Intl.Segmenter | undefined;
    i = {
      order: new Intl.Collator(language, { numeric: true }),
      base: new Intl.Collator(language, { sensitivity: 'base' }),
      graphemes: () => (segmenter ??= new Intl.Segmenter(language, { granularity: 'grapheme' })),
    };
    intls.set(language, i);
  }
  return i;
}

/**
 * A Latin letter followed by nothing or by a character below U+0250: one grapheme on its own (no
 * character there extends a grapheme cluster, UAX #29), so no segmenter is needed to find it.
 */
const LATIN_FIRST = /^[A-Za-z\u00C0-\u024F](?:[\u0000-\u024F]|$)/;

/** The letter a sort key files under: its first letter, capital, without accents the language ignores at first sight. */
function groupLetter(sortKey: string, language: string, base: Intl.Collator, graphemes: () => Intl.Segmenter): string {
  const key = sortKey.trim();
  const first = LATIN_FIRST.test(key) ? key[0] : (graphemes().segment(key)[Symbol.iterator]().next().value?.segment ?? '');
  if (!/^\p{L}/u.test(first)) return '#';
  const upper = first.toLocaleUpperCase(language).normalize('NFC');
  const bare = upper.normalize('NFD').replace(/\p{M}+/gu, '');
  return bare && base.compare(bare, upper) === 0 ? bare : upper;
}

/** Runs of `minRange` or more consecutive pages (in one part of the book) become one range. */
function collapse(locators: readonly IndexLocator[], pageMap: PageMap, minRange: number): IndexRange[] {
  const out: IndexRange[] = [];
  const partOf = (l: IndexLocator) => pageMap.pages[l.pageNumber - 1]?.part;
  for (let i = 0; i < locators.length; ) {
    let j = i;
    while (j + 1 < locators.length && locators[j + 1].pageNumber === locators[j].pageNumber + 1 && partOf(locators[j + 1]) === partOf(locators[i])) j++;
    const run = j - i + 1 >= minRange ? [[i, j]] : Array.from({ length: j - i + 1 }, (_, k) => [i + k, i + k]);
    for (const [a, b] of run) {
      const first = locators[a];
      const last = locators[b];
      out.push({
        first: first.page,
        last: last.page,
        text: a === b ? first.page : `${first.page}–${last.page}`,
        firstPageNumber: first.pageNumber,
        lastPageNumber: last.pageNumber,
        target: first.mentionIds[0],
      });
    }
    i = j + 1;
  }
  return out;
}
