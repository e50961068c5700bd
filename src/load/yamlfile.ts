import { isScalar, LineCounter, parseAllDocuments, parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/**
 * A YAML file samizdat reads as one document (a packet file, a names registry), with the line counter
 * its positions come from. One written as front matter is, between two `---` lines, is a document and
 * an empty one after it: the first is read. A second document with anything in it stays an error
 * (`MULTIPLE_DOCS`, see `secondDocument`).
 */
export function parseYamlFile(source: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(source, { ...options, lineCounter: lines, prettyErrors: false });
  if (!doc.errors.some((e) => e.code === 'MULTIPLE_DOCS')) return { doc, lines };
  const again = new LineCounter();
  const all = parseAllDocuments(source, { ...options, lineCounter: again, prettyErrors: false });
  const empty = (d: Document.Parsed) => (d.contents === null || (isScalar(d.contents) && d.contents.value === null)) && d.errors.length === 0;
  if (Array.isArray(all) && all.slice(1).every(empty)) return { doc: all[0], lines: again };
  return { doc, lines };
}

/** What to say of a second document: where it starts, that the file is one, and what to do. */
export function secondDocument(what: string, items: string): { message: string; hint: string } {
  return { message: `a second YAML document starts here, after the line ---: ${what} is one`, hint: `delete this line and what follows it, or move its ${items} above it` };
}
