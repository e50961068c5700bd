import { SaxesParser } from 'saxes';

/** What an SVG image is, once checked: its size in CSS pixels (from width/height, else the viewBox). */
export interface SvgCheck {
  width: number;
  height: number;
  /**
   * Drawn in black, white and greys alone, with no picture inside (a traced drawing, a diagram): its
   * negative shows the same drawing, so an e-reader's dark theme may invert it (see epub.css).
   */
  lineArt: boolean;
  /**
   * The <svg> gives no width and no height of its own, only a viewBox (whose units are taken as CSS pixels):
   * a browser or e-reader then knows no size for it and stretches it across the screen.
   */
  viewBoxOnly?: true;
}

/** Why an SVG is refused: what was found, and where in the SVG file (lines and columns from 1). */
export interface SvgProblem {
  what: string;
  line: number;
  column: number;
  /** Refused for its size (MAX_ELEMENTS, MAX_DEPTH), not for what it holds. */
  tooLarge?: true;
}

/**
 * The bytes an SVG may have. Measured with one path of random curves drawn straight (src/pdf/svgpaths.ts):
 * 100 MB built in 20 s at a peak of 740 MB; 200 MB of path data built at 1.5 GB; the 512 MB a JavaScript
 * string can hold is out of reach. A book's traced drawings are a few MB each.
 */
export const MAX_SVG_BYTES = 100_000_000;
/**
 * Elements an SVG may hold. 100,000 <rect>s (4 MB) drawn by svg-to-pdfkit built in 22 s at a peak of
 * 1.4 GB; a million ran the heap out. A million paths alone (src/pdf/svgpaths.ts) cost 550 MB.
 */
export const MAX_ELEMENTS = 100_000;
/** How deep elements may nest: svg-to-pdfkit recurses, and saxes resolves names up the open elements (quadratic). */
export const MAX_DEPTH = 1_000;

/** Thrown from saxes' handler to stop reading an SVG found too large. */
class TooLarge extends Error {}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Elements that run code, embed other documents or media: never in an image of a book. */
const ACTIVE = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener', 'set', 'animate', 'animatemotion', 'animatetransform']);
/**
 * A PNG or JPEG held in the file itself (Standard Ebooks' covers embed their painting so): nothing to
 * fetch and nothing that runs, unlike a data: SVG or HTML, which could hold scripts of its own.
 */
export const EMBEDDED_PICTURE = /^\s*data:image\/(png|jpeg);base64,[A-Za-z0-9+/=\s]*$/;
/**
 * A CSS function that fetches (url(…), src(…), image(…), image-set(…)) given anything but `#id` in the
 * file, or an @import; looked for in `cssText`, the CSS as a browser reads it.
 */
const FETCHES = /(?:^|[^\w-])(?:url|src|image|(?:-webkit-)?image-set)\(\s*(?!['"]?\s*#|\))|@import/i;

/**
 * CSS as a browser tokenizes it, for FETCHES: comments removed (one inside the word url is then read as
 * nothing, which refuses a harmless oddity rather than miss a fetch) and escapes decoded: `\75 rl(`, `u\rl(` and
 * `@\69mport` are url( and @import to a browser, and were not refused.
 */
export function cssText(css: string): string {
  return css.replace(/\/\*[\s\S]*?(\*\/|$)/g, '').replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|([^\n\r\f0-9a-fA-F]))/g, (_, hex: string | undefined, c: string | undefined) => {
    if (c !== undefined) return c;
    const n = parseInt(hex!, 16);
    return n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) ? '\ufffd' : String.fromCodePoint(n);
  });
}

/**
 * Checks an SVG as a programme, not just a picture: it is parsed as strict XML (saxes), and refused
 * at the first thing that could run or fetch — a DOCTYPE (which can declare entities: the billion
 * laughs, or external files), a processing instruction such as xml-stylesheet, a script,
 * foreignObject or animation element, an `on…` event handler, an href to anything but `#id` in the
 * same file or a PNG or JPEG written into it (EMBEDDED_PICTURE), a `url(…)` or `@import` in a style that leaves the file. Nothing is stripped: an image
 * that needs any of these is refused with the place it was found, and nothing is ever fetched.
 * Animation elements are refused too: a page of a book is still.
 */
export function checkSvg(text: string, picture: PictureCheck = () => undefined): SvgCheck | SvgProblem {
  // Path data is most of a traced drawing's bytes, and saxes reads it a character at a time (3 s for
  // a book's 65 MB). A long `d` made of path-data characters alone (no markup, entity or quote; none
  // of what a URL, a style or a handler needs) is checked as d="0": the file is well formed and safe
  // exactly when that one is. A problem is looked for again in the file as it is, for its place.
  // Not a run with `--` in it: inside a comment that is an error the short file would not have.
  const short = shortenPathData(text);
  if (short.length < text.length) {
    const checked = check(short, picture);
    if (!('what' in checked)) return checked;
  }
  return check(text, picture);
}

/** What is wrong with a picture written into an SVG (its bytes, the type its data: URL says), or undefined. */
export type PictureCheck = (bytes: Buffer, type: 'png' | 'jpeg') => string | undefined;

/** Where a `d` attribute's value starts. */
const PATH_DATA_START = /\sd\s*=\s*(["'])/g;
/** A character path data has not: markup, an entity, a quote. */
const NOT_PATH_DATA = /[^0-9A-Za-z .,+\-\t\n\r]/;

/**
 * The text with each `d` value of 1,024 path-data characters or more written as "0". Not one regular
 * expression over the value: V8 backtracked through a run of `[…]{1024,}` one character at a stack
 * frame, and a path of 8 MB, which Potrace writes, overflowed the stack ('internal error').
 */
function shortenPathData(text: string): string {
  const parts: string[] = [];
  let last = 0;
  PATH_DATA_START.lastIndex = 0;
  for (let m = PATH_DATA_START.exec(text); m; m = PATH_DATA_START.exec(text)) {
    const from = PATH_DATA_START.lastIndex;
    const to = text.indexOf(m[1], from);
    if (to < 0) break;
    const data = text.slice(from, to);
    if (data.length >= 1024 && !NOT_PATH_DATA.test(data) && !data.includes('--')) {
      parts.push(text.slice(last, from), '0');
      last = to;
    }
    PATH_DATA_START.lastIndex = to + 1;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

function check(text: string, picture: PictureCheck): SvgCheck | SvgProblem {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: SvgProblem | undefined;
  let root: { width?: string; height?: string; viewBox?: string; ns: string; name: string } | undefined;
  let inStyle = 0;
  let coloured = false;
  // saxes stands after the construct it reports; an editor looks for its start: the last `marker` before.
  const place = (at: number) => {
    const before = text.slice(0, at);
    return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
  };
  const offsetOf = (marker: string) => Math.max(0, text.lastIndexOf(marker, Math.max(0, parser.position - 1)));
  const startOf = (marker: string) => place(offsetOf(marker));
  // An offset, made a line and column only when a problem is found there: `place` reads the file up to
  // it, and at every tag that was quadratic (100,000 nested <g>s on one line, 700 KB, took 195 s).
  let tagStart = 0;
  // The elements as a tree, with each <use>'s target, to count what the drawing holds once its <use>s are copied out.
  const top: Element = { children: [] };
  const open: Element[] = [top];
  const byId = new Map<string, Element>();
  let elements = 0;
  const refuse = (what: string, at = { line: parser.line, column: parser.column + 1 }) => {
    problem ??= { what, ...at };
  };
  parser.on('doctype', () => refuse('a DOCTYPE (it can declare entities and fetch files)', startOf('<!DOCTYPE')));
  parser.on('processinginstruction', (pi) => refuse(`a processing instruction <?${pi.target}?>`, startOf('<?')));
  parser.on('opentagstart', () => {
    tagStart = offsetOf('<');
  });
  parser.on('opentag', (tag) => {
    const name = tag.local.toLowerCase();
    const start = tagStart;
    const el: Element = { children: [] };
    elements++;
    // Bounded before anything else is kept: the PDF's drawing costs memory by the element (svg-to-pdfkit:
    // 1.4 GB for 100,000 <rect>s), and by the level (it recurses: 100,000 nested <g>s overflowed its stack).
    if (elements > MAX_ELEMENTS || open.length > MAX_DEPTH) {
      problem ??= { what: elements > MAX_ELEMENTS ? `more than ${MAX_ELEMENTS.toLocaleString('en')} elements (the next here)` : `elements nested more than ${MAX_DEPTH.toLocaleString('en')} deep (the next here)`, ...place(start), tooLarge: true };
      throw new TooLarge();
    }
    open[open.length - 1].children.push(el);
    open.push(el);
    const id = attr(tag, 'id');
    if (id !== undefined && !byId.has(id)) byId.set(id, el);
    if (name === 'use') {
      const href = Object.values(tag.attributes).find((a) => a.local === 'href')?.value.trim();
      if (href?.startsWith('#')) el.use = { id: href.slice(1), at: start };
    }
    if (!root) root = { ns: tag.uri, name: tag.local, width: attr(tag, 'width'), height: attr(tag, 'height'), viewBox: attr(tag, 'viewBox') };
    if (ACTIVE.has(name)) refuse(`a <${tag.name}> element`, place(start));
    if (name === 'style' && inStyle++ === 0) {
      styleStart = place(start);
      styleAt = Math.max(0, text.lastIndexOf('<', parser.position - 1));
    }
    // A picture inside (a photograph) would be inverted too.
    if (name === 'image') coloured = true;
    for (const a of Object.values(tag.attributes)) {
      const local = a.local.toLowerCase();
      if (PAINT.has(local) ? !grey(a.value) : local === 'style' && !greyStyle(a.value)) coloured = true;
      if (local.startsWith('on')) refuse(`an event handler ${a.name}="…" on <${tag.name}>`, place(start));
      else if (local === 'href' && !a.value.trim().startsWith('#')) {
        const embedded = EMBEDDED_PICTURE.exec(a.value);
        // Checked as an image file is (its header, its size once decoded): both renderers decode it.
        const wrong = embedded && picture(Buffer.from(a.value.slice(a.value.indexOf(',') + 1), 'base64'), embedded[1] as 'png' | 'jpeg');
        if (/^\s*data:/i.test(a.value) && !embedded) refuse(`a data: URL ${a.name}="${short(a.value)}" on <${tag.name}> that is no PNG or JPEG in base64`, place(start));
        else if (!embedded) refuse(`a reference ${a.name}="${short(a.value)}" to outside the file on <${tag.name}>`, place(start));
        else if (wrong) refuse(`a picture ${a.name}="${short(a.value)}" on <${tag.name}> that ${wrong}`, place(start));
      }
      else if (FETCHES.test(cssText(a.value))) refuse(`a reference to outside the file in ${a.name}="${short(a.value)}" on <${tag.name}>`, place(start));
    }
  });
  parser.on('closetag', (tag) => {
    if (open.length > 1) open.pop();
    if (tag.local.toLowerCase() !== 'style') return;
    inStyle--;
    // Checked whole: a browser reads the text, CDATA sections and entities of a <style> as one sheet, so
    // '@imp<![CDATA[ort …' is an @import too.
    if (inStyle === 0) {
      const css = cssText(style);
      if (FETCHES.test(css)) {
        // At the @import or url( as written, else (written with escapes or entities) at the <style>.
        const sheet = text.slice(styleAt, parser.position);
        const at = /@import/i.test(sheet) ? /@import/i.exec(sheet)!.index : /url\(/i.exec(sheet)?.index;
        refuse('a style that refers to outside the file (@import or url(…))', at === undefined ? styleStart : place(styleAt + at));
      }
      style = '';
    }
  });
  let style = '';
  let styleStart = { line: 1, column: 1 };
  let styleAt = 0;
  const styleText = (t: string) => {
    if (inStyle > 0 && !greyStyle(t)) coloured = true;
    if (inStyle > 0) style += t;
  };
  parser.on('text', styleText);
  parser.on('cdata', styleText);
  parser.on('error', (e) => {
    // Undefined entities land here too (saxes knows only XML's five).
    refuse(`XML that does not parse: ${e.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  });
  try {
    parser.write(text).close();
  } catch {
    // Reported through the error handler.
  }
  if (problem) return problem;
  const copied = expandedSize(top, byId, Math.max(MAX_COPIED, elements));
  if (copied) return copied.cycle
    ? { what: 'a <use> that copies itself, or an element that holds it (a drawing without end)', ...place(copied.at) }
    : { what: `<use> elements that copy parts of the drawing into more than ${Math.max(MAX_COPIED, elements).toLocaleString('en')} elements in all (the first here)`, ...place(copied.at) };
  if (!root || root.name !== 'svg' || root.ns !== SVG_NS) return { what: 'no <svg> element in the SVG namespace at its root', line: 1, column: 1 };
  const box = root.viewBox?.trim().split(/[\s,]+/).map(Number);
  const vb = box && box.length === 4 && box.every(Number.isFinite) && box[2] > 0 && box[3] > 0 ? { width: box[2], height: box[3] } : undefined;
  const w = length(root.width);
  const h = length(root.height);
  const lineArt = !coloured;
  if (w && h) return { width: w, height: h, lineArt };
  if (vb) return { ...(w ? { width: w, height: (w * vb.height) / vb.width } : h ? { width: (h * vb.width) / vb.height, height: h } : { ...vb, viewBoxOnly: true as const }), lineArt };
  return { what: 'no size: the <svg> element has neither width and height nor a viewBox', line: 1, column: 1 };
}

/** An element of the SVG, for `expandedSize`: its children, and what a <use> copies (by id) and where it stands. */
interface Element {
  children: Element[];
  /** What a <use> copies, and the offset of its `<` in the file. */
  use?: { id: string; at: number };
}

/**
 * How many elements <use> may make a drawing hold (or as many as the file holds, if more): ten <g>s of
 * ten <use>s of the one before, 2 KB, are 10^9 rectangles drawn (svg-to-pdfkit: 1.7 GB and 14 s for
 * 10^5, out of memory after 3 minutes for 10^6; the editions' temporary files left behind).
 */
const MAX_COPIED = 20_000;

/**
 * Whether the drawing, its <use>s copied out, holds more than `limit` elements, or a <use> that copies
 * itself: then the first <use> (in document order) that leads there, with its place. Each element is
 * counted once (a depth-first walk with the counts kept), so a file of a few lines that would copy out
 * to billions costs no more than its length; no recursion, for files nested thousands deep.
 */
function expandedSize(root: Element, byId: Map<string, Element>, limit: number): { cycle: boolean; at: number } | undefined {
  const size = new Map<Element, number>();
  const onPath = new Set<Element>([root]);
  const edges = (el: Element) => {
    const target = el.use && byId.get(el.use.id);
    return target ? [...el.children, target] : el.children;
  };
  // The root stands for the file, not an element: counted as one, a file of more than 20,000 elements
  // and no <use> at all was refused as copying itself out past its own count.
  const stack: { el: Element; next: Element[]; i: number; sum: number }[] = [{ el: root, next: edges(root), i: 0, sum: 0 }];
  // The outermost <use> being copied out: where a problem found inside it is reported.
  const usesOnPath: Element[] = [];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.i < frame.next.length) {
      const t = frame.next[frame.i++];
      const known = size.get(t);
      if (known !== undefined) frame.sum += known;
      else if (onPath.has(t)) return { cycle: true, at: (usesOnPath[0] ?? frame.el).use?.at ?? 0 };
      else {
        onPath.add(t);
        if (t.use) usesOnPath.push(t);
        stack.push({ el: t, next: edges(t), i: 0, sum: 1 });
      }
      if (frame.sum > limit) return { cycle: false, at: (usesOnPath[0] ?? frame.el).use?.at ?? 0 };
      continue;
    }
    stack.pop();
    onPath.delete(frame.el);
    if (frame.el.use) usesOnPath.pop();
    size.set(frame.el, frame.sum);
    if (stack.length) {
      const parent = stack[stack.length - 1];
      parent.sum += frame.sum;
      if (parent.sum > limit) return { cycle: false, at: (usesOnPath[0] ?? frame.el).use?.at ?? 0 };
    }
  }
  return undefined;
}

/** Properties that paint (and `color`, which currentColor takes). */
const PAINT = new Set(['fill', 'stroke', 'color', 'stop-color', 'flood-color', 'lighting-color']);
const PAINT_DECLARATION = /(?:^|[;{\s])(fill|stroke|color|stop-color|flood-color|lighting-color)\s*:\s*([^;}]*)/gi;
const GREY_NAMES = /^(none|transparent|currentcolor|inherit|initial|unset|black|white|silver|gainsboro|whitesmoke|(dim|dark|light)?gr[ae]y)$/;

/** A paint that is no colour, or black, white or a grey (red, green and blue alike), or a gradient or pattern in the file (their stops are checked as they come). */
function grey(value: string): boolean {
  const v = value.trim().toLowerCase().replace(/\s*!important$/, '');
  if (GREY_NAMES.test(v) || /^url\(\s*['"]?#/.test(v)) return true;
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(v)?.[1];
  if (hex) {
    const [r, g, b] = hex.length <= 4 ? [...hex.slice(0, 3)].map((c) => c + c) : [hex.slice(0, 2), hex.slice(2, 4), hex.slice(4, 6)];
    return r === g && g === b;
  }
  const rgb = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)/.exec(v);
  return !!rgb && rgb[1] === rgb[2] && rgb[2] === rgb[3];
}

/** Every paint in a style attribute or a <style> element is grey. */
function greyStyle(css: string): boolean {
  for (const m of css.matchAll(PAINT_DECLARATION)) if (!grey(m[2])) return false;
  return true;
}

function attr(tag: { attributes: Record<string, { local: string; uri: string; value: string }> }, name: string): string | undefined {
  return Object.values(tag.attributes).find((a) => a.local === name && a.uri === '')?.value;
}

/** An SVG length in CSS pixels ('300', '300px', '4in', '210mm'); undefined for percentages and nonsense. */
function length(v: string | undefined): number | undefined {
  const m = v?.trim().match(/^(\d+(?:\.\d+)?|\.\d+)(px|pt|pc|in|cm|mm)?$/);
  if (!m) return undefined;
  const n = Number(m[1]) * ({ px: 1, pt: 4 / 3, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4 }[m[2] ?? 'px'] ?? 1);
  return n > 0 ? n : undefined;
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
