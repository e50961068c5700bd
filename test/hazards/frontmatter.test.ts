import { describe, expect, it } from 'vitest';
import { load } from './load.js';

/**
 * Each broken front matter gives exactly these lines, as the user sees them on stderr. Every line,
 * column and message was checked by eye against the fixture file.
 */
const broken: Record<string, string[]> = {
  'yaml-open-quote.md': [
    'frontmatter/yaml-open-quote.md:2:8: error: the front matter is not valid YAML: this quote is never closed (end the value with ")',
  ],
  'yaml-bad-indent.md': [
    'frontmatter/yaml-bad-indent.md:3:9: error: the front matter is not valid YAML: bad indentation of a mapping entry (check quotes, colons and indentation)',
  ],
  // The same mistake after a byte-order mark and with CRLF line endings: the same position.
  'yaml-error-bom-crlf.md': [
    'frontmatter/yaml-error-bom-crlf.md:3:9: error: the front matter is not valid YAML: bad indentation of a mapping entry (check quotes, colons and indentation)',
  ],
  // 20,000 lists in lists on one line: js-yaml reads them by recursion and runs out of stack.
  'yaml-too-deep.md': [
    'frontmatter/yaml-too-deep.md:5:1: error: the front matter is not valid YAML: its lists or mappings are nested too deeply to read (a front matter is keys with values, or lists of values, one or two levels deep)',
  ],
  'yaml-colon.md': [
    "frontmatter/yaml-colon.md:4:21: error: the front matter is not valid YAML: incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line (a value that holds a colon must be quoted: source: 'The Reporter: 14 April 1953')",
  ],
  'yaml-duplicate-key.md': [
    "frontmatter/yaml-duplicate-key.md:4:1: error: the front matter has the key 'title' twice (keep one of the two lines)",
  ],
  'missing-fields.md': [
    "frontmatter/missing-fields.md:2:8: error: 'title' is empty (add a line 'title: …': Title of the work: `Manifesto of the Communist Party`.)",
    "frontmatter/missing-fields.md:1:1: error: the front matter has no 'author' (add a line 'author: …': Author, or a list of authors, as printed: `Isaac Deutscher`, or `[Karl Marx, Friedrich Engels]`.)",
    "frontmatter/missing-fields.md:3:10: error: 'language' is empty (add a line 'language: …': BCP 47 language tag of the text: `en-GB`, `ru`, `zh-Hant`.)",
  ],
  'wrong-types.md': [
    "frontmatter/wrong-types.md:2:7: error: 'title' must be text, not a list (Title of the work: `Manifesto of the Communist Party`.)",
    "frontmatter/wrong-types.md:5:9: error: 'author' must be a name or a list of names, not a list that holds a list (write author: A Name, or one '- A Name' line for each)",
    "frontmatter/wrong-types.md:6:11: error: 'language' must be a BCP 47 language tag like 'en-GB', not the number 42 (BCP 47 language tag of the text: `en-GB`, `ru`, `zh-Hant`.)",
    "frontmatter/wrong-types.md:7:7: error: 'date' must be a date like '1953-04-14', '1953-04' or '1953', not '14 April' (write '1953-04-14', '1953-04' or '1953', in quotes)",
  ],
  'impossible-date.md': [
    "frontmatter/impossible-date.md:4:11: error: 'language' must be a BCP 47 language tag like 'en-GB', not 'en_GB' (write 'en-GB', with a hyphen)",
    "frontmatter/impossible-date.md:5:7: error: 'date' is not a date that exists: '1953-02-30' (write '1953-04-14', '1953-04' or '1953', in quotes)",
    // YAML reads the hour 25 as one o'clock the next day: the date written is kept, and the time refused.
    "frontmatter/impossible-date.md:6:11: error: 'modified' is not a time that exists: '2026-12-04T25:00:00' (write '1953-04-14', '1953-04' or '1953', in quotes)",
  ],
  // 'author' and 'language' are not reported missing: the unknown keys already say where they went.
  'unknown-keys.md': [
    "frontmatter/unknown-keys.md:3:1: error: unknown front matter key 'autor' (did you mean 'author'?)",
    "frontmatter/unknown-keys.md:4:1: error: unknown front matter key 'lang' (did you mean 'language'?)",
    // 'title' is set on line 2: following a did-you-mean would only make a duplicate key.
    "frontmatter/unknown-keys.md:5:1: error: unknown front matter key 'Title' (it means 'title', which line 2 already sets: keep one of the two)",
    "frontmatter/unknown-keys.md:6:1: error: unknown front matter key 'favourite_colour' (the keys are: subtitle, author, translator, editor, introduction, preface, afterword, illustrator, language, original_title, original_language, written, written_note, date, date_note, source, translated, translated_note, provenance, prepared_by, modified, modified_note, edition, series, series_number, isbn, publisher, rights, identifier, description, subjects, translators_note, editors_note, dedication, cover, names, footnotes, lists, number)",
  ],
  'none.md': [
    'frontmatter/none.md:1:1: error: the manuscript does not start with front matter (start the file with a line ---, then title:, author: and language:, then a line ---)',
  ],
  'late-start.md': [
    'frontmatter/late-start.md:1:1: error: the manuscript does not start with front matter (the line --- must be the very first line of the file: remove the blank lines before it)',
  ],
  'unterminated.md': [
    'frontmatter/unterminated.md:1:1: error: the front matter that starts here is never closed (end it with a line --- before the text begins)',
  ],
  'four-dashes.md': [
    "frontmatter/four-dashes.md:1:1: error: the front matter that starts here is never closed (line 5 '----' is not a closing line: write exactly --- at the start of the line)",
  ],
  'not-a-mapping.md': [
    'frontmatter/not-a-mapping.md:2:1: error: the front matter must be lines of `key: value`, not a single value or a list (write e.g. title: The Legacies and Heirs of JV Stalin)',
  ],
};

describe('front matter errors point at the file line and column', () => {
  for (const [file, expected] of Object.entries(broken)) {
    it(file, () => {
      const { book, lines } = load(`frontmatter/${file}`);
      expect(lines).toEqual(expected);
      expect(book).toBeUndefined();
    });
  }
});

describe('front matter that is accepted', () => {
  it('a byte-order mark and CRLF line endings just work, and later positions stay the file’s', () => {
    const { book, lines } = load('frontmatter/bom-crlf.md');
    expect(book?.meta).toMatchObject({ title: 'The Legacies and Heirs', authors: ['Isaac Deutscher'], language: 'en-GB', dates: { published: { iso: '1953-04-14' } } });
    expect(book?.blocks.map((b) => b.span)).toEqual([{ line: 8, column: 1 }, { line: 10, column: 1 }]);
    // Line 10 is 'A second one with <b>raw HTML</b>', line 11 'on two lines, then <i>more</i>.'
    expect(lines.map((l) => l.split(': warning')[0])).toEqual([
      'frontmatter/bom-crlf.md:10:19', 'frontmatter/bom-crlf.md:10:30', 'frontmatter/bom-crlf.md:11:20', 'frontmatter/bom-crlf.md:11:27',
    ]);
    expect(JSON.stringify(book)).not.toContain('\r');
  });

  it('an unquoted date, which YAML makes a timestamp, is the date as written; bare numbers and booleans in text fields stay as written', () => {
    const { book, lines } = load('frontmatter/unquoted-scalars.md');
    expect(lines).toEqual([]);
    expect(book?.meta).toMatchObject({ title: '1.10', dates: { published: { iso: '1953-04-14' } }, subtitle: 'true' });
  });

  it('the seed manuscript loads without a word', () => {
    const { book, lines } = load('../../../seeds/legacies-and-heirs-of-jv-stalin.md');
    expect(lines).toEqual([]);
    expect(book?.meta.dates.published).toEqual({ iso: '1953-04-14' });
  });
});
