import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { parseRegistry } from '../../src/names/registry.js';
import { frontMatter, project, transform } from './helpers.js';

function check(yaml: string) {
  const diags = new Diagnostics();
  const registry = parseRegistry('names.yaml', yaml, diags);
  return { registry, messages: diags.list.map(formatDiagnostic) };
}

describe('registry', () => {
  it('written between two --- lines, as front matter is, is read; a second document with entries is an error at its line', () => {
    const entry = 'lenin:\n  heading: Lenin, Vladimir Ilyich\n  forms: Lenin\n';
    const fenced = check(`---\n${entry}---\n`);
    expect(fenced.messages).toEqual([]);
    expect(fenced.registry.persons.map((p) => p.id)).toEqual(['lenin']);
    const two = check(`${entry}---\nstalin:\n  heading: Stalin\n`);
    expect(two.messages).toEqual(['names.yaml:4:1: error: a second YAML document starts here, after the line ---: a names registry is one (delete this line and what follows it, or move its entries above it)']);
  });

  it('that lists no one (empty, a comment, an empty map) is said: the book has no index', () => {
    for (const yaml of ['', '# to do\n', '{}\n', '---\n---\n']) {
      const r = check(yaml);
      expect(r.registry.persons).toEqual([]);
      expect(r.messages, JSON.stringify(yaml)).toEqual([
        "names.yaml:1:1: warning: the names registry lists no one: the book has no index of names (write e.g. 'stalin:' on a line and '  heading: Stalin, Joseph' under it, or take 'names:' out of the front matter)",
      ]);
    }
  });

  it('keeps a no-break space in dates, so the index never breaks a line inside \'c. 1265\'', () => {
    const { registry, messages } = check('dante:\n  heading: Dante Alighieri\n  forms: Dante\n  dates: c.\u00a01265-1321\n');
    expect(messages).toEqual([]);
    expect(registry.persons[0].dates).toBe('c.\u00a01265–1321');
  });

  // 'dates: c. 1559-1634' typed with a plain space printed 'Chapman, George (c.' at a line's end, '1559–1634)' under it.
  it('joins c., fl., b. and d. to the year after them with a no-break space', () => {
    const { registry, messages } = check('chapman:\n  heading: Chapman, George\n  forms: Chapman\n  dates: c. 1559 - 1634\nsappho:\n  heading: Sappho\n  forms: Sappho\n  dates: fl. 600 BC\nx:\n  heading: X\n  forms: X\n  dates: b. 1801, d. 1870\n');
    expect(messages).toEqual([]);
    expect(registry.persons.map((p) => p.dates)).toEqual(['c.\u00a01559–1634', 'fl.\u00a0600 BC', 'b.\u00a01801, d.\u00a01870']);
  });

  it('reads headings, forms, sort keys, dates and resolves see references to headings', () => {
    const { registry, messages } = check(`
stalin:
  heading: Stalin, Joseph Vissarionovich
  forms: [Stalin, JV  Stalin]
  dates: 1878-1953
  see_also: Lenin, Vladimir Ilyich
lenin:
  heading: Lenin, Vladimir Ilyich
  forms: Lenin
  sort: Lenin Vladimir
dzhugashvili:
  heading: Dzhugashvili, Iosif
  see: stalin
`);
    expect(messages).toEqual([]);
    expect(registry.persons).toEqual([
      { id: 'stalin', heading: 'Stalin, Joseph Vissarionovich', sortKey: 'Stalin, Joseph Vissarionovich', dates: '1878–1953', forms: ['JV Stalin', 'Stalin'], see: [], seeAlso: ['Lenin, Vladimir Ilyich'] },
      { id: 'lenin', heading: 'Lenin, Vladimir Ilyich', sortKey: 'Lenin Vladimir', forms: ['Lenin'], see: [], seeAlso: [] },
      { id: 'dzhugashvili', heading: 'Dzhugashvili, Iosif', sortKey: 'Dzhugashvili, Iosif', forms: [], see: ['Stalin, Joseph Vissarionovich'], seeAlso: [] },
    ]);
  });

  it('reports each mistake at its line and column', () => {
    const { messages } = check(
      [
        'stalin:', // 1
        '  heading: Stalin, Joseph', // 2
        '  froms: [Stalin]', // 3
        '  dates: [1878, 1953]', // 4
        'lenin:', // 5
        '  heading: Lenin', // 6
        '  forms: [Lenin, Stalin]', // 7
        '  see_also: [stalni, Trotsky, Leon]', // 8
        'tito:', // 9
        '  forms: Tito', // 10
        'bad id:', // 11
        '  heading: X', // 12
        'mao:', // 13
        '  heading: Mao Tse-tung', // 14
        '  forms: {Mao: 1}', // 15
        '  see: lenin', // 16
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([
      "names.yaml:3:3: error: unknown key 'froms' in 'stalin' (did you mean 'forms'?)",
      expect.stringMatching(/^names\.yaml:4:10: error: 'dates' of 'stalin' must be text or a year, not a list/),
      expect.stringMatching(/^names\.yaml:9:1: error: 'tito' has no heading/),
      expect.stringMatching(/^names\.yaml:11:1: error: 'bad id' is not a valid id/),
      expect.stringMatching(/^names\.yaml:15:10: error: 'forms' of 'mao' must be text or a list of texts, not a mapping/),
      expect.stringMatching(/^names\.yaml:8:14: error: 'see_also' of 'lenin' names no entry: 'stalni' \(did you mean 'stalin'\?\)/),
      expect.stringMatching(/^names\.yaml:8:22: error: 'see_also' of 'lenin' names no entry: 'Trotsky'/),
      expect.stringMatching(/^names\.yaml:8:31: error: 'see_also' of 'lenin' names no entry: 'Leon'/),
    ]);
  });

  it('refuses a form that two persons share, and a cross-reference with forms', () => {
    const { messages } = check('a:\n  heading: A\n  forms: [Smith, John Smith]\nb:\n  heading: B\n  forms: [ Smith ]\n  see: a\n');
    expect(messages).toEqual([
      "names.yaml:6:3: error: 'b' is a cross-reference (see) and cannot have forms (give the forms to the entry it points to)",
      "names.yaml:6:12: error: the form 'Smith' of 'b' is already a form of 'a' (line 3) (a form can name only one person: mark the other uses with [text]{name=id})",
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const { messages } = check('stalin:\n  heading: "Stalin\n  forms: Stalin\n');
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(/^names\.yaml:\d+:\d+: error: the names registry is not valid YAML/);
  });

  it('reports duplicate ids (YAML keys) at the second one', () => {
    const { messages } = check('stalin:\n  heading: A\nstalin:\n  heading: B\n');
    expect(messages).toEqual([expect.stringMatching(/^names\.yaml:3:1: error: this id \(or key\) is already used above/)]);
  });
});

describe('registry path', () => {
  const body = 'Stalin.\n';
  const registry = 'stalin:\n  heading: Stalin\n  forms: Stalin\n';

  it('reads a registry in a folder below the manuscript', () => {
    const dir = project({ 'book.md': frontMatter('names/book.yaml') + body, 'names/book.yaml': registry });
    const { book, messages } = transform(join(dir, 'book.md'));
    expect(messages).toEqual([]);
    expect(book!.mentions.map((m) => m.id)).toEqual(['m-stalin-1']);
  });

  it.each([
    ['an absolute path', '/etc/passwd', /is an absolute path/],
    ['a path out of the folder', '../outside.yaml', /lies outside the manuscript's folder/],
    ['a path that wanders out and back', 'sub/../../outside.yaml', /lies outside the manuscript's folder/],
    ['a missing file', 'missing.yaml', /cannot read the names registry .*missing\.yaml': there is no such file/],
  ])('refuses %s at the names: value', (_, names, message) => {
    const dir = project({ 'x/book.md': frontMatter(names) + body, 'outside.yaml': registry });
    const { messages } = transform(join(dir, 'x', 'book.md'));
    expect(messages).toHaveLength(1);
    // names: is on line 5; its value starts in column 8.
    expect(messages[0]).toMatch(/x\/book\.md:5:8: error: /);
    expect(messages[0]).toMatch(message);
  });

  it('refuses a symbolic link that leads out of the folder', () => {
    const dir = project({ 'x/book.md': frontMatter('book.yaml') + body, 'outside.yaml': registry });
    symlinkSync(join(dir, 'outside.yaml'), join(dir, 'x', 'book.yaml'));
    const { messages } = transform(join(dir, 'x', 'book.md'));
    expect(messages).toEqual([expect.stringMatching(/book\.md:5:8: error: the names registry 'book\.yaml' is a link to a file outside/)]);
  });

  it('reports registry errors in the registry file', () => {
    const dir = project({ 'book.md': frontMatter('book.names.yaml') + body });
    writeFileSync(join(dir, 'book.names.yaml'), 'stalin:\n  heading: Stalin\n  form: Stalin\n');
    const { messages } = transform(join(dir, 'book.md'));
    expect(messages[0]).toBe(`${join(dir, 'book.names.yaml')}:3:3: error: unknown key 'form' in 'stalin' (did you mean 'forms'?)`);
  });
});
