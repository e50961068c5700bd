/**
 * Footnotes at scale and in their odd shapes: the tail step that gathers the notes is linear in the
 * tokens (markdown-it-footnote's own copies the token list once per note), makes the plugin's tokens,
 * and no note's text is lost without a word (a nested inline note, a label defined twice).
 */
import markdownIt, { type MarkdownIt } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { plainText, walkBlocks } from '../../src/model/index.js';
import { footnoteTail } from '../../src/parse/footnote-tail.js';
import { parseBody } from '../../src/parse/parse.js';

function parse(body: string) {
  const diags = new Diagnostics();
  const r = parseBody('book.md', body, 0, diags);
  const text = (blocks: typeof r.blocks) => [...walkBlocks(blocks)].flatMap((b) => ('children' in b && b.kind !== 'blockquote' ? [plainText(b.children)] : [])).join(' | ');
  return { text: text(r.blocks), notes: r.notes.map((n) => text(n.children)), lines: diags.list.map(formatDiagnostic) };
}

describe('the footnote tail step', () => {
  const BOOK = 'One[^a], two^[inline *note*], three[^b] and [^a] again.\n\n> Quoted[^c].\n\n[^a]: Note a,\n    two paragraphs.\n\n    The second.\n\n[^b]: - a list\n    - in a note\n\n[^c]: Seen.\n\n[^z]: Never referred to.\n';

  it('makes the same tokens as markdown-it-footnote’s own', () => {
    const theirs = markdownIt().use(footnote);
    const ours = markdownIt().use(footnote);
    ours.core.ruler.at('footnote_tail', footnoteTail);
    const shape = (md: MarkdownIt) => md.parse(BOOK, {}).map((t) => `${t.type}:${t.content}:${JSON.stringify(t.meta)}`);
    expect(shape(ours)).toEqual(shape(theirs));
    expect(ours.render(BOOK)).toBe(theirs.render(BOOK));
  });

  it('reads each token a bounded number of times, however many notes (the plugin’s read them once per note)', () => {
    const n = 3000;
    const body = Array.from({ length: n }, (_, i) => `Word[^n${i}].`).join('\n\n') + '\n\n' + Array.from({ length: n }, (_, i) => `[^n${i}]: Note ${i}.`).join('\n\n');
    const count = (rule: (s: never) => void) => {
      const md = markdownIt().use(footnote);
      let reads = 0;
      let total = 0;
      md.core.ruler.at('footnote_tail', (state) => {
        total = state.tokens.length;
        const tokens = state.tokens;
        // Every read of a token by index or by iteration goes through here.
        state.tokens = new Proxy(tokens, {
          get(target, key, receiver) {
            if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
            return Reflect.get(target, key, receiver);
          },
        });
        rule(state as never);
      });
      md.parse(body, {});
      return reads / total;
    };
    expect(count(footnoteTail as never)).toBeLessThan(3);
    // The plugin's own step copies the token list once per note: tokens copied grow as the square of the notes.
    const concat = Array.prototype.concat;
    let copied = 0;
    Array.prototype.concat = function (this: unknown[], ...args: unknown[]) {
      copied += this.length;
      return concat.apply(this, args);
    };
    try {
      markdownIt().use(footnote).parse(body, {});
    } finally {
      Array.prototype.concat = concat;
    }
    expect(copied).toBeGreaterThan(n * n);
  });
});

describe('no note text lost without a word', () => {
  it('an inline note inside an inline note keeps its text in the outer note, with a warning', () => {
    const r = parse('Text^[outer ^[inner words] tail] end.\n');
    expect(r.notes).toEqual(['outer ^[inner words] tail']);
    expect(r.lines).toEqual(["book.md:1:5: warning: the inline note '^[inner words]' inside an inline note cannot be a note of its own; its text is kept in the outer note as written (make one of them a [^label] note)"]);
  });

  it('a label defined twice keeps the first definition and warns at the second', () => {
    const r = parse('See[^a].\n\n[^a]: The first text.\n\n[^a]: The second text.\n');
    expect(r.notes).toEqual(['The first text.']);
    expect(r.lines).toEqual(['book.md:5:1: warning: the footnote [^a] is defined again here; the first definition, at line 3, is used and this text is left out (give this note a label of its own, or merge the two texts)']);
  });

  it('a run of 20,000 "[^" parses as text, its characters all kept', () => {
    const run = '[^'.repeat(20_000);
    const r = parse(`Start ${run} end.\n`);
    expect(r.text).toBe(`Start ${run} end.`);
  });
});
