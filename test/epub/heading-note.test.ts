/**
 * A section whose heading cites a note (a part's or a canto's title with the editor's note on it) is
 * named by its title alone: named by its heading (aria-labelledby), it took the note's number as well,
 * 'Inferno1', which a screen reader reads out as the section's name.
 */
import { expect, test } from 'vitest';
import { buildEpub, unzip } from './helpers.js';

test('a part or chapter whose heading cites a note is named by its title without the note’s number', async () => {
  const files = await unzip(await buildEpub('test/fixtures/notes/heading-note.md'));
  const opening = (name: string) => /<section[^>]*>/.exec(files.get(`OEBPS/${name}`) as string)![0];
  expect(opening('chapter-01.xhtml')).toContain('aria-label="Inferno"');
  expect(opening('chapter-01.xhtml')).not.toContain('aria-labelledby');
  expect(opening('chapter-02.xhtml')).toContain('aria-label="Canto I"');
  // A heading without a note still names its section.
  expect(opening('chapter-03.xhtml')).toMatch(/aria-labelledby="canto-ii"/);
  // The heading itself keeps its note reference.
  expect(files.get('OEBPS/chapter-01.xhtml')).toMatch(/<h1 id="inferno">Inferno<a epub:type="noteref"/);
});
