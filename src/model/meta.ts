/**
 * The front matter once validated (see src/load/schema.ts for the YAML keys and their rules).
 * Strings are trimmed and never empty; optional fields are absent rather than empty.
 */
export interface Meta {
  title: string;
  subtitle?: string;
  /** At least one author, in the order given. */
  authors: string[];
  /** BCP 47 tag, e.g. 'en-GB'. */
  language: string;
  /** ISO date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' of the original publication. */
  date?: string;
  /** Where the text was first published, e.g. 'The Reporter, 14 April 1953'. */
  source?: string;
  /** Where this copy of the text comes from and who prepared it. */
  provenance?: string;
  translators: string[];
  /** The translator's (or editor's) note on the text: Markdown-free prose, paragraphs split on blank lines. */
  translatorsNote?: string;
  originalTitle?: string;
  originalLanguage?: string;
  rights?: string;
  /** Stable identifier: a URN, URL or UUID. When absent one is derived from title and author. */
  identifier: string;
  description?: string;
  subjects: string[];
  publisher?: string;
  /** Names registry file, relative to the manuscript (see src/names/). */
  names?: string;
}
