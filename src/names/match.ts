/**
 * Finding registry forms in text. A form matches only as whole words: the characters on either
 * side must not be letters, digits or combining marks (in any script), so 'Stalin' is found in
 * 'Stalin’s' and 'Stalin's' but never in 'Stalinism', 'Stalingrad' or 'Titoist'. Spaces in a form
 * match any run of white space (a source line break arrives as a space); ' and ’ match each other,
 * as do the hyphens - ‐ ‑. At any place the longest form wins: 'JV Stalin' before 'Stalin'.
 */

/** A form in the shape the registry keeps it: white space collapsed, Unicode NFC. */
export function normalizeForm(form: string): string {
  return form.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The key under which a matched text and a form compare equal. */
function key(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').replace(/[’]/g, "'").replace(/[‐‑]/g, '-');
}

/** One match: `start` and `end` are UTF-16 offsets in the searched text, from 0, end exclusive. */
export interface FormMatch {
  start: number;
  end: number;
  personId: string;
}

export interface FormMatcher {
  /**
   * Every match that lies within `text[start, end)`, left to right, never overlapping; offsets are in
   * `text`. The characters around the range count for word boundaries, so a text node can be searched
   * in its block's plain text: 'Stalin' followed by an emphasised 'ism' is no mention.
   */
  find(text: string, start?: number, end?: number): FormMatch[];
}

const WORD = '[\\p{L}\\p{N}\\p{M}]';

/** Compiles the forms of all persons into one matcher (one regular expression). */
export function compileForms(persons: readonly { id: string; forms: readonly string[] }[]): FormMatcher {
  const owner = new Map<string, string>();
  for (const p of persons) for (const f of p.forms) if (!owner.has(key(f))) owner.set(key(f), p.id);
  const forms = [...owner.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (forms.length === 0) return { find: () => [] };
  const pattern = forms.map(formPattern).join('|');
  const re = new RegExp(`(?<!${WORD})(?:${pattern})(?!${WORD})`, 'gu');
  return {
    find(text: string, start = 0, end = text.length): FormMatch[] {
      // Cut the text one character after the range: the lookahead still sees the real next character,
      // and a form that runs past the range gives way to a shorter one ('Mao' in 'Mao *Tse-tung*').
      const next = text.codePointAt(end);
      const searched = text.slice(0, end + (next === undefined ? 0 : next > 0xffff ? 2 : 1));
      const out: FormMatch[] = [];
      re.lastIndex = start;
      for (let m = re.exec(searched); m; m = re.exec(searched)) {
        const personId = owner.get(key(m[0]));
        if (personId && m.index + m[0].length <= end) out.push({ start: m.index, end: m.index + m[0].length, personId });
      }
      return out;
    },
  };
}

function formPattern(form: string): string {
  let out = '';
  for (const ch of form) {
    if (ch === ' ') out += '\\s+';
    else if (ch === "'") out += "['’]";
    else if (ch === '-') out += '[-‐‑]';
    else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
