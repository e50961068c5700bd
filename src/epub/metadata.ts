import { namesIn, plainText, ROLES, type Book, type DateNote } from '../model/index.js';
import { familyNameFirst, joinNames } from '../words.js';

/** A person named in the OPF, with the sort form reading systems file them under. */
export interface OpfName {
  /** XML id of the dc:creator or dc:contributor element. */
  id: string;
  name: string;
  /** 'Deutscher, Isaac'. */
  fileAs: string;
  /**
   * MARC relator codes (each refines the element's role), in the front matter's order: 'aut', 'trl', 'edt', 'aui', 'ill', …;
   * a person in several roles (Giles translated Sun Tzu and wrote its preface and introduction) is one element with them all.
   */
  roles: string[];
}

/** What the book contains, as far as the accessibility metadata is concerned. */
export interface Contents {
  images: number;
  /** Images whose alt text is empty. */
  imagesWithoutAlt: number;
  notes: number;
  /** Persons in the index of names (0: no index). */
  indexEntries: number;
  /** Print pages marked in the text (0: no page-list). */
  pageBreaks: number;
  sections: number;
}

/** Everything the content.opf template writes in `<metadata>`. Strings are unescaped. */
export interface OpfMetadata {
  identifier: string;
  title: string;
  subtitle?: string;
  language: string;
  creators: OpfName[];
  /** Translators, editors, authors of an introduction, illustrators, … each once, with their MARC roles (an author's other roles are the creator's). */
  contributors: OpfName[];
  /** dc:date: the date of first publication, when W3CDTF can write it. */
  date?: string;
  /** dcterms:date: the date of first publication when it cannot be a dc:date (before the common era, or circa). */
  dctermsDate?: string;
  /** 'urn:isbn:…', a second dc:identifier. */
  isbn?: string;
  /** belongs-to-collection (a series) and its group-position. */
  series?: { name: string; number?: string };
  /** The original publication. */
  source?: string;
  /** The print edition the page-break markers come from (a dc:source that is `source-of` pagination); only with a page-list. */
  printSource?: string;
  rights?: string;
  description?: string;
  subjects: string[];
  publisher?: string;
  /** dcterms:modified, 'YYYY-MM-DDThh:mm:ssZ'. */
  modified: string;
  /** schema.org accessibility properties in order, one element each: [property, value]. */
  accessibility: [string, string][];
  /** The EPUB Accessibility conformance claim, when the content allows it. */
  conformsTo?: string;
  certifiedBy?: string;
}

/**
 * The form a library files a name under: 'Isaac Deutscher' → 'Deutscher, Isaac', 'Ludwig van Beethoven'
 * → 'Beethoven, Ludwig van'. A name with a comma is taken as already inverted; a single word, a name in
 * a script without spaces between names (Chinese, Japanese, Korean), or one whose family name comes
 * first (`familyFirst`: 'Sun Tzu', the author of a work translated from Chinese), is left as it is.
 */
export function fileAs(name: string, familyFirst = false): string {
  if (familyFirst || name.includes(',') || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(name)) return name;
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return name;
  // The last word is the surname; particles stay with the forenames: 'Beethoven, Ludwig van'.
  return `${words[words.length - 1]}, ${words.slice(0, -1).join(' ')}`;
}

/** The print edition's name for dc:source and pageBreakSource. */
export function printEditionName(book: Book): string {
  return `${book.meta.title}, print edition (samizdat PDF), ${book.meta.identifier}`;
}

/**
 * The accessibility metadata, computed from what the book holds: an access mode and feature is
 * claimed only when the content has it (alternativeText with images, index with an index,
 * printPageNumbers and pageNavigation with a page-list), and the summary says the same in words.
 */
export function accessibility(book: Book, c: Contents): { list: [string, string][]; conforms: boolean; summary: string } {
  const list: [string, string][] = [];
  list.push(['schema:accessMode', 'textual']);
  if (c.images) list.push(['schema:accessMode', 'visual']);
  const allAlt = c.imagesWithoutAlt === 0;
  if (allAlt) list.push(['schema:accessModeSufficient', 'textual']);
  if (c.images) list.push(['schema:accessModeSufficient', 'textual,visual']);
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder'];
  if (c.images && allAlt) features.push('alternativeText');
  if (c.indexEntries) features.push('index');
  if (c.pageBreaks) features.push('printPageNumbers', 'pageNavigation');
  for (const f of features) list.push(['schema:accessibilityFeature', f]);
  list.push(['schema:accessibilityHazard', 'none']);
  const summary = summarize(book, c, allAlt);
  list.push(['schema:accessibilitySummary', summary]);
  return { list, conforms: allAlt, summary };
}

function summarize(book: Book, c: Contents, allAlt: boolean): string {
  const s: string[] = [];
  const what = c.sections > 1 ? `with ${c.sections} headed sections` : 'with no section headings';
  s.push(`A reflowable text ${what}, a table of contents and a logical reading order.`);
  const kind = book.meta.endnotes && !book.packet ? 'endnote' : 'footnote';
  if (c.notes) s.push(`Its ${c.notes === 1 ? `${kind} is` : `${c.notes} ${kind}s are`} linked from ${c.notes === 1 ? 'its reference' : 'their references'} and back.`);
  if (c.images) s.push(allAlt ? `Its ${c.images === 1 ? 'image has' : `${c.images} images have`} a text description.` : `Some of its ${c.images} images have no text description.`);
  if (c.indexEntries) s.push(`An index of names (${c.indexEntries} ${c.indexEntries === 1 ? 'person' : 'persons'}) links to every place a person is named.`);
  if (c.pageBreaks) s.push(`The ${c.pageBreaks} page numbers of the print edition are marked in the text and listed for page navigation.`);
  const translators = namesIn(book.meta, 'translator');
  if (translators.length) s.push(`Translated by ${joinNames(translators)}.`);
  s.push('No flashing, motion or sound hazards.');
  if (allAlt) s.push('Meets WCAG 2.1 Level AA as checked by Ace by DAISY.');
  return s.join(' ');
}

/** `date` as dcterms:modified wants it: whole seconds, UTC. */
export function modifiedDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The date of first publication: dc:date when W3CDTF can write it (EPUBCheck warns, OPF-053, of anything else), else
 * a dcterms:date with the ISO 8601 year before the era ('-0398', 399 BC), EDTF's '~' after a date not known exactly.
 */
function publicationDate(d: DateNote | undefined): Pick<OpfMetadata, 'date' | 'dctermsDate'> {
  if (!d?.iso) return {};
  // dc:date takes one W3CDTF date: a date before the era, a circa or a span (EDTF's '1847-12/1848-01') goes in dcterms:date.
  return d.iso.startsWith('-') || d.iso.startsWith('0000') || d.iso.includes('/') || d.approximate ? { dctermsDate: `${d.iso}${d.approximate ? '~' : ''}` } : { date: d.iso };
}

/**
 * The authors as dc:creator, the contributors as dc:contributor, each person once: a contributor in
 * several roles is one element with a role for each (three elements named Lionel Giles, translator,
 * author of the introduction and of the preface, were three contributors to a library), and an author's
 * other roles (the pictures of Flatland) are the creator's. The authors' names are filed as their
 * original language writes them (Sun Tzu, from the Chinese, is filed under Sun, not 'Tzu, Sun'), the
 * contributors' as the book's language does.
 */
function opfNames(m: Book['meta']): Pick<OpfMetadata, 'creators' | 'contributors'> {
  const authorsFirst = familyNameFirst(m.originalLanguage ?? m.language);
  const creators: OpfName[] = m.authors.map((name, i) => ({ id: `creator-${i + 1}`, name, fileAs: fileAs(name, authorsFirst), roles: ['aut'] }));
  const contributors: OpfName[] = [];
  for (const c of m.contributors) {
    const role = ROLES[c.role];
    const person = creators.find((p) => p.name === c.name) ?? contributors.find((p) => p.name === c.name);
    if (person) {
      if (!person.roles.includes(role)) person.roles.push(role);
      continue;
    }
    contributors.push({ id: `contributor-${contributors.length + 1}`, name: c.name, fileAs: fileAs(c.name, familyNameFirst(m.language)), roles: [role] });
  }
  return { creators, contributors };
}

export function opfMetadata(book: Book, c: Contents, date: Date): OpfMetadata {
  const m = book.meta;
  const a11y = accessibility(book, c);
  return {
    identifier: m.identifier,
    title: m.title,
    subtitle: m.subtitle,
    language: m.language,
    ...opfNames(m),
    ...publicationDate(m.dates.published),
    isbn: m.isbn && `urn:isbn:${m.isbn}`,
    series: m.series,
    source: m.source && plainText(m.source),
    printSource: c.pageBreaks ? printEditionName(book) : undefined,
    rights: m.rights && plainText(m.rights),
    description: m.description && plainText(m.description),
    subjects: m.subjects,
    publisher: m.publisher && plainText(m.publisher),
    modified: modifiedDate(date),
    accessibility: a11y.list,
    conformsTo: a11y.conforms ? 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA' : undefined,
    certifiedBy: a11y.conforms ? (m.publisher ? plainText(m.publisher) : 'samizdat') : undefined,
  };
}
