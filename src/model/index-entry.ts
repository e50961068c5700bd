/**
 * The index of names as both renderers draw it: built once from the book's mentions and the PDF's
 * page map (src/names/name-index.ts), so the two editions cite the same pages.
 */
export interface NameIndex {
  /** Letter groups in collation order; no group is empty. */
  groups: IndexGroup[];
  /** Mention ids the page map has no page for (the PDF did not set their anchor); left out of the locators. */
  unplaced: string[];
}

export interface IndexGroup {
  /** The group's letter as printed: 'A', 'Ć' (Polish) … ; '#' for keys that start with no letter. */
  letter: string;
  /** Entries in collation order of their sort keys. */
  entries: IndexEntry[];
}

export interface IndexEntry {
  /** Id of the registry entry: the person, or the cross-reference entry. */
  personId: string;
  /** As printed: 'Stalin, Joseph Vissarionovich'. */
  heading: string;
  /** Life dates as printed after the heading, e.g. '1878–1953'. */
  dates?: string;
  /** One per page that names the person, in page order; empty for a pure cross-reference ('see'). */
  locators: IndexLocator[];
  /**
   * The locators for print: runs of three or more consecutive pages in one part of the book collapsed
   * into one range ('3–5'), as makeindex does; every locator falls in exactly one range.
   */
  ranges: IndexRange[];
  /** Headings this entry sends the reader to instead ('see'); when present, `locators` is empty. */
  see: string[];
  /** Headings to consult as well ('see also'), printed after the page numbers. */
  seeAlso: string[];
  /** Sub-entries the editor filed mentions under (`{name=… sub=…}`), in collation order; absent when none. */
  subentries?: IndexSubentry[];
}

/** A sub-entry of an index entry ('death of, 12'): its mentions' pages as its own locators. */
export interface IndexSubentry {
  heading: string;
  locators: IndexLocator[];
  ranges: IndexRange[];
}

export interface IndexLocator {
  /** The printed page label ('12', 'iv'). */
  page: string;
  /** Physical page number in the PDF, from 1 (what `PageMap.pages[pageNumber - 1]` describes). */
  pageNumber: number;
  /** The mentions on that page in text order; the first is the EPUB's link target. Never empty. */
  mentionIds: string[];
}

export interface IndexRange {
  /** Label of the first page. */
  first: string;
  /** Label of the last page; equal to `first` for a single page. */
  last: string;
  /** As printed: '7' or '3–5' (with an en dash). */
  text: string;
  /** Physical page numbers (from 1) of the first and last page, for links in the PDF. */
  firstPageNumber: number;
  lastPageNumber: number;
  /** The first mention on the first page: the link target. */
  target: string;
}
