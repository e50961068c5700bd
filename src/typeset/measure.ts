import { faceFont } from '../text/fonts.js';
import type { Face } from './types.js';

/**
 * Text widths from fontkit's shaping (`font.layout(text, features)`), the same call pdfkit makes when
 * it draws a string with `features` set, so a measured width is the drawn width. Widths are cached in
 * font units per (face, features, text) and scaled by the size, so a word is shaped once per process.
 */
const cache = new Map<string, Map<string, number>>();

function table(face: Face, features: readonly string[]): Map<string, number> {
  const key = face + '|' + features.join(',');
  let t = cache.get(key);
  if (!t) {
    t = new Map();
    cache.set(key, t);
  }
  return t;
}

const ems = new Map<Face, number>();
function unitsPerEm(face: Face): number {
  let u = ems.get(face);
  if (u === undefined) ems.set(face, (u = faceFont(face).unitsPerEm));
  return u;
}

/** Advance width in font units per em of 1000 (what pdfkit calls unscaled width). */
function unitsWidth(t: Map<string, number>, face: Face, features: readonly string[], text: string): number {
  let w = t.get(text);
  if (w === undefined) {
    const font = faceFont(face);
    w = (font.layout(text, features as string[]).advanceWidth * 1000) / unitsPerEm(face);
    t.set(text, w);
  }
  return w;
}

/** Width in points of `text` set in `face` at `size` pt with the OpenType `features` (kerning and ligatures included). */
export function measure(text: string, face: Face, size: number, features: readonly string[]): number {
  if (text === '') return 0;
  return (unitsWidth(table(face, features), face, features, text) * size) / 1000;
}

/**
 * A measurer bound to one style, for hot loops: avoids rebuilding the cache key per word.
 * Returns the width in points.
 */
export function measurer(face: Face, size: number, features: readonly string[]): (text: string) => number {
  const t = table(face, features);
  const k = size / 1000;
  return (text) => (text === '' ? 0 : unitsWidth(t, face, features, text) * k);
}

/** Number of cached widths, for tests and the benchmark. */
export function measureCacheSize(): number {
  let n = 0;
  for (const t of cache.values()) n += t.size;
  return n;
}

/** Characters of the strings whose widths are cached, for tests: what the cache holds grows with the text, not faster. */
export function measureCacheChars(): number {
  let n = 0;
  for (const t of cache.values()) for (const k of t.keys()) n += k.length;
  return n;
}
