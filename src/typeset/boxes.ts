import { pointSize } from '../model/asset.js';
import type { Inline } from '../model/inline.js';
import { canHyphenate, capitalIsCommon, hyphenationPoints } from './hyphenate.js';
import type { Shaper } from '../text/shaper.js';
import type { Face, InlineImage, ParagraphStyle } from './types.js';

/**
 * Inlines → Knuth–Plass items (boxes, glue, penalties), stored column-wise so that a paragraph of
 * several megabytes costs a few arrays, not millions of objects. Every item knows the offset in the
 * paragraph's plain text (`plainText(inlines)`) where it begins; a box also knows its characters.
 */

export const BOX = 0;
export const GLUE = 1;
export const PENALTY = 2;

/** Penalty at or above which a break is forbidden; at or below -INF a break is forced. */
export const INF = 10000;

/** The style of a run of characters; shared by every box in that style. */
export interface RunStyle {
  face: Face;
  size: number;
  features: string[];
  href?: string;
  superscript?: boolean;
  /** The image a U+FFFC run stands for (see `Run.image`). */
  image?: InlineImage;
}

/** A typed column twice as long, with the same contents at its start. */
export function doubled<T extends Uint8Array | Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The items, a column per field, in typed arrays that grow by doubling (a paragraph's items are pushed
 * one by one; a JavaScript array per field cost a push per field per item and kept every number boxed
 * or in a growing copy). Read the columns up to `length` only: what lies beyond is spare capacity.
 */
export class Items {
  length = 0;
  /** BOX, GLUE or PENALTY. */
  type = new Uint8Array(64);
  /** Natural width in points (a penalty's width counts only if the line breaks there: the hyphen). */
  width = new Float64Array(64);
  stretch = new Float64Array(64);
  shrink = new Float64Array(64);
  /** Glue only: 1 for infinite stretch (the end of a paragraph or a forced line). */
  fil = new Uint8Array(64);
  /** Penalty only: cost of breaking here; ≥ INF forbids, ≤ -INF forces. */
  penalty = new Float64Array(64);
  /** Penalty only: 1 if a break here ends the line in a hyphen (counted for the ladder limit). */
  flagged = new Uint8Array(64);
  /** Penalty only: 0 = usable in every pass; 1 = emergency break, used only in the final pass. */
  level = new Uint8Array(64);
  /** Offset (from 0) in the plain text where the item begins. */
  pos = new Int32Array(64);
  /** Box: characters drawn; penalty: text added at the line end if broken here ('-' or ''). */
  text: string[] = [];
  /**
   * Margin protrusion in points: for a box, how far its first character may hang into the left margin
   * when it starts a line; for glue or a penalty, how far the line's last character may hang into the
   * right margin when the line breaks there.
   */
  protrude = new Float64Array(64);
  /** Box: index into `styles` (-1: an indent or a penalty). */
  style = new Int32Array(64);
  /** Box: offset of its first character in the plain text, or -1 for text the setter inserts. */
  offset = new Int32Array(64);
  /** Box: anchor ids that begin in it. */
  anchors: (string[] | undefined)[] = [];
  styles: RunStyle[] = [];
  /** Per style: its measuring function (points). */
  measures: ((text: string) => number)[] = [];

  push(type: number, width: number, pos: number): number {
    const i = this.length;
    if (i === this.type.length) this.grow();
    this.length = i + 1;
    this.type[i] = type;
    this.width[i] = width;
    this.stretch[i] = 0;
    this.shrink[i] = 0;
    this.fil[i] = 0;
    this.penalty[i] = 0;
    this.flagged[i] = 0;
    this.level[i] = 0;
    this.pos[i] = pos;
    this.text[i] = '';
    this.protrude[i] = 0;
    this.style[i] = -1;
    this.offset[i] = -1;
    this.anchors[i] = undefined;
    return i;
  }

  /** Drops the last item. */
  pop(): void {
    this.length--;
    this.text.length = this.length;
    this.anchors.length = this.length;
  }

  private grow(): void {
    const wider = doubled;
    this.type = wider(this.type);
    this.width = wider(this.width);
    this.stretch = wider(this.stretch);
    this.shrink = wider(this.shrink);
    this.fil = wider(this.fil);
    this.penalty = wider(this.penalty);
    this.flagged = wider(this.flagged);
    this.level = wider(this.level);
    this.pos = wider(this.pos);
    this.protrude = wider(this.protrude);
    this.style = wider(this.style);
    this.offset = wider(this.offset);
  }
}

/** Context while walking the inlines. */
interface Ctx {
  italic: boolean;
  bold: boolean;
  mono: boolean;
  smallcaps: boolean;
  /** Superior or inferior letters and figures (the face's `sups` or `subs` forms). */
  script?: 'sup' | 'sub';
  href?: string;
  lang: string;
  /** Inside a mention: never hyphenated (a name). */
  name: boolean;
  /** Style indexes already made for this context, by face (a cache). */
  memo?: Map<string, number>;
}

interface Segment {
  text: string;
  offset: number;
  ctx: Ctx;
  /** Inserted text (a note number, an image's placeholder): offset is -1 and `pos` its place in the plain text. */
  inserted?: { pos: number; anchors: string[]; href?: string; image?: InlineImage };
  anchors?: string[];
}

interface Break {
  penalty: number;
  flagged: boolean;
  hyphen: boolean;
  level: number;
}

const WHITESPACE = /[\s]/;
const NOBREAK_SPACE = /[\u00a0\u2007]/;
/** The narrow no-break space (French ; ! ? « », quotation marks side by side: src/transform/punctuation.ts). */
const NARROW_NOBREAK_SPACE = '\u202f';
/** Ideographs, kana and full-width forms: a line may break between any two of them. */
function isCjk(c: number): boolean {
  return c >= 0x2e80 && ((c <= 0x2fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef));
}
/** Combining marks, joiners and variation selectors stay with the character before them. */
function isMark(c: number): boolean {
  return c >= 0x300 && MARK.test(String.fromCharCode(c));
}
// A scheme is tried only where its run of scheme characters begins: a long word is read once.
const URLISH = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/|^www\.|^[^@\s]+@[^@\s]+\.[a-z]/i;
const SENTENCE_END = /[.!?…][’”'")\]]*$/;
const WORDCHAR = /[\p{L}\p{N}]/u;
const DIGIT = /\p{Nd}/u;
const JOINING = /[\u0600-\u06ff\u0700-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
/** Scripts whose words take a hyphen when cut (not Hebrew, Arabic or CJK). */
const HYPHEN_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Georgian}]/u;
const MARK = /[\p{M}\u200c\u200d\ufe00-\ufe0f]/u;

/** Cuts in one word beyond which its pieces are measured one by one, not as prefixes (see emitWord). */
const MAX_PREFIX_CUTS = 64;

/** Whether the text is more than `fraction` of the measure wide decides emergency break points. */
const EMERGENCY_FRACTION = 0.5;
/** Ragged text set without hyphenation (headings, index entries): a short line costs the eye nothing, so only a word nearly as wide as the line may be cut. */
const RAGGED_FRACTION = 0.8;

export interface BuildOptions {
  /** Let punctuation hang into the margins (see PROTRUSION). */
  protrusion: boolean;
  /** Font expansion: boxes stretch and shrink by this fraction of their width. */
  expansion: number;
  /** Stretch and shrink of word spaces as fractions of the space (TeX: 1/2 and 1/3; see DEFAULT_BUILD). */
  spaceStretch: number;
  spaceShrink: number;
  hyphenPenalty: number;
  exHyphenPenalty: number;
  urlPenalty: number;
  emergencyPenalty: number;
}

export const DEFAULT_BUILD: BuildOptions = {
  protrusion: false,
  expansion: 0,
  // Less glue stretch than TeX's 1/2 leaves more of the slack to font expansion, which evens the
  // spaces out (measured on the seed: p95 gap 1.40 → 1.31 × natural).
  spaceStretch: 0.4,
  spaceShrink: 1 / 3,
  // TeX's 50 hyphenates one line in six on a 25-em measure with expansion; 100 one in ten.
  hyphenPenalty: 100,
  exHyphenPenalty: 50,
  urlPenalty: 100,
  emergencyPenalty: 1000,
};

/** Base OpenType features: kerning, ligatures, and old-style figures in the book faces. */
export function baseFeatures(face: Face): string[] {
  return face === 'mono' ? ['kern'] : ['kern', 'liga', 'onum'];
}

/** The items one word produced, positions relative to its first character; `face` null for a penalty. */
interface WordItems {
  /** Per item, STRIDE numbers: type, width, stretch, shrink, penalty, flagged, level, pos, offset. */
  nums: Float64Array;
  text: string[];
  face: (Face | null)[];
}
const STRIDE = 9;

/** Words remembered before the tables start afresh (a bound on memory for very long, varied books). */
const WORD_MEMO_LIMIT = 200_000;

/**
 * The items of words already cut, measured and given their break points, by paragraph setting and
 * context (see emitWordOnce), to be copied when the word comes again. Made by the build (build.ts; a
 * watch session keeps its own) and handed to setParagraph, never a module's state: its widths are its
 * Shaper's.
 */
export class WordMemo {
  private readonly tables = new Map<string, Map<string, WordItems>>();
  /** Per context object, a shortcut to its table. */
  private byCtx = new WeakMap<Ctx, Map<string, WordItems>>();
  private count = 0;

  table(paragraphKey: string, ctx: Ctx): Map<string, WordItems> {
    let m = this.byCtx.get(ctx);
    if (m) return m;
    const key = `${paragraphKey}|${ctx.italic}|${ctx.bold}|${ctx.mono}|${ctx.smallcaps}|${ctx.script ?? ''}|${ctx.name}|${ctx.lang}|${ctx.href ?? ''}`;
    m = this.tables.get(key);
    if (!m) this.tables.set(key, (m = new Map()));
    this.byCtx.set(ctx, m);
    return m;
  }

  /** Counts a word added to a table; past the limit, every table starts afresh. */
  added(): void {
    if (this.count++ <= WORD_MEMO_LIMIT) return;
    this.tables.clear();
    this.byCtx = new WeakMap();
    this.count = 0;
  }

  /** Words remembered (for tests). */
  get size(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.size;
    return n;
  }
}

/**
 * Build the item list of a paragraph. The first item is the indent box (if any); the list ends with
 * infinite glue and a forced break, as TeX's \parfillskip and \par do.
 */
export function buildItems(inlines: readonly Inline[], style: ParagraphStyle, shaper: Shaper, words: WordMemo, opts: BuildOptions = DEFAULT_BUILD): Items {
  const items = new Items();
  const styleIndex = new Map<string, number>();
  const hyph = style.hyphenate && canHyphenate(style.lang);
  const baseFace = style.face;
  let offset = 0;
  let word: Segment[] = [];
  let pendingAnchors: string[] = [];
  const ragged = style.align !== 'justify';

  const measures = items.measures;
  function styleOf(ctx: Ctx, face: Face, superscript = false, href = ctx.href, image?: InlineImage): number {
    const memoKey = image ? `${face}@${image.path}|${href ?? ''}` : superscript ? `${face}^${href ?? ''}` : face;
    const memo = (ctx.memo ??= new Map());
    const hit = memo.get(memoKey);
    if (hit !== undefined) return hit;
    const features = ctx.mono ? baseFeatures('mono') : [...baseFeatures(face), ...(style.features ?? [])];
    if (ctx.smallcaps && !features.includes('smcp')) features.push('smcp');
    if ((superscript || ctx.script === 'sup') && !image) features.push('sups');
    else if (ctx.script === 'sub') features.push('subs');
    const key = `${face}|${features.join(',')}|${href ?? ''}${image ? `|${image.path}` : ''}`;
    let i = styleIndex.get(key);
    if (i === undefined) {
      i = items.styles.length;
      const s: RunStyle = { face, size: style.size, features };
      if (href) s.href = href;
      if (image) s.image = image;
      items.styles.push(s);
      measures.push(image ? () => image.width : shaper.measurer(face, style.size, features));
      styleIndex.set(key, i);
    }
    memo.set(memoKey, i);
    return i;
  }

  function faceOf(ctx: Ctx): Face {
    if (ctx.mono) return 'mono';
    let italic = ctx.italic;
    let bold = ctx.bold;
    if (baseFace === 'italic') italic = !italic;
    else if (baseFace === 'bold') bold = true;
    else if (baseFace === 'boldItalic') {
      bold = true;
      italic = !italic;
    } else if (baseFace === 'mono') return 'mono';
    return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
  }

  const spaceCache = new Map<number, number>();
  function spaceWidth(si: number): number {
    let w = spaceCache.get(si);
    if (w === undefined) {
      w = measures[si](' ');
      spaceCache.set(si, w);
    }
    return w;
  }

  function lastType(): number {
    return items.length ? items.type[items.length - 1] : -1;
  }

  function glue(ctx: Ctx, pos: number, ch: string): void {
    const si = styleOf(ctx, faceOf(ctx));
    if (ch === NARROW_NOBREAK_SPACE) {
      // Half the word space, fixed, as babel-french's thin space (the faces have no glyph for it: EB
      // Garamond lacks U+202F). Never a line's end, even in an emergency: it only ever joins a mark to
      // its word, and a line that began with '?' or '»' would be a typesetting error, not a way out.
      const p = items.push(PENALTY, 0, pos);
      items.penalty[p] = INF;
      items.push(GLUE, spaceWidth(si) / 2, pos);
      return;
    }
    if (NOBREAK_SPACE.test(ch)) {
      const last = items.length - 1;
      if (last < 0 || (items.type[last] === PENALTY && items.penalty[last] <= -INF) || (items.type[last] === BOX && items.style[last] < 0)) {
        // At a line's start (a verse line's indent, as pandoc's line blocks write it): a box, which the
        // line keeps, where glue would be dropped at the break (TeX's \hspace*).
        items.push(BOX, spaceWidth(si), pos);
        return;
      }
      // A no-break space holds, except in an emergency when nothing else can: a paragraph of words
      // joined by no-break spaces has no other break, and ran off the paper (2,000 words on one
      // line). Its cost, just short of forbidden, makes any other break come first ('c. 1265').
      const p = items.push(PENALTY, 0, pos);
      items.penalty[p] = INF - 1;
      items.level[p] = 1;
    } else if (lastType() === GLUE || items.length === 0 || (lastType() === BOX && items.style[items.length - 1] < 0)) {
      return; // collapse runs of spaces; no glue at the start of the paragraph
    }
    const w = spaceWidth(si);
    const g = items.push(GLUE, w, pos);
    if (ragged) return;
    items.stretch[g] = w * opts.spaceStretch;
    items.shrink[g] = w * opts.spaceShrink;
  }

  function forced(pos: number, fil: boolean): void {
    // Drop a trailing space before the break (TeX's \unskip).
    if (lastType() === GLUE) popItem();
    if (fil) {
      const g = items.push(GLUE, 0, pos);
      items.fil[g] = 1;
    }
    const p = items.push(PENALTY, 0, pos);
    items.penalty[p] = -INF;
  }

  function popItem(): void {
    items.pop();
  }

  let sentenceStart = true; // the next word begins a sentence
  function endWord(): void {
    if (!word.length) return;
    // A capital initial marks a name, except on a sentence's first word when the book also has it in lower case.
    emitWordOnce(word, hyph && (sentenceStart || style.capitalsInSentence === true) && capitalIsCommon(word[0].text, style.lowerCaseWords));
    const last = word[word.length - 1].text;
    sentenceStart = SENTENCE_END.test(last);
    word = [];
  }

  function addText(text: string, ctx: Ctx): void {
    let start = 0;
    const flush = (end: number) => {
      if (end > start) {
        const seg: Segment = { text: text.slice(start, end), offset: offset + start, ctx };
        if (pendingAnchors.length) {
          seg.anchors = pendingAnchors;
          pendingAnchors = [];
        }
        word.push(seg);
      }
    };
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (WHITESPACE.test(ch)) {
        flush(i);
        endWord();
        glue(ctx, offset + i, ch);
        start = i + 1;
      }
    }
    flush(text.length);
    offset += text.length;
  }

  function walk(nodes: readonly Inline[], ctx: Ctx): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          addText(node.text, ctx);
          break;
        case 'code':
          addText(node.text, { ...ctx, mono: true, memo: undefined });
          break;
        case 'emph':
          walk(node.children, { ...ctx, italic: !ctx.italic, memo: undefined });
          break;
        case 'strong':
          walk(node.children, { ...ctx, bold: true, memo: undefined });
          break;
        case 'smallcaps':
          walk(node.children, { ...ctx, smallcaps: true, memo: undefined });
          break;
        case 'sup':
        case 'sub':
          walk(node.children, { ...ctx, script: node.kind, memo: undefined });
          break;
        case 'link':
          walk(node.children, { ...ctx, href: node.href, memo: undefined });
          break;
        case 'mention':
          pendingAnchors.push(node.id);
          walk(node.children, { ...ctx, name: true });
          break;
        case 'anchor':
          // The destination stands at the next word set (an empty anchor's too).
          pendingAnchors.push(node.id);
          walk(node.children, ctx);
          break;
        case 'foreign':
          walk(node.children, { ...ctx, lang: node.lang, memo: undefined });
          break;
        case 'noteRef':
          word.push({
            text: String(node.number),
            offset: -1,
            ctx,
            inserted: { pos: offset, anchors: [node.id], href: '#' + node.noteId },
          });
          break;
        case 'break':
          endWord();
          forced(offset, true);
          offset += 1;
          if (style.hang) items.push(BOX, -style.hang, offset);
          break;
        case 'image':
          // Drawn in the line at the height of the type (see inlineImage); a PDF keeps no image it cannot read.
          if (node.asset) word.push({ text: '\ufffc', offset: -1, ctx, inserted: { pos: offset, anchors: [], href: ctx.href, image: inlineImage(node, style.size) } });
          break;
      }
    }
  }

  // Words repeat (a book sets 'the' thousands of times). A word that is one segment, with nothing
  // inserted or anchored in it, is cut, measured and given its break points once per paragraph
  // setting and context; afterwards its items are copied (see WordItems).
  const paragraphKey = [baseFace, style.size, style.measure, style.indent, style.align === 'justify', style.hyphenate, hyph, style.lang, style.features ?? [], opts.expansion, opts.hyphenPenalty, opts.exHyphenPenalty, opts.urlPenalty, opts.emergencyPenalty].join('|');
  function emitWordOnce(segs: Segment[], capitalAllowed: boolean): void {
    const seg = segs[0];
    if (segs.length !== 1 || seg.inserted || seg.anchors) return emitWord(segs, capitalAllowed);
    const memo = words.table(paragraphKey, seg.ctx);
    const key = capitalAllowed ? `\u0001${seg.text}` : seg.text;
    const hit = memo.get(key);
    if (hit) {
      const nums = hit.nums;
      for (let k = 0, o = 0; k < hit.text.length; k++, o += STRIDE) {
        const i = items.push(nums[o], nums[o + 1], seg.offset + nums[o + 7]);
        items.stretch[i] = nums[o + 2];
        items.shrink[i] = nums[o + 3];
        items.penalty[i] = nums[o + 4];
        items.flagged[i] = nums[o + 5];
        items.level[i] = nums[o + 6];
        items.text[i] = hit.text[k];
        const face = hit.face[k];
        if (face !== null) {
          items.style[i] = styleOf(seg.ctx, face);
          items.offset[i] = seg.offset + nums[o + 8];
        }
      }
      return;
    }
    const from = items.length;
    emitWord(segs, capitalAllowed);
    const w: WordItems = { nums: new Float64Array((items.length - from) * STRIDE), text: [], face: [] };
    for (let i = from, o = 0; i < items.length; i++, o += STRIDE) {
      const st = items.style[i];
      w.nums[o] = items.type[i];
      w.nums[o + 1] = items.width[i];
      w.nums[o + 2] = items.stretch[i];
      w.nums[o + 3] = items.shrink[i];
      w.nums[o + 4] = items.penalty[i];
      w.nums[o + 5] = items.flagged[i];
      w.nums[o + 6] = items.level[i];
      w.nums[o + 7] = items.pos[i] - seg.offset;
      w.nums[o + 8] = st >= 0 ? items.offset[i] - seg.offset : 0;
      w.text.push(items.text[i]);
      w.face.push(st >= 0 ? items.styles[st].face : null);
    }
    words.added();
    memo.set(key, w);
  }

  /**
   * Emit one word (non-space characters, possibly in several styles) as boxes and break points.
   * `capitalAllowed`: its first segment's capital initial may be hyphenated (see hyphenationPoints).
   */
  function emitWord(segs: Segment[], capitalAllowed: boolean): void {
    // The word's characters and, per character, its segment.
    let text = '';
    const segAt: number[] = [];
    const segStart: number[] = [];
    segs.forEach((s, k) => {
      segStart.push(text.length);
      text += s.text;
      for (let i = 0; i < s.text.length; i++) segAt.push(k);
    });
    const n = text.length;
    const breaks = new Map<number, Break>();
    const url = URLISH.test(text) || segs.some((s) => s.ctx.mono);

    // Hard hyphens and dashes: a break after them, no hyphen added.
    for (let i = 1; i < n; i++) {
      const prev = text[i - 1];
      if ((prev === '-' || prev === '\u2010') && i >= 2 && WORDCHAR.test(text[i - 2]) && WORDCHAR.test(text[i])) {
        breaks.set(i, { penalty: opts.exHyphenPenalty, flagged: true, hyphen: false, level: 0 });
      } else if ((prev === '\u2014' || prev === '\u2013') && i >= 2 && WORDCHAR.test(text[i]) && !(prev === '\u2013' && DIGIT.test(text[i - 2]) && DIGIT.test(text[i]))) {
        // After a dash, but not inside a range of numbers ('1902–1988', pages '16–20').
        breaks.set(i, { penalty: opts.exHyphenPenalty, flagged: false, hyphen: false, level: 0 });
      } else if (prev === '\u200b' || (isCjk(text.charCodeAt(i - 1)) && isCjk(text.charCodeAt(i)))) {
        breaks.set(i, { penalty: 0, flagged: false, hyphen: false, level: 0 });
      } else if (prev === '\u00ad') {
        breaks.set(i, { penalty: opts.hyphenPenalty, flagged: true, hyphen: true, level: 0 });
      }
    }
    if (url) {
      for (let i = 2; i < n - 1; i++) {
        const prev = text[i - 1];
        const ch = text[i];
        if ((prev === '/' && ch !== '/') || ((ch === '.' || ch === '?' || ch === '#' || ch === '&' || ch === '=' || ch === '_') && prev !== ch)) {
          if (!breaks.has(i)) breaks.set(i, { penalty: opts.urlPenalty, flagged: false, hyphen: false, level: 0 });
        }
      }
    } else if (hyph) {
      let at = 0;
      for (const s of segs) {
        if (!s.inserted && !s.ctx.name && !s.ctx.mono && canHyphenate(s.ctx.lang)) {
          for (const p of hyphenationPoints(s.text, s.ctx.lang, capitalAllowed && at === 0, shaper.hyphenation)) {
            if (!breaks.has(at + p)) breaks.set(at + p, { penalty: opts.hyphenPenalty, flagged: true, hyphen: true, level: 0 });
          }
        }
        at += s.text.length;
      }
    }

    // Pieces: cut at break points, segment boundaries and face changes (fallback fonts).
    const faces: (Face | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const s = segs[segAt[i]];
      const primary = faceOf(s.ctx);
      if (s.inserted?.image) {
        faces[i] = primary; // a placeholder, never shaped: no font need have it
        continue;
      }
      const cp = text.codePointAt(i)!;
      if (cp >= 0xdc00 && cp <= 0xdfff && i > 0) faces[i] = faces[i - 1]; // low surrogate
      else if (i > 0 && isMark(text.charCodeAt(i))) faces[i] = faces[i - 1];
      else faces[i] = shaper.fonts.faceFor(cp, primary) ?? primary;
    }

    // Emergency breaks, for words that would be hard or impossible to fit: between any two characters.
    let total = 0;
    const widthOf = (from: number, to: number): number => {
      const s = segs[segAt[from]];
      const si = styleOf(s.ctx, faces[from]!, !!s.inserted, s.inserted ? s.inserted.href : s.ctx.href, s.inserted?.image);
      return measures[si](stripShy(text.slice(from, to)));
    };
    {
      let from = 0;
      for (let i = 1; i <= n; i++) {
        if (i === n || segAt[i] !== segAt[from] || faces[i] !== faces[from]) {
          total += widthOf(from, i);
          from = i;
        }
      }
    }
    if (total > (style.hyphenate || style.align === 'justify' ? style.measure * EMERGENCY_FRACTION : RAGGED_FRACTION * (style.measure - Math.max(0, style.indent)))) {
      for (let i = 1; i < n; i++) {
        if (breaks.has(i)) continue;
        const code = text.charCodeAt(i);
        if (code >= 0xdc00 && code <= 0xdfff) continue;
        if (isMark(text.charCodeAt(i))) continue;
        if (segs[segAt[i]].inserted) continue; // never split a note number, nor part it from its word
        // Cutting a joining script (Arabic) changes the letters' shapes on both sides: not even in an emergency.
        if (JOINING.test(text[i - 1]) && JOINING.test(text[i])) continue;
        const hyphen = !url && HYPHEN_SCRIPT.test(text[i - 1]) && HYPHEN_SCRIPT.test(text[i]);
        // In a URL a cut without a hyphen reads as part of the address: far worse than a loose line.
        breaks.set(i, { penalty: url ? 5 * opts.emergencyPenalty : opts.emergencyPenalty, flagged: hyphen, hyphen, level: 1 });
      }
    }

    // Emit: pieces between cuts; widths by prefix difference within a same-style stretch, so that an
    // unbroken word measures exactly as a whole (kerning and ligatures across the cut kept). A word
    // with very many cuts (a run of thousands of characters with no space, cut anywhere) has its
    // pieces measured one by one instead: its prefixes would make the work, and the strings kept,
    // grow with the square of its length. The lines it is cut into are measured exactly when set.
    const byPiece = breaks.size > MAX_PREFIX_CUTS;
    let runFrom = 0; // start of the current same-style stretch
    let runPrefixWidth = 0;
    let pieceFrom = 0;
    for (let i = 1; i <= n; i++) {
      const styleCut = i === n || segAt[i] !== segAt[runFrom] || faces[i] !== faces[runFrom];
      const brk = i < n ? breaks.get(i) : undefined;
      if (!styleCut && !brk) continue;
      const seg = segs[segAt[pieceFrom]];
      const prefix = byPiece ? runPrefixWidth + widthOf(pieceFrom, i) : widthOf(runFrom, i);
      const w = prefix - runPrefixWidth;
      const pieceText = stripShy(text.slice(pieceFrom, i));
      if (pieceText.length) {
        const b = items.push(BOX, w, seg.inserted ? seg.inserted.pos : seg.offset + (pieceFrom - segStart[segAt[pieceFrom]]));
        items.text[b] = pieceText;
        items.stretch[b] = items.shrink[b] = seg.inserted?.image ? 0 : w * opts.expansion;
        items.style[b] = styleOf(seg.ctx, faces[pieceFrom]!, !!seg.inserted, seg.inserted ? seg.inserted.href : seg.ctx.href, seg.inserted?.image);
        items.offset[b] = seg.inserted ? -1 : items.pos[b] + (text[pieceFrom] === '\u00ad' ? 1 : 0);
        if (text[pieceFrom] === '\u00ad') items.pos[b] += 1;
        const anchors = seg.inserted ? seg.inserted.anchors : pieceFrom === segStart[segAt[pieceFrom]] ? seg.anchors : undefined;
        if (anchors?.length) items.anchors[b] = anchors;
      }
      if (styleCut) {
        runFrom = i;
        runPrefixWidth = 0;
      } else runPrefixWidth = prefix;
      pieceFrom = i;
      if (brk) {
        const s = segs[segAt[i - 1]];
        const pos = s.inserted ? s.inserted.pos : s.offset + (i - segStart[segAt[i - 1]]);
        const p = items.push(PENALTY, 0, pos);
        items.penalty[p] = brk.penalty;
        items.flagged[p] = brk.flagged ? 1 : 0;
        items.level[p] = brk.level;
        if (brk.hyphen) {
          items.width[p] = measures[styleOf(s.ctx, faces[i - 1]!)]('-');
          items.text[p] = '-';
        }
      }
    }
  }

  if (style.indent > 0) items.push(BOX, style.indent, 0);
  // A box of negative width at the start of each line broken by hand (see ParagraphStyle.hang): kept
  // at the line's start as the indent is, where glue would be dropped.
  if (style.hang) items.push(BOX, -style.hang, 0);
  walk(inlines, { italic: false, bold: false, mono: false, smallcaps: false, lang: style.lang, name: false });
  endWord();
  // An anchor after the last word ('…the end.[]{#end}') has no word to stand at: it stands at the last one.
  if (pendingAnchors.length) {
    for (let i = items.length - 1; i >= 0; i--) {
      if (items.type[i] !== BOX || items.style[i] < 0) continue;
      items.anchors[i] = [...(items.anchors[i] ?? []), ...pendingAnchors];
      break;
    }
  }
  forced(offset, true);
  if (opts.protrusion) protrude(items, shaper);
  return items;
}

/**
 * Share of a character's width that may hang into the margin (microtype's defaults, in spirit):
 * [left, right]. Only light punctuation hangs; letters stay inside the measure.
 */
const PROTRUSION: Record<string, [number, number]> = {
  '.': [0, 0.7],
  ',': [0, 0.6],
  ':': [0, 0.5],
  ';': [0, 0.5],
  '!': [0, 0.2],
  '?': [0, 0.2],
  '-': [0, 0.6],
  '\u2010': [0, 0.6],
  '\u2013': [0.3, 0.3],
  '\u2014': [0.2, 0.2],
  '\u2018': [0.6, 0.4],
  '\u201c': [0.5, 0.3],
  '\u2019': [0.4, 0.6],
  '\u201d': [0.3, 0.5],
  "'": [0.5, 0.5],
  '"': [0.4, 0.4],
  '(': [0.2, 0],
  ')': [0, 0.2],
  '[': [0.1, 0],
  ']': [0, 0.1],
};

function protrude(items: Items, shaper: Shaper): void {
  const measures: ((text: string) => number)[] = [];
  const charWidth = (ch: string, si: number): number => {
    const st = items.styles[si];
    return (measures[si] ??= shaper.measurer(st.face, st.size, st.features))(ch);
  };
  const right = (i: number): number => {
    if (i <= 0 || items.type[i - 1] !== BOX || items.style[i - 1] < 0) return 0;
    const t = items.text[i - 1];
    const ch = t[t.length - 1];
    const f = PROTRUSION[ch]?.[1];
    return f ? f * charWidth(ch, items.style[i - 1]) : 0;
  };
  for (let i = 0; i < items.length; i++) {
    const t = items.type[i];
    if (t === BOX) {
      if (items.style[i] < 0) continue;
      const ch = items.text[i][0];
      const f = PROTRUSION[ch]?.[0];
      if (f) items.protrude[i] = f * charWidth(ch, items.style[i]);
    } else if (t === GLUE) items.protrude[i] = right(i);
    else if (items.text[i] === '-') items.protrude[i] = PROTRUSION['-'][1] * items.width[i];
    else items.protrude[i] = right(i);
  }
}

function stripShy(s: string): string {
  return s.includes('\u00ad') ? s.replace(/\u00ad/g, '') : s;
}

/**
 * An inline image's size in the line: as tall as a capital and a descender (0.9 em), or smaller if
 * it is small at its own size (see pointSize), its width in proportion. It stands on the baseline.
 */
function inlineImage(node: Extract<Inline, { kind: 'image' }>, size: number): InlineImage {
  const px = node.asset!;
  const height = Math.min(pointSize(px).height, 0.9 * size);
  return { path: px.path, width: (height * px.width) / px.height, height, alt: node.alt };
}
