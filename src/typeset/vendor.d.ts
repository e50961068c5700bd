// Minimal types for the untyped packages the setter uses (only what src/typeset/ calls).

declare module 'fontkit' {
  export interface Glyph {
    id: number;
    name: string;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    advanceWidth: number;
    direction: 'ltr' | 'rtl';
  }
  export interface Font {
    postscriptName: string;
    familyName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    availableFeatures: string[];
    characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: string[] | Record<string, boolean>, script?: string, language?: string, direction?: string): GlyphRun;
  }
  export function openSync(path: string, postscriptName?: string): Font;
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}

declare module 'hypher' {
  interface Language {
    patterns: Record<number, string>;
    leftmin: number;
    rightmin: number;
    exceptions?: string;
  }
  class Hypher {
    constructor(language: Language);
    leftMin: number;
    rightMin: number;
    /** Nodes by character code; `_points` holds a pattern's levels. */
    trie: Record<string, unknown>;
    /** The word split at its hyphenation points. */
    hyphenate(word: string): string[];
  }
  export default Hypher;
}

declare module 'hyphenation.*' {
  const language: { patterns: Record<number, string>; leftmin: number; rightmin: number; id: string | string[] };
  export default language;
}

declare module 'svg-to-pdfkit' {
  /** Draws an SVG (text or parsed) into a pdfkit document at x, y; see src/pdf/svg.ts for the options used. */
  export default function SVGtoPDF(doc: unknown, svg: string, x: number, y: number, options?: Record<string, unknown>): void;
}
