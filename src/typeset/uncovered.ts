import type { Inline } from '../model/inline.js';
import { FALLBACK_FACES, installed, type Fonts } from '../text/fonts.js';
import type { Face } from './types.js';

/**
 * Characters that no face can draw. pdfkit would draw them as empty boxes (.notdef) without a word,
 * so the build must refuse them with a clear error instead; this finds them.
 */
export interface Uncovered {
  /** Offset (UTF-16, from 0) of the character in the block's plain text (`plainText(inlines)`). */
  offset: number;
  /** The code point, and the character itself (one or two UTF-16 units). */
  codePoint: number;
  char: string;
  /** The face the text asked for (mono for code, italic for emphasis …). */
  face: Face;
}

// Not drawn, so needing no glyph: controls, spaces, soft hyphen, zero-width and bidi controls, joiners, variation selectors, BOM.
const INVISIBLE = /[\p{Cc}\p{Zs}\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e0fff}]/u;

/**
 * Texts found with every character covered, per face, for a process that builds the same book again
 * (`build --watch`; made by build.ts's BuildSession and handed down, never a module's state): an
 * unchanged paragraph's text is not looked at character by character again. Valid for one Fonts (a
 * session's, which does not change). What a build did not ask about is forgotten when the next build
 * ends (`sweep`).
 */
export class CoveredTexts {
  private entries = new Map<Face, Set<string>>();
  private used = new Map<Face, Set<string>>();

  has(text: string, face: Face): boolean {
    if (this.used.get(face)?.has(text)) return true;
    if (!this.entries.get(face)?.has(text)) return false;
    this.add(text, face);
    return true;
  }

  add(text: string, face: Face): void {
    let set = this.used.get(face);
    if (!set) this.used.set(face, (set = new Set()));
    set.add(text);
  }

  /** Ends a build: keeps what it asked about, forgets the rest. */
  sweep(): void {
    this.entries = this.used;
    this.used = new Map();
  }
}

/** Characters of `text`, set in `face`, that no registered face has a glyph for (offsets into `text`). */
export function uncoveredInText(fonts: Fonts, text: string, face: Face, base = 0, out: Uncovered[] = [], known?: CoveredTexts): Uncovered[] {
  if (known?.has(text, face)) return out;
  const found = out.length;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const char = cp > 0xffff ? text.slice(i, i + 2) : text[i];
    if (!(cp < 0x7f ? cp < 0x20 : INVISIBLE.test(char)) && fonts.faceFor(cp, face) === null) out.push({ offset: base + i, codePoint: cp, char, face });
    if (cp > 0xffff) i++;
  }
  if (known && out.length === found) known.add(text, face);
  return out;
}

/**
 * Characters of a block's inlines that no face can draw, in order, with their offsets in
 * `plainText(inlines)`. `face` is the block's face ('bold' for headings set in bold …).
 */
export function uncoveredCharacters(fonts: Fonts, inlines: readonly Inline[], face: Face = 'regular', known?: CoveredTexts): Uncovered[] {
  const out: Uncovered[] = [];
  let offset = 0;
  const walk = (nodes: readonly Inline[], italic: boolean, bold: boolean): void => {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          uncoveredInText(fonts, node.text, faceName(face, italic, bold), offset, out, known);
          offset += node.text.length;
          break;
        case 'code':
          uncoveredInText(fonts, node.text, 'mono', offset, out, known);
          offset += node.text.length;
          break;
        case 'break':
          offset += 1;
          break;
        case 'noteRef':
        case 'image':
          break;
        case 'emph':
          walk(node.children, !italic, bold);
          break;
        case 'strong':
          walk(node.children, italic, true);
          break;
        default:
          walk(node.children, italic, bold);
      }
    }
  };
  walk(inlines, false, false);
  return out;
}

function faceName(base: Face, italic: boolean, bold: boolean): Face {
  if (base === 'mono') return 'mono';
  if (base === 'italic') italic = !italic;
  if (base === 'bold' || base === 'boldItalic') bold = true;
  if (base === 'boldItalic') italic = !italic;
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}

/** `U+0531 'Ա'` — how an error message names a character. */
export function describeCharacter(u: Pick<Uncovered, 'codePoint' | 'char'>): string {
  const hex = u.codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${u.char}'`;
}

/** A hint for the error: which scripts the fallback faces cover, and any fallback not installed. */
export function coverageHint(): string {
  const have = FALLBACK_FACES.filter((f) => installed(f.name)).map((f) => f.fallbackFor);
  const missing = FALLBACK_FACES.filter((f) => !installed(f.name)).map((f) => f.file.split('/').slice(0, 2).join('/'));
  let hint = `the book faces cover Latin, Greek and Cyrillic; fallbacks cover ${have.join(', ') || 'nothing'}`;
  if (missing.length) hint += `; not installed: ${missing.join(', ')}`;
  return hint;
}
