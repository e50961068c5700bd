import type { Inline } from './inline.js';
import type { Span } from './span.js';

/**
 * The front matter once validated (see src/load/schema.ts for the YAML keys and their rules): what a
 * real edition says about itself. Strings are trimmed and never empty; optional fields are absent
 * rather than empty. Fields of type `Prose` were written in inline Markdown (`*The Reporter*`, a link) and are
 * held as model inlines: renderers set them as they set the text, and take `plainText` where metadata must be
 * plain (the OPF, the PDF's Info and XMP).
 */
export interface Meta {
  /** The title as plain text: what running heads, the contents, bookmarks and metadata print. */
  title: string;
  /** The subtitle as plain text (its Markdown's marks left out). */
  subtitle?: string;
  /**
   * The title and subtitle as written when they hold inline Markdown ('From *Walden*, "Economy"'): set so
   * where a title is set in type (the title page, a text's opening), in both editions. Absent for plain ones.
   */
  titleInlines?: Prose;
  subtitleInlines?: Prose;
  /** At least one author, in the order given. */
  authors: string[];
  /** Everyone else named for a part in this edition, role by role in the order of ROLES, names as given. */
  contributors: Contributor[];
  /** BCP 47 tag, e.g. 'en-GB'. */
  language: string;
  /** The dates of the work and of this edition; each kind at most once. */
  dates: Partial<Record<DateKind, DateNote>>;
  /** Where the text first appeared (periodical, publisher, place): '*The Reporter*, 14 April 1953'. Never a bare URL. */
  source?: Prose;
  /** The copy this edition was made from: a transcription, an archive, a digital edition (links welcome). */
  provenance?: Prose;
  /** The translator's (or editor's) note on the text: its paragraphs (blank lines split them in the front matter). */
  translatorsNote?: Prose[];
  /** The editor's note on this edition of the text (front matter `editors_note`), after the translator's. */
  editorsNote?: Prose[];
  /** The author's dedication: its paragraphs (blank lines split them in the front matter). */
  dedication?: Prose[];
  originalTitle?: Prose;
  originalLanguage?: string;
  rights?: Prose;
  /** Stable identifier: a URN, URL or UUID. When absent one is derived from title and author. */
  identifier: string;
  /** ISBN-10 or ISBN-13 of this edition, digits (and a final X) only, its check digit verified. */
  isbn?: string;
  description?: Prose;
  subjects: string[];
  publisher?: Prose;
  /** The edition statement: 'Second edition, revised'. */
  edition?: Prose;
  /** The series this edition belongs to, and its number in it (as written: '3', 'III'). */
  series?: { name: string; number?: string };
  /** Cover image (PNG or JPEG), relative to the manuscript; checked by the loader. Absent: a generated cover. */
  cover?: string;
  /** Names registry file, relative to the manuscript (see src/names/). */
  names?: string;
  /** What the text numbers ('Table 1.', 'Figure 1.' before their captions); absent: nothing. */
  number?: Numbered[];
  /** The lists of figures and of tables printed after the contents (front matter `lists`); absent: none. */
  lists?: Numbered[];
  /** Footnotes numbered from 1 at each `#` chapter (front matter `footnotes: by-chapter`); absent: through the text. */
  notesByChapter?: true;
  /**
   * Notes set after the text (front matter `footnotes: endnotes`), under a title of their own and each
   * chapter's title, rather than at the foot of the page or as pop-ups: where the `footnotes` key stands
   * (lines and columns from 1), for messages. Absent: footnotes.
   */
  endnotes?: Span;
}

/** The things a text may number, as the front matter's `number` names them. */
export type Numbered = 'tables' | 'figures';

/**
 * The parts a person other than the author plays in an edition, in the order the title page names
 * them, each with its MARC relator code (https://id.loc.gov/vocabulary/relators) for the OPF.
 */
export const ROLES = {
  translator: 'trl',
  editor: 'edt',
  introduction: 'aui',
  preface: 'wpr',
  afterword: 'aft',
  illustrator: 'ill',
  /** Who transcribed, corrected and marked up this copy of the text. */
  preparer: 'trc',
} as const;

export type Role = keyof typeof ROLES;

export interface Contributor {
  name: string;
  role: Role;
}

/** The names of the contributors in one role, in the order given. */
export function namesIn(meta: Pick<Meta, 'contributors'>, role: Role): string[] {
  return meta.contributors.filter((c) => c.role === role).map((c) => c.name);
}

/**
 * Dates that mean different things: when the work was written, first published (front matter `date`),
 * translated, and when this edition was made or last revised (`modified`, also the editions' own date).
 */
export type DateKind = 'written' | 'published' | 'translated' | 'modified';

/** A date and a note on it ('Written between December 1847 and January 1848'); at least one of the two. */
export interface DateNote {
  /**
   * ISO 8601 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', a date that exists in the proleptic Gregorian calendar; a year
   * before the common era with a minus, counted as ISO 8601 counts them, with a year 0: '-0398' is 399 BC.
   * A span of time is ISO 8601's interval of two such dates, the earlier first: '1847-12/1848-01'.
   */
  iso?: string;
  /** The date is not known exactly ('c. 399 BC'): printed 'about 399 BC' in the book's language. */
  approximate?: true;
  note?: Prose;
}

/** A front matter value written in inline Markdown, as model inlines: never empty. */
export type Prose = Inline[];
