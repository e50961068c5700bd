import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { BuildError, formatDiagnostic } from '../../src/diagnostics.js';
import { Shaper } from '../../src/text/shaper.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

describe('other scripts in the PDF', () => {
  it('draws Cyrillic, Greek, Georgian, Hebrew, Arabic and Chinese with fonts that have them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'samizdat-scripts-'));
    const r = await buildManuscript(join(fixtures, 'scripts', 'six-scripts.md'), { outDir: out, formats: ['pdf'], paper: 'a5' });
    expect(r.diagnostics.list.filter((d) => d.rule === 'pdf-missing-glyph')).toEqual([]);
    const text = execFileSync('pdftotext', ['-layout', r.written[0], '-'], { encoding: 'utf8' });
    for (const word of ['Сталин', 'Ζαχαριάδης', '毛泽东', 'ჯუღაშვილი']) expect(text).toContain(word);
    // Right-to-left words come out of pdftotext in visual or logical order; either way every letter is there.
    for (const word of ['גוריון', 'الناصر']) expect(text.replace(/\s/g, '')).toMatch(new RegExp(`${word}|${[...word].reverse().join('')}`));
    const fonts = execFileSync('pdffonts', [r.written[0]], { encoding: 'utf8' });
    for (const face of ['EBGaramond', 'NotoSerifGeorgian', 'NotoSerifHebrew', 'Amiri', 'NotoSerifSC']) expect(fonts).toContain(face);
  });

  it('refuses characters no font has, naming each once at its first line and column, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-armenian-'));
    const file = join(dir, 'hy.md');
    writeFileSync(file, '---\ntitle: T\nauthor: A\nlanguage: en\n---\n\nThe word Հայերեն, then\nagain Հայ and 한국어.\n');
    const err = await buildManuscript(file, { outDir: join(dir, 'out'), formats: ['pdf', 'epub'], paper: 'a5' }).catch((e) => e);
    expect(err).toBeInstanceOf(BuildError);
    const lines = (err as BuildError).diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${file}:7:10: error: no font has a glyph for U\\+0540 'Հ' ×2, U\\+0561 'ա' ×2, U\\+0575 'յ' ×2, U\\+0565 'ե' ×2, U\\+0580 'ր', U\\+0576 'ն'`));
    expect(lines[1]).toMatch(new RegExp(`^${file}:8:15: error: no font has a glyph for U\\+D55C '한', U\\+AD6D '국', U\\+C5B4 '어'`));
    expect(() => execFileSync('ls', [join(dir, 'out')])).toThrow();
  });

  it('sets the vulgar fractions the book face lacks (⅕ ⅘ ⅙ ⅚ ⅑) from their parts, numerator over denominator', async () => {
    // EB Garamond has ½ ¼ ⅓ but not ⅘: The Wealth of Nations (“3⅘d.”) was refused for it.
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-fractions-'));
    const file = join(dir, 'f.md');
    writeFileSync(file, '---\ntitle: T\nauthor: A\nlanguage: en\n---\n\nWheat at 3⅘d. the peck, *rye at 1⅙d.*, **oats ⅚**, barley ½d., `⅑` in code (the code face has it).\n');
    const r = await buildManuscript(file, { outDir: join(dir, 'out'), formats: ['pdf'], paper: 'a5' });
    expect(r.diagnostics.list).toEqual([]);
    const text = execFileSync('pdftotext', [r.written[0], '-'], { encoding: 'utf8' });
    // Drawn as the font's numerator, fraction slash and denominator, which copy out as the parts.
    for (const f of ['34⁄5d.', '11⁄6d.', 'oats 5⁄6', '½d.', '⅑']) expect(text).toContain(f);
    const shaper = new Shaper();
    const face = shaper.font('regular') as unknown as { getGlyph(id: number): { name: string } };
    const names = (s: string) => shaper.shape('regular', ['kern', 'liga', 'onum'], s).ids.map((id) => face.getGlyph(id).name);
    expect(names('3⅘d')).toEqual(['three.tosf', 'four.numr', 'fraction', 'five.dnom', 'd']);
    expect(names('½')).toEqual(['onehalf']); // the font's own, where it has one
  });

  it('lets an EPUB-only build through: e-readers bring their own fonts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-armenian-'));
    const file = join(dir, 'hy.md');
    writeFileSync(file, '---\ntitle: T\nauthor: A\nlanguage: en\n---\n\nThe word Հայերեն.\n');
    const r = await buildManuscript(file, { outDir: join(dir, 'out'), formats: ['epub'], paper: 'a5' });
    expect(r.written).toEqual([join(dir, 'out', 'hy.epub')]);
  });
});
