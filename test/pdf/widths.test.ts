/**
 * A figure's width as the editor asks for it, pandoc's `{width=50%}` or `{width=5cm}` after the image:
 * that share of the measure, or that length, in the PDF (never wider than the measure), and the same
 * in the EPUB's markup. The attribute was dropped and the figure set at its own size.
 */
import { expect, test } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { buildEpub, text, unzip } from '../epub/helpers.js';
import { buildPdf } from './helpers.js';

const FIXTURE = 'test/fixtures/widths/widths.md';

test('the PDF sets each figure as wide as asked, the height in proportion, never wider than the measure', async () => {
  const built = await buildPdf(FIXTURE);
  const images = built.layout.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'image' ? [i] : [])));
  expect(images).toHaveLength(5);
  const measure = built.layout.geometry.measure;
  const [own, half, cm, unread, wide] = images;
  expect(half.width).toBeCloseTo(measure / 2, 3);
  expect(cm.width).toBeCloseTo((5 / 2.54) * 72, 3);
  expect(unread.width).toBeCloseTo(own.width, 3);
  expect(wide.width).toBeCloseTo(measure, 3);
  for (const i of images) expect(i.height / i.width).toBeCloseTo(own.height / own.width, 3);
  const diags = new Diagnostics();
  prepareBook(FIXTURE, diags);
  expect(diags.list.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['21:1 image-width']);
});

test('the EPUB gives the width asked for to the image', async () => {
  const files = await unzip(await buildEpub(FIXTURE));
  const xhtml = [...files.keys()].filter((n) => n.endsWith('.xhtml')).map((n) => text(files, n)).join('\n');
  const styles = [...xhtml.replace(/<img [^>]*alt="Cover:[^>]*>/, '').matchAll(/<img [^>]*alt="([^"]+)"[^>]*?(?: style="([^"]*)")?\/>/g)].map((m) => [m[1], m[2]]);
  expect(styles).toEqual([['At its own size', undefined], ['Half the width', 'width: 50%'], ['Five centimetres', 'width: 141.73pt'], ['A wide one', undefined], ['Too wide', 'width: 2880pt']]);
});

test('an SVG is set at the size its file gives, in CSS pixels of 96 an inch: width="3in" prints three inches wide', async () => {
  const built = await buildPdf('test/fixtures/widths/svgsize.md');
  const drawn = built.layout.pages.flatMap((p) => p.items.filter((i) => i.kind === 'image'));
  const figure = drawn.find((i) => 'width' in i && (i as { width: number }).width > 100) as { width: number; height: number } | undefined;
  expect(figure?.width).toBeCloseTo(216, 3);
  expect(figure?.height).toBeCloseTo(72, 3);
});
