/**
 * The front matter keys, as data: the README's table is written from this list.
 * `text` is one non-empty string; `names` is one string or a list of them; `date` is an ISO date.
 */
export type FieldType = 'text' | 'names' | 'date' | 'language';

export interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
  doc: string;
}

export const FIELDS: readonly FieldSpec[] = [
  { key: 'title', type: 'text', required: true, doc: 'Title of the work.' },
  { key: 'subtitle', type: 'text', doc: 'Subtitle, printed under the title.' },
  { key: 'author', type: 'names', required: true, doc: 'Author, or a list of authors, as printed: `Isaac Deutscher`.' },
  { key: 'language', type: 'language', required: true, doc: 'BCP 47 language tag of the text: `en-GB`, `ru`, `zh-Hant`.' },
  { key: 'date', type: 'date', doc: 'Date of first publication: `1953`, `1953-04` or `1953-04-14` (quote it).' },
  { key: 'source', type: 'text', doc: 'Where the text first appeared: `The Reporter, 14 April 1953`.' },
  { key: 'provenance', type: 'text', doc: 'Where this copy comes from and who prepared it.' },
  { key: 'translator', type: 'names', doc: 'Translator, or a list of them.' },
  { key: 'translators_note', type: 'text', doc: 'A note on the text and its translation; blank lines separate paragraphs.' },
  { key: 'original_title', type: 'text', doc: 'Title in the original language.' },
  { key: 'original_language', type: 'language', doc: 'BCP 47 tag of the original language, for translations.' },
  { key: 'rights', type: 'text', doc: 'Copyright and licence statement.' },
  { key: 'identifier', type: 'text', doc: 'Stable identifier (URN, URL, ISBN URN or UUID). Derived from title and author if absent.' },
  { key: 'description', type: 'text', doc: 'A sentence or two about the text, for e-reader libraries.' },
  { key: 'subjects', type: 'names', doc: 'Subject headings, one or a list.' },
  { key: 'publisher', type: 'text', doc: 'Publisher of this edition.' },
  { key: 'names', type: 'text', doc: 'Names registry for the index, a YAML file relative to the manuscript.' },
];

/**
 * Keys other tools use for our fields (pandoc, Jekyll, Hugo, EPUB metadata), for the did-you-mean
 * hint on an unknown key. Lower case.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  lang: 'language',
  authors: 'author',
  creator: 'author',
  translators: 'translator',
  abstract: 'description',
  summary: 'description',
  keywords: 'subjects',
  tags: 'subjects',
  subject: 'subjects',
  license: 'rights',
  licence: 'rights',
  copyright: 'rights',
  isbn: 'identifier',
  uuid: 'identifier',
  id: 'identifier',
};
