import { setParagraph, WordMemo, type Shaper } from '../typeset/index.js';
import type { Typesetter } from './flow.js';

/**
 * The paragraph setter of src/typeset/, as the page builder uses it, shaping with `shaper` and
 * remembering the words it set in `words` (a build's or a watch session's, see build.ts).
 */
export function bookTypesetter(shaper: Shaper, words = new WordMemo()): Typesetter {
  return {
    setParagraph: (inlines, style) => setParagraph(inlines, style, shaper, words),
    measure: (text, face, size, features) => shaper.measure(text, face, size, features),
  };
}
