import { walkBlocks, type Block, type Inline, type Meta, type ParsedBook } from '../model/index.js';

/**
 * Punctuation typed on a keyboard, set as a typesetter sets it (as pandoc's `smart` and Typst do):
 * `---` an em dash, `--` an en dash, `...` an ellipsis, in every language; straight quotes as the
 * text's language sets quotation marks: "…" and '…' become “…” and ‘…’ in English, „…“ and ‚…‘ in
 * German, «…» in French, and an apostrophe is ’ in every language. Code is left as written, and so
 * are the quotes of a language not listed here. Runs before the names and the page map count
 * offsets in the plain text.
 */
export function setPunctuation(book: ParsedBook): void {
  for (const t of book.texts) {
    punctuateBlocks(book.blocks.slice(t.from, t.to), t.meta.language);
    punctuateMeta(t.meta);
  }
  for (const n of book.notes) punctuateBlocks(n.children, book.meta.language);
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

function marksFor(language: string): string | undefined {
  return MARKS[language.toLowerCase().split('-')[0]];
}

function punctuateMeta(meta: Meta): void {
  const marks = marksFor(meta.language);
  const english = isEnglish(meta.language);
  meta.title = punctuateString(meta.title, marks, english);
  if (meta.subtitle) meta.subtitle = punctuateString(meta.subtitle, marks, english);
  for (const prose of [meta.source, meta.provenance, meta.rights, meta.description, meta.publisher, meta.edition, ...(meta.translatorsNote ?? [])]) {
    if (prose) punctuateInlines(prose, marks, english);
  }
}

function punctuateBlocks(blocks: readonly Block[], language: string): void {
  const marks = marksFor(language);
  const english = isEnglish(language);
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'heading' || b.kind === 'paragraph') punctuateInlines(b.children, marks, english);
    else if (b.kind === 'figure') {
      punctuateInlines(b.caption, marks, english);
      b.alt = punctuateString(b.alt, marks, english);
    }
  }
}

function punctuateString(text: string, marks: string | undefined, english: boolean): string {
  const node: Inline = { kind: 'text', text };
  punctuateInlines([node], marks, english);
  return node.text;
}

function isEnglish(language: string): boolean {
  return language.toLowerCase().split('-')[0] === 'en';
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

/** One run of inlines (a paragraph, a heading): a quote's side is found from the characters around it, across emphasis and links. */
function punctuateInlines(inlines: Inline[], marks: string | undefined, english: boolean): void {
  const texts: Extract<Inline, { kind: 'text' }>[] = [];
  const collect = (list: Inline[]) => {
    for (const n of list) {
      if (n.kind === 'text') texts.push(n);
      // A line break is a space between the texts around it; code is a word of its own.
      else if (n.kind === 'break' || n.kind === 'code') texts.push({ kind: 'text', text: n.kind === 'break' ? ' ' : 'x' });
      else if ('children' in n) collect(n.children);
    }
  };
  collect(inlines);
  for (const node of texts) node.text = dashes(node.text);
  if (!marks) return;
  // Single quotes opened and not yet closed: after a word, ' closes one if one is open, else it is an apostrophe.
  let openSingles = 0;
  // Whether the character just before was a quote this pass opened (true) or closed (false).
  let quoteBefore: boolean | undefined;
  for (const [k, node] of texts.entries()) {
    if (!node.text.includes('"') && !node.text.includes("'")) {
      if (node.text) quoteBefore = undefined;
      continue;
    }
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
      const opens = quoteBefore ?? (prev === undefined || OPENS_AFTER.test(prev));
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
      quoteBefore = opened;
    }
    node.text = out;
  }
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
