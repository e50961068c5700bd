/**
 * A translator who also wrote the introduction (Cole's Rousseau, Giles's Sun Tzu, Jowett's Plato) is
 * credited once on the title page of both editions and on samizdat's cover, as books credit them:
 * 'Translated, with an introduction, by G. D. H. Cole', in the book's language. The name was printed
 * twice, on two lines, 'Translated by G. D. H. Cole' over 'With an introduction by G. D. H. Cole'.
 * So is an author who drew the pictures: 'With illustrations by the author', as Flatland's title page of
 * 1884 says, where 'Illustrated by Edwin A. Abbott' stood under 'Edwin A. Abbott'.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

let dir: string;
beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-credits-'));
  cpSync(join(ROOT, 'test/fixtures/credits'), dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, 'build', 'social-contract.md', 'contrat.md', 'lettres.md', 'flatland.md', 'herodotus.md', 'sun-tzu.md', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const titlePage = (book: string) => execFileSync('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', join(dir, `out/${book}.pdf`), '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);
const opf = async (book: string) => (await JSZip.loadAsync(readFileSync(join(dir, `out/${book}.epub`)))).file('OEBPS/content.opf')!.async('string');
/** Each dc:creator and dc:contributor of the package: its element, name, roles and file-as. */
const people = async (book: string) => {
  const s = await opf(book);
  return [...s.matchAll(/<dc:(creator|contributor) id="([^"]+)">([^<]*)</g)].map(([, el, id, name]) => ({
    el, name,
    roles: [...s.matchAll(new RegExp(`<meta refines="#${id}" property="role" scheme="marc:relators">([^<]*)<`, 'g'))].map((m) => m[1]),
    fileAs: new RegExp(`<meta refines="#${id}" property="file-as">([^<]*)<`).exec(s)?.[1],
  }));
};
const epubTitle = async (book: string) => (await JSZip.loadAsync(readFileSync(join(dir, `out/${book}.epub`)))).file('OEBPS/title.xhtml')!.async('string');

describe('a translator who wrote the introduction', () => {
  it('is named once on the PDF’s title page, the other contributors on their own lines', () => {
    expect(titlePage('social-contract')).toEqual(['The Social Contract', 'Or, Principles of Political Right', 'Jean-Jacques Rousseau', 'Translated, with an introduction, by G. D. H. Cole', 'Illustrated by A. Draughtsman']);
  });

  it('is named once on the EPUB’s title page', async () => {
    const xhtml = await epubTitle('social-contract');
    expect([...xhtml.matchAll(/<p class="contributor">([^<]*)<\/p>/g)].map((m) => m[1])).toEqual(['Translated, with an introduction, by G. D. H. Cole', 'Illustrated by A. Draughtsman']);
  });

  it('in the book’s language: two translators of a French edition, once', async () => {
    expect(titlePage('contrat').join(' ')).toContain('Traduction et introduction de Paul Dupont et Marc Martin');
    expect(titlePage('contrat').join(' ')).not.toMatch(/Traduit par/);
    expect(await epubTitle('contrat')).toContain('<p class="contributor">Traduction et introduction de Paul Dupont et Marc Martin</p>');
  });
});

describe('a translator who wrote the preface', () => {
  // Macaulay's Herodotus: 'Translated by G. C. Macaulay' over 'With a preface by G. C. Macaulay' before.
  it('is named once, in both editions, the editor on his own line', async () => {
    expect(titlePage('herodotus')).toEqual(['The History of Herodotus', 'Herodotus', 'Translated, with a preface, by G. C. Macaulay', 'Edited by A. N. Editor']);
    const lines = [...(await epubTitle('herodotus')).matchAll(/<p class="contributor">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(lines).toEqual(['Translated, with a preface, by G. C. Macaulay', 'Edited by A. N. Editor']);
  });
});

describe('a translator who wrote the preface and the introduction', () => {
  // Giles's Sun Tzu: 'Translated, with an introduction, by Lionel Giles' over 'With a preface by Lionel Giles' before.
  it('is named once, for both, in both editions', async () => {
    expect(titlePage('sun-tzu')).toEqual(['The Art of War', 'Sun Tzu', 'Translated, with a preface and an introduction, by Lionel Giles', 'Edited by A. N. Editor']);
    const lines = [...(await epubTitle('sun-tzu')).matchAll(/<p class="contributor">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(lines).toEqual(['Translated, with a preface and an introduction, by Lionel Giles', 'Edited by A. N. Editor']);
  });
});

describe('the package names each person once, with all their roles', () => {
  // Lionel Giles was three dc:contributor elements (trl, aui, wpr), three contributors to a library, and
  // Sun Tzu, from the Chinese, was filed as 'Tzu, Sun'; Abbott was a creator and a contributor.
  it('a translator who wrote the preface and the introduction: one contributor, three roles; a Chinese author filed as written', async () => {
    expect(await people('sun-tzu')).toEqual([
      { el: 'creator', name: 'Sun Tzu', roles: ['aut'], fileAs: 'Sun Tzu' },
      { el: 'contributor', name: 'Lionel Giles', roles: ['trl', 'aui', 'wpr'], fileAs: 'Giles, Lionel' },
      { el: 'contributor', name: 'A. N. Editor', roles: ['edt'], fileAs: 'Editor, A. N.' },
    ]);
  });

  it('an author who drew the pictures: the creator, with both roles', async () => {
    expect(await people('flatland')).toEqual([{ el: 'creator', name: 'Edwin A. Abbott', roles: ['aut', 'ill'], fileAs: 'Abbott, Edwin A.' }]);
  });

  it('a translator of a French book is filed inverted still', async () => {
    expect((await people('social-contract')).find((p) => p.name === 'G. D. H. Cole')).toMatchObject({ roles: ['trl', 'aui'], fileAs: 'Cole, G. D. H.' });
  });
});

describe('French credit lines', () => {
  it('elide de before a vowel, as French writes it, in both editions', async () => {
    expect(titlePage('lettres').join(' ')).toContain('Introduction de Henri Troyat Préface d’Émile Zola Postface d’Octave Mirbeau');
    const lines = [...(await epubTitle('lettres')).matchAll(/<p class="contributor">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(lines).toEqual(['Introduction de Henri Troyat', 'Préface d’Émile Zola', 'Postface d’Octave Mirbeau']);
  });
});

describe('an author who drew the pictures', () => {
  it('is credited as the author on the title page of both editions, not named again', async () => {
    expect(titlePage('flatland')).toEqual(['Flatland', 'A Romance of Many Dimensions', 'Edwin A. Abbott', 'With illustrations by the author']);
    const lines = [...(await epubTitle('flatland')).matchAll(/<p class="contributor">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(lines).toEqual(['With illustrations by the author']);
  });
});
