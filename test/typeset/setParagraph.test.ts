import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/model/inline.js';
import { plainText } from '../../src/model/inline.js';
import { BODY, SHAPER, measure, offsetProblems, ownText, seedBlocks, setParagraph, spaceGaps, widthProblems } from './helpers.js';

const text = (t: string): Inline => ({ kind: 'text', text: t });
const blocks = seedBlocks();
const set = blocks.map((b) => ({ b, lines: setParagraph(b.children, b.kind === 'heading' ? { ...BODY, face: 'bold', align: 'left', indent: 0, hyphenate: false } : BODY) }));

describe('setParagraph on the seed', () => {
  it('sets every block', () => {
    expect(set.length).toBeGreaterThan(60);
    expect(set.reduce((n, s) => n + s.lines.length, 0)).toBeGreaterThan(400);
  });

  it('keeps offsets exact: runs are the plain text at their offsets, and cover all of it', () => {
    for (const { b, lines } of set) expect(offsetProblems(b.children, lines), b.id).toEqual([]);
  });

  it('first line starts at 0, each later line where the previous one stopped', () => {
    for (const { lines } of set) {
      expect(lines[0].start).toBe(0);
      for (let n = 1; n < lines.length; n++) expect(lines[n].start).toBeGreaterThan(lines[n - 1].start);
    }
  });

  it('never sets a line wider than the measure', () => {
    for (const { b, lines } of set) expect(widthProblems(lines, BODY.measure), b.id).toEqual([]);
  });

  it('justifies every line but the last to the measure exactly', () => {
    for (const { b, lines } of set) {
      if (b.kind === 'heading') continue;
      for (const l of lines.slice(0, -1)) {
        const last = l.runs[l.runs.length - 1];
        expect(last.x + last.width - (l.hang?.right ?? 0)).toBeCloseTo(BODY.measure, 6);
      }
      const last = lines[lines.length - 1];
      // The last line is set at its natural width, or shrunk if it must be; never stretched.
      expect(last.ratio).toBeLessThanOrEqual(0);
      expect(last.runs[0].scale).toBeLessThanOrEqual(1);
      const gaps = spaceGaps(last, plainText(b.children));
      if (last.ratio === 0) for (const g of gaps) expect(g).toBeCloseTo(measure(' ', 'regular', 11, ['kern', 'liga', 'onum']), 6);
    }
  });

  it('indents the first line by style.indent', () => {
    const p = set.find((s) => s.b.kind === 'paragraph')!;
    expect(p.lines[0].runs[0].x).toBeCloseTo(BODY.indent - (p.lines[0].hang?.left ?? 0), 6);
    expect(Math.min(...p.lines[1].runs.map((r) => r.x))).toBeLessThanOrEqual(0);
  });

  it('sets no more than two hyphenated lines in a row', () => {
    for (const { lines } of set) {
      let run = 0;
      for (const l of lines) {
        run = l.hyphenated || /-$/.test(l.runs[l.runs.length - 1].text) ? run + 1 : 0;
        expect(run).toBeLessThanOrEqual(2);
      }
    }
  });

  it('hyphenates no name: nothing in a mention, no capitalised word but a sentence-initial one', () => {
    let checked = 0;
    for (const { b, lines } of set) {
      const plain = plainText(b.children);
      const mentions = mentionRanges(b.children);
      lines.forEach((l, n) => {
        if (!l.hyphenated || !lines[n + 1]) return;
        const at = lines[n + 1].start; // the break: the added hyphen stands before this offset
        for (const [s, e] of mentions) expect(at > s && at < e, `break at ${at} inside a mention: ${plain.slice(s, e)}`).toBe(false);
        let s = at;
        while (s > 0 && /[\p{L}’']/u.test(plain[s - 1])) s--;
        let e = at;
        while (e < plain.length && /[\p{L}’']/u.test(plain[e])) e++;
        const word = plain.slice(s, e);
        checked++;
        if (/\p{Lu}/u.test(word)) {
          const before = plain.slice(0, s).replace(/[‘“'"(\s]+$/u, '');
          expect(before === '' || /[.!?…][’”'")\]]*$/u.test(before), `'${word}' hyphenated mid-sentence`).toBe(true);
          expect(word.slice(1), word).toBe(word.slice(1).toLowerCase());
        }
      });
    }
    expect(checked).toBeGreaterThan(20);
    expect(set.reduce((n, { b }) => n + mentionRanges(b.children).length, 0)).toBeGreaterThan(50);
  });

  it('hyphenates with at least two letters before the hyphen and three after', () => {
    for (const { b, lines } of set) {
      lines.forEach((l, n) => {
        if (!l.hyphenated || !lines[n + 1]) return;
        const head = ownText(l, l.runs.length - 1).match(/\p{L}+$/u)?.[0] ?? '';
        const tail = lines[n + 1].runs[0].text.match(/^\p{L}+/u)?.[0] ?? '';
        expect(head.length, b.id).toBeGreaterThanOrEqual(2);
        expect(tail.length, b.id).toBeGreaterThanOrEqual(3);
      });
    }
  });

  it('spaces evenly: the 95th percentile of adjustment ratios is under 0.9 and almost no line is loose', () => {
    const ratios = set.filter((s) => s.b.kind === 'paragraph').flatMap((s) => s.lines.slice(0, -1).map((l) => l.ratio));
    ratios.sort((a, b) => a - b);
    expect(ratios[Math.floor(ratios.length * 0.95)]).toBeLessThan(0.9);
    expect(ratios.filter((r) => r > 1).length / ratios.length).toBeLessThan(0.03);
  });
});

/** [start, end) offsets in the plain text of every mention. */
function mentionRanges(inlines: readonly Inline[]): [number, number][] {
  const out: [number, number][] = [];
  let at = 0;
  const walk = (xs: readonly Inline[]) => {
    for (const x of xs) {
      if (x.kind === 'mention') {
        const len = plainText(x.children).length;
        out.push([at, at + len]);
        at += len;
      } else if (x.kind === 'text' || x.kind === 'code') at += x.text.length;
      else if (x.kind === 'break') at += 1;
      else if ('children' in x) walk(x.children);
    }
  };
  walk(inlines);
  return out;
}

describe('setParagraph on hard cases', () => {
  const narrow = { ...BODY, measure: 160 };

  it("breaks 'Stalin-era' only after its hard hyphen, adding no hyphen", () => {
    const inl = [text('The Stalin-era apparatus and the post-Stalin-era bureaucracy were again and again the Stalin-era order. '.repeat(6))];
    for (const m of [120, 140, 160, 200]) {
      const lines = setParagraph(inl, { ...BODY, measure: m });
      expect(offsetProblems(inl, lines)).toEqual([]);
      lines.forEach((l, n) => {
        if (!lines[n + 1]) return;
        const last = l.runs[l.runs.length - 1].text;
        expect(last, `measure ${m}`).not.toMatch(/Stal-$|Sta-$|Stalin-e-$|er-$/);
        if (/Stalin-$/.test(last)) expect(l.hyphenated).toBe(false);
      });
    }
  });

  it('breaks a 300-letter word with hyphens and no overfull line', () => {
    const word = 'pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(7).slice(0, 300);
    const inl = [text(`Before ${word} after it the text goes on as usual.`)];
    const lines = setParagraph(inl, narrow);
    expect(widthProblems(lines, narrow.measure)).toEqual([]);
    expect(offsetProblems(inl, lines)).toEqual([]);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines.slice(1, -2)) expect(l.runs.at(-1)!.text).toMatch(/-$/);
  });

  it('cuts a run of 20,000 characters without a space into lines, keeping its measured strings linear in its length', () => {
    // Messy input (a row of brackets, a base64 blob): every cut's prefix used to be measured, 200 million characters for this one.
    const run = '['.repeat(20000);
    const inl = [text(`Before ${run} after.`)];
    const before = SHAPER.size().chars;
    const lines = setParagraph(inl, narrow);
    expect(SHAPER.size().chars - before).toBeLessThan(20 * run.length);
    expect(offsetProblems(inl, lines)).toEqual([]);
    expect(widthProblems(lines, narrow.measure)).toEqual([]);
    expect(lines.length).toBeGreaterThan(100);
  });

  it('never cuts a word that fits, nor a range of numbers, in ragged unhyphenated text such as an index column', () => {
    const entry = [text('Malenkov, Georgy Maximilianovich (1902–1988), 1–7, 10, 16–20; Zhukov, Georgy Konstantinovich (1896–1974), 6, 19')];
    for (const [measure, size] of [[110, 9], [115, 9], [110, 10], [120, 10]]) {
      const col = { ...BODY, measure, size, align: 'left' as const, hyphenate: false };
      const lines = setParagraph(entry, col);
      expect(widthProblems(lines, col.measure)).toEqual([]);
      const printed = lines.map((l) => l.runs.map((r) => r.text).join(' '));
      for (const l of lines) expect(l.hyphenated, printed.join(' | ')).toBe(false);
      for (const p of printed) expect(p, printed.join(' | ')).not.toMatch(/\d–$/);
      expect(printed.join(' ').split(/\s+/)).toEqual(plainText(entry).split(/\s+/));
    }
  });

  it('breaks a long URL at its punctuation, without hyphens', () => {
    const url = 'https://www.marxists.org/archive/deutscher/1953/legacies-and-heirs-of-jv-stalin/full-text-with-notes.htm';
    const inl: Inline[] = [text('The transcription is at '), { kind: 'link', href: url, children: [text(url)] }, text(', where the notes are too.')];
    const lines = setParagraph(inl, narrow);
    expect(widthProblems(lines, narrow.measure)).toEqual([]);
    expect(offsetProblems(inl, lines)).toEqual([]);
    for (const l of lines) expect(l.hyphenated).toBe(false);
    const urlRuns = lines.flatMap((l) => l.runs.filter((r) => r.href === url));
    expect(urlRuns.map((r) => r.text).join('')).toBe(url);
    // Each piece of the address ends or starts at punctuation.
    const pieces = lines.map((l) => l.runs.filter((r) => r.href === url).map((r) => r.text).join('')).filter(Boolean);
    for (const p of pieces.slice(0, -1)) expect(p).toMatch(/[/.\-_?#&=]$|[a-z]$/);
    for (const p of pieces.slice(1)) expect(p).toMatch(/^[./\-_?#&=a-z0-9]/);
  });

  // Its speed is the benchmark's business (npm run bench, npx vitest bench); here only that it is set right.
  it('sets a 1 MB paragraph, every line within the measure', () => {
    const sentence = 'Stalin had eliminated even the possibility of any such struggle by removing or demoting Malenkov’s potential rivals; ';
    const small = [text(sentence.repeat(Math.ceil(1e5 / sentence.length)))];
    const big = [text(sentence.repeat(Math.ceil(1e6 / sentence.length)))];
    const a = setParagraph(small, BODY);
    const lines = setParagraph(big, BODY);
    // Ten times the text in about ten times the lines (the two texts' ends differ by a few sentences).
    expect(lines.length).toBeGreaterThan(9.9 * a.length);
    expect(widthProblems(lines, BODY.measure)).toEqual([]);
    expect(offsetProblems(big, lines)).toEqual([]);
  }, 30000);

  it('keeps styles, links and anchors on their runs; a note number is an inserted superior run', () => {
    const inl: Inline[] = [
      text('He read '),
      { kind: 'emph', children: [text('Pravda')] },
      text('’s leader and '),
      { kind: 'strong', children: [text('wrote')] },
      text(' to '),
      { kind: 'mention', personId: 'malenkov', id: 'm-1', children: [text('Malenkov')] },
      { kind: 'noteRef', noteId: 'fn-3', number: 3, id: 'fnref-3' },
      text(' in '),
      { kind: 'code', text: 'a.out' },
      text(' and '),
      { kind: 'smallcaps', children: [text('nato')] },
      text('.'),
    ];
    const lines = setParagraph(inl, { ...BODY, measure: 1000 });
    expect(lines).toHaveLength(1);
    const runs = lines[0].runs;
    const by = (t: string) => runs.find((r) => r.text === t)!;
    expect(by('Pravda').face).toBe('italic');
    expect(by('’s').face).toBe('regular');
    expect(by('wrote').face).toBe('bold');
    expect(by('a.out').face).toBe('mono');
    expect(by('nato').features).toContain('smcp');
    expect(by('Malenkov').anchors).toEqual(['m-1']);
    const note = by('3');
    expect(note.offset).toBe(-1);
    expect(note.features).toContain('sups');
    expect(note.anchors).toEqual(['fnref-3']);
    expect(note.href).toBe('#fn-3');
    expect(note.x).toBeCloseTo(by('Malenkov').x + by('Malenkov').width, 6);
    expect(offsetProblems(inl, lines)).toEqual([]);
  });

  it('breaks where the text has a hard line break, and sets that line ragged', () => {
    const inl: Inline[] = [text('First line'), { kind: 'break' }, text('second line of the paragraph')];
    const lines = setParagraph(inl, BODY);
    expect(lines.map((l) => l.runs.map((r) => r.text).join(' '))).toEqual(['First line', 'second line of the paragraph']);
    expect(lines[1].start).toBe('First line\n'.length);
    expect(lines[0].ratio).toBe(0);
  });

  it('centres and left-aligns headings without stretching their spaces', () => {
    const inl = [text('The Crisis of the Stalinist Cult and the Heirs of the Leader')];
    for (const align of ['left', 'center'] as const) {
      const lines = setParagraph(inl, { ...BODY, align, indent: 0, face: 'bold', size: 14, hyphenate: false });
      expect(lines.length).toBeGreaterThan(1);
      for (const l of lines) {
        expect(l.runs[0].scale).toBe(1);
        const gaps = spaceGaps(l, plainText(inl));
        expect(gaps.length).toBeGreaterThan(0);
        for (const g of gaps) expect(g).toBeCloseTo(measure(' ', 'bold', 14, ['kern', 'liga', 'onum']), 6);
        if (align === 'center') {
          const left = l.runs[0].x;
          const right = BODY.measure - (l.runs.at(-1)!.x + l.runs.at(-1)!.width);
          expect(left).toBeCloseTo(right, 6);
        }
      }
    }
  });

  it('gives an empty paragraph no lines', () => {
    expect(setParagraph([], BODY)).toEqual([]);
    expect(setParagraph([text('   ')], BODY)).toEqual([]);
  });
});
