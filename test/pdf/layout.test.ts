import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { plainText, walkBlocks, type Book } from '../../src/model/index.js';
import { contentsEntries, contentsPages } from '../../src/pdf/front.js';
import { layoutPdf, type PdfLayout } from '../../src/pdf/layout.js';
import { bookTypesetter } from '../../src/pdf/setter.js';
import { Shaper } from '../../src/text/shaper.js';
import type { Placed } from '../../src/pdf/types.js';
import { FEATURES, loadBook, SEED } from './helpers.js';

const GOLDEN = 'test/pdf/golden/seed-pagemap.json';

function laidOut(file: string, paper: 'a5' | 'a4' | 'letter' = 'a5') {
  const book = loadBook(file);
  const diags = new Diagnostics();
  const layout = layoutPdf(book, { paper }, diags);
  return { book, layout, diags };
}

/** Checks every book must pass, whatever its content. */
function typographicChecks(name: string, get: () => { book: Book; layout: PdfLayout }, maxShort: number) {
  describe(`${name}: page rules`, () => {
    test('no line is wider than the measure, except punctuation hanging into the margin', () => {
      const { layout } = get();
      const g = layout.geometry;
      // Margin protrusion (as microtype does it) lets a final stop, comma or hyphen hang out by part of its width.
      const hangsRight = /[.,;:!?’”'"\-–—)]$/;
      const hangsLeft = /^[‘“'"(]/;
      for (const [i, page] of layout.pages.entries()) {
        for (const it of page.items) {
          if (it.kind !== 'line' || it.line.runs.length === 0) continue;
          const runs = it.line.runs;
          const last = runs.reduce((a, r) => (r.x + r.width > a.x + a.width ? r : a));
          const first = runs.reduce((a, r) => (r.x < a.x ? r : a));
          const where = `page ${i + 1}: ${runs.map((r) => r.text).join(' ')}`;
          expect(it.line.overfull, where).toBe(false);
          expect(it.x + first.x, where).toBeGreaterThanOrEqual(hangsLeft.test(first.text) ? -0.6 * first.size : -0.01);
          const right = it.x + last.x + last.width;
          expect(right, where).toBeLessThanOrEqual(g.measure + (hangsRight.test(last.text) ? 0.6 * last.size : 0.01));
        }
      }
    });

    test('no widows and no orphans: a paragraph split by a page break keeps two lines on each side', () => {
      const { layout } = get();
      const { flow, slices } = layout.body;
      for (const s of slices.slice(1)) {
        const first = flow.boxes[s.from];
        if (!first.line || first.line.index === 0) continue;
        expect(first.line.index, `${first.line.blockId} at the foot of a page`).toBeGreaterThanOrEqual(2);
        expect(first.line.count - first.line.index, `${first.line.blockId} at the head of a page`).toBeGreaterThanOrEqual(2);
      }
    });

    test('a heading is never last on a page: at least two lines of text follow it there', () => {
      const { layout, book } = get();
      const headings = new Set([...walkBlocks(book.blocks)].filter((b) => b.kind === 'heading').map((b) => (b as { id: string }).id));
      const { flow, slices } = layout.body;
      for (const s of slices) {
        for (let i = s.from; i < s.to; i++) {
          if (!flow.boxes[i].anchors.some((a) => headings.has(a))) continue;
          let j = i;
          while (j + 1 < s.to && flow.boxes[j + 1].breakBefore === Infinity && !flow.boxes[j + 1].line?.index) j++; // the heading's own lines
          const after = flow.boxes.slice(j + 1, s.to).filter((b) => b.items.some((p) => p.kind === 'line' || p.kind === 'text'));
          expect(after.length, `heading ${flow.boxes[i].anchors[0]}`).toBeGreaterThanOrEqual(2);
        }
      }
    });

    test('every page is on the grid, full or only a little short, and facing pages are within one line', () => {
      const { layout } = get();
      const { flow, slices } = layout.body;
      const g = layout.geometry;
      const lines = slices.map((s) => s.textLines + s.noteLines);
      const chapterEnd = slices.map((s) => s.to === flow.boxes.length || flow.boxes[s.to].forceBreak === true);
      for (const [i, n] of lines.entries()) {
        expect(Number.isInteger(n), `page ${i + 1}: ${n} lines`).toBe(true);
        expect(n).toBeLessThanOrEqual(g.lines);
        if (!chapterEnd[i]) expect(n, `page ${i + 1}`).toBeGreaterThanOrEqual(g.lines - maxShort);
      }
      // Body page i (from 0) has folio i + 1: versos are odd i, their rectos i + 1.
      for (let v = 1; v + 1 < lines.length; v += 2) {
        if (chapterEnd[v] || chapterEnd[v + 1]) continue;
        expect(Math.abs(lines[v] - lines[v + 1]), `pages ${v + 1}–${v + 2}`).toBeLessThanOrEqual(1);
      }
    });

    test('the page map: labels, parts, and each start is a word start in a block, in reading order', () => {
      const { layout, book } = get();
      const pm = layout.pageMap;
      expect(pm.pages.length).toBe(layout.pages.length);
      const text = new Map<string, string>();
      const order = new Map<string, number>();
      for (const b of walkBlocks(book.blocks)) {
        if (b.kind === 'heading' || b.kind === 'paragraph') text.set(b.id, plainText(b.children));
        else if (b.kind === 'code') text.set(b.id, b.text);
        if ('id' in b) order.set(b.id, order.size);
      }
      let last = -1;
      let lastOffset = -1;
      for (const p of pm.pages) {
        if (!p.start) continue;
        const t = text.get(p.start.blockId);
        expect(t, p.start.blockId).toBeDefined();
        expect(p.start.offset === 0 || /\s/.test(t![p.start.offset - 1]) || /[-–—]/.test(t![p.start.offset - 1]), `${p.label}: ${p.start.blockId}@${p.start.offset}`).toBe(true);
        const o = order.get(p.start.blockId)!;
        expect(o > last || (o === last && p.start.offset > lastOffset)).toBe(true);
        last = o;
        lastOffset = p.start.offset;
      }
      const front = pm.pages.filter((p) => p.part === 'front');
      expect(front.map((p) => p.label)).toEqual(front.map((_, i) => ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii'][i]));
      expect(front.length % 2).toBe(0);
      const body = pm.pages.filter((p) => p.part !== 'front');
      expect(body.map((p) => p.label)).toEqual(body.map((_, i) => String(i + 1)));
      // Every heading and every mention has a page.
      for (const b of walkBlocks(book.blocks)) if (b.kind === 'heading') expect(pm.anchors[b.id], b.id).toBeDefined();
      for (const m of book.mentions) expect(pm.anchors[m.id], m.id).toBeDefined();
    });

    test('the layout converged in two passes, and another pass changes nothing', () => {
      const { layout, book } = get();
      expect(layout.passes).toBe(2);
      const labels = new Map<string, string>(Object.entries(layout.pageMap.anchors));
      for (const p of layout.pages) for (const it of p.items) if (it.kind === 'dest' && !labels.has(it.id)) labels.set(it.id, p.label);
      const first = book.blocks[0];
      const entries = contentsEntries(book, !(first?.kind === 'heading' && first.level === 1), book.persons.length > 0);
      const again = contentsPages(book, entries, labels, layout.geometry, layout.styles, bookTypesetter(new Shaper()), new Diagnostics());
      const printed = layout.pages.filter((p) => p.items.some((it) => it.kind === 'link' && 'dest' in it.target) && p.part === 'front');
      expect(again.length).toBe(printed.length);
      const texts = (items: Placed[]) => items.flatMap((it) => (it.kind === 'text' ? [it.text] : []));
      again.forEach((p, i) => expect(texts(p.page.items)).toEqual(texts(printed[i].items)));
    });
  });
}

describe('the seed', () => {
  let seed: ReturnType<typeof laidOut>;
  beforeAll(() => {
    seed = laidOut(SEED);
  });
  typographicChecks('seed', () => seed, 2);

  test('no warnings', () => {
    expect(seed.diags.list).toEqual([]);
  });

  test('the page map matches the golden file (checked by eye against the PDF)', () => {
    const actual = JSON.stringify(seed.layout.pageMap, null, 1) + '\n';
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) {
      mkdirSync('test/pdf/golden', { recursive: true });
      writeFileSync(GOLDEN, actual);
    }
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  test('A4 and letter lay out as well', () => {
    for (const paper of ['a4', 'letter'] as const) {
      const { layout, diags } = laidOut(SEED, paper);
      expect(diags.list).toEqual([]);
      expect(layout.pages.length).toBeLessThan(seed.layout.pages.length);
      expect(layout.geometry.measure).toBeLessThanOrEqual(30 * layout.geometry.size);
    }
  });
});

describe('a book with chapters, notes, quotations, lists, code and a figure', () => {
  let f: ReturnType<typeof laidOut>;
  beforeAll(() => {
    f = laidOut(FEATURES);
  });
  typographicChecks('features', () => f, 3);

  test('each footnote is printed on the page of its reference', () => {
    for (const note of f.book.notes) {
      const refPage = f.layout.pageMap.anchors[note.refIds[0]];
      const notePage = f.layout.pages.find((p) => p.items.some((it) => it.kind === 'dest' && it.id === note.id));
      expect(notePage?.label, note.id).toBe(refPage);
    }
  });

  test('chapters open on a new page without a running head; other text pages have one', () => {
    for (const b of f.book.blocks) {
      if (b.kind !== 'heading' || b.level !== 1) continue;
      const page = f.layout.pages.find((p) => p.anchors.includes(b.id))!;
      expect(page.runningHead).toBeUndefined();
      expect(page.items.find((it) => it.kind === 'dest' && it.id === b.id)!.y).toBeGreaterThan(f.layout.geometry.leading * 3);
    }
    const body = f.layout.pages.filter((p) => p.part === 'body' && !p.items.some((it) => it.kind === 'dest' && f.book.toc.some((e) => e.id === it.id && e.level === 1)));
    for (const p of body) expect(p.runningHead, p.label).toBeTruthy();
  });

  test('the figure is drawn, scaled into the measure', () => {
    const img = f.layout.pages.flatMap((p) => p.items).find((it) => it.kind === 'image');
    expect(img).toBeDefined();
    if (img?.kind === 'image') {
      expect(img.width).toBeLessThanOrEqual(f.layout.geometry.measure);
      expect(img.height / img.width).toBeCloseTo(150 / 240, 3);
    }
  });
});
