/**
 * Nothing silently lost from the PDF: for every manuscript the tests use (the seed, the fixtures, and
 * the hostile ones written below: they stay out of test/, whose words other tests take as a corpus), the text of the document model (body, notes, captions,
 * code, tables) is in the text pdftotext reads back from the PDF: every letter and digit, as often as
 * the model has it. Counted by character, lower case, because pdftotext's words are not the model's
 * (right-to-left words come out reversed, a note number sticks to its word, narrow spaces between
 * italic letters are not seen); a lost line, cell or note shows as letters short. The PDF holds more
 * (title page, contents, index, running heads): letters out may exceed letters in, never fall short.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { BuildError } from '../../src/diagnostics.js';
import { plainText, walkBlocks, type Book } from '../../src/model/index.js';

const ROOT = join(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'samizdat-words-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function manuscripts(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? manuscripts(p) : f.endsWith('.md') ? [p] : [];
  });
}

/** Letters and digits, one string a character (marks stay with nothing: shaping may reorder them). */
const letters = (text: string): string[] => [...text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')];

function modelText(book: Book): string {
  const parts: string[] = [];
  for (const b of walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])) {
    if (b.kind === 'heading' || b.kind === 'paragraph') parts.push(plainText(b.children));
    else if (b.kind === 'code') parts.push(b.text);
    else if (b.kind === 'figure') parts.push(plainText(b.caption));
  }
  return parts.join('\n');
}

function count(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** Manuscripts that lost text before: a table row taller than a page, words joined by no-break spaces, notes inside notes. */
function hostile(): string[] {
  const dir = join(out, 'hostile');
  mkdirSync(dir, { recursive: true });
  const front = '---\ntitle: A Hostile Book\nauthor: A. Tester\nlanguage: en-GB\n---\n\n';
  const files: Record<string, string> = {
    'tall-table-row.md': `${front}A table whose second row is taller than a page.\n\n| Name | Text |\n|---|---|\n| short | a few words |\n| long | ${Array.from({ length: 4000 }, (_, i) => `cell${i}`).join(' ')} |\n| after | more words |\n\nThe end.\n`,
    'no-break-spaces.md': `${front}Two thousand words joined by no-break spaces follow.\n\n${Array.from({ length: 2000 }, (_, i) => `word${i}`).join('\u00a0')}\n\nThe end.\n`,
    'notes.md': `${front}An inline note^[outer words ^[inner words kept] tail words], a note citing another[^a].\n\n[^a]: The first definition, citing[^c].\n\n[^a]: The second definition, warned about.\n\n[^c]: Cited only from a note.\n`,
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return Object.keys(files).map((f) => join(dir, f));
}

const FILES = [join(ROOT, 'seeds/legacies-and-heirs-of-jv-stalin.md'), ...manuscripts(join(ROOT, 'test/fixtures')), ...hostile()];

describe('words in the model, words in the PDF', () => {
  for (const file of FILES) {
    const name = file.startsWith(out) ? `hostile/${relative(join(out, 'hostile'), file)}` : relative(ROOT, file);
    it(name, async () => {
      const dir = join(out, 'built', name.replace(/[/.]/g, '_'));
      const result = await buildManuscript(file, { outDir: dir, formats: ['pdf'], paper: 'a5', date: new Date('2024-01-01T00:00:00Z') }).catch((e: unknown) => {
        if (e instanceof BuildError) return undefined; // a fixture of input errors: nothing is built, nothing to lose
        throw e;
      });
      if (!result) return;
      const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', result.written[0], '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const got = count(letters(pdf));
      const want = count(letters(modelText(result.book)));
      const missing: string[] = [];
      let total = 0;
      for (const [c, n] of want) {
        total += n;
        const short = n - (got.get(c) ?? 0);
        if (short > 0) missing.push(`'${c}' ×${short}`);
      }
      expect(missing, `${name}: letters short in the PDF (of ${total})`).toEqual([]);
    }, 120_000);
  }
});
