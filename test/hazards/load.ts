import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { parseManuscript } from '../../src/parse/manuscript.js';

/** Where the hazard fixtures live, relative to the repository (vitest runs from there). */
export const FIXTURES = 'test/fixtures/hazards';

/**
 * Loads a fixture manuscript as the build does (read, front matter, body, images) and returns the
 * book with every diagnostic in its printed form, the fixture folder left out of the path.
 */
export function load(path: string) {
  const diags = new Diagnostics();
  const book = parseManuscript(path.startsWith('/') ? path : `${FIXTURES}/${path}`, diags);
  const lines = diags.list.map((d) => formatDiagnostic(d).replace(`${FIXTURES}/`, ''));
  return { book, lines, diags, errors: diags.list.filter((d) => d.severity === 'error') };
}
