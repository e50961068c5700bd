/**
 * Straight quotes typed on a keyboard are set as the text's language sets them (src/transform/quotes.ts),
 * in the body, the notes and the front matter; code is left as written, and so is a language without rules.
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
});
