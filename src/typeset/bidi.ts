import bidiJs, { type Bidi, type EmbeddingLevels } from 'bidi-js';
import { type Inline, plainText } from '../model/inline.js';
import { languageDirection } from '../model/direction.js';

/**
 * The Unicode Bidirectional Algorithm (UAX #9, by bidi-js) for one paragraph: embedding levels are
 * resolved once over the whole paragraph, in logical order; each line is reordered after line
 * breaking (`visualOrder`). A paragraph that is left to right and holds nothing right to left
 * gets no analysis at all (`analyseBidi` returns null), so Latin text costs one regex test per text node.
 */

// bidi-js is CommonJS whose module.exports is the factory; its types declare an ES default export.
const bidiFactory = (typeof bidiJs === 'function' ? bidiJs : (bidiJs as { default: unknown }).default) as () => Bidi;
const bidi = bidiFactory();

/** Characters that can make anything run right to left: Hebrew, Arabic and the other RTL blocks (BMP and astral), RLM/RLE/RLO/RLI. */
const RTL_TRIGGER = /[\u0590-\u08ff\u200f\u202b\u202e\u2067\ufb1d-\ufdff\ufe70-\ufefe]|[\ud802\ud803\ud83a\ud83b][\udc00-\udfff]/;

const LRI = '\u2066';
const RLI = '\u2067';
const FSI = '\u2068';
const PDI = '\u2069';

/** A paragraph's resolved embedding levels, and where each plain-text character sits in the analysed string. */
export interface BidiText {
  /** What the levels index: the plain text with note numbers and isolate controls (around `foreign` inlines) inserted. */
  text: string;
  levels: EmbeddingLevels;
  /** The paragraph's base level: 1 right to left, 0 left to right. */
  base: number;
  /** Index in `text` of each plain-text offset (from 0; one entry past the end too). */
  at: Int32Array;
  /** Index in `text` of the first digit of each note number, by the plain-text offset it is inserted at. */
  notes: Map<number, number>;
}

/**
 * Analyse a paragraph, or return null when it needs no bidi work: left-to-right base direction and
 * no right-to-left character or inline. Base direction: for a paragraph that is a single `foreign`
 * inline (a block in another language), that inline's `dir`, or its first strong character (UAX #9
 * P2–P3); otherwise the direction of the book's language (`lang`: he, ar, fa, ur, yi… right to left).
 */
export function analyseBidi(inlines: readonly Inline[], lang: string): BidiText | null {
  const rtlBook = languageDirection(lang) === 'rtl';
  if (!rtlBook && !needsBidi(inlines)) return null;
  const sole = soleForeign(inlines);
  const dir = sole ? (sole.dir ?? firstStrong(plainText(sole.children))) : rtlBook ? 'rtl' : 'ltr';
  let text = '';
  const at: number[] = [];
  const notes = new Map<number, number>();
  const walk = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
        case 'code':
          for (let i = 0; i < n.text.length; i++) at.push(text.length + i);
          text += n.text;
          break;
        case 'break':
          at.push(text.length);
          text += '\n'; // a paragraph separator for UAX #9 too: levels restart after it
          break;
        case 'noteRef':
          if (!notes.has(at.length)) notes.set(at.length, text.length);
          text += String(n.number);
          break;
        case 'image':
          break;
        case 'foreign':
          // Text in another language is an isolate: its direction does not leak into the words around it.
          text += n.dir === 'rtl' ? RLI : n.dir === 'ltr' ? LRI : FSI;
          walk(n.children);
          text += PDI;
          break;
        default:
          walk(n.children);
      }
    }
  };
  walk(inlines);
  at.push(text.length);
  return { text, levels: bidi.getEmbeddingLevels(text, dir), base: dir === 'rtl' ? 1 : 0, at: Int32Array.from(at), notes };
}

/** Direction of a text's first strong character (UAX #9 P2–P3): left to right if it has none. */
function firstStrong(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    const t = bidi.getBidiCharTypeName(ch);
    if (t === 'R' || t === 'AL') return 'rtl';
    if (t === 'L') return 'ltr';
  }
  return 'ltr';
}

/** Whether any text or inline of the paragraph can run right to left. */
function needsBidi(nodes: readonly Inline[]): boolean {
  for (const n of nodes) {
    if (n.kind === 'text' || n.kind === 'code') {
      if (RTL_TRIGGER.test(n.text)) return true;
    } else if (n.kind === 'foreign' && n.dir === 'rtl') return true;
    else if ('children' in n && needsBidi(n.children)) return true;
  }
  return false;
}

/** The paragraph's only content, if that is one `foreign` inline (possibly inside emphasis or a link): a block in another language. */
function soleForeign(nodes: readonly Inline[]): Extract<Inline, { kind: 'foreign' }> | undefined {
  const content = nodes.filter((n) => !(n.kind === 'noteRef' || n.kind === 'image' || (n.kind === 'text' && !n.text.trim())));
  if (content.length !== 1) return undefined;
  const only = content[0];
  if (only.kind === 'foreign') return only;
  return only.kind === 'emph' || only.kind === 'strong' || only.kind === 'smallcaps' || only.kind === 'sup' || only.kind === 'sub' || only.kind === 'link' || only.kind === 'mention' ? soleForeign(only.children) : undefined;
}

/**
 * Visual order of a line's pieces. Each piece is a contiguous range `[lo, hi]` of `b.text` at one
 * embedding level (hi < lo for something with no character of its own, such as the indent: it keeps
 * its place at the line's start). Returns the piece indexes from left to right (UAX #9 L1–L2, by
 * bidi-js over the line's characters).
 */
export function visualOrder(b: BidiText, lo: readonly number[], hi: readonly number[]): number[] {
  let start = Infinity;
  let end = -1;
  for (let k = 0; k < lo.length; k++) {
    if (hi[k] < lo[k]) continue;
    start = Math.min(start, lo[k]);
    end = Math.max(end, hi[k]);
  }
  const order = lo.map((_, k) => k);
  if (end < 0) return order;
  // pos[i - start]: visual position of character i in the line.
  const vis = new Int32Array(end - start + 1).map((_, i) => i + start);
  for (const [s, e] of bidi.getReorderSegments(b.text, b.levels, start, end)) vis.subarray(s - start, e - start + 1).reverse();
  const pos = new Int32Array(vis.length);
  vis.forEach((i, v) => (pos[i - start] = v));
  const rtl = b.base & 1;
  const key = lo.map((l, k) => (hi[k] < l ? (rtl ? Infinity : -Infinity) : Math.min(pos[l - start], pos[hi[k] - start])));
  return order.sort((p, q) => key[p] - key[q] || p - q);
}

/** Mirrored forms (brackets, «», ≤ …) for the characters of a line that sit at right-to-left levels (UAX #9 L4), by index in `b.text`. */
export function mirroredCharacters(b: BidiText, start: number, end: number): Map<number, string> {
  return bidi.getMirroredCharactersMap(b.text, b.levels.levels, start, end);
}

/** Scripts fontkit shapes right to left (its own list): it reverses the glyphs of a run whose first letter is in one of them. */
const FONTKIT_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Cypriot}\p{Script=Kharoshthi}\p{Script=Phoenician}\p{Script=Nko}\p{Script=Lydian}\p{Script=Avestan}\p{Script=Imperial_Aramaic}\p{Script=Inscriptional_Pahlavi}\p{Script=Inscriptional_Parthian}\p{Script=Old_South_Arabian}\p{Script=Old_Turkic}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Meroitic_Cursive}\p{Script=Meroitic_Hieroglyphs}\p{Script=Manichaean}\p{Script=Mende_Kikakui}\p{Script=Nabataean}\p{Script=Old_North_Arabian}\p{Script=Palmyrene}\p{Script=Psalter_Pahlavi}]/u;
const SCRIPTED = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;

/**
 * Whether fontkit (so pdfkit too) lays `text` out right to left: it picks the script of the first
 * character that has one and reverses the glyphs for a right-to-left script. Arabic-Indic digits
 * are Arabic script, so a run of them alone would come out reversed; a run of punctuation has no
 * script and is never reversed.
 */
export function fontkitRtl(text: string): boolean {
  const m = SCRIPTED.exec(text);
  return m !== null && FONTKIT_RTL.test(m[0]);
}
