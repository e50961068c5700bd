import { namesIn, plainText, type DateNote, type Inline, type Meta, type Prose, type Role } from './model/index.js';
import { formatDate, joinNames, printedYear, languageName, wordsFor, type Words } from './words.js';

/**
 * What the title page and 'About this text' say, worked out once for both editions (the PDF and
 * the EPUB print the same words): each renderer only sets them.
 */

/** A title-page line naming contributors: 'Translated by' (samizdat's words) and the names. */
export interface CreditLine {
  role: Role;
  /** 'Translated by'; in French, 'Introduction d’' before a vowel (elided, as French writes it). */
  lead: string;
  /** What goes between the lead and the names: a space, or nothing after an elided 'd’'. */
  gap: '' | ' ';
  names: string;
}

/**
 * The contributors the title page credits, in the order of ROLES; the preparer of a copy is credited on
 * the About page. A translator who also wrote the introduction (or the preface, or both) is credited once, as books credit them:
 * 'Translated, with an introduction, by G. D. H. Cole', not the name twice on two lines; so is the
 * author who drew the pictures, 'With illustrations by the author' (`names` is then empty).
 */
export function creditLines(meta: Meta, w: Words = wordsFor(meta.language)): CreditLine[] {
  const lead: Partial<Record<Role, string>> = {
    translator: w.translatedBy, editor: w.editedBy, introduction: w.introductionBy, preface: w.prefaceBy, afterword: w.afterwordBy, illustrator: w.illustratedBy,
  };
  const translators = joinNames(namesIn(meta, 'translator'), w);
  // A translator who wrote the preface and the introduction is credited for both on one line (in their
  // reading order), not named again under 'With a preface by'.
  const introduced = translators !== '' && joinNames(namesIn(meta, 'introduction'), w) === translators;
  const prefaced = translators !== '' && joinNames(namesIn(meta, 'preface'), w) === translators;
  if (introduced && prefaced) {
    lead.translator = w.translatedWithPrefaceAndIntroductionBy;
    delete lead.introduction;
    delete lead.preface;
  } else if (introduced) {
    lead.translator = w.translatedWithIntroductionBy;
    delete lead.introduction;
  } else if (prefaced) {
    lead.translator = w.translatedWithPrefaceBy;
    delete lead.preface;
  }
  const selfIllustrated = w.illustratedByAuthor !== undefined && meta.authors.length === 1 && joinNames(namesIn(meta, 'illustrator'), w) === meta.authors[0];
  const out: CreditLine[] = [];
  for (const role of Object.keys(lead) as Role[]) {
    const names = namesIn(meta, role);
    const before = lead[role];
    if (!names.length || !before) continue;
    if (role === 'illustrator' && selfIllustrated) {
      out.push({ role, lead: w.illustratedByAuthor!, gap: '', names: '' });
      continue;
    }
    const joined = joinNames(names, w);
    // French elides de before a vowel: 'Introduction d’Émile Zola', not 'de Émile'.
    if (w.lang === 'fr' && / de$/.test(before) && /^[aeiouyàâäéèêëîïôöùûüÿœæ]/iu.test(joined)) out.push({ role, lead: `${before.slice(0, -2)}d’`, gap: '', names: joined });
    else out.push({ role, lead: before, gap: ' ', names: joined });
  }
  return out;
}

/** A field of 'About this text': samizdat's label, then the value's paragraphs as inlines; `lang` when the value is in another language. */
export interface AboutField {
  label: string;
  paragraphs: Prose[];
  lang?: string;
}

/**
 * The fields of 'About this text', in reading order: what the work is (original title and language),
 * its history (written, first published, translated), then this edition (made from, prepared by,
 * edition and date, series, ISBN, rights, publisher). Each date is labelled with what it means: the
 * date of first publication goes with the place it appeared, never under a bare 'Date'.
 */
export function aboutFields(meta: Meta, w: Words = wordsFor(meta.language), lang: string = meta.language): AboutField[] {
  const out: AboutField[] = [];
  const add = (label: string, value: Prose | string | undefined, extra: Partial<AboutField> = {}) => {
    if (value?.length) out.push({ label, paragraphs: [typeof value === 'string' ? text(value) : value], ...extra });
  };
  const d = meta.dates;
  add(w.originalTitle, meta.originalTitle, meta.originalLanguage ? { lang: meta.originalLanguage } : {});
  add(w.originalLanguage, meta.originalLanguage && languageName(meta.originalLanguage, w));
  add(w.written, dated(undefined, d.written, lang));
  // The source often names its date already ('The Reporter, 14 April 1953'): the year is not repeated.
  const pub = d.published;
  const sourceHasYear = pub?.iso && meta.source && plainText(meta.source).includes(printedYear(pub.iso));
  add(w.firstPublished, dated(meta.source, sourceHasYear ? (pub.note ? { note: pub.note } : undefined) : pub, lang));
  const translators = namesIn(meta, 'translator');
  add(w.translation, dated(translators.length ? text(joinNames(translators, w)) : undefined, d.translated, lang));
  add(w.provenance, meta.provenance);
  const preparers = namesIn(meta, 'preparer');
  add(w.preparation, preparers.length ? joinNames(preparers, w) : undefined);
  add(w.thisEdition, dated(meta.edition, d.modified, lang));
  add(w.series, meta.series && (meta.series.number ? `${meta.series.name}, ${meta.series.number}` : meta.series.name));
  add(w.isbn, meta.isbn);
  add(w.rights, meta.rights);
  add(w.publisher, meta.publisher);
  return out;
}

/**
 * A text's headnote: where it first appeared (or when), in one short line under its byline, as the
 * front matter wrote it (`*On Liberty*, London, 1859`: italics and links kept); its date in `lang`.
 */
export function headnoteOf(m: Meta, lang: string = m.language): Prose | undefined {
  const date = m.dates.published;
  const when = date?.iso && formatDate(date.iso, lang, date.approximate);
  if (m.source) return when && !plainText(m.source).includes(printedYear(date.iso!)) ? [...m.source, ...text(`, ${when}`)] : m.source;
  return when ? text(capitalised(when, lang)) : undefined;
}

/**
 * A text's entry on a packet's About page: 'Title, by A (translated by B): source, date. Rights.', then
 * what else its front matter says of it (original title, when written, translated, the copy it was made
 * from, who prepared it) as run-in labelled sentences, then its note on the text and its dedication, each paragraph on a new line.
 * Its edition, series, ISBN and publisher are the packet's; `w` is the packet's words and `lang` its language,
 * in which the entry's dates are printed, as its labels are (a French poem's 'Written. About 1859', not
 * 'Vers 1859', on an English page); fields labelled in `said` are said once for all the texts (see packetAbout).
 */
export function sourceEntry(m: Meta, w: Words, said: ReadonlySet<string> = new Set(), lang: string = w.lang): Prose {
  // Its translators, editors and the rest, as its opening credits them: '(translated by Charles Cotton, edited by W. C. Hazlitt)'.
  const credits = creditLines(m, w).map((c) => `${c.lead.charAt(0).toLocaleLowerCase(w.lang)}${c.lead.slice(1)}${c.gap}${c.names}`);
  const tr = credits.length ? ` (${credits.join(', ')})` : '';
  const where = headnoteOf(m, lang);
  const rights: Inline[] = m.rights ? [...text(' '), ...m.rights] : [];
  // The note on the date of first publication goes with it, as on a manuscript's About page.
  const pubNote = m.dates.published?.note;
  const noted: Inline[] = pubNote ? [...text(' '), ...pubNote, ...text(/[.!?…]$/.test(plainText(pubNote)) ? '' : '.')] : [];
  const line: Inline[] = [...text(`${m.title}, ${joinNames(m.authors, w)}${tr}${where ? ': ' : ''}`), ...(where ?? []), ...text('.'), ...noted, ...rights];
  for (const f of entryFields(m, w, lang)) {
    if (said.has(f.label)) continue;
    const value: Inline[] = f.lang ? [{ kind: 'foreign', lang: f.lang, children: f.paragraphs[0] }] : f.paragraphs[0];
    line.push(...text(' '), { kind: 'emph', children: text(`${f.label}.`) }, ...text(' '), ...value, ...text(/[.!?…]$/.test(plainText(value)) ? '' : '.'));
  }
  // The note's paragraphs go on new lines of the same entry (as entries of their own they read as other
  // texts), and so does the dedication's: a packet has no page for each text's.
  const labelled = (label: string, paragraphs: readonly Prose[]) => paragraphs.forEach((p, i) => line.push({ kind: 'break' }, ...(i ? [] : [{ kind: 'emph', children: text(`${label}.`) } as Inline, ...text(' ')]), ...p));
  for (const n of notesOnText(m, w)) labelled(n.heading, n.paragraphs);
  labelled(w.dedication, m.dedication ?? []);
  return line;
}

/** The fields of a text's entry after its line: what the line and the packet's own fields do not say already. */
function entryFields(m: Meta, w: Words, lang: string): AboutField[] {
  // The translators' names are in the line already: their field only when it adds a date or a note.
  const told = new Set([w.firstPublished, w.rights, w.thisEdition, w.series, w.isbn, w.publisher, ...(m.dates.translated ? [] : [w.translation])]);
  return aboutFields(m, w, lang).filter((f) => !told.has(f.label));
}

/**
 * A packet's About page: its own fields, then each text's entry. A field every text gives alike (three
 * dialogues of Plato, each 'Translation. Benjamin Jowett, 1892. The third edition …', 'Written. About 399 BC')
 * is said once among the packet's fields, in their order (in place of the packet's own of that label), not
 * in every entry.
 */
export function packetAbout(book: { meta: Meta; texts: readonly { meta: Meta; introduction?: boolean }[] }): { fields: AboutField[]; sources: Prose[] } {
  const packet = book.meta;
  // The editor's introduction has no entry: it is the packet's own.
  const texts = book.texts.filter((t) => !t.introduction).map((t) => t.meta);
  const w = wordsFor(packet.language);
  const key = (f: AboutField) => JSON.stringify([f.label, f.lang, f.paragraphs]);
  const each = texts.map((m) => entryFields(m, w, packet.language));
  const shared = texts.length > 1 ? each[0].filter((f) => each.every((fs) => fs.some((g) => key(g) === key(f)))) : [];
  const said = new Set(shared.map((f) => f.label));
  const order = [w.originalTitle, w.originalLanguage, w.written, w.firstPublished, w.translation, w.provenance, w.preparation, w.thisEdition, w.series, w.isbn, w.rights, w.publisher];
  const fields = [...aboutFields(packet, w).filter((f) => !said.has(f.label)), ...shared].sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
  return { fields, sources: texts.map((m) => sourceEntry(m, w, said, packet.language)) };
}

/**
 * The notes on the text, each with its heading: `translators_note` (the translator's when there is a
 * translator, else 'A note on the text'), then `editors_note` (the editor's); none without them.
 */
export function notesOnText(meta: Meta, w: Words = wordsFor(meta.language)): { heading: string; paragraphs: Prose[] }[] {
  return [
    { heading: namesIn(meta, 'translator').length ? w.translatorsNote : w.noteOnText, paragraphs: meta.translatorsNote ?? [] },
    { heading: w.editorsNote, paragraphs: meta.editorsNote ?? [] },
  ].filter((n) => n.paragraphs.length > 0);
}

/** 'What, 14 April 1953. The note.': a value, its date and the date's note, as one sentence or two. */
function dated(what: Prose | undefined, date: DateNote | undefined, lang: string): Prose | undefined {
  const when = date?.iso ? formatDate(date.iso, lang, date.approximate) : undefined;
  // A date that opens the value opens a sentence in a packet's entry ('Written. About 399 BC.').
  const first: Inline[] = what && when ? [...what, ...text(`, ${when}`)] : what ?? (when ? text(capitalised(when, lang)) : []);
  const note = date?.note;
  if (!first.length) return note;
  if (!note) return first;
  return [...first, ...text(/[.!?…]$/.test(plainText(first)) ? ' ' : '. '), ...note];
}

/** 'about 399 BC' as a sentence begins: 'About 399 BC'. */
function capitalised(s: string, lang: string): string {
  return s.charAt(0).toLocaleUpperCase(lang) + s.slice(1);
}

function text(t: string): Inline[] {
  return [{ kind: 'text', text: t }];
}
