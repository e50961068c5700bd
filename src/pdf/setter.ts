import { setParagraph, type Shaper } from '../typeset/index.js';
import type { Typesetter } from './flow.js';

/** The paragraph setter of src/typeset/, as the page builder uses it, shaping with `shaper`. */
export function bookTypesetter(shaper: Shaper): Typesetter {
  return {
    setParagraph: (inlines, style) => setParagraph(inlines, style, shaper),
    measure: (text, face, size, features) => shaper.measure(text, face, size, features),
  };
}
