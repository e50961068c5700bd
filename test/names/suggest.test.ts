import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { draftRegistry, invertedHeading } from '../../src/names/draft.js';
import { parseRegistry } from '../../src/names/registry.js';
import { suggestNames, type NameSuggestion } from '../../src/names/suggest.js';
import { bookWith, frontMatter, project } from './helpers.js';

/** The suggestions for a body (and a registry), by name. */
function suggest(body: string, registry?: string): Map<string, NameSuggestion> {
  const files: Record<string, string> = { 'book.md': frontMatter(registry ? 'book.names.yaml' : undefined) + body };
  if (registry) files['book.names.yaml'] = registry;
  const diags = new Diagnostics();
  const found = suggestNames(join(project(files), 'book.md'), diags);
  expect(diags.list).toEqual([]);
  return new Map(found!.map((s) => [s.name, s]));
}

const kind = (found: Map<string, NameSuggestion>, name: string) => found.get(name)?.kind;

describe('names suggest: one line per person', () => {
  it('groups the forms of a name, with the count, the first position and a short context', () => {
    const found = suggest([
      'In 1919 the Spartacists rose in Berlin, and Rosa Luxemburg spoke for them.', // line 7
      'Luxemburg’s letters were kept. Karl Liebknecht and Luxemburg were killed.', // line 8
      '',
    ].join('\n'));
    expect(found.get('Rosa Luxemburg')).toMatchObject({
      kind: 'person',
      forms: ['Rosa Luxemburg', 'Luxemburg’s', 'Luxemburg'],
      count: 3,
      line: 7,
      column: 45,
      context: '…the Spartacists rose in Berlin, and Rosa Luxemburg spoke for them. Luxemburg’s letters…',
    });
    expect(found.has('Luxemburg')).toBe(false);
    expect(found.get('Karl Liebknecht')).toMatchObject({ kind: 'person', count: 1, line: 8 });
    // Persons come first.
    expect([...found.values()][0].kind).toBe('person');
  });

  it('a one-word name shared by two longer names keeps its own line', () => {
    const found = suggest('Giovanni Fogliani and Giovanni Bentivogli met. Later Giovanni left with Fogliani.\n');
    expect(found.get('Giovanni Fogliani')).toMatchObject({ count: 2 });
    expect(found.get('Giovanni')).toMatchObject({ kind: 'person', count: 1 });
  });

  it('keeps regnal names, titles and bynames whole', () => {
    const found = suggest([
      'The treaty of Francis I was signed before Pope Pius III died, and Charles the Bold fought on.',
      'Louis the Twelfth took Milan; Hiero the Syracusan raised an army. Philip of Macedon won.',
      '',
    ].join('\n'));
    for (const name of ['Francis I', 'Pius III', 'Charles the Bold', 'Louis the Twelfth', 'Hiero the Syracusan', 'Philip of Macedon']) {
      expect(kind(found, name), name).toBe('person');
    }
    expect(found.get('Pius III')!.forms).toEqual(['Pope Pius III']);
  });

  it('a title before a word makes it a person, even one the text writes in lower case', () => {
    const found = suggest('Mr Smith met Dr. Arnold, General Gordon and Comrade Kardelj. The general had a gordon setter and a smith.\n');
    for (const name of ['Smith', 'Arnold', 'Gordon', 'Kardelj']) expect(kind(found, name), name).toBe('person');
    expect(found.get('Arnold')!.forms).toEqual(['Dr. Arnold']);
  });

  it('initials and particles belong to the name', () => {
    const found = suggest('He was driven out of his wits by W. G. Ward, and Oliverotto da Fermo was strangled.\n');
    expect(kind(found, 'W. G. Ward')).toBe('person');
    expect(kind(found, 'Oliverotto da Fermo')).toBe('person');
  });
});

describe('names suggest: what is not a person is left out or listed apart', () => {
  it('places: after in, at, into; or known to compromise', () => {
    const found = suggest('They met in Belgrade, and later at Rugby, then went on to Moscow. Belgrade was cold.\n');
    expect(kind(found, 'Belgrade')).toBe('place');
    expect(kind(found, 'Rugby')).toBe('place');
    expect(kind(found, 'Moscow')).toBe('place');
  });

  it('peoples, parties and families', () => {
    const found = suggest('The Venetians feared the Florentines, the Orsini hated the Colonnesi, and the Bolsheviks won.\n');
    for (const name of ['Venetians', 'Florentines', 'Orsini', 'Colonnesi', 'Bolsheviks']) expect(kind(found, name), name).toBe('group');
  });

  it('organisations', () => {
    const found = suggest('He taught at the school, then joined Harvard University in the autumn.\n');
    expect(kind(found, 'Harvard University')).toBe('organisation');
  });

  it('months and days', () => {
    const found = suggest('It was signed on Monday, 3 May, and again in January.\n');
    for (const name of ['Monday', 'May', 'January']) expect(found.has(name), name).toBe(false);
  });

  it('titles of works, in italics', () => {
    const found = suggest('They read Karl Marx’s *Capital* and *Misère*.\n');
    expect(kind(found, 'Karl Marx')).toBe('person');
    expect(kind(found, 'Capital')).toBe('work');
    expect(kind(found, 'Misère')).toBe('work');
  });

  it('sentence-initial and other words the text writes in lower case', () => {
    const found = suggest('Yet nobody minded. Thereupon the Revolution came, and the revolution was long.\n');
    for (const name of ['Yet', 'Thereupon', 'Revolution']) expect(found.has(name), name).toBe(false);
  });

  it('registry forms, words derived from them, code and {.noindex} text', () => {
    const found = suggest('Stalin wrote, Stalinism grew, `Molotov` was in code and [another Molotov]{.noindex} rose.\n',
      'stalin:\n  heading: Stalin, Joseph\n  forms: Stalin\n');
    for (const name of ['Stalin', 'Stalinism', 'Molotov']) expect(found.has(name), name).toBe(false);
  });

  it('reports a registry it cannot read', () => {
    const dir = project({ 'b.md': frontMatter('none.yaml') + 'Karl Marx wrote.\n' });
    const diags = new Diagnostics();
    expect(suggestNames(join(dir, 'b.md'), diags)).toBeUndefined();
    expect(diags.list[0].rule).toBe('names-path');
  });
});

describe('names suggest --yaml: a draft registry', () => {
  const body = [
    'Rosa Luxemburg and Karl Liebknecht led the Spartacists in Berlin. Luxemburg wrote to Lenin’s',
    'party; W. G. Ward, Pope Pius III and Louis the Twelfth are here for their headings. They met in Berlin.',
    '',
  ].join('\n');

  it('guesses inverted headings', () => {
    expect(invertedHeading('Rosa Luxemburg')).toBe('Luxemburg, Rosa');
    expect(invertedHeading('W. G. Ward')).toBe('Ward, W. G.');
    for (const same of ['Lenin', 'Pius III', 'Louis the Twelfth', 'Philip of Macedon']) expect(invertedHeading(same)).toBe(same);
  });

  it('parses as a valid registry and, used as it is, indexes every mention', () => {
    const dir = project({ 'book.md': frontMatter() + body });
    const yaml = draftRegistry('book.md', suggestNames(join(dir, 'book.md'), new Diagnostics())!);
    expect(yaml).toContain('rosa-luxemburg:  # ×2, first at 7:1\n  heading: Luxemburg, Rosa\n  forms: [Rosa Luxemburg, Luxemburg]\n');
    expect(yaml).toContain('#   Berlin (place, ×2, 7:59)');
    const diags = new Diagnostics();
    const registry = parseRegistry('draft.yaml', yaml, diags);
    expect(diags.list).toEqual([]);
    expect(registry.persons.map((p) => p.heading).sort()).toEqual(['Lenin', 'Liebknecht, Karl', 'Louis the Twelfth', 'Luxemburg, Rosa', 'Pius III', 'Ward, W. G.']);
    const { book, messages } = bookWith(body, yaml);
    expect(messages).toEqual([]);
    const counts = Object.fromEntries(book!.persons.map((p) => [p.id, book!.mentions.filter((m) => m.personId === p.id).length]));
    expect(counts).toEqual({ 'rosa-luxemburg': 2, 'karl-liebknecht': 1, lenin: 1, 'w-g-ward': 1, 'pius-iii': 1, 'louis-the-twelfth': 1 });
  });
});

describe('names suggest --yaml: a Chinese or Korean name', () => {
  // Giles's Sun Tzu marks its Wade–Giles names as Standard Ebooks does: the draft gave 'Yao-chʽên, Mei'
  // and 'Hsing-yen, Sun', where an index keeps the family name first (Chicago 16.83).
  it('keeps its family name first when the text marks its language, and inverts the others', () => {
    const body = [
      '[Mei Yao-chʽên]{lang=zh-Latn-wadegile} says the enemy is near; Rosa Luxemburg disagreed. [Sun Hsing-yen]{lang="zh-Latn-wadegile"} edited the text.',
      'Later [Mei Yao-chʽên]{lang=zh-Latn-wadegile} and Luxemburg agreed, and [Sun Hsing-yen]{lang="zh-Latn-wadegile"} too.',
      '',
      '::: {lang=ko-Latn}',
      'Yi Sun-sin won at sea, and Yi Sun-sin won again.',
      ':::',
      '',
    ].join('\n');
    const found = suggest(body);
    expect(found.get('Mei Yao-chʽên')).toMatchObject({ kind: 'person', familyFirst: true });
    expect(found.get('Rosa Luxemburg')).toMatchObject({ familyFirst: false });
    const yaml = draftRegistry('book.md', [...found.values()]);
    expect(yaml).toMatch(/\n  heading: Mei Yao-chʽên\n/);
    expect(yaml).toMatch(/\n  heading: Sun Hsing-yen\n/);
    expect(yaml).toMatch(/\n  heading: Yi Sun-sin\n/);
    expect(yaml).toMatch(/\n  heading: Luxemburg, Rosa\n/);
  });

  it('in a book whose language is Chinese, every name as written', () => {
    const dir = project({ 'book.md': frontMatter(undefined, 'zh-Latn') + 'Mao Tse-tung spoke, and later Mao Tse-tung wrote.\n' });
    const found = suggestNames(join(dir, 'book.md'), new Diagnostics())!;
    expect(found.find((s) => s.name === 'Mao Tse-tung')).toMatchObject({ familyFirst: true });
  });
});

describe('names suggest: a title in italics that marks its language', () => {
  // Standard Ebooks marks a foreign title's language, which pandoc writes `*[Tʽung Tien]{lang=…}*`: the
  // attribute, blanked, ended the emphasis in a space, so the title was no work but a person ('Tʽung Tien'
  // ×80, the draft's first entry, in Giles's Sun Tzu).
  it('is the title of a work, as without the attribute', () => {
    const found = suggest([
      'The *[Tʽung Tien]{lang=zh-Latn-wadegile}* gives the text, and the *[Tʽung Tien]{lang="zh-Latn-wadegile"}* is older than *Yü Lan*.',
      'So says *[Tʽung Tien]{lang=zh-Latn-wadegile .title}*, and Tu Mu agrees.',
      '',
    ].join('\n'));
    expect(kind(found, 'Tʽung Tien')).toBe('work');
    expect(kind(found, 'Yü Lan')).toBe('work');
  });
});
