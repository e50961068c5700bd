/**
 * Punctuation typed on a keyboard is set as a typesetter sets it (src/transform/punctuation.ts): dashes
 * and ellipses in every language, straight quotes as the text's language sets them, in the body, the
 * notes and the front matter; code is left as written, and so are the quotes of a language without rules.
 * French text gets its no-break spaces before ; ! ? : and inside « », and quotation marks side by side
 * a narrow no-break space in every language.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { plainText, walkBook, type Inline } from '../../src/model/index.js';
import { ROOT } from '../compiled.js';

/** Narrow no-break space (U+202F) and no-break space (U+00A0), written so in the expectations. */
const N = '\u202f';
const S = '\u00a0';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-quotes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function book(language: string, body: string, title = 'A Title') {
  const file = join(dir, `${language}-${Math.random().toString(36).slice(2)}.md`);
  writeFileSync(file, `---\ntitle: ${JSON.stringify(title)}\nauthor: A. Writer\nlanguage: ${language}\ntranslators_note: It's "plain".\n---\n\n${body}\n`);
  const diags = new Diagnostics();
  const b = prepareBook(file, diags);
  const texts = [...walkBook(b)].filter((x) => x.kind === 'paragraph').map((x) => plainText((x as { children: Inline[] }).children));
  return { book: b, texts, note: plainText(b.meta.translatorsNote?.[0] ?? []) };
}

describe('straight quotes', () => {
  it('are curled in English: pairs, nesting, apostrophes, elided years, across emphasis and line breaks', () => {
    const { texts, book: b, note } = book('en-GB', [
      `He said "it's the 'new' course," and left. The Joneses' house; in '53 the "*emphasised*" word.`,
      `"No," she said, "'yes' is what I said."`,
      `A line ending with "quote"  \nand "another" after a break.[^1]`,
      `[^1]: A note "quoted".`,
    ].join('\n\n'), 'The "Cult" and Its Heirs');
    expect(texts).toEqual([
      'He said “it’s the ‘new’ course,” and left. The Joneses’ house; in ’53 the “emphasised” word.',
      `“No,” she said, “${N}‘yes’ is what I said.”`,
      'A line ending with “quote”\nand “another” after a break.',
      'A note “quoted”.',
    ]);
    expect(b.meta.title).toBe('The “Cult” and Its Heirs');
    expect(note).toBe('It’s “plain”.');
  });

  it('are curled in the notes on the dates and in the original title, as the About page prints them', () => {
    const file = join(dir, `dates-${Math.random().toString(36).slice(2)}.md`);
    writeFileSync(file, [
      '---', 'title: T', 'author: A. Writer', 'language: en-GB', `original_title: Die "Gedanken"`, 'original_language: de',
      `written_note: Written in camp--"Among the Quadi".`, `date_note: Long's first edition...`,
      `translated_note: George Long's translation, 'with notes'.`, `modified: '2026-12-05'`, `modified_note: The editor's copy.`,
      '---', '', 'Text.', '',
    ].join('\n'));
    const b = prepareBook(file, new Diagnostics());
    const d = b.meta.dates;
    expect([d.written, d.published, d.translated, d.modified].map((x) => plainText(x?.note ?? []))).toEqual([
      'Written in camp–“Among the Quadi”.', 'Long’s first edition…', 'George Long’s translation, ‘with notes’.', 'The editor’s copy.',
    ]);
    // The original title is in the original language, and takes its marks.
    expect(plainText(b.meta.originalTitle ?? [])).toBe('Die „Gedanken“');
  });

  it('take the text language’s marks: German, French, Russian', () => {
    expect(book('de', `Er sagte "ja" und 'nein'.`).texts).toEqual(['Er sagte „ja“ und ‚nein‘.']);
    expect(book('fr', `Il dit "oui" et l'autre.`).texts).toEqual([`Il dit «${N}oui${N}» et l’autre.`]);
    expect(book('ru', `Он сказал "да".`).texts).toEqual(['Он сказал «да».']);
  });

  it('take a passage’s own language’s marks, quotes around it the text’s', () => {
    expect(book('en', `The sign read "[Er sagte "ja" und 'nein'.]{lang=de}" in German.`).texts).toEqual(['The sign read “Er sagte „ja“ und ‚nein‘.” in German.']);
    expect(book('en', `He wrote [Il dit "oui".]{lang=fr} and "no".`).texts).toEqual([`He wrote Il dit «${N}oui${N}». and “no”.`]);
    // A language without marks here keeps its quotes as typed, and its English passage gets English ones.
    expect(book('ja', '彼は"はい"と[he said "yes"]{lang=en}言った。').texts).toEqual(['彼は"はい"とhe said “yes”言った。']);
  });

  it('leave code, and a language with no rules here, as written', () => {
    expect(book('en', 'Type `"as is"` here.').texts).toEqual(['Type "as is" here.']);
    expect(book('ja', '彼は"はい"と言った。').texts).toEqual(['彼は"はい"と言った。']);
  });

  it('give an elided word its apostrophe, not an opening quote, in English', () => {
    expect(book('en', `'Tis the season, 'twas said; rock 'n' roll kept 'em up 'til dawn. "'Tis true," she said, 'and it's late.'`).texts).toEqual([
      `’Tis the season, ’twas said; rock ’n’ roll kept ’em up ’til dawn. “${N}’Tis true,” she said, ‘and it’s late.’`,
    ]);
    // Not a word that starts with one: 'tiswas' opens a quote.
    expect(book('en', `He said 'tiswas' and 'Nobody' laughed.`).texts).toEqual(['He said ‘tiswas’ and ‘Nobody’ laughed.']);
  });
});

describe('dashes and ellipses', () => {
  it('are set from hyphens and full stops in every language, in titles and notes, not in code', () => {
    const { texts, book: b } = book('en', [
      'Pages 12--19 of the 1917--1918 volumes---the rest is lost... or hidden.[^1]',
      'Keep `a --- b ...` as typed, and a hyphen-ated word.',
      '[^1]: See pp. 3--4.',
    ].join('\n\n'), 'Stalin---and After...');
    expect(texts).toEqual([
      'Pages 12–19 of the 1917–1918 volumes—the rest is lost… or hidden.',
      'Keep a --- b ... as typed, and a hyphen-ated word.',
      'See pp. 3–4.',
    ]);
    expect(b.meta.title).toBe('Stalin—and After…');
    // A language with no quote rules here still gets its dashes.
    expect(book('ja', '一九一七--一九一八年...').texts).toEqual(['一九一七–一九一八年…']);
  });

  it('are set in a heading’s short title, written or made without its note mark, as in its words', () => {
    const { book: b } = book('en', [
      `# The Bourgeoisie---and the 'Proletarians' {short="Bourgeois---and 'Proletarians'"}`,
      '## To Dr. Wegeler,\\--Vienna.^[\\[1\\]](#footnote5)^',
      '::: {#footnote5}\n[Footnote 1: Of Bonn.]\n:::',
    ].join('\n\n'));
    const headings = [...walkBook(b)].flatMap((x) => (x.kind === 'heading' ? [x.short] : []));
    expect(headings).toEqual(['Bourgeois—and ‘Proletarians’', 'To Dr. Wegeler,–Vienna.']);
  });

  it('open a quote after an em dash', () => {
    expect(book('en', `He stopped---"Enough," he said.`).texts).toEqual(['He stopped—“Enough,” he said.']);
  });
});


describe('French spacing', () => {
  it('puts a narrow no-break space before ; ! ? and inside « », a no-break space before a colon', () => {
    const { texts, book: b } = book('fr-FR', [
      `Il dit : "Viens-tu? Non; jamais!" Puis 'rien'.`,
      `Il l'a lu dans «Le Monde»: «Oui?!» (sic) et (?) en 1917?`,
    ].join('\n\n'), 'Qui suis-je?');
    expect(texts).toEqual([
      `Il dit${S}: «${N}Viens-tu${N}? Non${N}; jamais${N}!${N}» Puis ‹${N}rien${N}›.`,
      `Il l’a lu dans «${N}Le Monde${N}»${S}: «${N}Oui${N}?!${N}» (sic) et (?) en 1917${N}?`,
    ]);
    expect(b.meta.title).toBe(`Qui suis-je${N}?`);
  });

  it('make the space typed there no-break, never a second one, and take an author’s « » alike', () => {
    const typed = book('fr', `« Oui » ; non : « peut-être ? » Enfin ! Et « »`).texts;
    const bare = book('fr', `«Oui»; non: «peut-être?» Enfin! Et «»`).texts;
    expect(typed).toEqual([`«${N}Oui${N}»${N}; non${S}: «${N}peut-être${N}?${N}» Enfin${N}! Et «${N}»`]);
    expect(bare).toEqual(typed);
  });

  it('leave code, times, addresses and a query as typed, and space across emphasis outside it', () => {
    const { texts, book: b } = book('fr', 'À 10:30, voir https://exemple.fr/?q=1 et `a : b ?` ou *vraiment*? Lien : [ici](https://x.fr).');
    expect(texts).toEqual([`À 10:30, voir https://exemple.fr/?q=1 et a : b ? ou vraiment${N}? Lien${S}: ici.`]);
    const para = [...walkBook(b)].find((x) => x.kind === 'paragraph') as { children: Inline[] };
    expect(para.children.find((c) => c.kind === 'emph')).toEqual({ kind: 'emph', children: [{ kind: 'text', text: 'vraiment' }] });
  });

  it('add nothing before ; ! ? in Canadian French, but keep a space typed there, no-break', () => {
    expect(book('fr-CA', `Vraiment? Oui; non! Il dit: "Quoi ?"`).texts).toEqual([`Vraiment? Oui; non! Il dit${S}: «${N}Quoi${N}?${N}»`]);
  });

  it('follow the language of a passage: none in English inside French, French inside English', () => {
    expect(book('fr', 'Il cria [What? No!]{lang=en} et partit ?').texts).toEqual([`Il cria What? No! et partit${N}?`]);
    expect(book('en', 'The motto [« Et alors ? »]{lang=fr} was his? Yes.').texts).toEqual([`The motto «${N}Et alors${N}?${N}» was his? Yes.`]);
  });

  // A French poem's English note on the packet's About page read '1841 ; «L’Albatros»'.
  it('set a packet text’s notes in the packet’s language, its source and its text in its own', () => {
    const b = prepareBook(join(ROOT, 'test/fixtures/packet-intro/reader.yaml'), new Diagnostics());
    const poem = b.texts.find((t) => t.meta.language === 'fr')!;
    expect(plainText(poem.meta.dates.written!.note!)).toBe('Perhaps begun on the voyage of 1841; “L’Albatros” was added in 1859.');
    expect(poem.meta.title).toBe('L’Albatros');
  });
});

describe('quotation marks side by side', () => {
  it('get a narrow no-break space between them, opening or closing, in every language whose marks are set', () => {
    expect(book('en', `"'Yes' is all," she said, "and he said 'no.'"`).texts).toEqual([`“${N}‘Yes’ is all,” she said, “and he said ‘no.’${N}”`]);
    expect(book('en', `He said “‘no’” and left.`).texts).toEqual([`He said “${N}‘no’${N}” and left.`]);
    expect(book('de', `Er sagte: "'Nein' war es."`).texts).toEqual([`Er sagte: „${N}‚Nein‘ war es.“`]);
    // A passage in English inside a French text: its marks are English ones.
    expect(book('fr', `Il cita [“‘Yes’ is all.”]{lang=en}`).texts).toEqual([`Il cita “${N}‘Yes’ is all.”`]);
    // An apostrophe beside a French guillemet is not a quotation mark: l’« Europe ».
    expect(book('fr', `l'"Europe"`).texts).toEqual([`l’«${N}Europe${N}»`]);
  });
});

describe('in a packet', () => {
  it('a text’s notes take the text’s language, not the packet’s', () => {
    writeFileSync(join(dir, 'fr-text.md'), '---\ntitle: Un texte\nauthor: A. Auteur\nlanguage: fr\n---\n\nIl dit "oui".[^1]\n\n[^1]: Une note : "non" !\n');
    writeFileSync(join(dir, 'packet.yaml'), 'title: A Packet\neditor: A. Teacher\nlanguage: en-GB\ntexts:\n  - fr-text.md\n');
    const b = prepareBook(join(dir, 'packet.yaml'), new Diagnostics());
    const note = plainText((b.notes[0].children[0] as { children: Inline[] }).children);
    expect(note).toBe(`Une note\u00a0: «${N}non${N}»${N}!`);
  });
});

