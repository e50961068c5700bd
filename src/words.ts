import { PREBUILT } from './prebuilt.js';

/**
 * The words samizdat adds around a text (its own pages' headings, the labels of 'About this text',
 * the index's cross-references), in the book's language where this table has it and in English
 * otherwise. Both editions take them from here, so the PDF and the EPUB say the same thing.
 */
export interface Words {
  /** The language these words are in (a book in a language missing here gets English, marked as such). */
  lang: string;
  titlePage: string;
  about: string;
  contents: string;
  landmarks: string;
  pages: string;
  index: string;
  /** Before the names of translators, editors, … on the title page. */
  translatedBy: string;
  editedBy: string;
  introductionBy: string;
  /** One person who translated the text and introduced it, credited once: 'Translated, with an introduction, by'. */
  translatedWithIntroductionBy: string;
  /** One person who translated the text and wrote its preface (Macaulay's Herodotus): 'Translated, with a preface, by'. */
  translatedWithPrefaceBy: string;
  /** One person who translated the text and wrote both its preface and its introduction (Giles's Sun Tzu), credited once: 'Translated, with a preface and an introduction, by'. */
  translatedWithPrefaceAndIntroductionBy: string;
  prefaceBy: string;
  afterwordBy: string;
  illustratedBy: string;
  /**
   * The one author who drew the pictures, credited as books credit them (Flatland, 1884): 'With
   * illustrations by the author'. Only where the words do not give the author a sex (else 'Illustrated by' and the name).
   */
  illustratedByAuthor?: string;
  /** Labels of 'About this text'. */
  written: string;
  firstPublished: string;
  thisEdition: string;
  preparation: string;
  series: string;
  isbn: string;
  /** 'Cover' (the cover page's title and landmark). */
  cover: string;
  originalTitle: string;
  originalLanguage: string;
  translation: string;
  provenance: string;
  rights: string;
  publisher: string;
  noteOnText: string;
  translatorsNote: string;
  /** The heading of the editor's note on this edition (front matter `editors_note`). */
  editorsNote: string;
  /** The dedication's page (its EPUB file's title; a packet's text's About entry). */
  dedication: string;
  /** The lists after the contents (front matter `lists`). */
  listOfFigures: string;
  listOfTables: string;
  text: string;
  notes: string;
  see: string;
  seeAlso: string;
  /** Joins the last two names of a list. */
  and: string;
  /** A packet's introduction (its title when the file has no front matter of its own). */
  introduction: string;
  /** The first words of the titles of prefatory chapters: 'Preface' ('Preface to the English Edition'), 'Foreword'. */
  prefaces: string[];
  /** The stem of 'translator' as a title names one ('Vorwort des Übersetzers', 'Préface du traducteur'); lower case. */
  translatorStem: string;
  /** The label of a packet's list of its texts' sources on its About page. */
  sources: string;
  /** Under the EPUB index's title, when its locators are print pages, or else sections. */
  indexNotePages: string;
  indexNoteSections: string;
  /** Before a numbered table's or figure's number: 'Table 1.', 'Figure 1.'. */
  table: string;
  figure: string;
  /** A year before the common era, '{y} BC' (the year counted from 1 BC backwards, as historians count). */
  bc: string;
  /**
   * A year of the era where a span from before it must say so, '400 BC – AD 30' (a year of the era alone has none):
   * Intl's short era but for English, where Chicago (9.34) sets AD before the year, and French, where the Imprimerie
   * nationale's Lexique writes 'apr. J.-C.' (CLDR: 'ap. J.-C.').
   */
  ad: string;
  /** A date not known exactly, 'about {date}' (front matter 'c. 399 BC'). */
  circa: string;
}

const EN: Words = {
  lang: 'en',
  titlePage: 'Title page',
  about: 'About this text',
  contents: 'Contents',
  landmarks: 'Landmarks',
  pages: 'Pages',
  index: 'Index of names',
  translatedBy: 'Translated by',
  introduction: 'Introduction',
  prefaces: ['Preface', 'Foreword', 'Prefatory note', 'Note on the text', 'Note on the translation'],
  translatorStem: 'translator',
  sources: 'Sources',
  editedBy: 'Edited by',
  introductionBy: 'With an introduction by',
  translatedWithIntroductionBy: 'Translated, with an introduction, by',
  translatedWithPrefaceBy: 'Translated, with a preface, by',
  translatedWithPrefaceAndIntroductionBy: 'Translated, with a preface and an introduction, by',
  prefaceBy: 'With a preface by',
  afterwordBy: 'With an afterword by',
  illustratedBy: 'Illustrated by',
  illustratedByAuthor: 'With illustrations by the author',
  written: 'Written',
  firstPublished: 'First published',
  thisEdition: 'This edition',
  preparation: 'Preparation',
  series: 'Series',
  isbn: 'ISBN',
  cover: 'Cover',
  originalTitle: 'Original title',
  originalLanguage: 'Original language',
  translation: 'Translation',
  provenance: 'Source of this copy',
  rights: 'Rights',
  publisher: 'Publisher',
  noteOnText: 'A note on the text',
  translatorsNote: 'Translator’s note',
  editorsNote: 'Editor’s note',
  dedication: 'Dedication',
  listOfFigures: 'List of Illustrations',
  listOfTables: 'List of Tables',
  text: 'Text',
  notes: 'Notes',
  see: 'see',
  seeAlso: 'see also',
  and: 'and',
  indexNotePages: 'Numbers are the pages of the print edition on which the person is named; each links to the name in the text.',
  indexNoteSections: 'Each reference is the section in which the person is named and links to the name in the text.',
  table: 'Table',
  figure: 'Figure',
  bc: '{y} BC',
  ad: 'AD {y}',
  circa: 'about {date}',
};

const WORDS: Record<string, Words> = {
  en: EN,
  de: {
    lang: 'de', titlePage: 'Titelseite', about: 'Über diesen Text', contents: 'Inhalt', landmarks: 'Orientierung', pages: 'Seiten',
    index: 'Personenregister', translatedBy: 'Übersetzt von', introduction: 'Einleitung', prefaces: ['Vorwort', 'Geleitwort', 'Vorbemerkung'], translatorStem: 'übersetzer', sources: 'Quellen', editedBy: 'Herausgegeben von', introductionBy: 'Mit einer Einleitung von', translatedWithIntroductionBy: 'Übersetzt und eingeleitet von', translatedWithPrefaceBy: 'Übersetzt und mit einem Vorwort versehen von', translatedWithPrefaceAndIntroductionBy: 'Übersetzt, mit einem Vorwort und einer Einleitung versehen von', prefaceBy: 'Mit einem Vorwort von', afterwordBy: 'Mit einem Nachwort von', illustratedBy: 'Illustriert von', illustratedByAuthor: 'Mit eigenen Illustrationen', written: 'Entstanden', thisEdition: 'Diese Ausgabe', preparation: 'Bearbeitung', series: 'Reihe', isbn: 'ISBN', cover: 'Umschlag',
    firstPublished: 'Erstveröffentlichung',
    originalTitle: 'Originaltitel', originalLanguage: 'Originalsprache', translation: 'Übersetzung', provenance: 'Textvorlage',
    rights: 'Rechte', publisher: 'Verlag', noteOnText: 'Zum Text', translatorsNote: 'Anmerkung des Übersetzers', editorsNote: 'Anmerkung des Herausgebers', dedication: 'Widmung', listOfFigures: 'Abbildungsverzeichnis', listOfTables: 'Tabellenverzeichnis', text: 'Text',
    notes: 'Anmerkungen', see: 'siehe', seeAlso: 'siehe auch', and: 'und',
    indexNotePages: 'Die Zahlen sind die Seiten der Druckausgabe, auf denen die Person genannt wird; jede führt zur Stelle im Text.',
    indexNoteSections: 'Jeder Verweis nennt den Abschnitt, in dem die Person genannt wird, und führt zur Stelle im Text.',
    table: 'Tabelle', figure: 'Abbildung',
    bc: '{y} v. Chr.', ad: '{y} n. Chr.', circa: 'um {date}',
  },
  fr: {
    lang: 'fr', titlePage: 'Page de titre', about: 'À propos de ce texte', contents: 'Table des matières', landmarks: 'Repères', pages: 'Pages',
    index: 'Index des noms', translatedBy: 'Traduit par', introduction: 'Introduction', prefaces: ['Préface', 'Avant-propos', 'Avertissement'], translatorStem: 'traduct', sources: 'Sources', editedBy: 'Édité par', introductionBy: 'Introduction de', translatedWithIntroductionBy: 'Traduction et introduction de', translatedWithPrefaceBy: 'Traduction et préface de', translatedWithPrefaceAndIntroductionBy: 'Traduction, préface et introduction de', prefaceBy: 'Préface de', afterwordBy: 'Postface de', illustratedBy: 'Illustré par', illustratedByAuthor: 'Illustrations de l’auteur', written: 'Écrit', thisEdition: 'Cette édition', preparation: 'Préparation', series: 'Collection', isbn: 'ISBN', cover: 'Couverture',
    firstPublished: 'Première publication',
    originalTitle: 'Titre original', originalLanguage: 'Langue originale', translation: 'Traduction', provenance: 'Source de cet exemplaire',
    rights: 'Droits', publisher: 'Éditeur', noteOnText: 'Note sur le texte', translatorsNote: 'Note du traducteur', editorsNote: 'Note de l’éditeur', dedication: 'Dédicace', listOfFigures: 'Table des illustrations', listOfTables: 'Liste des tableaux', text: 'Texte',
    notes: 'Notes', see: 'voir', seeAlso: 'voir aussi', and: 'et',
    indexNotePages: 'Les nombres renvoient aux pages de l’édition imprimée où la personne est nommée ; chacun mène au nom dans le texte.',
    indexNoteSections: 'Chaque renvoi indique la section où la personne est nommée et mène au nom dans le texte.',
    table: 'Tableau', figure: 'Figure',
    bc: '{y} av. J.-C.', ad: '{y} apr. J.-C.', circa: 'vers {date}',
  },
  es: {
    lang: 'es', titlePage: 'Portada', about: 'Sobre este texto', contents: 'Índice', landmarks: 'Puntos de referencia', pages: 'Páginas',
    index: 'Índice onomástico', translatedBy: 'Traducción de', introduction: 'Introducción', prefaces: ['Prefacio', 'Prólogo'], translatorStem: 'traductor', sources: 'Fuentes', editedBy: 'Edición de', introductionBy: 'Con una introducción de', translatedWithIntroductionBy: 'Traducción e introducción de', translatedWithPrefaceBy: 'Traducción y prólogo de', translatedWithPrefaceAndIntroductionBy: 'Traducción, prólogo e introducción de', prefaceBy: 'Con un prólogo de', afterwordBy: 'Con un epílogo de', illustratedBy: 'Ilustraciones de', written: 'Escrito', thisEdition: 'Esta edición', preparation: 'Preparación', series: 'Colección', isbn: 'ISBN', cover: 'Cubierta',
    firstPublished: 'Primera publicación',
    originalTitle: 'Título original', originalLanguage: 'Idioma original', translation: 'Traducción', provenance: 'Texto de base',
    rights: 'Derechos', publisher: 'Editorial', noteOnText: 'Nota sobre el texto', translatorsNote: 'Nota del traductor', editorsNote: 'Nota del editor', dedication: 'Dedicatoria', listOfFigures: 'Índice de ilustraciones', listOfTables: 'Índice de tablas', text: 'Texto',
    notes: 'Notas', see: 'véase', seeAlso: 'véase también', and: 'y',
    indexNotePages: 'Los números son las páginas de la edición impresa en que se nombra a la persona; cada uno lleva al nombre en el texto.',
    indexNoteSections: 'Cada referencia es la sección en que se nombra a la persona y lleva al nombre en el texto.',
    table: 'Tabla', figure: 'Figura',
    bc: '{y} a. C.', ad: '{y} d. C.', circa: 'hacia {date}',
  },
  it: {
    lang: 'it', titlePage: 'Frontespizio', about: 'Su questo testo', contents: 'Indice', landmarks: 'Punti di riferimento', pages: 'Pagine',
    index: 'Indice dei nomi', translatedBy: 'Traduzione di', introduction: 'Introduzione', prefaces: ['Prefazione', 'Premessa'], translatorStem: 'tradutt', sources: 'Fonti', editedBy: 'A cura di', introductionBy: 'Con un’introduzione di', translatedWithIntroductionBy: 'Traduzione e introduzione di', translatedWithPrefaceBy: 'Traduzione e prefazione di', translatedWithPrefaceAndIntroductionBy: 'Traduzione, prefazione e introduzione di', prefaceBy: 'Con una prefazione di', afterwordBy: 'Con una postfazione di', illustratedBy: 'Illustrazioni di', written: 'Scritto', thisEdition: 'Questa edizione', preparation: 'Cura del testo', series: 'Collana', isbn: 'ISBN', cover: 'Copertina',
    firstPublished: 'Prima pubblicazione',
    originalTitle: 'Titolo originale', originalLanguage: 'Lingua originale', translation: 'Traduzione', provenance: 'Testo di riferimento',
    rights: 'Diritti', publisher: 'Editore', noteOnText: 'Nota al testo', translatorsNote: 'Nota del traduttore', editorsNote: 'Nota del curatore', dedication: 'Dedica', listOfFigures: 'Indice delle illustrazioni', listOfTables: 'Indice delle tabelle', text: 'Testo',
    notes: 'Note', see: 'vedi', seeAlso: 'vedi anche', and: 'e',
    indexNotePages: 'I numeri sono le pagine dell’edizione a stampa in cui la persona è nominata; ciascuno rimanda al nome nel testo.',
    indexNoteSections: 'Ogni rimando è la sezione in cui la persona è nominata e porta al nome nel testo.',
    table: 'Tabella', figure: 'Figura',
    bc: '{y} a.C.', ad: '{y} d.C.', circa: 'circa {date}',
  },
  pt: {
    lang: 'pt', titlePage: 'Folha de rosto', about: 'Sobre este texto', contents: 'Sumário', landmarks: 'Pontos de referência', pages: 'Páginas',
    index: 'Índice onomástico', translatedBy: 'Tradução de', introduction: 'Introdução', prefaces: ['Prefácio'], translatorStem: 'tradutor', sources: 'Fontes', editedBy: 'Edição de', introductionBy: 'Com introdução de', translatedWithIntroductionBy: 'Tradução e introdução de', translatedWithPrefaceBy: 'Tradução e prefácio de', translatedWithPrefaceAndIntroductionBy: 'Tradução, prefácio e introdução de', prefaceBy: 'Com prefácio de', afterwordBy: 'Com posfácio de', illustratedBy: 'Ilustrações de', written: 'Escrito', thisEdition: 'Esta edição', preparation: 'Preparação', series: 'Coleção', isbn: 'ISBN', cover: 'Capa',
    firstPublished: 'Primeira publicação',
    originalTitle: 'Título original', originalLanguage: 'Língua original', translation: 'Tradução', provenance: 'Texto-base',
    rights: 'Direitos', publisher: 'Editora', noteOnText: 'Nota sobre o texto', translatorsNote: 'Nota do tradutor', editorsNote: 'Nota do editor', dedication: 'Dedicatória', listOfFigures: 'Lista de ilustrações', listOfTables: 'Lista de tabelas', text: 'Texto',
    notes: 'Notas', see: 'ver', seeAlso: 'ver também', and: 'e',
    indexNotePages: 'Os números são as páginas da edição impressa em que a pessoa é mencionada; cada um leva ao nome no texto.',
    indexNoteSections: 'Cada referência é a secção em que a pessoa é mencionada e leva ao nome no texto.',
    table: 'Tabela', figure: 'Figura',
    bc: '{y} a.C.', ad: '{y} d.C.', circa: 'cerca de {date}',
  },
  ru: {
    lang: 'ru', titlePage: 'Титульный лист', about: 'Об этом тексте', contents: 'Содержание', landmarks: 'Ориентиры', pages: 'Страницы',
    index: 'Указатель имён', translatedBy: 'Перевод:', introduction: 'Введение', prefaces: ['Предисловие'], translatorStem: 'переводчик', sources: 'Источники', editedBy: 'Под редакцией', introductionBy: 'Вступительная статья:', translatedWithIntroductionBy: 'Перевод и вступительная статья:', translatedWithPrefaceBy: 'Перевод и предисловие:', translatedWithPrefaceAndIntroductionBy: 'Перевод, предисловие и вступительная статья:', prefaceBy: 'Предисловие:', afterwordBy: 'Послесловие:', illustratedBy: 'Иллюстрации:', illustratedByAuthor: 'Иллюстрации автора', written: 'Написано', thisEdition: 'Это издание', preparation: 'Подготовка текста', series: 'Серия', isbn: 'ISBN', cover: 'Обложка',
    firstPublished: 'Первая публикация',
    originalTitle: 'Название оригинала', originalLanguage: 'Язык оригинала', translation: 'Перевод', provenance: 'Источник текста',
    rights: 'Права', publisher: 'Издатель', noteOnText: 'О тексте', translatorsNote: 'От переводчика', editorsNote: 'От редактора', dedication: 'Посвящение', listOfFigures: 'Список иллюстраций', listOfTables: 'Список таблиц', text: 'Текст',
    notes: 'Примечания', see: 'см.', seeAlso: 'см. также', and: 'и',
    indexNotePages: 'Числа — страницы печатного издания, на которых упомянуто лицо; каждое ведёт к имени в тексте.',
    indexNoteSections: 'Каждая ссылка указывает раздел, в котором упомянуто лицо, и ведёт к имени в тексте.',
    table: 'Таблица', figure: 'Рисунок',
    bc: '{y} г. до н. э.', ad: '{y} г. н. э.', circa: 'около {date}',
  },
  pl: {
    lang: 'pl', titlePage: 'Strona tytułowa', about: 'O tym tekście', contents: 'Spis treści', landmarks: 'Punkty orientacyjne', pages: 'Strony',
    index: 'Indeks osób', translatedBy: 'Przekład:', introduction: 'Wstęp', prefaces: ['Przedmowa'], translatorStem: 'tłumacz', sources: 'Źródła', editedBy: 'Pod redakcją', introductionBy: 'Wstęp:', translatedWithIntroductionBy: 'Przekład i wstęp:', translatedWithPrefaceBy: 'Przekład i przedmowa:', translatedWithPrefaceAndIntroductionBy: 'Przekład, przedmowa i wstęp:', prefaceBy: 'Przedmowa:', afterwordBy: 'Posłowie:', illustratedBy: 'Ilustracje:', written: 'Napisano', thisEdition: 'To wydanie', preparation: 'Opracowanie', series: 'Seria', isbn: 'ISBN', cover: 'Okładka',
    firstPublished: 'Pierwodruk',
    originalTitle: 'Tytuł oryginału', originalLanguage: 'Język oryginału', translation: 'Przekład', provenance: 'Podstawa tekstu',
    rights: 'Prawa', publisher: 'Wydawca', noteOnText: 'Nota o tekście', translatorsNote: 'Od tłumacza', editorsNote: 'Od redakcji', dedication: 'Dedykacja', listOfFigures: 'Spis ilustracji', listOfTables: 'Spis tabel', text: 'Tekst',
    notes: 'Przypisy', see: 'zob.', seeAlso: 'zob. też', and: 'i',
    indexNotePages: 'Liczby to strony wydania drukowanego, na których wymieniono osobę; każda prowadzi do nazwiska w tekście.',
    indexNoteSections: 'Każdy odsyłacz wskazuje rozdział, w którym wymieniono osobę, i prowadzi do nazwiska w tekście.',
    table: 'Tabela', figure: 'Rysunek',
    bc: '{y} p.n.e.', ad: '{y} n.e.', circa: 'ok. {date}',
  },
};

/**
 * `label` and `text` joined by a colon as the language sets it: French puts a no-break word space
 * before it (the Imprimerie nationale's rule, as the punctuation transform does in the text).
 */
export function colonJoin(lang: string, label: string, text: string): string {
  return `${label}${lang.toLowerCase().split('-')[0] === 'fr' ? '\u00a0:' : ':'} ${text}`;
}

/** The words for a book in `lang` (BCP 47): by its primary language, else English. */
export function wordsFor(lang: string): Words {
  return WORDS[lang.toLowerCase().split('-')[0]] ?? EN;
}

/** Names joined as a reader says them: 'A', 'A and B', 'A, B and C'. */
export function joinNames(names: readonly string[], words: Words = EN): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${words.and} ${names[names.length - 1]}`;
}

/**
 * Languages whose personal names put the family name first, as an index and a library catalogue keep
 * them (Chicago 16.83: Chinese and Korean): their primary subtags, Chinese's individual languages
 * (Mandarin, Cantonese, Classical Chinese…) among them; a romanisation (`zh-Latn-wadegile`, `ko-Latn`) is
 * the language still.
 */
const FAMILY_NAME_FIRST = /^(?:zh|ko|cmn|yue|wuu|hak|nan|gan|hsn|cjy|cdo|cpx|czh|czo|mnp|lzh|och|ltc)(?:-|$)/i;

/** Whether a person's name in this language (a BCP 47 tag) puts the family name first: 'Mei Yao-chʽên', 'Sun Tzu'. */
export function familyNameFirst(language: string): boolean {
  return FAMILY_NAME_FIRST.test(language);
}

/** 'ru' → 'Russian' in the words' language; the tag itself when unknown. */
export function languageName(tag: string, words: Words = EN): string {
  try {
    return new Intl.DisplayNames([words.lang], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * 'YYYY-MM-DD' as '14 April 1953' in the book's language ('YYYY-MM' → 'April 1953', 'YYYY' as is); a year before
 * the common era ('-0398', ISO 8601's numbering with a year 0) as '399 BC', and an approximate date as 'about 399 BC'.
 */
export function formatDate(iso: string, lang: string, approximate = false): string {
  // A language Intl has no data for (Latin, Ancient Greek) gets English's words, as Intl would print it in English.
  const words = WORDS[lang.toLowerCase().split('-')[0]] ?? (Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? undefined : EN);
  const date = iso.includes('/') ? spanDate(iso.split('/'), lang, words) : oneDate(iso, lang, words);
  return approximate ? (words ?? EN).circa.replace('{date}', date) : date;
}

/**
 * A span: two years closed up by an en dash ('1845–1846'), two years before the era under one era
 * ('400–380 BC'), dates of words set apart ('December 1847 – January 1848'); one that crosses the era says
 * both eras ('400 BC – AD 30'), or its end would read as a year before the era too.
 */
function spanDate([from, to]: string[], lang: string, words: Words | undefined): string {
  const years = [from, to].map((d) => (/^-?\d+$/.test(d) ? Number(d) : NaN));
  if (words && years.every((y) => y < 1)) return words.bc.replace('{y}', `${1 - years[0]}–${1 - years[1]}`);
  const [a, b] = [oneDate(from, lang, words), oneDate(to, lang, words, Number(from.match(/^-?\d+/)?.[0]) < 1)];
  // Two dates of one year, as precise as each other, say their year once, and their month once when
  // they share it, as Chicago (9.62) and every language's usage print them: '21–27 December 1817',
  // 'December 21–27, 1817', '21.–27. Dezember 1817', 'March–May 1817', '21 March – 2 May 1817'.
  const [ya, yb] = [from, to].map((d) => d.match(/^(\d+)((?:-\d+)*)$/));
  if (from === to) return a;
  if (ya && yb && Number(ya[1]) >= 1 && ya[1] === yb[1] && ya[2].length === yb[2].length && ya[2]) {
    const shared = sharedSpan(a, b);
    if (shared) return shared;
  }
  return /\s/.test(a + b) ? `${a} – ${b}` : `${a}–${b}`;
}

/**
 * Two dates of one year written once, what they share said once ('21 December 1817' and '27 December 1817':
 * '21–27 December 1817'): the words and figures that begin and end both are kept about what differs, an
 * en dash between, spaced when what differs is more than a word. A figure's ordinal dot goes with it
 * ('21.–27. Dezember'). Undefined when they share nothing but their ends.
 */
function sharedSpan(a: string, b: string): string | undefined {
  const split = (s: string) => s.split(/(\d+\.?|\p{L}+)/u);
  const [ta, tb] = [split(a), split(b)];
  let p = 0;
  while (p < ta.length && p < tb.length && ta[p] === tb[p]) p++;
  let q = 0;
  while (q < ta.length - p && q < tb.length - p && ta[ta.length - 1 - q] === tb[tb.length - 1 - q]) q++;
  const [ma, mb] = [ta.slice(p, ta.length - q).join(''), tb.slice(p, tb.length - q).join('')];
  if (!ma.trim() || !mb.trim() || !/\d/.test(ta.slice(ta.length - q).join('') + ta.slice(0, p).join(''))) return undefined;
  const dash = /\s/.test(ma + mb) ? ' – ' : '–';
  return `${ta.slice(0, p).join('')}${ma}${dash}${mb}${ta.slice(ta.length - q).join('')}`;
}

function oneDate(iso: string, lang: string, words: Words | undefined, era = false): string {
  const [, sign, ys, ms, ds] = iso.match(/^(-?)(\d+)(?:-(\d+))?(?:-(\d+))?$/) ?? [];
  if (ys === undefined) return iso;
  const [y, m, d] = [Number(sign + ys) || 0, Number(ms) || 0, Number(ds) || 0];
  if (y < 1 || era) return !m && words ? words[y < 1 ? 'bc' : 'ad'].replace('{y}', printedYear(iso)) : eraDate(y, m, d, lang);
  return ceDate(y, m, d, lang);
}

function ceDate(y: number, m: number, d: number, lang: string): string {
  if (!m) return String(y);
  const templates = PREBUILT.dates[lang];
  if (templates) return fillDate(templates, y, m, d || undefined);
  const opts: Intl.DateTimeFormatOptions = d ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  try {
    return new Intl.DateTimeFormat(lang, opts).format(utc(y, m, d));
  } catch {
    return [y, m, d].filter(Boolean).join('-');
  }
}

/**
 * A date with its era, where the words' table has no form: a year in a language without words of its own, or a
 * month or day (rare), from Intl ('14 May 399 BC'), in English when Intl has no such language.
 */
function eraDate(y: number, m: number, d: number, lang: string): string {
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', era: 'short', timeZone: 'UTC', ...(m ? { month: 'long' } : {}), ...(d ? { day: 'numeric' } : {}) };
  const locales = Intl.DateTimeFormat.supportedLocalesOf([lang]);
  return new Intl.DateTimeFormat([...locales, 'en'], opts).format(utc(y, m, d));
}

/** A date in UTC for any year: Date.UTC takes years 0 to 99 for 1900 to 1999. */
function utc(y: number, m: number, d: number): Date {
  const date = new Date(Date.UTC(2000, (m || 1) - 1, d || 1));
  date.setUTCFullYear(y);
  return date;
}

/** The year of an ISO date as printed: '1953', or '399' for '-0398' (399 BC). */
export function printedYear(iso: string): string {
  const y = Number(iso.match(/^-?\d+/)?.[0] ?? NaN) || 0;
  return String(y < 1 ? 1 - y : y);
}

/** A date from templates made by Intl ahead of time (see src/prebuilt.ts); `d` undefined for month and year. */
export function fillDate(templates: readonly string[], y: number, m: number, d: number | undefined): string {
  return templates[(d ? 0 : 12) + m - 1].replace('{d}', String(d)).replace('{y}', String(y));
}

/** A chapter titled as an introduction in its language: 'Introduction', 'Translator's Introduction'. */
export function isIntroduction(title: string, language: string): boolean {
  const word = wordsFor(language).introduction.toLocaleLowerCase(language);
  const t = title.trim().toLocaleLowerCase(language);
  return t === word || t.endsWith(` ${word}`);
}

/**
 * The titles of a play's list of its persons, by language, beside the Latin every language uses
 * ('Dramatis Personae'): Archer's 'The Persons of the Play', 'Characters', 'Personen', 'Personnages'.
 */
const CAST_LISTS: Record<string, string[]> = {
  en: ['characters', 'the characters', 'persons of the play', 'the persons of the play', 'persons represented', 'cast of characters', 'the cast'],
  de: ['personen', 'die personen'],
  fr: ['personnages', 'les personnages'],
  es: ['personajes'],
  it: ['personaggi'],
  pt: ['personagens'],
  ru: ['действующие лица'],
  pl: ['osoby', 'osoby dramatu'],
};

/** Whether a chapter's title calls it a play's list of its persons ('Dramatis Personae'), in its language. */
export function isCastList(title: string, language: string): boolean {
  const t = title.trim().toLocaleLowerCase(language).replace(/’/g, "'").replace(/[.:]+$/, '').replace(/\s+/g, ' ');
  return t === 'dramatis personae' || (CAST_LISTS[language.toLowerCase().split('-')[0]] ?? []).includes(t);
}

/**
 * What a chapter's title calls it in its language, when it calls it a prefatory piece: a preface
 * ('Preface to the English Edition of 1888', 'Foreword', 'A Note on the Translation', 'Vorwort des
 * Übersetzers'), an introduction, or a dedication (Machiavelli's letter to Lorenzo); `another` when the title gives it to a writer not the author
 * ('Translator's Introduction', 'Editor's Preface'), and `by` when that writer is the translator or the editor.
 */
export function prefatoryTitle(title: string, language: string): { kind: 'preface' | 'introduction' | 'dedication'; another: boolean; by?: 'translator' | 'editor' } | undefined {
  const w = wordsFor(language);
  const lower = (s: string) => s.trim().toLocaleLowerCase(language).replace(/’/g, "'").replace(/[.:]+$/, '');
  let t = lower(title);
  if (t === lower(w.translatorsNote)) return { kind: 'preface', another: true, by: 'translator' };
  if (t === lower(w.dedication)) return { kind: 'dedication', another: false };
  const possessive = /^(?:the\s+)?(\p{L}+?)s?(?:'s|s')\s+/u.exec(t);
  if (possessive) t = t.slice(possessive[0].length);
  t = t.replace(/^(?:a|an|the)\s+/, '');
  const another = possessive !== null && possessive[1] !== 'author';
  const by = possessive?.[1] === 'translator' || possessive?.[1] === 'editor' ? { by: possessive[1] as 'translator' | 'editor' } : {};
  const begins = (word: string) => t.startsWith(word) && !/\p{L}/u.test(t.charAt(word.length));
  // A title that names the translator after its word ('Vorwort des Übersetzers', 'Préface du traducteur').
  const translators = !possessive && t.includes(w.translatorStem) ? { another: true, by: 'translator' as const } : { another, ...by };
  // 'Author's Note', 'Editor's Note': a note that a hand signs is prefatory, as 'Note' alone is not.
  if (w.prefaces.some((p) => begins(lower(p))) || (possessive && /^notes?$/.test(t))) return { kind: 'preface', ...translators };
  if (t === lower(w.introduction) || (translators.by && begins(lower(w.introduction)))) return { kind: 'introduction', ...translators };
  return undefined;
}
