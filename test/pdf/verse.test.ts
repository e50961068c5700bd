/**
 * A verse line's indent, written as pandoc's line blocks keep it (no-break spaces after the `| `), is
 * kept in the PDF: at a line's start a no-break space is a box, not glue the break would drop.
 */
import { expect, test } from 'vitest';
import { buildPdf } from './helpers.js';

test('an indented line of a line block starts three spaces in from the lines around it', async () => {
  const { layout } = await buildPdf('test/fixtures/hazards/markdown/pandoc.md');
  const lines = layout.pages.flatMap((p) => p.items.flatMap((it) => (it.kind === 'line' ? [{ x: it.x + it.line.runs[0].x, text: it.line.runs.map((r) => r.text).join(' ') }] : [])));
  const at = (start: string) => lines.find((l) => l.text.startsWith(start))!.x;
  const indent = at('But I have') - at('The woods');
  expect(indent).toBeGreaterThan(5);
  expect(indent).toBeLessThan(15);
  expect(at('And miles')).toBeCloseTo(at('The woods'), 3);
});
