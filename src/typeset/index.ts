/**
 * The paragraph setter's public API (see types.ts for the contract with the page builder).
 *
 *   setParagraph(inlines, style, shaper, words) → Line[]   lines of positioned runs, Knuth–Plass over the paragraph
 *   shaper.measure(text, face, size, features)      width in points, as the PDF draws it (src/text/shaper.ts)
 *   uncoveredCharacters(fonts, inlines, face)       characters no face can draw: report them as errors
 */
export type { Face, Line, ParagraphStyle, Run } from './types.js';
export { allFaces, BOOK_FACES, faceInfo, facePath, FALLBACK_FACES, Fonts } from '../text/fonts.js';
export { Shaper } from '../text/shaper.js';
export { canHyphenate, capitalIsCommon, hyphenationPoints, lowerCaseWords } from './hyphenate.js';
export { baseFeatures, WordMemo } from './boxes.js';
export { setParagraph } from './setParagraph.js';
export { coverageHint, describeCharacter, type Uncovered, uncoveredCharacters, uncoveredInText } from './uncovered.js';
