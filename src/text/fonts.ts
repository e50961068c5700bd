import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/** A font face known to the registry below; pdfkit and the measurer load the same file for each. */
export type Face = 'regular' | 'italic' | 'bold' | 'boldItalic' | 'mono' | (string & {});

/**
 * The face registry: every face the setter measures with and pdfkit draws with, each one font file
 * from an npm package in node_modules (nothing is read from outside the project). The page builder
 * registers each face it uses with `doc.registerFont(face, facePath(face))` so that the measured
 * widths and the drawn glyphs come from the same file.
 */
export interface FaceInfo {
  /** The face name used in `Run.face` and as pdfkit's registered font name. */
  name: Face;
  /** Package-relative path of the font file (TTF/OTF/WOFF; never WOFF2, which pdfkit cannot embed). */
  file: string;
  /** Script(s) the face is a fallback for, for messages; undefined for the book faces. */
  fallbackFor?: string;
}

const GARAMOND = '@expo-google-fonts/eb-garamond';
// IBM Plex Mono's TTF and WOFF crash fontkit on the space glyph; Source Code Pro (Adobe) works and covers Greek and Cyrillic.
const MONO = '@expo-google-fonts/source-code-pro';

/** The book faces, in the order a paragraph style may name them. */
export const BOOK_FACES: readonly FaceInfo[] = [
  { name: 'regular', file: `${GARAMOND}/400Regular/EBGaramond_400Regular.ttf` },
  { name: 'italic', file: `${GARAMOND}/400Regular_Italic/EBGaramond_400Regular_Italic.ttf` },
  { name: 'bold', file: `${GARAMOND}/600SemiBold/EBGaramond_600SemiBold.ttf` },
  { name: 'boldItalic', file: `${GARAMOND}/600SemiBold_Italic/EBGaramond_600SemiBold_Italic.ttf` },
  { name: 'mono', file: `${MONO}/400Regular/SourceCodePro_400Regular.ttf` },
];

/**
 * Faces tried, in order, for a character the chosen book face has no glyph for (see `faceFor`).
 * EB Garamond itself covers Latin, Greek and Cyrillic (in all four faces). One weight each: a name
 * in Georgian inside bold text is drawn in the regular Georgian face. WOFF files are fine for
 * pdfkit; WOFF2 is not.
 */
export const FALLBACK_FACES: readonly FaceInfo[] = [
  { name: 'georgian', file: '@fontsource/noto-serif-georgian/files/noto-serif-georgian-georgian-400-normal.woff', fallbackFor: 'Georgian' },
  { name: 'hebrew', file: '@fontsource/noto-serif-hebrew/files/noto-serif-hebrew-hebrew-400-normal.woff', fallbackFor: 'Hebrew' },
  { name: 'arabic', file: '@expo-google-fonts/amiri/400Regular/Amiri_400Regular.ttf', fallbackFor: 'Arabic' },
  // 15 MB, loaded only when a text has a character no other face has.
  { name: 'cjk', file: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', fallbackFor: 'Chinese, Japanese kana' },
  // Last, so that nothing another face drew moves: what none of them has of mathematics (⋮ ∓ ⊕ ⟨ ⟩) and
  // of symbols and dingbats (✗ ♔ ⚠), which tables and verse use. Their sans glyphs sit well beside a serif.
  { name: 'math', file: '@fontsource/noto-sans-math/files/noto-sans-math-latin-400-normal.woff', fallbackFor: 'mathematical symbols' },
  { name: 'symbols', file: '@fontsource/noto-sans-symbols-2/files/noto-sans-symbols-2-symbols-400-normal.woff', fallbackFor: 'symbols and dingbats' },
];

const ALL = new Map<string, FaceInfo>([...BOOK_FACES, ...FALLBACK_FACES].map((f) => [f.name, f]));
const require = createRequire(import.meta.url);

function info(face: Face): FaceInfo {
  const f = ALL.get(face);
  if (!f) throw new Error(`unknown face '${face}' (known: ${[...ALL.keys()].join(', ')})`);
  return f;
}

/** Every face name known to the registry, book faces first. */
export function allFaces(): Face[] {
  return [...ALL.keys()];
}

/** Absolute path of the face's font file, resolved in node_modules. */
export function facePath(face: Face): string {
  return require.resolve(info(face).file);
}

/** Registry entry of a face (file, what it is a fallback for). */
export function faceInfo(face: Face): FaceInfo {
  return info(face);
}

/** Whether the face's package is installed (a fallback whose package was removed is skipped). */
export function installed(face: Face): boolean {
  try {
    facePath(face);
    return true;
  } catch {
    return false;
  }
}

/**
 * The faces as one build reads them: each font file parsed on first use, and which face draws each
 * character. Made by the build (its Shaper holds one, see shaper.ts) and handed down, never a
 * module's state; a parsed font is never changed (a Shaper shapes with a view of it, see vendor.ts
 * `layoutView`).
 */
export class Fonts {
  private readonly parsed = new Map<Face, fontkit.Font>();
  private readonly coverage = new Map<Face, Map<number, Face | null>>();
  private readonly chains = new Map<Face, Face[]>();

  /**
   * Every face's font file, for the up-to-date check (src/output/manifest.ts): the package path, where
   * it resolves (null: its package is not installed, which decides whether a fallback is tried) and
   * whether these fonts opened it (its bytes may be in what was built).
   */
  files(): { spec: string; path: string | null; opened: boolean }[] {
    return [...ALL.values()].map((f) => ({ spec: f.file, path: installed(f.name) ? facePath(f.name) : null, opened: this.parsed.has(f.name) }));
  }

  /** The parsed font, loaded on first use. */
  font(face: Face): fontkit.Font {
    let f = this.parsed.get(face);
    if (!f) {
      f = fontkit.openSync(facePath(face));
      this.parsed.set(face, f);
    }
    return f;
  }

  /**
   * The face that draws code point `cp` in text set in `face` (a vulgar fraction it can compose counts
   * as its own, see `composesFraction`): the face itself if it has the glyph, else
   * the regular book face, else the first fallback that has it; null if no face has it (see uncovered.ts).
   */
  faceFor(cp: number, face: Face): Face | null {
    let m = this.coverage.get(face);
    if (!m) this.coverage.set(face, (m = new Map()));
    let f = m.get(cp);
    if (f === undefined) {
      f = null;
      for (const candidate of this.chain(face)) {
        if (this.font(candidate).hasGlyphForCodePoint(cp) || composesFraction(this.font(candidate), cp)) {
          f = candidate;
          break;
        }
      }
      m.set(cp, f);
    }
    return f;
  }

  private chain(face: Face): Face[] {
    let c = this.chains.get(face);
    if (!c) {
      c = [face];
      if (face !== 'regular') c.push('regular');
      for (const f of FALLBACK_FACES) if (installed(f.name)) c.push(f.name);
      this.chains.set(face, c);
    }
    return c;
  }
}

/** Vulgar fractions: ¼ ½ ¾ and U+2150–215F, U+2189. */
export const FRACTION = /[\u00bc-\u00be\u2150-\u215f\u2189]/;

/**
 * Whether `font` sets vulgar fraction `cp` from its parts although it lacks the precomposed glyph:
 * EB Garamond has ½ ⅓ ⅛ but not ⅕ ⅙ ⅘ ⅚ ⅑, which accounts (*The Wealth of Nations*) use as often;
 * its 'frac' feature turns “4⁄5” (the fraction's compatibility decomposition) into a numerator, the
 * fraction slash and a denominator. The Shaper sets them so (shaper.ts).
 */
export function composesFraction(font: fontkit.Font, cp: number): boolean {
  const c = String.fromCodePoint(cp);
  if (!FRACTION.test(c) || font.hasGlyphForCodePoint(cp) || !font.availableFeatures.includes('frac')) return false;
  for (const part of c.normalize('NFKD')) if (!font.hasGlyphForCodePoint(part.codePointAt(0)!)) return false;
  return true;
}
