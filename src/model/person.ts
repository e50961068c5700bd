/** A person in the names registry (see src/names/registry.ts for the file format). */
export interface Person {
  /** Unique key from the registry, valid as an XML id once prefixed. */
  id: string;
  /** The heading as the index prints it: 'Stalin, Joseph Vissarionovich' or 'Mao Tse-tung'. */
  heading: string;
  /** Key to sort the heading under, e.g. 'Stalin Joseph'. Defaults to the heading. */
  sortKey: string;
  /** Life dates as printed after the heading, e.g. '1878–1953'. */
  dates?: string;
  /** The forms to find in the text, longest first. */
  forms: string[];
  /** Other headings this one refers to instead ('see'); an entry with `see` has no locators of its own. */
  see: string[];
  /** Other headings to consult as well ('see also'). */
  seeAlso: string[];
}

/** Where a person is named in the text. */
export interface Mention {
  personId: string;
  /** Anchor id of the `mention` inline, unique in the book. */
  id: string;
  /** Id of the text block holding it. */
  blockId: string;
  /** Offset of the mention in the block's plain text, in UTF-16 code units from 0. */
  offset: number;
  /** The index sub-entry it is filed under, if the editor's marker gave one. */
  sub?: string;
}
