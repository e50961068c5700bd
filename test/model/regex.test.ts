/**
 * Regular expressions over the manuscript's text that backtracked catastrophically: each case here
 * took exponential time in its size before (a hang, not an error), and parses at once now.
 */
import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { plainText, type Block } from '../../src/model/index.js';
import { parseBody } from '../../src/parse/parse.js';

describe('no catastrophic backtracking', () => {
  it('a line of 40 HTML comments followed by a word is kept as text with a warning, not taken for comments', () => {
    const diags = new Diagnostics();
    const { blocks } = parseBody('book.md', `${'<!-- a -->'.repeat(40)} word\n`, 0, diags);
    expect(blocks.map((b: Block) => ('children' in b && b.kind === 'paragraph' ? plainText(b.children) : '')).join('')).toContain('word');
    expect(diags.list.map(formatDiagnostic)[0]).toMatch(/^book\.md:1:1: warning: raw HTML/);
  });

  it("'<!-- a --> b -->' is not one comment: its words are kept", () => {
    const diags = new Diagnostics();
    const { blocks } = parseBody('book.md', '<!-- a --> b -->\n', 0, diags);
    expect(JSON.stringify(blocks)).toContain(' b --');
  });

  it('comments alone are still dropped', () => {
    const diags = new Diagnostics();
    const { blocks } = parseBody('book.md', '<!-- a -->\n<!-- b -->\n\nText.\n', 0, diags);
    expect(blocks.map((b: Block) => ('children' in b ? plainText(b.children as never) : ''))).toEqual(['Text.']);
  });

  // Quadratic, not exponential, before: a pattern tried at every blank of a long run, each time reading to
  // its end (200,000 blanks: tens of seconds). The bound is a correctness bound, not a speed claim.
  it('a heading and a caption paragraph with 200,000 blanks before their last word keep their text', () => {
    const blanks = ' \t'.repeat(100_000);
    const diags = new Diagnostics();
    const { blocks } = parseBody('book.md', `# One${blanks}two\n\n*Caption*${blanks}x\n\n| a |\n|---|\n| 1 |\n\n<!--\n${'\n'.repeat(200_000)}x\n`, 0, diags);
    expect(blocks[0].kind).toBe('heading');
    expect(plainText((blocks[0] as Extract<Block, { kind: 'heading' }>).children).endsWith('two')).toBe(true);
    expect(JSON.stringify(blocks)).toContain('Caption');
  }, 20_000);
});
