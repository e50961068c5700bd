/**
 * The compiled command as a user runs it: `node dist/cli/samizdat.mjs …` in a folder of their own.
 * Exit codes (0 built, 1 input error, 2 usage error), one line per diagnostic on stderr, and an
 * output folder that a failed or interrupted build leaves exactly as it was.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, ensureCompiled, outputFiles } from '../compiled.js';
const FRONT = '---\ntitle: A Book\nauthor: A. Tester\nlanguage: en-GB\n---\n\n';

let work: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-cli-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the command in `cwd`; stderr split into lines. */
function samizdat(args: string[], cwd = work) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.split('\n').filter(Boolean) };
}

/** A fresh folder with the given files. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

/** Every file in a folder with its bytes, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(outputFiles(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

const DIAGNOSTIC = /^[^\s:][^:]*:\d+:\d+: (error|warning): \S/;

describe('usage', () => {
  it('--help and --version print to stdout and exit 0', () => {
    expect(samizdat(['--help'])).toMatchObject({ code: 0, stderr: [] });
    expect(samizdat(['--help']).stdout).toMatch(/^usage: samizdat build/);
    expect(samizdat(['--version']).stdout).toMatch(/^samizdat \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [[], 'samizdat: no command given'],
    [['publish', 'x.md'], "samizdat: unknown command 'publish'"],
    [['build'], 'samizdat: build needs at least one manuscript'],
    [['build', 'x.md', '--fast'], 'samizdat: unknown option --fast'],
    [['build', 'x.md', '--format', 'mobi'], "samizdat: unknown format 'mobi' (use epub, kepub, pdf, or a list: epub,kepub,pdf)"],
    [['build', 'x.md', '--paper', 'b5'], "samizdat: unknown paper 'b5' (use a5, a4, letter or half-letter)"],
    [['build', 'x.md', '--out'], 'samizdat: --out needs a value'],
    [['check'], 'samizdat: check needs at least one edition (.epub, .kepub.epub or .pdf)'],
    [['names', 'suggest', 'x.md', '--csv'], 'samizdat: unknown option --csv for names suggest (use --yaml or --json)'],
  ])('%j is a usage error: one line and where the help is, exit 2', (args, first) => {
    const r = samizdat(args);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: [`${first}; see samizdat --help`] });
  });

  it('a usage error builds nothing and leaves the previous editions as they were', () => {
    const dir = folder('usage-keeps', { 'book.md': `${FRONT}Text.\n` });
    expect(samizdat(['build', 'book.md', '--out', 'out', '--format', 'epub'], dir).code).toBe(0);
    const before = snapshot(join(dir, 'out'));
    writeFileSync(join(dir, 'book.md'), `${FRONT}Other text.\n`);
    for (const bad of [['--paper', 'b5'], ['--fast'], ['--paper']]) {
      const r = samizdat(['build', 'book.md', '--out', 'out', '--format', 'epub', ...bad], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toHaveLength(1);
      expect(snapshot(join(dir, 'out'))).toEqual(before);
    }
  }, 120_000);

  it('an --out that is a file is a usage error, found before any work', () => {
    const dir = folder('out-is-a-file', { 'book.md': `${FRONT}Text.\n`, taken: 'not a folder' });
    const r = samizdat(['build', 'book.md', '--out', 'taken'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`samizdat: --out taken: ${join(dir, 'taken')} is a file, not a folder; see samizdat --help`]);
    expect(samizdat(['build', 'book.md', '--out', 'taken/editions'], dir).stderr).toEqual([`samizdat: --out taken/editions: ${join(dir, 'taken')} is a file, not a folder; see samizdat --help`]);
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('not a folder');
  });
});

describe('input errors: exit 1, one line per diagnostic, nothing written', () => {
  it('a broken front matter', () => {
    const dir = folder('broken', {});
    copyFileSync(join(ROOT, 'test/fixtures/hazards/frontmatter/yaml-bad-indent.md'), join(dir, 'book.md'));
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toEqual([
      'book.md:3:9: error: the front matter is not valid YAML: bad indentation of a mapping entry (check quotes, colons and indentation)',
      'book.md: not built (1 error)',
    ]);
    expect(readdirSync(dir)).toEqual(['book.md']);
  });

  it('a manuscript that does not exist, and one that is not UTF-8', () => {
    const dir = folder('unreadable', {});
    copyFileSync(join(ROOT, 'test/fixtures/hazards/read/latin1.md'), join(dir, 'latin1.md'));
    const r = samizdat(['build', 'missing.md', 'latin1.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    // Several manuscripts build in parallel and report as they finish: in either order.
    expect(r.stderr.filter((l) => DIAGNOSTIC.test(l)).sort()).toEqual([
      'latin1.md:7:7: error: the file is not valid UTF-8: byte 0xE7 at offset 85 is not part of a UTF-8 character (save it as UTF-8; if it is Windows-1252 or Latin-1: iconv -f WINDOWS-1252 -t UTF-8)',
      'missing.md:1:1: error: cannot read the manuscript: there is no such file (check the path)',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['latin1.md']);
  });

  it('every line on stderr is a diagnostic or a one-line summary', () => {
    const dir = folder('many', { 'book.md': `${FRONT}![](https://example.org/a.png) <b>raw</b>\n\n${'>'.repeat(120)} deep\n` });
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    for (const line of r.stderr.slice(0, -1)) expect(line).toMatch(DIAGNOSTIC);
    expect(r.stderr.at(-1)).toBe('book.md: not built (2 errors)');
  });
});

describe('each format alone', () => {
  // The kepub is an EPUB too: alone, it once had no cover made for it (an internal error).
  it.each([['epub', 'book.epub'], ['kepub', 'book.kepub.epub'], ['pdf', 'book.pdf']])('--format %s writes %s and nothing else', (format, file) => {
    const dir = folder(`alone-${format}`, { 'book.md': `${FRONT}# One\n\nText.\n` });
    const r = samizdat(['build', 'book.md', '--out', 'out', '--format', format], dir);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    expect(outputFiles(join(dir, 'out'))).toEqual([file]);
    if (format !== 'pdf') expect(execFileSync('unzip', ['-Z1', join(dir, 'out', file)], { encoding: 'utf8' })).toMatch(/^OEBPS\/(images\/)?cover\./m);
  });
});

describe('the output folder', () => {
  const good = `${FRONT}# One\n\nText of the first edition.\n`;
  let dir: string;
  let before: Record<string, string>;

  beforeAll(() => {
    dir = folder('editions', { 'book.md': good });
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    before = snapshot(join(dir, 'out'));
    expect(Object.keys(before)).toEqual(['book.epub', 'book.pdf']);
  }, 120_000);

  it('a build that fails at load keeps the previous editions byte for byte and leaves no temporary file', () => {
    writeFileSync(join(dir, 'book.md'), good.replace('title:', 'titel:'));
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe("book.md:2:1: error: unknown front matter key 'titel' (did you mean 'title'?)");
    expect(snapshot(join(dir, 'out'))).toEqual(before);
  });

  it('a build that fails late, in the PDF, after the EPUB was made, keeps them too', () => {
    writeFileSync(join(dir, 'book.md'), `${good}\nA hieroglyph 𓀀 no font draws.\n`);
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toMatch(/^book\.md:11:14: error: no font has a glyph for U\+13000/);
    expect(snapshot(join(dir, 'out'))).toEqual(before);
  });

  it('a build interrupted with Ctrl-C keeps them too', async () => {
    // Long enough to be interrupted mid-build: the seed's text twenty times over.
    const seed = readFileSync(join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md'), 'utf8');
    const body = seed.slice(seed.indexOf('\n---\n') + 5).replace(/^##? .*$/gm, '');
    writeFileSync(join(dir, 'book.md'), `${FRONT}${body.repeat(20)}`);
    const child = spawn(process.execPath, [CLI, 'build', 'book.md', '--out', 'out'], { cwd: dir, stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 700));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c, signal) => r(c ?? (signal ? 130 : null))));
    expect(code).not.toBe(0);
    expect(snapshot(join(dir, 'out'))).toEqual(before);
  }, 60_000);

  it('a long book prints its one line and nothing of Node\'s (no ExperimentalWarning)', () => {
    // 110,000 words: long enough for the PDF drawing to reclaim memory as it goes (src/pdf/render.ts Reclaimer).
    const seed = readFileSync(join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md'), 'utf8');
    const body = seed.slice(seed.indexOf('\n---\n') + 5).replace(/^##? .*$/gm, '');
    const d = folder('long', { 'book.md': `${FRONT}${body.repeat(20)}` });
    const r = samizdat(['build', 'book.md', '--out', 'out'], d);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([expect.stringMatching(/^book\.md: wrote out\/book\.pdf, out\/book\.epub \(\d/)]);
  }, 60_000);

  it('a successful build replaces them, leaves no temporary file and prints its warnings with positions', () => {
    writeFileSync(join(dir, 'book.md'), `${good}\nA <b>second</b> edition.\n`);
    const r = samizdat(['build', 'book.md', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.slice(0, 2)).toEqual([
      "book.md:11:3: warning: raw HTML '<b>' is kept as visible text, not as markup (write it in Markdown, or remove it)",
      "book.md:11:12: warning: raw HTML '</b>' is kept as visible text, not as markup (write it in Markdown, or remove it)",
    ]);
    expect(r.stderr[2]).toMatch(/^book\.md: wrote out\/book\.pdf, out\/book\.epub \(/);
    const after = snapshot(join(dir, 'out'));
    expect(Object.keys(after)).toEqual(['book.epub', 'book.pdf']);
    expect(after['book.epub']).not.toBe(before['book.epub']);
  });

  it('of several manuscripts, the good ones are built and the exit code is the worst', () => {
    const d = folder('several', { 'good.md': good, 'bad.md': `${FRONT.replace('language: en-GB\n', '')}Text.\n` });
    const r = samizdat(['build', 'good.md', 'bad.md', '--out', 'out', '--format', 'epub'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.md:1:1: error: the front matter has no 'language' (add a line 'language: …': BCP 47 language tag of the text: `en-GB`, `ru`, `zh-Hant`.)");
    expect(outputFiles(join(d, 'out'))).toEqual(['good.epub']);
  });
});
