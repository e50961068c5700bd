import { walkBlocks, type Block, type Inline, type Meta, type ParsedBook } from '../model/index.js';

/**
 * Straight quotes typed on a keyboard, set as the text's language sets quotation marks (as pandoc's
 * `smart` and Typst do): "…" and '…' become “…” and ‘…’ in English, „…“ and ‚…‘ in German, «…» in
 * French, and an apostrophe is ’ in every language. Code is left as written, and so is a text in a
 * language not listed here. One character for one, so every offset and source position holds.
 */
export function curlQuotes(book: ParsedBook): void {
  for (const t of book.texts) {
    curlBlocks(book.blocks.slice(t.from, t.to), t.meta.language);
    curlMeta(t.meta);
  }
  for (const n of book.notes) curlBlocks(n.children, book.meta.language);
  curlMeta(book.meta);
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

function curlMeta(meta: Meta): void {
  const marks = marksFor(meta.language);
  if (!marks) return;
  meta.title = curlString(meta.title, marks);
  if (meta.subtitle) meta.subtitle = curlString(meta.subtitle, marks);
  for (const prose of [meta.source, meta.provenance, meta.rights, meta.description, meta.publisher, meta.edition, ...(meta.translatorsNote ?? [])]) {
    if (prose) curlInlines(prose, marks);
  }
}

function curlBlocks(blocks: readonly Block[], language: string): void {
  const marks = marksFor(language);
  if (!marks) return;
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'heading' || b.kind === 'paragraph') curlInlines(b.children, marks);
    else if (b.kind === 'figure') {
      curlInlines(b.caption, marks);
      b.alt = curlString(b.alt, marks);
    }
  }
}

function curlString(text: string, marks: string): string {
  const node: Inline = { kind: 'text', text };
  curlInlines([node], marks);
  return node.text;
}

/** One run of inlines (a paragraph, a heading): a quote's side is found from the characters around it, across emphasis and links. */
function curlInlines(inlines: Inline[], marks: string): void {
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
      // An apostrophe: inside a word (don't), before a year's digits ('53), after a word with no quote open (the Joneses').
      else if ((prev !== undefined && WORD.test(prev) && next !== undefined && WORD.test(next)) || (opens && next !== undefined && /\d/.test(next))) mark = '’';
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
