import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/diagnostics.js';
import { layoutPdf } from '../../src/pdf/layout.js';
import { loadBook } from './helpers.js';

// Keats's sonnet (14 lines in one stanza) under a headnote that leaves its page room for ten of its
// lines, and Baudelaire's 'L'Albatros' (four quatrains) on an opening page that holds three.
describe('poems across a page turn', () => {
  const book = loadBook('test/pdf/fixtures/poems.md');
  const { body } = layoutPdf(book, { paper: 'a5' }, new Diagnostics());
  /** The text of each page's lines, page by page (the runs' words, without the spaces between them). */
  const pages = body.slices.map((s) =>
    body.flow.boxes.slice(s.from, s.to).flatMap((b) => b.items.flatMap((it) => (it.kind === 'line' && b.line ? [it.line.runs.map((r) => r.text).join('')] : []))),
  );
  const pageOf = (start: string) => pages.findIndex((p) => p.some((l) => l.replace(/\s/g, '').startsWith(start.replace(/\s/g, ''))));

  test('a sonnet that must be split is split where its sense pauses, at its turn, not in mid-sentence', () => {
    // It was split 10/4 after 'When a new planet swims into his ken;', the sestet's simile cut in two.
    const first = pageOf('Much have I');
    expect(pageOf('Till I heard Chapman'), 'the octave').toBe(first);
    expect(pageOf('Then felt I like'), 'the sestet').toBe(first + 1);
    expect(pageOf('Silent, upon a peak'), 'the sestet').toBe(first + 1);
  });

  test('a short poem is not split so as to leave its last stanza alone on a page', () => {
    // It was split 12/4, the last quatrain alone on the chapter's last page; now two quatrains and two.
    const first = pageOf('Souvent, pour');
    expect(pageOf('Le Poète est semblable')).toBe(first + 1);
    expect(pageOf('Ce voyageur ailé'), 'the third stanza goes over with the fourth').toBe(first + 1);
    expect(pageOf('Comme des avirons'), 'the second stanza stays with the first').toBe(first);
  });
});
