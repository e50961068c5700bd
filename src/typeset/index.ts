/**
 * The paragraph setter's public API (see types.ts for the contract with the page builder).
 *
 *   setParagraph(inlines, style) → Line[]    lines of positioned runs, Knuth–Plass over the paragraph
 *   measure(text, face, size, features)       width in points, as pdfkit draws it with the same features
 *   facePath(face) / allFaces()               register each face used with pdfkit: doc.registerFont(face, facePath(face))
 *   uncoveredCharacters(inlines, face)        characters no face can draw: report them as errors
 */
export type { Face, Line, ParagraphStyle, Run } from './types.js';
export { allFaces, BOOK_FACES, faceFont, faceFor, faceInfo, facePath, FALLBACK_FACES, onFaceOpen } from '../text/fonts.js';
export { measure, measurer } from './measure.js';
export { addHyphenationExceptions, canHyphenate, capitalIsCommon, hyphenationCache, hyphenationPoints, lowerCaseWords } from './hyphenate.js';
export { baseFeatures } from './boxes.js';
export { setParagraph } from './setParagraph.js';
export { coverageHint, describeCharacter, type Uncovered, uncoveredCharacters, uncoveredInText } from './uncovered.js';
