import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { suggestNames } from '../../src/names/suggest.js';
import { frontMatter, project } from './helpers.js';

describe('names suggest', () => {
  it('lists uncovered names with counts and the first file position, people first', async () => {
    const body = [
      'Stalin met James Burnham in Belgrade, and the talks went on. Stalinism grew.', // line 8
      'Yet nobody minded. Then Nikita', // line 9
      'Khrushchev came to Belgrade with `Molotov` in code.', // line 10
      'Later [another Molotov]{.noindex} rose, and Nikita Khrushchev told Edvard Kardelj.', // line 11
      '',
    ].join('\n');
    const registry = 'stalin:\n  heading: Stalin, Joseph\n  forms: Stalin\n';
    const dir = project({ 'book.md': frontMatter('book.names.yaml') + body, 'book.names.yaml': registry });
    const diags = new Diagnostics();
    const found = await suggestNames(join(dir, 'book.md'), diags);
    expect(diags.list).toEqual([]);
    const byText = new Map(found!.map((s) => [s.text, s]));
    expect(byText.get('James Burnham')).toMatchObject({ count: 1, line: 8, column: 12, person: true });
    // compromise does not know every name: listed all the same, without the person flag.
    expect(byText.get('Edvard Kardelj')).toMatchObject({ count: 1, line: 11, column: 68 });
    // A name broken across source lines is one sequence, found at its first word.
    expect(byText.get('Nikita Khrushchev')).toMatchObject({ count: 2, line: 9, column: 25, person: true });
    expect(byText.get('Belgrade')).toMatchObject({ count: 2, line: 8, column: 29, person: false });
    // Covered, derived, sentence-initial ordinary words, code and suppressed text are not suggestions.
    for (const absent of ['Stalin', 'Stalinism', 'Yet', 'Then', 'Later', 'Molotov']) expect(byText.has(absent), absent).toBe(false);
    // People come first.
    const flags = found!.map((s) => s.person);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    expect(flags[0]).toBe(true);
  });

  it('works without a registry and reports a registry it cannot read', async () => {
    const dir = project({ 'a.md': frontMatter() + 'They read Karl Marx’s Capital.\n', 'b.md': frontMatter('none.yaml') + 'Karl Marx wrote.\n' });
    const found = await suggestNames(join(dir, 'a.md'), new Diagnostics());
    // A possessive ends a name: 'Karl Marx’s Capital' is a person and a book.
    expect(found!.map((s) => [s.text, s.person])).toEqual([['Karl Marx', true], ['Capital', false]]);
    const diags = new Diagnostics();
    expect(await suggestNames(join(dir, 'b.md'), diags)).toBeUndefined();
    expect(diags.list[0].rule).toBe('names-path');
  });
});
