/**
 * Punctuation typed on a keyboard is set as a typesetter sets it (src/transform/punctuation.ts): dashes
 * and ellipses in every language, straight quotes as the text's language sets them, in the body, the
 * notes and the front matter; code is left as written, and so are the quotes of a language without rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { plainText, walkBook, type Inline } from '../../src/model/index.js';

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
      '“No,” she said, “‘yes’ is what I said.”',
      'A line ending with “quote”\nand “another” after a break.',
      'A note “quoted”.',
    ]);
    expect(b.meta.title).toBe('The “Cult” and Its Heirs');
    expect(note).toBe('It’s “plain”.');
  });

  it('take the text language’s marks: German, French, Russian', () => {
    expect(book('de', `Er sagte "ja" und 'nein'.`).texts).toEqual(['Er sagte „ja“ und ‚nein‘.']);
    expect(book('fr', `Il dit "oui" et l'autre.`).texts).toEqual(['Il dit «oui» et l’autre.']);
    expect(book('ru', `Он сказал "да".`).texts).toEqual(['Он сказал «да».']);
  });

  it('leave code, and a language with no rules here, as written', () => {
    expect(book('en', 'Type `"as is"` here.').texts).toEqual(['Type "as is" here.']);
    expect(book('ja', '彼は"はい"と言った。').texts).toEqual(['彼は"はい"と言った。']);
  });

  it('give an elided word its apostrophe, not an opening quote, in English', () => {
    expect(book('en', `'Tis the season, 'twas said; rock 'n' roll kept 'em up 'til dawn. "'Tis true," she said, 'and it's late.'`).texts).toEqual([
      '’Tis the season, ’twas said; rock ’n’ roll kept ’em up ’til dawn. “’Tis true,” she said, ‘and it’s late.’',
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

  it('open a quote after an em dash', () => {
    expect(book('en', `He stopped---"Enough," he said.`).texts).toEqual(['He stopped—“Enough,” he said.']);
  });
});

