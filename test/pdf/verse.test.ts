/**
 * A verse line's indent, written as pandoc's line blocks keep it (no-break spaces after the `| `), is
 * kept in the PDF: at a line's start a no-break space is a box, not glue the break would drop.
 */
import { expect, test } from 'vitest';
import { buildPdf } from './helpers.js';
import { buildEpub, unzip } from '../epub/helpers.js';

test('an indented line of a line block starts three spaces in from the lines around it', async () => {
  const { layout } = await buildPdf('test/fixtures/hazards/markdown/pandoc.md');
  const lines = layout.pages.flatMap((p) => p.items.flatMap((it) => (it.kind === 'line' ? [{ x: it.x + it.line.runs[0].x, text: it.line.runs.map((r) => r.text).join(' ') }] : [])));
  const at = (start: string) => lines.find((l) => l.text.startsWith(start))!.x;
  const indent = at('But I have') - at('The woods');
  expect(indent).toBeGreaterThan(5);
  expect(indent).toBeLessThan(15);
  expect(at('And miles')).toBeCloseTo(at('The woods'), 3);
});

test('a line block’s stanza of one line is a stanza: flush left and a blank line below the stanza before it, in both editions', async () => {
  const { layout } = await buildPdf('test/fixtures/hazards/markdown/pandoc.md');
  const lines = layout.pages.flatMap((p) => p.items.flatMap((it) => (it.kind === 'line' ? [{ x: it.x + it.line.runs[0].x, y: it.y, text: it.line.runs.map((r) => r.text).join(' ') }] : [])));
  const at = (start: string) => lines.find((l) => l.text.startsWith(start))!;
  // It was set as a paragraph of prose: indented, and straight under the stanza before it.
  expect(at('A second stanza').x).toBeCloseTo(at('The woods').x, 3);
  expect(at('A second stanza').y - at('And miles').y).toBeCloseTo(2 * layout.geometry.leading, 3);
  // The paragraph after it is prose again.
  expect(at('A paragraph').x).toBeGreaterThan(at('The woods').x + 5);
  const files = await unzip(await buildEpub('test/fixtures/hazards/markdown/pandoc.md'));
  const chapter = [...files].find(([name, v]) => name.endsWith('.xhtml') && typeof v === 'string' && v.includes('A second stanza'))![1] as string;
  expect(chapter).toMatch(/<p id="p-3" class="lines stanza">A second stanza\.<\/p>/);
});
