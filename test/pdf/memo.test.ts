/**
 * Incremental rebuilds (`build --watch`): a book built again with the paragraphs its last build set
 * (pdf/memo.ts) gives the same bytes, both editions, as a build from nothing, after each of a sequence
 * of edits; and the memo does reuse what did not change.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManuscript, BuildSession } from '../../src/build.js';
import { BuildError } from '../../src/diagnostics.js';
import type { Typesetter } from '../../src/pdf/flow.js';
import { ParagraphMemo } from '../../src/pdf/memo.js';
import type { Line, ParagraphStyle } from '../../src/typeset/types.js';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'samizdat-memo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SEED = 'legacies-and-heirs-of-jv-stalin';
const date = new Date('2024-01-01T00:00:00Z');

describe('a rebuild with the paragraphs of the last build', () => {
  it('is byte-identical to a full build after each of a sequence of edits, and sets only what changed', async () => {
    const dir = join(work, 'seed');
    cpSync(join(ROOT, 'seeds'), dir, { recursive: true });
    const md = join(dir, `${SEED}.md`);
    const names = join(dir, `${SEED}.names.yaml`);
    const session = new BuildSession();
    const incremental = (out: string) => buildManuscript(md, { outDir: join(dir, out), formats: ['pdf', 'epub'], paper: 'a5', date }, undefined, session);
    const full = (out: string) => buildManuscript(md, { outDir: join(dir, out), formats: ['pdf', 'epub'], paper: 'a5', date });
    const same = async (step: string) => {
      const a = await incremental('inc');
      const set = a.timings.paragraphsSet;
      const reused = a.timings.paragraphsReused;
      const deflated = a.timings.deflated;
      const deflateReused = a.timings.deflateReused;
      const drawn = a.timings.textObjectsDrawn;
      const drawnReused = a.timings.textObjectsReused;
      await full('full');
      for (const ext of ['pdf', 'epub']) {
        const inc = readFileSync(join(dir, 'inc', `${SEED}.${ext}`));
        const whole = readFileSync(join(dir, 'full', `${SEED}.${ext}`));
        expect(inc.equals(whole), `${step}: ${ext}`).toBe(true);
      }
      return { set, reused, deflated, deflateReused, drawn, drawnReused };
    };

    const first = await same('first build');
    // (Within one build, the contents and running heads ask for some lines more than once.)
    expect(first.set).toBeGreaterThan(100);

    let text = readFileSync(md, 'utf8');
    const edit = (from: string | RegExp, to: string) => {
      const next = text.replace(from, to);
      expect(next).not.toBe(text);
      text = next;
      writeFileSync(md, text);
    };

    // Nothing changed: nothing set again, nothing deflated again (the PDF's pages, the EPUB's files).
    const unchanged = await same('unchanged');
    expect(unchanged.set).toBe(0);
    expect(unchanged.deflated).toBe(0);
    expect(unchanged.deflateReused).toBeGreaterThan(30);
    // Nor are the PDF's lines formatted again (src/pdf/textwriter.ts, TextObjects), but for the
    // balanced display lines of the title, which are made anew.
    expect(unchanged.drawn).toBeLessThanOrEqual(4);
    expect(unchanged.drawnReused).toBeGreaterThan(600);

    // One word: one paragraph set again (of the body; the contents and index paragraphs are reused).
    edit(/\bthe\b/, 'tho');
    const one = await same('one word');
    expect(one.set).toBeLessThanOrEqual(2);
    expect(one.reused).toBeGreaterThan(first.set / 2);
    // Deflated again: the page of the word and the EPUB's file that holds it (and nothing else changed).
    expect(one.deflated).toBeLessThanOrEqual(3);
    expect(one.deflateReused).toBeGreaterThan(30);
    expect(one.drawn).toBeLessThanOrEqual(8);
    expect(one.drawnReused).toBeGreaterThan(600);

    // A letter the book did not hold, early on: glyph codes are given in order of first use, so the
    // lines after it that first use another glyph are encoded with other codes, and drawn anew.
    edit(/\bthe\b/, 'thÆ');
    const glyph = await same('a new glyph');
    expect(glyph.drawn).toBeGreaterThan(100);

    // A paragraph grown by a sentence: the pages after it move, and still the same bytes as a full build.
    const paragraphs = text.split('\n\n');
    const long = paragraphs.findIndex((p, i) => i > 10 && /^[A-Z]/.test(p) && p.length > 400);
    paragraphs[long] += ' Nevertheless, a longer sentence was added here, long enough to make the paragraph one line longer than it was before.';
    text = paragraphs.join('\n\n');
    writeFileSync(md, text);
    await same('a sentence added');

    // A word every capitalised sentence start may depend on (its lower-case form now in the book).
    edit(/\bthe\b/, 'nevertheless the');
    await same('a new lower-case word');

    // A paragraph removed, a heading renamed.
    paragraphs.splice(long + 2, 1);
    text = paragraphs.join('\n\n').replace(/^(#+ )(.*)$/m, '$1Renamed $2');
    writeFileSync(md, text);
    await same('a paragraph removed, a heading renamed');

    // A mention early on no longer a mention: every later mention of the person is renumbered (m-stalin-2
    // becomes m-stalin-1...), which changes no line but that paragraph's; the others are found under a key
    // without mention ids and given theirs (the index's links and the PDF's destinations, so the bytes).
    edit('‘Stalin is dead', '‘The leader is dead');
    const renumbered = await same('a mention less');
    expect(renumbered.set).toBeLessThanOrEqual(2);

    // The names registry: index headings and the mentions' anchors.
    const registry = readFileSync(names, 'utf8');
    const heading = /heading: (.+)/.exec(registry)!;
    writeFileSync(names, registry.replace(heading[0], `heading: ${heading[1]} (renamed)`));
    await same('a registry heading changed');

    // An input error in between: the session survives it.
    writeFileSync(md, text.replace(/^title: .*/m, 'title: [broken'));
    await expect(incremental('inc')).rejects.toBeInstanceOf(BuildError);
    // A letter no font has, added to a heading the last build found drawable: refused as a full build refuses it.
    writeFileSync(md, text.replace(/^(##+ .*)$/m, '$1 Ա'));
    const refused = await incremental('inc').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BuildError);
    expect((refused as BuildError).diagnostics.map((d) => d.rule)).toContain('pdf-missing-glyph');
    writeFileSync(md, text);
    expect((await same('after an input error')).set).toBe(0);
  }, 240_000);
});

describe('the paragraph memo', () => {
  it('gives lines found under another paragraph\'s mention ids this paragraph\'s ids, in text order whatever the runs\' order', () => {
    let sets = 0;
    // Runs right to left, as in a Hebrew paragraph: one per inline, each mention's id on its run.
    const rtl: Typesetter = {
      setParagraph: (inlines) => {
        sets++;
        let offset = 0;
        const runs = inlines.map((n) => {
          const run = { text: '', face: 'regular', size: 11, features: [], x: 0, width: 0, scale: 1, offset, ...(n.kind === 'mention' || n.kind === 'noteRef' ? { anchors: [n.id] } : {}) };
          offset += n.kind === 'noteRef' ? 0 : 5;
          return run;
        });
        return [{ runs: runs.reverse(), width: 100, start: 0, hyphenated: false, ratio: 0, overfull: false }] as Line[];
      },
      measure: () => 0,
    };
    const mention = (personId: string, id: string) => ({ kind: 'mention' as const, personId, id, children: [{ kind: 'text' as const, text: 'Name ' }] });
    const paragraph = (a: string, b: string) => [mention('a', a), { kind: 'text' as const, text: 'and ' }, mention('b', b), { kind: 'noteRef' as const, noteId: 'note-1', number: 1, id: 'fnref-1' }];
    const anchors = (lines: Line[]) => lines[0].runs.slice().sort((x, y) => x.offset - y.offset).flatMap((r) => r.anchors ?? []);
    const memo = new ParagraphMemo();
    const ts = memo.typesetter(rtl);
    const st = style([]);
    expect(anchors(ts.setParagraph(paragraph('m-a-1', 'm-b-1'), st))).toEqual(['m-a-1', 'm-b-1', 'fnref-1']);
    const first = ts.setParagraph(paragraph('m-a-2', 'm-b-1'), st);
    expect(sets).toBe(1);
    expect(anchors(first)).toEqual(['m-a-2', 'm-b-1', 'fnref-1']);
    // Asked again, the first paragraph's lines are its own, unchanged.
    expect(anchors(ts.setParagraph(paragraph('m-a-1', 'm-b-1'), st))).toEqual(['m-a-1', 'm-b-1', 'fnref-1']);
    // The next build (a session's) draws the same line objects for the same ids.
    memo.sweep();
    expect(ts.setParagraph(paragraph('m-a-2', 'm-b-1'), st)).toBe(first);
    expect(sets).toBe(1);
  });

  // A setter whose lines depend on whether the book holds 'nevertheless' (as a capitalised
  // sentence start is hyphenated only then), counting its calls.
  let calls = 0;
  const fake: Typesetter = {
    setParagraph: (inlines, style) => {
      calls++;
      const hyphenated = style.lowerCaseWords?.has('nevertheless') ?? false;
      return [{ runs: [], width: style.measure, start: 0, hyphenated, ratio: 0, overfull: false }] satisfies Line[];
    },
    measure: () => 0,
  };
  const style = (lower: string[], measure = 300): ParagraphStyle => ({ measure, indent: 0, face: 'regular', size: 11, align: 'justify', lang: 'en', hyphenate: true, lowerCaseWords: new Set(lower) });
  const text = (t: string, line = 1) => [{ kind: 'text' as const, text: t, span: { line, column: 1 } }] as never;

  it('sets a paragraph again when a word it looked up came or went, its text or style changed; not when it moved', () => {
    const memo = new ParagraphMemo();
    const ts = memo.typesetter(fake);
    expect(ts.setParagraph(text('Nevertheless it moves.'), style(['nevertheless']))[0].hyphenated).toBe(true);
    memo.sweep();
    calls = 0;
    // Same text at another place, same answers: reused.
    ts.setParagraph(text('Nevertheless it moves.', 40), style(['nevertheless', 'unrelated']));
    expect(calls).toBe(0);
    // The word left the book: set again, with the new answer.
    expect(ts.setParagraph(text('Nevertheless it moves.'), style([]))[0].hyphenated).toBe(false);
    expect(calls).toBe(1);
    ts.setParagraph(text('Nevertheless it moved.'), style([]));
    ts.setParagraph(text('Nevertheless it moved.'), style([], 200));
    expect(calls).toBe(3);
    // What a build did not ask for is forgotten after the next.
    memo.sweep();
    memo.sweep();
    ts.setParagraph(text('Nevertheless it moved.'), style([]));
    expect(calls).toBe(4);
  });
});
