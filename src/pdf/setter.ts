import { measure, setParagraph } from '../typeset/index.js';
import type { Typesetter } from './flow.js';

/** The paragraph setter of src/typeset/, as the page builder uses it. */
export const bookTypesetter: Typesetter = {
  setParagraph: (inlines, style) => setParagraph(inlines, style),
  measure: (text, face, size, features) => measure(text, face, size, features),
};
