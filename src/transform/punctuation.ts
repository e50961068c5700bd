import { plainText, walkBlocks, type Block, type Inline, type Meta, type ParsedBook } from '../model/index.js';

/**
 * Punctuation typed on a keyboard, set as a typesetter sets it (as pandoc's `smart` and Typst do):
 * `---` an em dash, `--` an en dash, `...` an ellipsis, in every language; straight quotes as the
 * text's language sets quotation marks: "…" and '…' become “…” and ‘…’ in English, „…“ and ‚…‘ in
 * German, «…» in French, and an apostrophe is ’ in every language. Two quotation marks side by side
 * get a narrow no-break space between them (“ ‘yes’ ”), and French text its spaces before ; ! ? :
 * and inside « » (see spaceMarks). Code is left as written, and so are the quotes of a language not
 * listed here. Runs before the names and the page map count offsets in the plain text.
 */
export function setPunctuation(book: ParsedBook): void {
  for (const t of book.texts) {
    punctuateBlocks(book.blocks.slice(t.from, t.to), t.meta.language);
    // A packet's French text has French notes, whatever the packet's language.
    for (const n of book.notes.slice(t.notesFrom, t.notesTo)) punctuateBlocks(n.children, t.meta.language);
    // Its notes on the text and its history are the packet's About page's, in the packet's language:
    // an English note on a French poem takes no French spaces.
    punctuateMeta(t.meta, book.meta.language);
  }
  punctuateMeta(book.meta);
}

/** Opening and closing double, opening and closing single quotation marks, by primary language subtag. */
const MARKS: Record<string, string> = {
  en: '“”‘’', nl: '“”‘’', pt: '“”‘’', ga: '“”‘’', cy: '“”‘’', tr: '“”‘’', eo: '“”‘’',
  de: '„“‚‘', cs: '„“‚‘', sk: '„“‚‘', sl: '„“‚‘', is: '„“‚‘', lt: '„“‚‘', et: '„“‚‘', ka: '„“‚‘',
  fr: '«»‹›', el: '«»‹›', ru: '«»„“', uk: '«»„“', be: '«»„“', es: '«»“”', it: '«»“”', ca: '«»“”', no: '«»‘’', nb: '«»‘’',
  pl: '„”‚’', hu: '„”‚’', ro: '„”‚’', bg: '„“‚‘', hr: '„”‚’', sr: '„”‚’',
  sv: '””’’', fi: '””’’', da: '»«›‹',
};

/** Two quotation marks of a language side by side (see spaceMarks). */
const PAIRS: Record<string, RegExp> = Object.fromEntries(Object.entries(MARKS).map(([lang, m]) => [lang, new RegExp(`[${m}]{2}`, 'u')]));

/** How a language sets its punctuation. */
interface Rules {
  /** Its quotation marks (see MARKS); undefined: quotes are left as typed. */
  marks: string | undefined;
  /** Two of them side by side. */
  pair: RegExp | undefined;
  /** English: an elided word's apostrophe is not an opening quote ('tis). */
  english: boolean;
  /** French spacing (see spaceMarks): in Canada (fr-CA) none is added before ; ! ?. */
  french: 'fr' | 'ca' | undefined;
}

function rulesFor(language: string): Rules {
  const [primary, region] = language.toLowerCase().split('-');
  return { marks: MARKS[primary], pair: PAIRS[primary], english: primary === 'en', french: primary !== 'fr' ? undefined : region === 'ca' ? 'ca' : 'fr' };
}

/**
 * A front matter's values: its title, subtitle, source and dedication in its text's language, its notes,
 * provenance, rights and the edition's fields in `apparatus`, the language of the page that prints them
 * (a packet's About page is in the packet's language), its original title in the original's.
 */
function punctuateMeta(meta: Meta, apparatus: string = meta.language): void {
  const rules = rulesFor(meta.language);
  const editorial = rulesFor(apparatus);
  meta.title = punctuateString(meta.title, rules);
  if (meta.subtitle) meta.subtitle = punctuateString(meta.subtitle, rules);
  // A title written in Markdown: its inlines punctuated, and its plain text theirs.
  for (const key of ['title', 'subtitle'] as const) {
    const inlines = meta[`${key}Inlines`];
    if (!inlines) continue;
    punctuateInlines(inlines, rules);
    meta[key] = plainText(inlines);
  }
  for (const prose of [meta.source, ...(meta.dedication ?? [])]) if (prose) punctuateInlines(prose, rules);
  const notes = Object.values(meta.dates).map((d) => d?.note);
  for (const prose of [meta.provenance, meta.rights, meta.description, meta.publisher, meta.edition, ...notes, ...(meta.translatorsNote ?? []), ...(meta.editorsNote ?? [])]) {
    if (prose) punctuateInlines(prose, editorial);
  }
  // In the original's language (its [title]{lang=…} spans take their own, as in the text).
  if (meta.originalTitle) punctuateInlines(meta.originalTitle, rulesFor(meta.originalLanguage ?? meta.language));
}

function punctuateBlocks(blocks: readonly Block[], language: string): void {
  const rules = rulesFor(language);
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'heading' || b.kind === 'paragraph') punctuateInlines(b.children, rules);
    // A heading's short title, the contents' and the running head's, as its words are ('--' a dash there too).
    if (b.kind === 'heading' && b.short) b.short = punctuateString(b.short, rules);
    else if (b.kind === 'figure') {
      punctuateInlines(b.caption, rules);
      b.alt = punctuateString(b.alt, rules);
    }
  }
}

function punctuateString(text: string, rules: Rules): string {
  const node: Inline = { kind: 'text', text };
  punctuateInlines([node], rules);
  return node.text;
}

/** Three hyphens, two, three full stops: pandoc's `smart` reading of them. */
function dashes(text: string): string {
  return text.includes('--') || text.includes('...') ? text.replace(/---|--|\.\.\./g, (s) => (s === '---' ? '\u2014' : s === '--' ? '\u2013' : '\u2026')) : text;
}

/**
 * English words that begin with an apostrophe where a letter was left out: the apostrophe before
 * them is not an opening quote ('Tis, rock 'n' roll, 'em). Followed by a character that is not a letter.
 */
const ELIDED = /^(?:tis|twas|twere|twill|twould|twixt|em|n|til|gainst|neath)(?![\p{L}\p{N}])/iu;

type Text = Extract<Inline, { kind: 'text' }>;

/** One run of inlines (a paragraph, a heading): a quote's side is found from the characters around it, across emphasis and links. */
function punctuateInlines(inlines: Inline[], rules: Rules): void {
  const texts: Text[] = [];
  // Per text: the rules of its language, and whether it stands in for a break or code (not kept).
  const ruled: Rules[] = [];
  const standIn: boolean[] = [];
  const collect = (list: Inline[], r: Rules) => {
    for (const n of list) {
      if (n.kind === 'text' || n.kind === 'break' || n.kind === 'code') {
        // A line break is a line's end between the texts around it; code is a word of its own.
        texts.push(n.kind === 'text' ? n : { kind: 'text', text: n.kind === 'break' ? '\n' : 'x' });
        ruled.push(r);
        standIn.push(n.kind !== 'text');
      }
      // A passage in another language is spaced, and its quotes curled, as that language does.
      else if (n.kind === 'foreign') collect(n.children, rulesFor(n.lang));
      else if ('children' in n) collect(n.children, r);
    }
  };
  collect(inlines, rules);
  for (const node of texts) node.text = dashes(node.text);
  curlQuotes(texts, ruled);
  spaceMarks(texts, ruled, standIn);
}

/** Each text's quotes in its own language's marks (a text in a language without them keeps its quotes as typed). */
function curlQuotes(texts: Text[], ruled: readonly Rules[]): void {
  // Single quotes opened and not yet closed: after a word, ' closes one if one is open, else it is an apostrophe.
  let openSingles = 0;
  // Whether the character just before was a quote this pass opened (true) or closed (false).
  let quoteBefore: boolean | undefined;
  for (const [k, node] of texts.entries()) {
    const { marks, english } = ruled[k];
    if (!marks || (!node.text.includes('"') && !node.text.includes("'"))) {
      if (node.text) quoteBefore = undefined;
      continue;
    }
    // Where the apostrophe is no quotation mark (French, German), a quote after it opens: l’« Europe ».
    const elision = marks[3] !== '’';
    let out = '';
    for (let i = 0; i < node.text.length; i++) {
      const c = node.text[i];
      if (c !== '"' && c !== "'") {
        out += c;
        quoteBefore = undefined;
        continue;
      }
      const prev = i > 0 ? node.text[i - 1] : lastChar(texts, k);
      const next = i < node.text.length - 1 ? node.text[i + 1] : firstChar(texts, k);
      // Right after another quote, on its side ("'Tis", 'the end.'").
      const opens = quoteBefore ?? (prev === undefined || OPENS_AFTER.test(prev) || (elision && (prev === '’' || prev === "'")));
      let mark = '’';
      let opened = false;
      if (c === '"') [mark, opened] = [opens ? marks[0] : marks[1], opens];
      // An apostrophe: inside a word (don't), before a year's digits ('53) or an elided word ('tis), after a word with no quote open (the Joneses').
      else if ((prev !== undefined && WORD.test(prev) && next !== undefined && WORD.test(next)) || (opens && next !== undefined && /\d/.test(next)) || (opens && english && ELIDED.test(node.text.slice(i + 1)))) mark = '’';
      else if (opens) {
        openSingles++;
        [mark, opened] = [marks[2], true];
      } else if (openSingles > 0) {
        openSingles--;
        mark = marks[3];
      }
      out += mark;
      quoteBefore = elision && mark === '’' ? undefined : opened;
    }
    node.text = out;
  }
}

/** Narrow no-break space (espace fine insécable): French before ; ! ? and inside « », and between two quotation marks. */
const NNBSP = '\u202f';
/** No-break word space (espace insécable): French before a colon. */
const NBSP = '\u00a0';
/** Spaces typed where a no-break space goes, which it replaces: not a line's end. */
const TYPED_SPACE = /[ \t\u00a0\u202f\u2009]/;
/** Characters French spacing looks at. */
const FRENCH_MARKS = /[;:!?«»‹›]/;
/** After these a mark takes no space before it: '?!', '(?)'. */
const NO_SPACE_AFTER = /[\s([{;:!?]/;
/** What may follow a colon that is punctuation (not 10:30, not http://), besides the end. */
const AFTER_COLON = /[\s»›”’)\]]/u;
/** What may follow ; ! ? that are punctuation (not ?q=1), besides the end. */
const AFTER_HIGH = /[\s\p{P}]/u;

/**
 * Spaces that punctuation takes. French text: a narrow no-break space (U+202F, the espace fine
 * insécable) before ; ! ? (babel-french's thin space, half a word space), a no-break word space
 * (U+00A0) before a colon (babel-french's and the Imprimerie nationale's Lexique's espace-mot), and a
 * narrow one inside « » ‹ › (the common usage of French books; babel-french's is 0.8 of a word
 * space). A space typed there becomes that one, never a second. Canadian French (fr-CA) adds none
 * before ; ! ?, as Québec does (the Translation Bureau's guide, the OQLF's table for ordinary
 * software); the OQLF advises a thin one where it can be had, so one the author typed is kept,
 * made no-break. In every language whose quotation marks are set here, two marks side by side
 * (“‘yes’…”, …‘no.’”) get a narrow no-break space, LaTeX's and book typesetters' thin space there:
 * never a line's end, where a hair space (U+200A) may be one in a reading system, and is 0.01 em in
 * EB Garamond's roman but a third of an em in its bold.
 */
function spaceMarks(texts: Text[], ruled: Rules[], standIn: boolean[]): void {
  let any = false;
  for (const [k, t] of texts.entries()) {
    const { french, marks, pair } = ruled[k];
    if (standIn[k]) continue;
    // A regular expression, not a loop over the characters: on the ×100 book 1–2 ms more than before, not 45.
    if ((french && FRENCH_MARKS.test(t.text)) || (pair && pair.test(t.text)) || (marks && k > 0 && marks.includes(t.text[0]) && marks.includes(texts[k - 1].text.slice(-1)))) any = true;
  }
  if (!any) return;
  // The run's characters, each with the index of its text; the texts are rebuilt from what comes out.
  const chars: string[] = [];
  const owner: number[] = [];
  for (const [k, t] of texts.entries()) {
    for (let i = 0; i < t.text.length; i++) {
      chars.push(t.text[i]);
      owner.push(k);
    }
  }
  const out: string[] = [];
  const outOwner: number[] = [];
  const push = (c: string, k: number) => {
    out.push(c);
    outOwner.push(k);
  };
  const typedSpace = (c: string, k: number) => TYPED_SPACE.test(c) && !standIn[k];
  // Puts `space` just before what comes next: in place of the spaces typed there, or (if `add`) after a word.
  const spaceBefore = (space: string, add: boolean, k: number, after = NO_SPACE_AFTER) => {
    let j = out.length;
    while (j > 0 && typedSpace(out[j - 1], outOwner[j - 1])) j--;
    if (j === 0) return;
    if (j < out.length) {
      const o = outOwner[j];
      out.length = outOwner.length = j;
      push(space, o);
    } else if (add && !after.test(out[j - 1])) push(space, k);
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const k = owner[i];
    const fr = standIn[k] ? undefined : ruled[k].french;
    const marks = standIn[k] ? undefined : ruled[k].marks;
    const next = chars[i + 1];
    if (fr && (c === ';' || c === '!' || c === '?') && (next === undefined || AFTER_HIGH.test(next))) spaceBefore(NNBSP, fr === 'fr', k);
    else if (fr && c === ':' && (next === undefined || AFTER_COLON.test(next))) spaceBefore(NBSP, true, k);
    else if (fr && (c === '»' || c === '›')) spaceBefore(NNBSP, true, k, /\s/);
    else if (fr && (c === '«' || c === '‹')) {
      push(c, k);
      let j = i + 1;
      while (j < chars.length && typedSpace(chars[j], owner[j])) j++;
      // Nothing after it, or a line's end: left as typed.
      if (j === chars.length || /\s/.test(chars[j])) continue;
      push(NNBSP, j > i + 1 ? owner[i + 1] : k);
      i = j - 1;
      continue;
    } else if (marks?.includes(c) && out.length && marks.includes(out[out.length - 1]) && !standIn[outOwner[out.length - 1]]) {
      // With the opening mark's text, or the closing mark's: outside emphasis or a link that one of them is in.
      const prev = out[out.length - 1];
      push(NNBSP, prev === marks[0] || prev === marks[2] ? outOwner[out.length - 1] : k);
    }
    push(c, k);
  }
  const rebuilt = texts.map(() => '');
  for (let i = 0; i < out.length; i++) rebuilt[outOwner[i]] += out[i];
  for (const [k, t] of texts.entries()) if (!standIn[k]) t.text = rebuilt[k];
}

/** After these (or at the start) a quote opens. */
const OPENS_AFTER = /[\s([{\u2014\u2013\-/]/u;
const WORD = /[\p{L}\p{N}]/u;

function lastChar(texts: readonly { text: string }[], k: number): string | undefined {
  for (let j = k - 1; j >= 0; j--) if (texts[j].text) return texts[j].text[texts[j].text.length - 1];
  return undefined;
}

function firstChar(texts: readonly { text: string }[], k: number): string | undefined {
  for (let j = k + 1; j < texts.length; j++) if (texts[j].text) return texts[j].text[0];
  return undefined;
}
