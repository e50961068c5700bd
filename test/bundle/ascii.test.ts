import { describe, expect, it } from 'vitest';
import { asciiBundle as ascii } from '../../src/bundle/ascii.mjs';

/** A string literal with its non-ASCII characters escaped, as esbuild writes one. */
const escaped = (s: string): string => JSON.stringify(s).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** What `code` (an expression) evaluates to. */
const run = (code: string): unknown => new Function(`return (${code});`)();

describe('the bundle made ASCII (src/bundle/ascii.mjs)', () => {
  it('escapes regular expression literals so that they match what they matched', () => {
    // A literal as written, and a string for it to work on (given escaped, as esbuild writes strings).
    const cases: [string, string][] = [
      ['/[’‘]/g', 'it’s ‘so’'],
      ['/^[\\p{L}’]+$/u', 'l’été'],
      ['/😀/u', 'a😀b'],
      ['/😀/', 'a😀b'],
      ['/[😀]/u', 'a😀b'],
      ['/\\é/', 'café'],
      ['/([a-z])…/g', 'x…'],
    ];
    for (const [literal, text] of cases) {
      const code = `${literal}.exec(${escaped(text)})`;
      const out = ascii(code);
      expect(out).toMatch(/^[\x00-\x7f]*$/);
      expect(run(out)).toEqual(run(code));
      expect(run(out)).not.toBeNull();
    }
    expect(ascii('`${x.replace(/—/, "-")}`')).toBe('`${x.replace(/\\u2014/, "-")}`');
  });

  it('leaves a division alone and finds the literal after it', () => {
    expect(ascii('a=b/2/c;d=/’/g')).toBe('a=b/2/c;d=/\\u2019/g');
    expect(ascii('return/’/.test(x)')).toBe('return/\\u2019/.test(x)');
  });

  it('leaves comments as they are', () => {
    expect(ascii('/* l’été */a=1')).toBe('/* l’été */a=1');
  });

  it('stops the build at a character it cannot tell the meaning of (a tagged template’s raw text)', () => {
    expect(() => ascii('x=String.raw`’`')).toThrow(/outside a regular expression literal/);
  });
});
