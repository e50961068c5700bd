import type { MarkdownIt, StateInline } from 'markdown-it';
import type { Diagnostics } from '../diagnostics.js';
import { stripControls } from '../load/read.js';
import { closest } from '../load/suggest.js';
import type { Inline, Span } from '../model/index.js';

/**
 * Bracketed spans, after pandoc: `[text]{attributes}` with the `{` right after the `]`.
 * They are the editor's markers for what the text alone cannot say:
 *
 *   [the Georgian]{name=stalin}   a mention of a registry person the matcher cannot see
 *   [Stalin]{name=stalin sub="death of"}   a mention filed under a sub-entry of the person's index entry
 *   [another Tito]{.noindex}      text in which the matcher must find no mention
 *   [Сталин]{lang=ru}             text in another language; `dir=rtl` or `dir=ltr` sets its direction
 *   [It was]{.smallcaps}          small capitals (pandoc's class; Project Gutenberg's `.smcap` and the common `.sc`, which pandoc's conversions keep, too)
 *
 * `lang` and `dir` combine with either of the others. A brace group that is not an attribute list
 * (`[a]{b}`) is left as literal text, as pandoc does. Pandoc's conversions of HTML and Word leave
 * ids (`[]{#page_12}`), classes and attributes of their own (`.underline`, `epub:type="…"`): an id is
 * a place links lead to (`[5.]{#chapter-1-5}`, a section's number a note refers to), another class or attribute
 * with a warning, its text set as it is; one a letter from a known one (`.noindx`, `nmae=`) is an error.
 * A converted book's page numbers (`.pagenum`) are the source's, not this edition's: their text is left
 * out, their ids kept, and the book is told once how many went.
 */

/** One attribute as written, with its offset in the inline source (for positions). */
export interface SpanAttribute {
  /** 'class' for `.x`, 'id' for `#x`, otherwise the key before `=`. */
  key: string;
  value: string;
  /** Offset of the attribute's first character in the inline token's content, from 0. */
  offset: number;
}

/** What the markdown-it rule stores on `span_open` (and, shared, on `span_close`). */
export type SpanMeta = {
  attributes: SpanAttribute[];
  /** Offset of the `[` in the inline token's content, from 0. */
  offset: number;
  /** Filled by the parser from `readMarker` on `span_open`, read again on `span_close`. */
  marker?: Marker;
};

/** Attributes of spans that mean nothing here, by how they are written: where first, and how often (see reportForeignAttributes). */
export type ForeignAttributes = Map<string, { at: Span; count: number }>;

/** One warning for each class or attribute spans carry that means nothing here (a conversion writes hundreds). */
export function reportForeignAttributes(foreign: ForeignAttributes, file: string, diags: Diagnostics): void {
  for (const [written, { at, count }] of foreign) {
    diags.warn(file, at.line, at.column, 'marker-attribute', `the span ${written}${count > 1 ? ` (${count} spans)` : ''} means nothing here: ${count > 1 ? 'their text is' : 'its text is'} set as it is`,
      'samizdat reads name=, sub=, lang=, dir=, .noindex and .smallcaps; remove the others');
  }
}

/** A marker once read: the inline to open (mention or foreign) and whether its text is suppressed. */
export interface Marker {
  /** The inline the span becomes, and the list its content goes into (a mention's inside a foreign span). */
  open?: { node: Extract<Inline, { kind: 'mention' | 'foreign' | 'smallcaps' | 'anchor' }>; children: Inline[] };
  /** The marker's position when it carries `.noindex`. */
  noIndex?: Span;
  /** The span is the source's page number (`.pagenum`): its text is left out, its ids kept. */
  pageNumber?: Span;
}

/** The classes of a source's page numbers, as Project Gutenberg's HTML marks them and pandoc keeps them: `[[\[12\]]{#Page_12}]{.pagenum}`. */
const PAGE_NUMBER = new Set(['pagenum', 'pageno', 'page-number']);

// Sticky, tried once per attribute at its start: each run of name characters is read once. Classes
// and keys may hold colons, as the ones pandoc carries over from EPUB do (`.z3998:roman`, `epub:type="title"`).
// An id may hold dots and colons, as pandoc's identifiers may: a numbered proposition's `{#section-4.003}`
// (Standard Ebooks' Tractatus) was no attribute list, and its braces were printed in the text.
const ATTRIBUTE = /\.([\p{L}\p{N}_:-]+)|#([\p{L}\p{N}_:.-]+)|([\p{L}\p{N}_:-]+)=(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"'{}]+))/uy;
const KNOWN_KEYS = ['name', 'sub', 'lang', 'dir'];
const KNOWN_CLASSES = ['.noindex', '.smallcaps'];
/** Small capitals: pandoc's class, and the ones converted books carry from their HTML (Project Gutenberg's `smcap`). */
const SMALL_CAPS = new Set(['smallcaps', 'smcap', 'smcaps', 'sc']);
/** The attribute of samizdat's that `a` is likely a slip for: a class for a class, a key for a key (`.i0`, a poem's indent, is no 'dir'). */
const typoOf = (a: SpanAttribute) => (a.key === 'class' ? closest(`.${a.value}`, KNOWN_CLASSES, false) : closest(a.key, KNOWN_KEYS, false));
const RTL_OR_LTR = new Set(['rtl', 'ltr']);
export const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const PERSON_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Adds the bracketed-span rule to markdown-it, before links (so `[x]{…}` is never a shortcut link),
 * and takes the attributes pandoc writes right after a link or an image (`![A map](map.png){width=50%}`,
 * `[see](#ch1){.internal}`) off the text, where they were printed: an image keeps its `width` (read
 * where a figure is made) and its `alt` (pandoc 3's description apart from the caption), a link its
 * `id` (an anchor where it stands), the rest change nothing here.
 */
export function bracketedSpans(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'bracketed_span', spanRule);
  md.inline.ruler.push('link_attributes', linkAttributesRule);
  md.helpers.parseLinkLabel = parseLinkLabel;
}

/**
 * markdown-it's `parseLinkLabel`, but a bracketed span in a link's text is no link inside a link:
 * markdown-it took any `[` passed over as more than one character for a nested link and refused the
 * outer one (links hold no links), so pandoc's `[[10]{.small}](#note-10)`, a Gutenberg note mark, was
 * printed as `[10](#note-10)`.
 */
function parseLinkLabel(state: StateInline, start: number, disableNested?: boolean): number {
  const oldPos = state.pos;
  let level = 1;
  let found = false;
  state.pos = start + 1;
  while (state.pos < state.posMax) {
    const marker = state.src.charCodeAt(state.pos);
    if (marker === 0x5d /* ] */ && --level === 0) {
      found = true;
      break;
    }
    const prevPos = state.pos;
    state.md.inline.skipToken(state);
    if (marker !== 0x5b /* [ */) continue;
    if (prevPos === state.pos - 1) level++;
    else if (disableNested && !spanAt(state, prevPos, state.pos)) {
      state.pos = oldPos;
      return -1;
    }
  }
  const labelEnd = found ? state.pos : -1;
  state.pos = oldPos;
  return labelEnd;
}

/** Whether a bracketed span runs from `from` to `to`. */
function spanAt(state: StateInline, from: number, to: number): boolean {
  const saved = state.pos;
  state.pos = from;
  const span = spanRule(state, true) && state.pos === to;
  state.pos = saved;
  return span;
}

function linkAttributesRule(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const last = state.tokens[state.tokens.length - 1];
  if (state.src.charCodeAt(start) !== 0x7b /* { */ || state.pending !== '' || (last?.type !== 'link_close' && last?.type !== 'image')) return false;
  const close = closingBrace(state.src, start + 1);
  const attributes = close < 0 || close >= state.posMax ? undefined : parseAttributes(state.src, start + 1, close);
  if (!attributes) return false;
  const width = attributes.find((a) => a.key === 'width');
  if (!silent && last.type === 'image' && width) last.attrSet('width', width.value);
  // An image's `alt`, pandoc 3's way of describing it apart from its caption: `![](map.svg){alt="A map"}`.
  const alt = last.type === 'image' ? attributes.find((a) => a.key === 'alt') : undefined;
  if (alt && !silent) last.meta = { ...(last.meta as object | null), alt: alt.value };
  // A link's id is a place links lead to, as pandoc has it: `[[10]](#note-10){#noteref-10}`, a note
  // mark that a converted book's endnotes link back to. Kept on the link's opening token.
  const id = last.type === 'link_close' ? attributes.find((a) => a.key === 'id') : undefined;
  if (id && !silent) {
    let i = state.tokens.length - 2;
    while (i >= 0 && !(state.tokens[i].type === 'link_open' && state.tokens[i].level === last.level)) i--;
    if (i >= 0) state.tokens[i].meta = { ...(state.tokens[i].meta as object | null), id: id.value };
  }
  state.pos = close + 1;
  return true;
}

/** The `}` that closes an attribute list opened before `from`: not one inside a quoted value (`alt="a {b} c"`); -1 if none. */
function closingBrace(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      else if (c === '\n') return -1; // a quote left open: no attribute list (the scan stays within the line)
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

function spanRule(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x5b /* [ */) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, start, false);
  if (labelEnd < 0 || state.src.charCodeAt(labelEnd + 1) !== 0x7b /* { */) return false;
  const close = closingBrace(state.src, labelEnd + 2);
  if (close < 0 || close >= state.posMax) return false;
  const attributes = parseAttributes(state.src, labelEnd + 2, close);
  if (!attributes) return false;
  if (!silent) {
    const meta: SpanMeta = { attributes, offset: start };
    const max = state.posMax;
    state.pos = start + 1;
    state.posMax = labelEnd;
    state.push('span_open', 'span', 1).meta = meta;
    state.md.inline.tokenize(state);
    state.push('span_close', 'span', -1).meta = meta;
    state.posMax = max;
  }
  state.pos = close + 1;
  return true;
}

/** The attributes between `from` and `to` (the `}`), or undefined when the text is not an attribute list. */
export function parseAttributes(src: string, from: number, to: number): SpanAttribute[] | undefined {
  const out: SpanAttribute[] = [];
  let pos = from;
  for (;;) {
    while (pos < to && /\s/.test(src[pos])) pos++;
    if (pos >= to) break;
    ATTRIBUTE.lastIndex = pos;
    const m = ATTRIBUTE.exec(src);
    if (!m || m.index + m[0].length > to) return undefined;
    if (m[1] !== undefined) out.push({ key: 'class', value: m[1], offset: pos });
    else if (m[2] !== undefined) out.push({ key: 'id', value: m[2], offset: pos });
    // A quoted value keeps what a backslash escapes (`alt="the \"Beagle\""`), as pandoc reads it.
    else out.push({ key: m[3], value: m[4] !== undefined || m[5] !== undefined ? (m[4] ?? m[5]).replace(/\\(.)/g, '$1') : m[6], offset: pos });
    pos += m[0].length;
    if (pos < to && !/\s/.test(src[pos])) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Reads a `span_open` token's attributes into a marker, reporting what it cannot accept at its
 * file position (`at` turns an offset in the inline source into one). Never throws.
 */
export function readMarker(meta: SpanMeta, at: (offset: number) => Span, file: string, diags: Diagnostics, unread: ForeignAttributes = new Map()): Marker {
  const marker: Marker = {};
  let personId: string | undefined;
  let sub: SpanAttribute | undefined;
  let lang: string | undefined;
  let dir: 'rtl' | 'ltr' | undefined;
  let smallcaps = false;
  let anchor: string | undefined;
  const err = (a: SpanAttribute, rule: string, message: string, hint?: string) => {
    const p = at(a.offset);
    diags.error(file, p.line, p.column, rule, message, hint);
  };
  for (const a of meta.attributes) {
    if (a.key === 'class' && a.value === 'noindex') marker.noIndex = at(meta.offset);
    else if (a.key === 'class' && SMALL_CAPS.has(a.value)) smallcaps = true;
    else if (a.key === 'class' && PAGE_NUMBER.has(a.value)) marker.pageNumber = at(meta.offset);
    else if (a.key === 'id') anchor ??= a.value;
    else if (!KNOWN_KEYS.includes(a.key) && !typoOf(a)) {
      // Pandoc's, or carried over from HTML (`.underline`, `epub:type="…"`, `style="…"`): not ours, and no typo of ours.
      const written = a.key === 'class' ? `class '.${a.value}'` : `attribute '${a.key}'`;
      const seen = unread.get(written);
      if (seen) seen.count++;
      else unread.set(written, { at: at(a.offset), count: 1 });
    } else if (a.key === 'name') {
      if (PERSON_ID.test(a.value)) personId = a.value;
      else err(a, 'marker-name', `'${a.value}' is not a registry id`, 'ids are letters, digits, - and _');
    } else if (a.key === 'sub') {
      if (a.value.trim()) sub = a;
      else err(a, 'marker-sub', 'the sub-entry is empty', 'write the words the index files the mention under, e.g. sub="death of"');
    } else if (a.key === 'lang') {
      if (LANGUAGE.test(a.value)) lang = a.value;
      else err(a, 'marker-lang', `'${a.value}' is not a BCP 47 language tag`, "write e.g. lang=ru or lang=zh-Hant");
    } else if (a.key === 'dir') {
      if (RTL_OR_LTR.has(a.value)) dir = a.value as 'rtl' | 'ltr';
      else err(a, 'marker-dir', `dir must be rtl or ltr, not '${a.value}'`);
    } else {
      const written = a.key === 'class' ? `.${a.value}` : a.key === 'id' ? `#${a.value}` : a.key;
      const near = typoOf(a);
      err(a, 'marker-attribute', `unknown span attribute '${written}'`,
        near ? `did you mean '${near}'?` : 'a span takes name=ID, sub=TEXT, .noindex, .smallcaps, lang=TAG and dir=rtl|ltr');
    }
  }
  if (personId && marker.noIndex) {
    err(meta.attributes[0], 'marker-conflict', 'a span cannot both name a person and suppress the index', 'keep either name= or .noindex');
    delete marker.noIndex;
  }
  if (sub && !personId) {
    err(sub, 'marker-sub', 'sub= files a mention under a sub-entry, and needs a name= on the same span', 'write e.g. {name=stalin sub="death of"}');
  }
  if (dir && !lang) {
    err(meta.attributes.find((a) => a.key === 'dir')!, 'marker-dir', 'dir needs a lang on the same span', 'write e.g. {lang=ar dir=rtl}');
  }
  const mention: Extract<Inline, { kind: 'mention' }> | undefined = personId
    ? { kind: 'mention', personId, id: '', children: [], span: at(meta.offset), ...(sub ? { sub: stripControls(sub.value).text.trim().replace(/\s+/g, ' ') } : {}) }
    : undefined;
  if (lang) {
    // A foreign span around a mention: the mention's anchor sits inside the language run.
    const foreign: Extract<Inline, { kind: 'foreign' }> = { kind: 'foreign', lang, children: mention ? [mention] : [] };
    if (dir) foreign.dir = dir;
    marker.open = { node: foreign, children: mention ? mention.children : foreign.children };
  } else if (mention) marker.open = { node: mention, children: mention.children };
  if (smallcaps) {
    const caps: Extract<Inline, { kind: 'smallcaps' }> = { kind: 'smallcaps', children: marker.open ? [marker.open.node] : [] };
    marker.open = { node: caps, children: marker.open ? marker.open.children : caps.children };
  }
  if (anchor !== undefined) {
    const node: Extract<Inline, { kind: 'anchor' }> = { kind: 'anchor', id: anchor, children: marker.open ? [marker.open.node] : [] };
    marker.open = { node, children: marker.open ? marker.open.children : node.children };
  }
  return marker;
}
