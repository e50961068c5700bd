/**
 * French spacing in both editions, through the compiled command (src/transform/punctuation.ts): a
 * narrow no-break space before ; ! ? and inside « », a no-break space before a colon, whether the
 * author typed a space there or not; code, times and addresses as typed. The PDF never starts a line
 * with ? ! ; or », and the kepub keeps a closing guillemet in its sentence's span.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureCompiled, ROOT } from '../compiled.js';

const N = '\u202f';
const S = '\u00a0';
let dir: string;
const chapter = async (file: string) => (await JSZip.loadAsync(readFileSync(join(dir, file)))).file('OEBPS/chapter-01.xhtml')!.async('string');

beforeAll(() => {
  ensureCompiled();
  dir = mkdtempSync(join(tmpdir(), 'samizdat-french-'));
  const r = spawnSync(process.execPath, [CLI, 'build', join(ROOT, 'test/fixtures/french/espaces.md'), '--format', 'epub,kepub,pdf', '--out', dir], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '0' } });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a French text', () => {
  it('has its spaces in the EPUB, the same whether the author typed them or not', async () => {
    const xhtml = await chapter('espaces.epub');
    const spaced = `signe${S}: «${N}Viens-tu${N}?${N}» demanda-t-il. «${N}Non${N}!${N}» répondit-elle${N}; puis, plus bas${S}: «${N}Peut-être…${N}»`;
    expect(xhtml.split(spaced.slice(spaced.indexOf('«'))).length - 1).toBe(2);
    expect(xhtml).toContain(spaced);
    expect(xhtml).toContain(`Note${S}: la même règle vaut dans les notes${N}; voyez «${N}ici${N}»${N}!`);
    expect(xhtml).toContain(`À 10:30, la page https://exemple.fr/?q=1 ne répondait plus, et la commande <code>grep -c ':' notes.txt</code>`);
    // English inside: its quotes side by side get the narrow space, its ? none.
    expect(xhtml).toContain(`“${N}‘Yes’ is not an answer,” he said.`);
  });

  it('has them in the PDF: its title, and no line that starts with ? ! ; or »', () => {
    expect(execFileSync('pdfinfo', [join(dir, 'espaces.pdf')], { encoding: 'utf8' })).toContain(`Qui parle${N}? Essai sur les espaces`);
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'espaces.pdf'), '-'], { encoding: 'utf8' });
    const firsts = new Map<string, string>();
    let lines = 0;
    for (const m of bbox.matchAll(/<page|<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
      if (m[0] === '<page') firsts.clear();
      else if (!firsts.has(m[1])) {
        firsts.set(m[1], m[2]);
        lines++;
        expect(m[2]).not.toMatch(/^[?!;»]/);
      }
    }
    expect(lines).toBeGreaterThan(15);
  });

  it('spaces the colons samizdat writes too: the cover’s description', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'espaces.epub')));
    const cover = await zip.file(Object.keys(zip.files).find((f) => /cover\.xhtml$/.test(f))!)!.async('string');
    expect(cover).toContain(`alt="Couverture${S}: Qui parle${N}? Essai sur les espaces, Jeanne Typographe"`);
  });

  it('keeps a closing guillemet in its sentence’s span in the kepub', async () => {
    const xhtml = await chapter('espaces.kepub.epub');
    const spans = [...xhtml.matchAll(/<span class="koboSpan" id="[^"]+">([^<]*)/g)].map((m) => m[1]);
    expect(spans).toContain(`«${N}Non${N}!${N}» `);
    expect(spans.filter((s) => /^[\s\u202f]*»/.test(s))).toEqual([]);
  });
});
