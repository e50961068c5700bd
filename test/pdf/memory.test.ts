import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { layoutPdf } from '../../src/pdf/layout.js';
import { PackedLine, StyleTable } from '../../src/pdf/packedline.js';
import { renderPdf, writePdf } from '../../src/pdf/render.js';
import { Shaper } from '../../src/text/shaper.js';
import { setParagraph as set } from '../../src/typeset/index.js';
import { DATE, FEATURES, loadBook } from './helpers.js';

const shaper = new Shaper();
const setParagraph: (...a: [Parameters<typeof set>[0], Parameters<typeof set>[1]]) => ReturnType<typeof set> = (inlines, style) => set(inlines, style, shaper);

describe('packed lines (how the layout keeps set lines until they are drawn)', () => {
  test('give back every run as the setter made it: text, face, size, features, position, width, scale, offset, link, anchors', () => {
    const styles = new StyleTable();
    const lines = setParagraph(
      [
        { kind: 'text', text: 'A paragraph with ' },
        { kind: 'emph', children: [{ kind: 'text', text: 'italic words' }] },
        { kind: 'text', text: ', a ' },
        { kind: 'link', href: 'https://example.org/', children: [{ kind: 'text', text: 'link somewhere' }] },
        { kind: 'text', text: ' and a name, ' },
        { kind: 'mention', id: 'm-1', personId: 'p', children: [{ kind: 'text', text: 'Stalin' }] },
        { kind: 'text', text: ', long enough to be justified over several lines of the measure given here.' },
      ],
      { measure: 160, indent: 12, face: 'regular', size: 10, align: 'justify', lang: 'en', hyphenate: true },
    );
    expect(lines.length).toBeGreaterThan(2);
    const all = lines.flatMap((l) => l.runs);
    expect(all.some((r) => r.anchors?.includes('m-1')) && all.some((r) => r.href) && all.some((r) => r.face === 'italic')).toBe(true);
    for (const line of lines) {
      expect(PackedLine.fits(line)).toBe(true);
      const packed = PackedLine.pack(line, styles);
      expect(packed.runs).toEqual(line.runs);
      const { runs: _, ...rest } = line;
      expect({ width: packed.width, start: packed.start, hyphenated: packed.hyphenated, ratio: packed.ratio, overfull: packed.overfull, ...(packed.hang ? { hang: packed.hang } : {}) }).toEqual(rest);
    }
  });

  test('share one style object per face, size, features and link across paragraphs', () => {
    const styles = new StyleTable();
    const style = { measure: 200, indent: 0, face: 'regular', size: 10, align: 'justify', lang: 'en', hyphenate: true } as const;
    const a = PackedLine.pack(setParagraph([{ kind: 'text', text: 'One paragraph.' }], style)[0], styles);
    const b = PackedLine.pack(setParagraph([{ kind: 'text', text: 'Another one.' }], style)[0], styles);
    expect(a.styles[0]).toBe(b.styles[0]);
  });
});

describe('writePdf', () => {
  test('streams the same bytes as renderPdf, and drops each page’s items once drawn', async () => {
    const book = loadBook(FEATURES);
    const bytes = await renderPdf(book, layoutPdf(book, { paper: 'a5' }, new Diagnostics()), { date: DATE });
    const layout = layoutPdf(book, { paper: 'a5' }, new Diagnostics());
    const pieces: Uint8Array[] = [];
    await writePdf(book, layout, { date: DATE, write: (b) => pieces.push(Buffer.from(b)), shaper: new Shaper() });
    expect(Buffer.concat(pieces).equals(Buffer.from(bytes))).toBe(true);
    expect(layout.pages.every((p) => p.items.length === 0)).toBe(true);
    expect(layout.body.flow.boxes).toEqual([]);
    // What the EPUB and the build result still read is intact.
    expect(layout.pageMap.pages.length).toBe(layout.pages.length);
  }, 60_000);
});
