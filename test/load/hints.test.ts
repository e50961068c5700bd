import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { parseFrontMatter } from '../../src/load/frontmatter.js';
import { proseParser } from '../../src/parse/parse.js';
import { ALIASES, FIELDS } from '../../src/load/schema.js';

/** A value that the key's type accepts. */
const VALUE: Record<string, string> = { text: 'Some words', names: 'Jane Roe', date: "'1888'", language: 'de', isbn: "'978-0-14-044757-6'", list: '[tables, figures]' };
const REQUIRED: Record<string, string> = { title: 'A Title', author: 'An Author', language: 'en-GB' };

function frontMatter(lines: Record<string, string>): string {
  return `---\n${Object.entries(lines).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n\nText.\n`;
}

function parse(text: string) {
  const diags = new Diagnostics();
  const fm = parseFrontMatter('book.md', text, diags, proseParser('book.md', diags));
  return { fm, lines: diags.list.map(formatDiagnostic) };
}

/** The required keys, a key written as `written` with a value its meaning accepts, and the key it means left out. */
function withKey(written: string, meant: string): Record<string, string> {
  const type = FIELDS.find((f) => f.key === meant)!.type;
  const base = Object.fromEntries(Object.entries(REQUIRED).filter(([k]) => k !== meant));
  // A note or a series number needs nothing else; series_number needs its series.
  // The cover is checked as a file, relative to the manuscript ('book.md' in the repository's folder).
  const value = meant === 'cover' ? 'test/fixtures/hazards/assets/images/map.png' : VALUE[type];
  return { ...base, ...(meant === 'series_number' ? { series: 'A Series' } : {}), [written]: value };
}

describe('an unknown key gets a hint that works the first time', () => {
  it.each(Object.entries(ALIASES))('%s → %s, and following the hint builds', (alias, meant) => {
    const first = parse(frontMatter(withKey(alias, meant)));
    expect(first.lines).toEqual([`book.md:${2 + Object.keys(withKey(alias, meant)).indexOf(alias)}:1: error: unknown front matter key '${alias}' (did you mean '${meant}'?)`]);
    const second = parse(frontMatter(withKey(meant, meant)));
    expect(second.lines).toEqual([]);
    expect(second.fm).toBeDefined();
  });

  // Slips of the pen, and the key they are nearest to over the whole schema and its aliases.
  const nearMisses: [string, string][] = [
    ['translater', 'translator'],
    ['translators-note', 'translators_note'],
    ['Translator_Note', 'translators_note'],
    ['auther', 'author'],
    ['orignal_title', 'original_title'],
    ['subjets', 'subjects'],
    ['publsher', 'publisher'],
    ['illustrater', 'illustrator'],
    ['introducton', 'introduction'],
    ['introduction-by', 'introduction'],
    ['translation-date', 'translated'],
    ['date_writen', 'written'],
    ['writen', 'written'],
    ['modifed', 'modified'],
    ['seris', 'series'],
    ['serie_number', 'series_number'],
    ['isnb', 'isbn'],
    ['covr', 'cover'],
    ['provenence', 'provenance'],
    ['prepared-by', 'prepared_by'],
    ['langauge', 'language'],
    ['keyword', 'subjects'],
    ['nubmer', 'number'],
  ];
  it.each(nearMisses)('%s → %s, and following the hint builds', (written, meant) => {
    const lines = withKey(written, meant);
    expect(parse(frontMatter(lines)).lines).toEqual([`book.md:${2 + Object.keys(lines).indexOf(written)}:1: error: unknown front matter key '${written}' (did you mean '${meant}'?)`]);
    expect(parse(frontMatter(withKey(meant, meant))).lines).toEqual([]);
  });

  it('never offers a key the front matter already sets: it says which line sets it', () => {
    const { lines } = parse(frontMatter({ ...REQUIRED, translators_note: 'A note.', translator_note: 'Another.' }));
    expect(lines).toEqual(["book.md:6:1: error: unknown front matter key 'translator_note' (it means 'translators_note', which line 5 already sets: keep one of the two)"]);
    // A near miss of a key that is set goes to the nearest key that is not.
    const near = parse(frontMatter({ ...REQUIRED, translator: 'Samuel Moore', translatr: 'Samuel Moore' }));
    expect(near.lines[0]).not.toContain("'translator'?");
  });

  it('a key of one or two letters is no slip for a longer one: it gets the list', () => {
    for (const key of ['a', 'x']) {
      const { lines } = parse(frontMatter({ ...REQUIRED, [key]: 'something' }));
      expect(lines).toHaveLength(1);
      expect(lines[0], key).toContain(`unknown front matter key '${key}' (the keys are:`);
    }
  });

  it('a key close to nothing gets the list of the keys not yet used', () => {
    const { lines } = parse(frontMatter({ ...REQUIRED, favourite_colour: 'red' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("unknown front matter key 'favourite_colour' (the keys are: subtitle, translator,");
    expect(lines[0]).not.toMatch(/keys are: title|, author,|, language,/);
  });
});

describe('the metadata of a real edition', () => {
  it('refuses a web address as the place of first publication, and a wrong ISBN', () => {
    const { lines } = parse(frontMatter({ ...REQUIRED, source: 'https://www.marxists.org/archive/marx/works/1848/communist-manifesto/', isbn: "'978-0-14-044757-5'" }));
    expect(lines).toEqual([
      "book.md:6:7: error: 'isbn' '978-0-14-044757-5' has a wrong check digit: it is not a real ISBN (copy it again from the book or the ISBN agency)",
      "book.md:5:9: error: 'source' is a web address, but it says where the text first appeared (it is printed as 'First published') (write it as 'provenance: …' (the copy this edition was made from), and under 'source' the periodical or publisher, place and year)",
    ]);
  });

  it('keeps contributors by role, dates by meaning, series and ISBN', () => {
    const { fm, lines } = parse(frontMatter({
      ...REQUIRED, translator: '[Samuel Moore, Edward Aveling]', introduction: 'V. I. Lenin', prepared_by: 'Jane Roe', written: "'1847-12'",
      date_note: 'Published anonymously', translated: "'1888'", modified: "'2026-12-04'", isbn: '0-306-40615-2', series: 'Packets', series_number: '3',
    }));
    expect(lines).toEqual([]);
    expect(fm!.meta).toMatchObject({
      contributors: [{ name: 'Samuel Moore', role: 'translator' }, { name: 'Edward Aveling', role: 'translator' }, { name: 'V. I. Lenin', role: 'introduction' }, { name: 'Jane Roe', role: 'preparer' }],
      dates: { written: { iso: '1847-12' }, published: { note: [{ kind: 'text', text: 'Published anonymously' }] }, translated: { iso: '1888' }, modified: { iso: '2026-12-04' } },
      isbn: '0306406152',
      series: { name: 'Packets', number: '3' },
    });
  });
});

describe('number: what a book numbers', () => {
  it('takes tables, figures or both, one or a list, in any case', () => {
    for (const [value, meant] of [['tables', ['tables']], ['[figures, Tables]', ['figures', 'tables']], ['[tables, tables]', ['tables']]] as const) {
      const { fm, lines } = parse(frontMatter({ ...REQUIRED, number: value }));
      expect(lines, value).toEqual([]);
      expect(fm!.meta.number, value).toEqual(meant);
    }
  });

  it('says what it takes, at the value, and the word meant', () => {
    expect(parse(frontMatter({ ...REQUIRED, number: '[tables, charts]' })).lines).toEqual([
      "book.md:5:9: error: 'number' must be 'tables' or 'figures', or a list of them, not 'charts' (write number: [tables, figures], or one of them)",
    ]);
    expect(parse(frontMatter({ ...REQUIRED, number: 'table' })).lines).toEqual([
      "book.md:5:9: error: 'number' must be 'tables' or 'figures', or a list of them, not 'table' (write 'tables')",
    ]);
  });
});
