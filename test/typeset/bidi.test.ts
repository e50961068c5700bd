import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type Inline, plainText } from '../../src/model/inline.js';
import { analyseBidi } from '../../src/typeset/bidi.js';
import type { Line, ParagraphStyle, Run } from '../../src/typeset/types.js';
import { buildPdf } from '../pdf/helpers.js';
import { BODY, offsetProblems, setParagraph, widthProblems } from './helpers.js';

// Right-to-left text in the line setter (UAX #9 through bidi-js). Expected orders are those a browser
// gives the same text (<p dir=…>), checked by eye against the PDFs of the fixtures in test/fixtures/bidi/.

const text = (t: string): Inline => ({ kind: 'text', text: t });
const he = (t: string, dir: 'rtl' | undefined = 'rtl'): Inline => ({ kind: 'foreign', lang: 'he', ...(dir ? { dir } : {}), children: [text(t)] });
const ar = (t: string): Inline => ({ kind: 'foreign', lang: 'ar', dir: 'rtl', children: [text(t)] });
const ONE_LINE: ParagraphStyle = { ...BODY, measure: 1000, indent: 0, align: 'left' };
const HEBREW: ParagraphStyle = { ...BODY, lang: 'he' };
const right = (r: Run) => r.x + r.width;

/** The runs that hold the plain-text characters `from`…`to` (exclusive). */
function runsOf(line: Line, from: number, to: number): Run[] {
  return line.runs.filter((r) => r.offset >= 0 && r.offset < to && r.offset + r.text.length > from);
}
/** The runs of the first occurrence of `needle` in the paragraph's plain text. */
function runsFor(inlines: Inline[], line: Line, needle: string, after = 0): Run[] {
  const at = plainText(inlines).indexOf(needle, after);
  if (at < 0) throw new Error(`'${needle}' not in the text`);
  const runs = runsOf(line, at, at + needle.length);
  expect(runs.length).toBeGreaterThan(0);
  return runs;
}
const left = (runs: Run[]) => Math.min(...runs.map((r) => r.x));
const rightEdge = (runs: Run[]) => Math.max(...runs.map(right));

/** Runs in visual order: x grows, and no run overlaps the next. */
function visualProblems(lines: Line[]): string[] {
  const out: string[] = [];
  lines.forEach((l, n) => {
    for (let k = 1; k < l.runs.length; k++) {
      if (l.runs[k].x < right(l.runs[k - 1]) - 1e-6) out.push(`line ${n}: '${l.runs[k].text}' at ${l.runs[k].x} overlaps '${l.runs[k - 1].text}'`);
    }
  });
  return out;
}

describe('right-to-left names in a left-to-right paragraph', () => {
  const inlines = [
    text('Israel’s first prime minister was '),
    he('דוד בן־גוריון'),
    text('; Egypt’s second president was '),
    ar('جمال عبد الناصر'),
    text(', and the year '),
    ar('١٩٥٣'),
    text(' is written with Arabic digits.'),
  ];
  const [line, ...rest] = setParagraph(inlines, ONE_LINE);

  it('sets the name right to left, between the words around it', () => {
    expect(rest).toEqual([]);
    const was = runsFor(inlines, line, 'was');
    const name = runsFor(inlines, line, 'דוד בן־גוריון');
    expect(rightEdge(was)).toBeLessThan(left(name));
    // The first word of the name is its rightmost.
    expect(left(runsFor(inlines, line, 'דוד'))).toBeGreaterThan(rightEdge(runsFor(inlines, line, 'בן־גוריון')));
  });

  it('puts the punctuation after a right-to-left name at its right, where the sentence goes on', () => {
    const semicolon = runsFor(inlines, line, ';');
    expect(left(semicolon)).toBeGreaterThanOrEqual(rightEdge(runsFor(inlines, line, 'דוד בן־גוריון')) - 1e-6);
    expect(rightEdge(semicolon)).toBeLessThanOrEqual(left(runsFor(inlines, line, 'Egypt’s')));
    const comma = runsFor(inlines, line, ', and');
    expect(left(comma)).toBeGreaterThanOrEqual(rightEdge(runsFor(inlines, line, 'جمال عبد الناصر')) - 1e-6);
    expect(left(runsFor(inlines, line, 'جمال'))).toBeGreaterThan(rightEdge(runsFor(inlines, line, 'الناصر')));
  });

  it('reads Arabic-Indic digits left to right', () => {
    const digits = runsFor(inlines, line, '١٩٥٣');
    const byX = [...digits].sort((a, b) => a.x - b.x);
    expect(byX.map((r) => r.text).join('')).toBe('١٩٥٣');
    // fontkit reverses a run whose first letter is Arabic script: the digits must not share one.
    for (const r of digits) expect([...r.text].length).toBe(1);
  });

  it('orders unmarked Hebrew and Arabic words the same way', () => {
    const bare = [text('Here the names stand without markers: בן־גוריון and عبد الناصر. They must still reach both editions.')];
    const [l] = setParagraph(bare, ONE_LINE);
    const arabic = runsFor(bare, l, 'عبد الناصر');
    expect(left(runsFor(bare, l, ' and '))).toBeGreaterThan(rightEdge(runsFor(bare, l, 'בן־גוריון')));
    expect(rightEdge(runsFor(bare, l, ' and '))).toBeLessThan(left(arabic));
    expect(left(runsFor(bare, l, '. They'))).toBeGreaterThanOrEqual(rightEdge(arabic) - 1e-6);
    expect(left(runsFor(bare, l, 'عبد'))).toBeGreaterThan(rightEdge(runsFor(bare, l, 'الناصر')));
  });

  it('keeps offsets exact and runs in visual order', () => {
    expect(offsetProblems(inlines, [line])).toEqual([]);
    expect(visualProblems([line])).toEqual([]);
  });

  it('leaves a paragraph with nothing right to left alone (no bidi work at all)', () => {
    expect(analyseBidi([text('Stalin, Сталин, Ζαχαριάδης, 毛泽东, ჯუღაშვილი.')], 'en-GB')).toBeNull();
    expect(analyseBidi([text('Ben-Gurion, '), he('בן־גוריון')], 'en-GB')).not.toBeNull();
  });
});

describe('brackets', () => {
  it('are mirrored at right-to-left levels: the opening one still opens, at the right', () => {
    const inlines = [text('דוד בן־גוריון (שלום) היה ראש הממשלה')];
    const [line] = setParagraph(inlines, { ...ONE_LINE, lang: 'he' });
    const plain = plainText(inlines);
    const open = runsOf(line, plain.indexOf('('), plain.indexOf('(') + 1)[0];
    const close = runsOf(line, plain.indexOf(')'), plain.indexOf(')') + 1)[0];
    expect(open.text).toBe(')');
    expect(close.text).toBe('(');
    const inside = runsFor(inlines, line, 'שלום');
    expect(open.x).toBeGreaterThanOrEqual(rightEdge(inside) - 1e-6);
    expect(right(close)).toBeLessThanOrEqual(left(inside) + 1e-6);
    expect(offsetProblems(inlines, [line])).toEqual([]);
  });

  it('are left alone in left-to-right text, even around a Hebrew word', () => {
    const inlines = [text('the word ('), he('שלום'), text(') means peace')];
    const [line] = setParagraph(inlines, ONE_LINE);
    const open = runsFor(inlines, line, '(')[0];
    expect(open.text).toBe('(');
    expect(right(open)).toBeLessThanOrEqual(left(runsFor(inlines, line, 'שלום')) + 1e-6);
  });
});

describe('a right-to-left paragraph', () => {
  const sentence = 'דוד בן־גוריון היה ראש הממשלה הראשון של מדינת ישראל, ועמד בראש הממשלה עד 1954 ושוב בין 1955 ל־1963. ';
  const inlines = [text(sentence.repeat(3) + 'בעולם הוא ידוע בשם '), { kind: 'foreign', lang: 'en', dir: 'ltr', children: [text('David Ben-Gurion')] } as Inline, text(', וכך נכתב שמו.')];
  const style: ParagraphStyle = { ...HEBREW, measure: 200 };
  const lines = setParagraph(inlines, style);

  it('is justified to both margins, with the first-line indent at the right', () => {
    expect(lines.length).toBeGreaterThan(3);
    const first = lines[0];
    expect(rightEdge(first.runs)).toBeCloseTo(style.measure - style.indent, 1);
    expect(left(first.runs)).toBeCloseTo(0, 1);
    for (const l of lines.slice(1, -1)) {
      expect(left(l.runs)).toBeCloseTo(0, 1);
      expect(rightEdge(l.runs)).toBeCloseTo(style.measure, 1);
    }
  });

  it('has its last line ragged at the left, flush at the right', () => {
    const last = lines[lines.length - 1];
    expect(rightEdge(last.runs)).toBeCloseTo(style.measure, 1);
    expect(left(last.runs)).toBeGreaterThan(5);
    expect(last.width).toBeCloseTo(style.measure, 1);
  });

  it('reads right to left: each line begins at the right with its first word', () => {
    for (const l of lines) {
      const firstWord = runsOf(l, l.start, l.start + 1);
      expect(rightEdge(firstWord)).toBeCloseTo(rightEdge(l.runs), 1);
    }
    // Numbers and the Latin name still read left to right.
    expect(lines.flatMap((l) => l.runs).find((r) => r.text === '1954')).toBeDefined();
    const tail = inlines.slice(1);
    const [name] = setParagraph(tail, { ...style, measure: 1000 });
    expect(left(runsFor(tail, name, 'Ben-Gurion'))).toBeGreaterThan(rightEdge(runsFor(tail, name, 'David')));
    // The comma after the name follows it in reading order: at its left.
    expect(rightEdge(runsFor(tail, name, ', וכך'))).toBeLessThanOrEqual(left(runsFor(tail, name, 'David')) + 1e-6);
    expect(left(runsFor(tail, name, 'וכך'))).toBeLessThan(left(runsFor(tail, name, 'David')));
  });

  it('keeps offsets exact, runs in visual order, and no line wider than the measure', () => {
    expect(offsetProblems(inlines, lines)).toEqual([]);
    expect(visualProblems(lines)).toEqual([]);
    expect(widthProblems(lines, style.measure)).toEqual([]);
    for (const measure of [90, 140, 260]) {
      const set = setParagraph(inlines, { ...style, measure });
      expect(offsetProblems(inlines, set)).toEqual([]);
      expect(widthProblems(set, measure)).toEqual([]);
      expect(visualProblems(set)).toEqual([]);
    }
  });

  it('puts a note number after the last word in reading order: at its left', () => {
    const withNote = [text('בעולם הוא ידוע בשם הזה.'), { kind: 'noteRef', noteId: 'n1', number: 1, id: 'r1' } as Inline];
    const [l] = setParagraph(withNote, { ...HEBREW, indent: 0 });
    const note = l.runs.find((r) => r.offset < 0)!;
    expect(note.text).toBe('1');
    expect(right(note)).toBeLessThanOrEqual(left(runsFor(withNote, l, '.')) + 1e-6);
    expect(l.runs[0]).toBe(note);
  });

  it("takes 'left' as its start (the right) and 'right' as its end", () => {
    const short = [text('שלום עולם')];
    const [start] = setParagraph(short, { ...HEBREW, indent: 0, align: 'left' });
    expect(rightEdge(start.runs)).toBeCloseTo(BODY.measure, 1);
    const [end] = setParagraph(short, { ...HEBREW, indent: 0, align: 'right' });
    expect(left(end.runs)).toBeCloseTo(0, 1);
  });

  it('is also a block in Hebrew inside an English book (a foreign inline alone), by its dir or its first letter', () => {
    for (const block of [[he(sentence.repeat(2))], [he(sentence.repeat(2), undefined)]]) {
      const set = setParagraph(block, { ...BODY, measure: 200 });
      const last = set[set.length - 1];
      expect(rightEdge(last.runs)).toBeCloseTo(200, 1);
      expect(left(last.runs)).toBeGreaterThan(5);
    }
    // A paragraph that only begins with a Hebrew name stays left to right.
    const mixed = [he('בן־גוריון'), text(' was the first prime minister.')];
    const [l] = setParagraph(mixed, { ...BODY, indent: 0 });
    expect(left(l.runs)).toBeCloseTo(0, 1);
    expect(left(runsFor(mixed, l, 'was'))).toBeGreaterThan(rightEdge(runsFor(mixed, l, 'בן־גוריון')));
  });
});

describe('in the PDF (poppler reads the glyphs back in visual order, word by word)', () => {
  /** pdftotext's words with their left edges, in the order it finds them. */
  async function words(file: string): Promise<{ x0: number; x1: number; y: number; text: string }[]> {
    const { path } = await buildPdf(file);
    const xml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
    return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x0: +m[1], y: +m[2], x1: +m[3], text: m[4] }));
  }

  it('six scripts: punctuation at the right of Hebrew and Arabic names, the year in order', async () => {
    const w = await words('test/fixtures/scripts/six-scripts.md');
    const texts = w.map((x) => x.text);
    // 'was [דוד בן־גוריון]{lang=he}; Egypt’s': the semicolon is the rightmost glyph of the name's word.
    expect(texts).toContain('דוד;');
    expect(texts.some((t) => t.startsWith(';'))).toBe(false);
    // 'عبد الناصر. They': the full stop right of the Arabic.
    expect(texts.some((t) => /^[\u0600-\u06ff]+\.$/.test(t))).toBe(true);
    expect(texts.some((t) => /^\.[\u0600-\u06ff]/.test(t))).toBe(false);
    expect(texts).toContain('١٩٥٣');
    expect(texts).not.toContain('٣٥٩١');
  }, 30000);

  it('a Hebrew book: lines flush right, the last one ragged at the left', async () => {
    const w = await words('test/fixtures/bidi/hebrew-book.md');
    const name = w.find((x) => x.text.replace(/^,/, '') === 'Ben-Gurion')!; // its comma, if it has it, at its left
    const line = w.filter((x) => Math.abs(x.y - name.y) < 2);
    const margin = Math.max(...w.filter((x) => /[\u05d0-\u05ea]/.test(x.text)).map((x) => x.x1));
    // The last line of the first paragraph begins (at the right) with the Latin name…
    expect(name.x1).toBeCloseTo(margin, 0);
    expect(Math.max(...line.map((x) => x.x1))).toBe(name.x1);
    // …and ends, at the left, with the full stop and the note number, well inside the margin.
    const leftmost = line.reduce((a, b) => (b.x0 < a.x0 ? b : a));
    expect(leftmost.text.startsWith('1.')).toBe(true);
    expect(leftmost.x0).toBeGreaterThan(Math.min(...w.map((x) => x.x0)) + 20);
    expect(w.map((x) => x.text)).toContain('.1906');
  }, 30000);

  it('an Arabic book: Arabic-Indic years read left to right', async () => {
    const texts = (await words('test/fixtures/bidi/arabic-book.md')).map((x) => x.text);
    expect(texts).toContain('١٩٥٤');
    expect(texts).toContain('.١٩٧٠');
    expect(texts).not.toContain('٤٥٩١');
  }, 30000);
});
