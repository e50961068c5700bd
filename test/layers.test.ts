/**
 * Layers import one way: model ← text ← load ← parse ← transform ← names, typeset ← cover ← pdf, epub,
 * output ← build ← parallel, watch, check ← cli. A module may import its own folder, a shared module (small helpers any
 * layer may use, which import only each other) and the layers below it; never a layer above it, nor
 * its neighbour on the same level (the PDF and the EPUB know nothing of each other). Shared modules
 * import only each other and the model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Each layer's rank: a module imports only from lower ranks (and its own layer). */
const RANK: Record<string, number> = {
  model: 0,
  text: 1,
  load: 2,
  parse: 3,
  transform: 4,
  names: 5,
  typeset: 5,
  // The cover is set with the typesetter's faces and drawn by both renderers.
  cover: 5.5,
  pdf: 6,
  epub: 6,
  output: 6,
  'build.ts': 7,
  'parallel.ts': 8,
  'watch.ts': 8,
  // Checks built editions with the validators; reads files, not the model.
  check: 8,
  // The build command's arguments, read by the command line and by the launcher before the bundle.
  'args.ts': 8.5,
  'cli.ts': 9,
  'launcher.ts': 10,
};
/** Shared helpers: any layer may import them; they import only each other and the model. */
const SHARED = new Set(['deflate.ts', 'deflatefile.ts', 'diagnostics.ts', 'lines.ts', 'prebuilt.ts', 'cachedir.ts', 'slug.ts', 'vendor.ts', 'words.ts', 'imprint.ts', 'types.d.ts']);
/** Not part of the program: the compiler's script and what it substitutes in the bundle. */
const TOOLING = new Set(['bundle']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** A module's layer: its folder under src/, or its file name at the top. */
function layerOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0];
}

/** The src/ modules a file imports (static and dynamic imports, type imports and re-exports alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\sfrom\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    out.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
  }
  return out;
}

/** Whether a module of layer `from` may import one of layer `to`. */
function allowed(from: string, to: string): boolean {
  if (SHARED.has(to)) return true;
  // The model imports nothing: a shared helper may read its types and functions.
  if (SHARED.has(from)) return to === 'model';
  return to === from || (RANK[to] ?? Infinity) < (RANK[from] ?? -Infinity);
}

function wrongImports(): string[] {
  const wrong: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    if (TOOLING.has(from)) continue;
    for (const target of importsOf(file)) if (!allowed(from, layerOf(target))) wrong.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
  }
  return wrong;
}

describe('layers', () => {
  it('every module under src/ belongs to a layer or is shared', () => {
    const unknown = files(SRC).map(layerOf).filter((l) => !(l in RANK) && !SHARED.has(l) && !TOOLING.has(l));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('import one way: no module imports a layer above it, its neighbour, or (shared) any layer', () => {
    expect(wrongImports()).toEqual([]);
  });

  it('tells a wrong import from a right one, and sees every kind of import', () => {
    expect([allowed('load', 'parse'), allowed('model', 'pdf'), allowed('pdf', 'epub'), allowed('vendor.ts', 'text'), allowed('text', 'typeset'), allowed('words.ts', 'load')]).toEqual([false, false, false, false, false, false]);
    expect([allowed('parse', 'load'), allowed('pdf', 'text'), allowed('build.ts', 'pdf'), allowed('model', 'vendor.ts'), allowed('epub', 'epub')]).toEqual([true, true, true, true, true]);
    const seen = importsOf(join(SRC, 'build.ts')).map((f) => relative(SRC, f));
    expect(seen).toEqual(expect.arrayContaining(['pdf/render.ts', 'model/index.ts', 'text/shaper.ts']));
  });
});
