/** The paragraph setter's public API (see types.ts for the contract with the page builder). */
export type { Face, Line, ParagraphStyle, Run } from './types.js';
export { allFaces, faceFont, faceFor, facePath, faceInfo, BOOK_FACES, FALLBACK_FACES } from './fonts.js';
export { measure, measurer } from './measure.js';
export { hyphenationPoints, canHyphenate, addHyphenationExceptions } from './hyphenate.js';
export { setParagraph } from './setParagraph.js';
