/**
 * No module keeps state of its own (#15): every cache belongs to an object a build makes and hands
 * down (the Shaper and its Fonts, the WordMemo, the ParagraphMemo), so two builds in one process never
 * see each other's. A module-level `let`/`var`, or a Map, Set, array or object made empty at the top
 * of a module (something to be filled later), fails here unless a comment just above it says
 * `Module state:` and why it is harmless. Tables made with their contents are fine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Shaper } from '../src/text/shaper.js';
import { setParagraph, WordMemo } from '../src/typeset/index.js';
import { BODY } from './typeset/helpers.js';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const MUTABLE = /^(?:export )?(?:let|var) |^(?:export )?const [\w$]+(?:: [^=]+)? = (?:\[\]|\{\}|new (?:Map|Set|WeakMap|WeakSet|[A-Z]\w*)(?:<[^>]*>)?\(\))/;

function unexplained(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (!MUTABLE.test(line)) return;
    let explained = false;
    for (let j = i - 1; j >= 0 && /^(?:\/\/|\/\*\*|\s\*|(?:let|const) )/.test(lines[j]); j--) if (lines[j].includes('Module state:')) explained = true;
    if (!explained) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
  });
  return found;
}

describe('explicit state', () => {
  it('no module of src/ keeps a cache or other state of its own without saying why it is harmless', () => {
    expect(sources(join(ROOT, 'src')).flatMap(unexplained)).toEqual([]);
  });

  it('the words a setter remembers are in the memo the caller hands it, and nowhere else', () => {
    const shaper = new Shaper();
    const mine = new WordMemo();
    const other = new WordMemo();
    const inlines = [{ kind: 'text' as const, text: 'The party said the party was right, and the party was.' }];
    const a = setParagraph(inlines, BODY, shaper, mine);
    expect(mine.size).toBeGreaterThan(0);
    expect(other.size).toBe(0);
    // Another memo sets the same lines from nothing.
    expect(setParagraph(inlines, BODY, new Shaper(), other)).toEqual(a);
    expect(other.size).toBe(mine.size);
  });

  it('each Shaper has its own fonts, which decide the face of every character it sets', () => {
    const a = new Shaper();
    const b = new Shaper();
    expect(a.fonts).not.toBe(b.fonts);
    expect(a.fonts.faceFor('中'.codePointAt(0)!, 'regular')).toBe('cjk');
    expect(a.fonts.font('regular')).not.toBe(b.fonts.font('regular'));
  });
});
