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

const WORD = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/;

/** A node of the trie of forms: the next character of a key (one UTF-16 unit) leads to the next node. */
interface Node {
  next: Map<string, Node>;
  /** The person whose form ends here. */
  personId?: string;
}

/**
 * Compiles the forms of all persons into one matcher: a trie of their keys, walked from each place a
 * word may begin, so that finding costs the length of the text times the length of the words walked,
 * whatever the number of forms. (One regular expression of all forms, which this replaces, tried every
 * form at every place: 5,000 persons' forms over a book took 16 s.)
 */
export function compileForms(persons: readonly { id: string; forms: readonly string[] }[]): FormMatcher {
  const root: Node = { next: new Map() };
  let empty = true;
  for (const p of persons) {
    for (const f of p.forms) {
      const k = key(f);
      if (!k) continue;
      let node = root;
      for (const ch of k) {
        for (let u = 0; u < ch.length; u++) {
          let child = node.next.get(ch[u]);
          if (!child) node.next.set(ch[u], (child = { next: new Map() }));
          node = child;
        }
      }
      // The first person to list a form keeps it (the registry reports the clash).
      node.personId ??= p.id;
      empty = false;
    }
  }
  if (empty) return { find: () => [] };
  // The UTF-16 units a form can begin with, as the text writes them: most of a text's units begin none,
  // and are passed over without a look at the trie (a book's text is scanned unit by unit).
  const begins = new Uint8Array(0x10000);
  for (const u of root.next.keys()) {
    begins[u.charCodeAt(0)] = 1;
    if (u === "'") begins[0x2019] = 1;
    if (u === '-') begins[0x2010] = begins[0x2011] = 1;
    if (u === ' ') for (let c = 0; c < 0x10000; c++) if (SPACE.test(String.fromCharCode(c))) begins[c] = 1;
  }
  return {
    find(text: string, start = 0, end = text.length): FormMatch[] {
      const out: FormMatch[] = [];
      for (let i = start; i < end; ) {
        const at = begins[text.charCodeAt(i)] === 1 && !WORD.test(codePointBefore(text, i)) ? longestAt(root, text, i, end) : undefined;
        if (at) {
          out.push({ start: i, end: at.end, personId: at.personId });
          i = at.end;
        } else i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      }
      return out;
    },
  };
}

/** The key's unit for the text's unit at `i`: any white space is ' ', ’ is ', the hyphens are '-'. */
function unit(text: string, i: number): string {
  const c = text[i];
  // Printable ASCII but the space: itself, without the regular expression.
  if (c > ' ' && c <= '~') return c;
  return SPACE.test(c) ? ' ' : c === '’' ? "'" : c === '‐' || c === '‑' ? '-' : c;
}

function codePointBefore(text: string, i: number): string {
  if (i === 0) return '';
  const lo = text.charCodeAt(i - 1);
  return lo >= 0xdc00 && lo < 0xe000 && i >= 2 ? text.slice(i - 2, i) : text[i - 1];
}

/** The longest form that starts at `i`, ends by `end` and is followed by no letter, digit or mark. */
function longestAt(root: Node, text: string, i: number, end: number): { end: number; personId: string } | undefined {
  let best: { end: number; personId: string } | undefined;
  let node = root;
  for (let p = i; ; ) {
    if (node.personId && !WORD.test(String.fromCodePoint(text.codePointAt(p) ?? 0x20))) best = { end: p, personId: node.personId };
    if (p >= end) break;
    const u = unit(text, p);
    const child = node.next.get(u);
    if (!child) break;
    node = child;
    p++;
    // A space of a form matches a run of white space.
    if (u === ' ') while (p < end && SPACE.test(text[p])) p++;
  }
  return best;
}
