import { beforeAll, describe, expect, test } from 'vitest';
import { buildPdf, pageTexts, type Built } from './helpers.js';

// A chapter whose two long notes (one of three paragraphs, one a table of forty rows) run over a
// page: the body text and the notes use different words, so each line of a page is told apart.
const FIXTURE = 'test/pdf/fixtures/long-notes.md';
const BODY = new Set('trade country merchants bring goods distant markets sell them home price quantity brought demand those buy carried set by at is its on where who'.split(' '));
const NOTE = new Set('earlier edition reads otherwise figures given here taken accounts customs house which author copied some errors his own several places gloss coin weight dwt'.split(' '));

/** Each text line of a page marked 'b' (body), 'n' (note) or '' (neither or both: a running head, a folio, a short line). */
function kinds(page: string): string[] {
  return page.split('\n').filter((l) => l.trim()).map((l) => {
    const words = l.toLowerCase().match(/\p{L}+/gu) ?? [];
    const body = words.some((w) => BODY.has(w));
    const note = words.some((w) => NOTE.has(w));
    return body && !note ? 'b' : note && !body ? 'n' : '';
  });
}

describe('a note longer than half the text block', () => {
  let b: Built;
  let pages: string[];
  beforeAll(async () => {
    b = await buildPdf(FIXTURE);
    pages = pageTexts(b.path);
  }, 60_000);

  const pageOf = (s: string) => pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(s));

  for (const [name, cite, first, end] of [
    ['of three paragraphs', 'as the accounts show.', '1. Gloss.', 'End of the long gloss.'],
    ['holding a table', 'a second long note.', '3. Gloss on prices', 'End of the table gloss.'],
  ] as const) {
    test(`${name} begins at the foot of the page citing it and continues at the foot of the next pages, under their text`, () => {
      const p = pageOf(cite);
      expect(p).toBeGreaterThan(0);
      // Its first lines stand below the citing page's text, the text above them to the last line.
      expect(pageOf(first)).toBe(p);
      const here = kinds(pages[p]);
      expect(here.lastIndexOf('b')).toBeLessThan(here.indexOf('n'));
      // The rest is at the foot of the next pages: each page's text first, all of it above the note.
      const q = pageOf(end);
      expect(q).toBeGreaterThan(p);
      // The short rule over the notes where the note begins, a rule across the measure over its continuation (LaTeX's).
      const rules = (k: number) => b.layout.pages[k].items.flatMap((it) => (it.kind === 'rule' && it.thickness === 0.4 ? [Math.round(it.x2 - it.x1)] : []));
      const measure = Math.round(b.layout.geometry.measure);
      expect(rules(p)).toContain(Math.round(measure / 4));
      expect(rules(p)).not.toContain(measure);
      for (let k = p + 1; k <= q; k++) {
        const there = kinds(pages[k]);
        expect(there.indexOf('b')).toBeGreaterThanOrEqual(0);
        expect(there.lastIndexOf('b')).toBeLessThan(there.indexOf('n'));
        expect(rules(k)).toContain(measure);
      }
    });
  }

  test('a table split between two page feet repeats its header', () => {
    const q = pageOf('End of the table gloss.');
    expect(pages[q]).toMatch(/Coin\s+Price\s+Weight/);
    for (let i = 1; i <= 40; i++) expect(pages.join('\n')).toMatch(new RegExp(`Coin number ${i}\\s`));
  });

  test('each note and its reference are on the page citing it, a short note cited after it at its own foot, and no warning', () => {
    // The reference links to the note's first line, and the note back to the reference: both on one page.
    for (const note of b.book.notes) {
      const at = b.layout.pages.findIndex((pg) => pg.items.some((it) => it.kind === 'dest' && it.id === note.id));
      expect(at).toBeGreaterThan(0);
      expect(b.layout.pages[at].anchors).toContain(note.refIds[0]);
    }
    expect(pageOf('2. A short note.')).toBe(pageOf('which is noted.'));
    expect(b.layout.pageMap.pages.length).toBe(b.layout.pages.length);
    expect(b.diags.list).toEqual([]);
  });
});

describe('a long note cited at the end of a chapter', () => {
  test('ends on a page of its own before the next chapter, under the chapter’s running head and with its folio', async () => {
    const b = await buildPdf('test/pdf/fixtures/long-note-at-chapter-end.md');
    const pages = pageTexts(b.path);
    const lines = (k: number) => pages[k].split('\n').map((l) => l.trim()).filter(Boolean);
    const q = pages.findIndex((p) => p.includes('End of the long gloss.'));
    expect(q).toBeGreaterThan(0);
    // Note lines alone, the citing page before it, the next chapter after it.
    expect(kinds(pages[q])).not.toContain('b');
    expect(pages[q - 1]).toMatch(/as the accounts\s+show\.1/);
    expect(lines(q + 1)[0]).toBe('The Second Chapter');
    // A recto: the chapter's title over it (not the next chapter's, whose opening carries none), the folio after its verso's.
    expect(lines(q)[0]).toBe('The First Chapter');
    expect(lines(q).at(-1)).toBe(String(Number(lines(q - 1).at(-1)) + 1));
    expect(b.diags.list).toEqual([]);
  });
});

// Two long notes cited on one line, twice: in the first chapter's text, and in the second's last paragraph.
describe('two long notes cited on one page', () => {
  let b: Built;
  let pages: string[];
  beforeAll(async () => {
    b = await buildPdf('test/pdf/fixtures/two-long-notes.md');
    pages = pageTexts(b.path);
  }, 60_000);
  const pageOf = (s: string) => pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(s));
  const lines = (k: number) => pages[k].split('\n').map((l) => l.trim()).filter(Boolean);

  for (const [where, one, two] of [['in a chapter', 'first', 'second'], ['at a chapter’s end', 'third', 'fourth']] as const) {
    test(`${where}: the second follows the rest of the first on the next page (TeX's way), and both end at the page after, under the running heads`, () => {
      const p = pageOf(`The ${one} is cited here`);
      expect(p).toBeGreaterThan(0);
      expect(pageOf(`the ${two} here.`)).toBe(p);
      const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
      expect(pageOf(`${cap(one)} gloss.`)).toBe(p);
      // Before: the first was carried a line or two a page for six pages, the second held back behind it
      // (in a chapter), or the two ran up the page over its running head (at its end).
      expect(pageOf(`End of the ${one} gloss.`)).toBe(p + 1);
      expect(pageOf(`${cap(two)} gloss.`)).toBe(p + 1);
      expect(pageOf(`End of the ${two} gloss.`)).toBe(p + 2);
      for (let k = p; k <= p + 2; k++) {
        expect(lines(k)[0]).toMatch(/^(A\. Writer|The (First|Second) Chapter)$/);
        expect(lines(k).at(-1)).toBe(b.layout.pages[k].label);
        const there = kinds(pages[k]);
        expect(there.lastIndexOf('b')).toBeLessThan(there.indexOf('n'));
      }
    });
  }

  test('no warning', () => expect(b.diags.list).toEqual([]));
});

// Sixteen paragraphs of three lines, each citing a note of about nine: none is long, but two fill
// most of a page, and the third's note would not fit whole under its paragraph.
describe('a chapter annotated throughout, its notes shorter than half the text block', () => {
  let b: Built;
  let pages: string[];
  beforeAll(async () => {
    b = await buildPdf('test/pdf/fixtures/annotated-notes.md');
    pages = pageTexts(b.path);
  }, 60_000);
  /** White space on page k between its text's last line and the rule over its notes, in grid lines. */
  const gap = (k: number) => {
    const items = b.layout.pages[k].items;
    const rule = items.find((it) => it.kind === 'rule' && it.thickness === 0.4);
    if (!rule || rule.kind !== 'rule') return 0;
    const text = items.flatMap((it) => ((it.kind === 'line' || it.kind === 'text') && it.y < rule.y ? [it.y] : []));
    return (rule.y - Math.max(...text)) / b.layout.geometry.leading;
  };

  test('no page of the chapter but its last is left more than three lines short: a note that does not fit whole is split, as LaTeX splits it', () => {
    const after = (t: string) => pages.findIndex((p, k) => k >= b.layout.frontCount && p.includes(t));
    const first = after('A Chapter Annotated Throughout');
    const next = after('The Next Chapter');
    expect(next).toBeGreaterThan(first + 4);
    // The rule sits in the note separator, about a line below the text on a full page, and lower by
    // what the notes leave of their last grid line (up to a line): the page's grid lines tell.
    for (let k = first; k < next - 1; k++) {
      const s = b.layout.body.slices[k - b.layout.frontCount];
      expect(b.layout.geometry.lines - s.textLines - s.noteLines, `page ${k + 1}`).toBeLessThanOrEqual(3);
      expect(gap(k), `page ${k + 1}`).toBeLessThan(5);
    }
    // Before: pages a third empty, each paragraph with its whole note pushed to the next.
    const split = b.layout.body.slices.filter((s) => s.noteTo !== undefined);
    expect(split.length).toBeGreaterThan(0);
    for (let i = 1; i <= 16; i++) {
      const at = pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(`Gloss ${i}.`));
      const end = pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(`End of gloss ${i}.`));
      expect(end - at, `gloss ${i}`).toBeLessThanOrEqual(1);
    }
    expect(b.diags.list).toEqual([]);
  });
});
