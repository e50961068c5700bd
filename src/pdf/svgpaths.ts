/**
 * SVGs made of paths alone (Standard Ebooks' traced illustrations: a viewBox, a title, a few paths of
 * megabytes each), written straight as PDF path operators. svg-to-pdfkit builds an object per
 * segment and a bounding box per path: a book with 65 MB of such drawings spent 20 s there and as
 * much again collecting its garbage. Anything else an SVG may hold (shapes, text, styles, opacity,
 * gradients, `use`, nested viewports) is left to svg-to-pdfkit: `pathsOnly` answers undefined.
 */

/** A paths-only SVG: its viewBox, and its drawing in the viewBox's units (y down), as PDF operators. */
export interface PathsOnly {
  viewBox: [number, number, number, number];
  ops: string;
}

/** Painting properties, inherited from `g` to `path` as SVG's presentation attributes are. */
interface Paint {
  fill: string | null;
  fillRule: 'nonzero' | 'evenodd';
  stroke: string | null;
  strokeWidth: number;
  cap: number;
  join: number;
  miter: number;
}

const INITIAL: Paint = { fill: '0 0 0', fillRule: 'nonzero', stroke: null, strokeWidth: 1, cap: 0, join: 0, miter: 4 };
const CAPS: Record<string, number> = { butt: 0, round: 1, square: 2 };
const JOINS: Record<string, number> = { miter: 0, round: 1, bevel: 2 };
/** Attributes of the root that do not change the drawing (preserveAspectRatio is checked apart). */
const ROOT_ONLY = new Set(['xmlns', 'version', 'baseProfile', 'width', 'height', 'viewBox', 'preserveAspectRatio', 'xml:space', 'id']);
const PAINT = new Set(['fill', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit']);

/** Thrown inside the parser when the SVG is not one it draws; caught in pathsOnly. */
class NotPathsOnly extends Error {}
const refuse = (): never => {
  throw new NotPathsOnly();
};

/** The drawing of a checked SVG (see src/load/svg.ts) made only of svg, g, path, title, desc and metadata; else undefined. */
export function pathsOnly(svg: string): PathsOnly | undefined {
  try {
    return parse(svg);
  } catch (e) {
    if (e instanceof NotPathsOnly) return undefined;
    throw e;
  }
}

// A tag (name, attributes, self-closing), a comment, the XML declaration, or CDATA. The SVG parsed as
// strict XML in the loader, so tags are well formed; anything unexpected is refused, not guessed.
const TOKEN = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?xml[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|</g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parse(svg: string): PathsOnly {
  let ops = '';
  let viewBox: PathsOnly['viewBox'] | undefined;
  /**
   * Open elements: their paint, whether they set a transform (closed by Q at their end), and how
   * much their user unit is worth in the viewBox's (for the decimals a coordinate needs).
   */
  const stack: { name: string; paint: Paint; transformed: boolean; scale: number }[] = [];
  /** Inside title, desc or metadata: how many elements deep (their content is never drawn). */
  let skipping = 0;
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(svg); m; m = TOKEN.exec(svg)) {
    const top = stack[stack.length - 1];
    const between = svg.slice(last, m.index);
    last = TOKEN.lastIndex;
    if (between.trim() && !skipping) refuse();
    if (m[2] === undefined) {
      // A comment, the declaration, CDATA, or a `<` that opens nothing this knows.
      if (m[0] === '<' || (m[0].startsWith('<![CDATA[') && !skipping)) refuse();
      continue;
    }
    const [, closing, name, attrText, selfClosing] = m;
    if (skipping) {
      if (closing) skipping--;
      else if (!selfClosing) skipping++;
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) refuse();
      if (open!.transformed) ops += 'Q\n';
      continue;
    }
    const attrs = attributes(attrText);
    if (name === 'title' || name === 'desc' || name === 'metadata') {
      if (!top) refuse();
      if (!selfClosing) skipping = 1;
      continue;
    }
    if (name === 'svg') {
      if (stack.length || viewBox) refuse();
      for (const k of attrs.keys()) if (!ROOT_ONLY.has(k) && !PAINT.has(k) && !k.startsWith('xmlns:')) refuse();
      const aspect = (attrs.get('preserveAspectRatio') ?? 'xMidYMid meet').trim().split(/\s+/);
      if (aspect[0] !== 'xMidYMid' || (aspect[1] ?? 'meet') !== 'meet') refuse();
      const box = (attrs.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
      if (box.length !== 4 || box.some((n) => !Number.isFinite(n)) || box[2] <= 0 || box[3] <= 0) refuse();
      viewBox = box as PathsOnly['viewBox'];
      if (!selfClosing) stack.push({ name, paint: paintOf(attrs, INITIAL), transformed: false, scale: 1 });
      continue;
    }
    if (!top || top.name === 'path' || (name !== 'g' && name !== 'path')) refuse();
    const paint = paintOf(attrs, top!.paint);
    const transform = attrs.get('transform');
    let prefix = '';
    let scale = top!.scale;
    if (transform !== undefined) {
      const m = matrix(transform);
      prefix = `q\n${m.map(fine).join(' ')} cm\n`;
      scale *= Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
    }
    for (const k of attrs.keys()) if (!PAINT.has(k) && k !== 'transform' && k !== 'id' && !(name === 'path' && k === 'd')) refuse();
    if (name === 'g') {
      if (selfClosing) continue;
      ops += prefix;
      stack.push({ name, paint, transformed: transform !== undefined, scale });
      continue;
    }
    // A stroke of no width is no stroke in SVG; in PDF it is the thinnest line a device draws.
    const stroke = paint.strokeWidth > 0 ? paint.stroke : null;
    const d = attrs.get('d') ?? '';
    if ((paint.fill || stroke) && d.trim()) {
      // Data with an error is left to svg-to-pdfkit, which draws up to it, as SVG says.
      const path = pathOps(d, decimals(viewBox!, scale)) ?? refuse();
      let state = paint.fill ? `${paint.fill} rg\n` : '';
      if (stroke) state += `${stroke} RG\n${fine(paint.strokeWidth)} w\n${paint.cap} J\n${paint.join} j\n${fine(paint.miter)} M\n`;
      const even = paint.fillRule === 'evenodd';
      const op = paint.fill && stroke ? (even ? 'B*' : 'B') : paint.fill ? (even ? 'f*' : 'f') : 'S';
      ops += `${prefix || 'q\n'}${state}${path}${op}\nQ\n`;
    }
    if (!selfClosing) stack.push({ name, paint, transformed: false, scale });
  }
  if (stack.length || !viewBox || svg.slice(last).trim()) refuse();
  return { viewBox: viewBox!, ops };
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
    const value = m[2] ?? m[3];
    // An entity could spell anything: such a drawing goes to svg-to-pdfkit, which decodes them.
    if (value.includes('&') || out.has(m[1])) refuse();
    out.set(m[1], value);
  }
  return out;
}

function paintOf(attrs: Map<string, string>, inherited: Paint): Paint {
  const p = { ...inherited };
  const v = (k: string) => attrs.get(k)?.trim();
  if (v('fill') !== undefined) p.fill = color(v('fill')!);
  if (v('stroke') !== undefined) p.stroke = color(v('stroke')!);
  const rule = v('fill-rule');
  if (rule !== undefined) p.fillRule = rule === 'evenodd' ? 'evenodd' : rule === 'nonzero' ? 'nonzero' : refuse();
  const width = v('stroke-width');
  if (width !== undefined) p.strokeWidth = /^\d*\.?\d+$/.test(width) ? Number(width) : refuse();
  const cap = v('stroke-linecap');
  if (cap !== undefined) p.cap = CAPS[cap] ?? refuse();
  const join = v('stroke-linejoin');
  if (join !== undefined) p.join = JOINS[join] ?? refuse();
  const miter = v('stroke-miterlimit');
  if (miter !== undefined) p.miter = /^\d*\.?\d+$/.test(miter) && Number(miter) >= 1 ? Number(miter) : refuse();
  return p;
}

/** A colour as PDF's `rg` operands, or null for none; named colours other than black and white are refused. */
function color(value: string): string | null {
  const v = value.toLowerCase();
  if (v === 'none') return null;
  if (v === 'black') return '0 0 0';
  if (v === 'white') return '1 1 1';
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  }
  const fn = /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.exec(v);
  if (fn) rgb = fn.slice(1).map(Number);
  if (!rgb || rgb.some((c) => c > 255)) return refuse();
  return rgb.map((c) => fine(c / 255)).join(' ');
}

/** A `transform` attribute's list as one matrix [a b c d e f]. */
function matrix(text: string): number[] {
  let m = [1, 0, 0, 1, 0, 0];
  const re = /\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)\s*,?/gy;
  let end = 0;
  for (let t = re.exec(text); t; t = re.exec(text)) {
    end = re.lastIndex;
    const a = t[2].trim().split(/[\s,]+/).filter(Boolean).map(Number);
    if (a.some((n) => !Number.isFinite(n))) refuse();
    const rad = (deg: number) => (deg * Math.PI) / 180;
    let n: number[];
    switch (t[1]) {
      case 'matrix':
        n = a.length === 6 ? a : refuse();
        break;
      case 'translate':
        n = a.length === 1 || a.length === 2 ? [1, 0, 0, 1, a[0], a[1] ?? 0] : refuse();
        break;
      case 'scale':
        n = a.length === 1 || a.length === 2 ? [a[0], 0, 0, a[1] ?? a[0], 0, 0] : refuse();
        break;
      case 'rotate': {
        if (a.length !== 1 && a.length !== 3) refuse();
        const c = Math.cos(rad(a[0]));
        const s = Math.sin(rad(a[0]));
        const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
        n = [c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy];
        break;
      }
      case 'skewX':
        n = a.length === 1 ? [1, 0, Math.tan(rad(a[0])), 1, 0, 0] : refuse();
        break;
      default:
        n = a.length === 1 ? [1, Math.tan(rad(a[0])), 0, 1, 0, 0] : refuse();
    }
    m = [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];
  }
  if (text.slice(end).trim()) refuse();
  return m;
}

/**
 * Decimals enough for a coordinate in a user space worth `scale` viewBox units: a ten-thousandth of
 * the drawing's larger side (on a page, a printer's dot or less), so a huge viewBox and a tiny one
 * are written alike.
 */
function decimals(viewBox: PathsOnly['viewBox'], scale: number): number {
  const unit = Math.max(viewBox[2], viewBox[3]) / 10000 / (scale || 1);
  return Math.min(6, Math.max(0, Math.ceil(-Math.log10(unit))));
}

/**
 * PDF operators as ASCII bytes, numbers written digit by digit with `decimals` decimals at most (no
 * exponent, no trailing zeros): a drawing's path data is tens of megabytes, and a string per number
 * (String() of a double, then joined) cost more than the parsing.
 */
class OpWriter {
  private bytes = new Uint8Array(1 << 16);
  length = 0;
  private readonly scale: number;
  constructor(private readonly decimals: number) {
    this.scale = POWERS[decimals];
  }

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** A number and a space. */
  num(n: number): void {
    let r = Math.round(n * this.scale);
    if (!Number.isSafeInteger(r)) refuse();
    this.room(24);
    const b = this.bytes;
    if (r < 0) {
      r = -r;
      b[this.length++] = 45;
    }
    let int = Math.floor(r / this.scale);
    let frac = r - int * this.scale;
    // The integer part's digits, backwards into place (in 32 bits when it fits: most do).
    const small = int < 0x7fffffff;
    let digits = 1;
    for (let t = int; t >= 10; t = small ? (t / 10) | 0 : Math.floor(t / 10)) digits++;
    for (let k = digits - 1; k >= 0; k--) {
      const q = small ? (int / 10) | 0 : Math.floor(int / 10);
      b[this.length + k] = 48 + int - q * 10;
      int = q;
    }
    this.length += digits;
    if (frac !== 0) {
      b[this.length++] = 46;
      let places = this.decimals;
      while (frac % 10 === 0) (frac /= 10), places--;
      for (let k = places - 1; k >= 0; k--) {
        const q = (frac / 10) | 0;
        b[this.length + k] = 48 + frac - q * 10;
        frac = q;
      }
      this.length += places;
    }
    b[this.length++] = 32;
  }

  /** An operator (ASCII) and a newline. */
  op(name: string): void {
    this.room(name.length + 1);
    for (let k = 0; k < name.length; k++) this.bytes[this.length++] = name.charCodeAt(k);
    this.bytes[this.length++] = 10;
  }

  text(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString('latin1');
  }
}

/** A matrix's entry or a box's side: six decimals, as pdfkit writes them (a scale's error grows with the drawing). */
export function fine(n: number): string {
  const r = Math.round(n * 1e6) / 1e6;
  return r === 0 ? '0' : Math.abs(r) >= 1e21 ? refuse() : String(r);
}

/**
 * The viewport of an SVG whose viewBox is shown whole (xMidYMid meet) in a box of `aspect` (width ÷
 * height), in the viewBox's units: the viewBox itself when the aspects agree, else widened or
 * heightened about its centre. What is drawn outside it is clipped, as SVG clips to its viewport.
 */
export function viewport([vx, vy, vw, vh]: PathsOnly['viewBox'], aspect: number): [number, number, number, number] {
  if (!(aspect > 0) || Math.abs(aspect * vh - vw) < 1e-9 * vw) return [vx, vy, vx + vw, vy + vh];
  if (aspect * vh > vw) {
    const w = vh * aspect;
    return [vx - (w - vw) / 2, vy, vx + (w + vw) / 2, vy + vh];
  }
  const h = vw / aspect;
  return [vx, vy - (h - vh) / 2, vx + vw, vy + (h + vh) / 2];
}

/** Powers of ten as literals: each exact. */
const POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Path data (SVG 1.1 §8.3) as PDF path operators in the same coordinates: m, l, c and h; quadratic
 * curves raised to cubics, arcs approximated by cubics of at most a quarter turn. Undefined if the
 * data has an error (SVG draws up to it; svg-to-pdfkit is left to do the same).
 */
export function pathOps(d: string, places = 3): string | undefined {
  const out = new OpWriter(places);
  let moved = false;
  let i = 0;
  const n = d.length;
  const space = () => {
    while (i < n) {
      const c = d.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 44) i++;
      else break;
    }
  };
  // A number (sign, digits, point, exponent), or NaN where there is none. Up to 15 digits and no
  // exponent, it is its digits over a power of ten: two exact doubles, so the quotient is Number()'s.
  const number = (): number => {
    space();
    const start = i;
    let c = d.charCodeAt(i);
    const negative = c === 45;
    if (c === 43 || c === 45) c = d.charCodeAt(++i);
    let digits = 0;
    let mantissa = 0;
    let fraction = 0;
    while (c >= 48 && c <= 57) (mantissa = mantissa * 10 + c - 48), (c = d.charCodeAt(++i)), digits++;
    if (c === 46) {
      c = d.charCodeAt(++i);
      while (c >= 48 && c <= 57) (mantissa = mantissa * 10 + c - 48), (c = d.charCodeAt(++i)), digits++, fraction++;
    }
    if (!digits) {
      i = start;
      return NaN;
    }
    if (c === 101 || c === 69) {
      const e = i;
      c = d.charCodeAt(++i);
      if (c === 43 || c === 45) c = d.charCodeAt(++i);
      if (c >= 48 && c <= 57) {
        while (c >= 48 && c <= 57) c = d.charCodeAt(++i);
        return Number(d.slice(start, i));
      }
      i = e;
    }
    if (digits > 15) return Number(d.slice(start, i));
    const value = fraction ? mantissa / POWERS[fraction] : mantissa;
    return negative ? -value : value;
  };
  const flag = (): number => {
    space();
    const c = d.charCodeAt(i);
    if (c !== 48 && c !== 49) return NaN;
    i++;
    return c - 48;
  };
  let x = 0, y = 0, sx = 0, sy = 0;
  // The last control point, for S and T (reflected when the command before was of their kind).
  let cx = 0, cy = 0;
  let prev = '';
  let cmd = '';
  space();
  while (i < n) {
    const c = d[i];
    if (/[MmZzLlHhVvCcSsQqTtAa]/.test(c)) {
      cmd = c;
      i++;
    } else if (!cmd || cmd === 'Z' || cmd === 'z') return undefined;
    else if (cmd === 'M') cmd = 'L';
    else if (cmd === 'm') cmd = 'l';
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    switch (cmd) {
      case 'M': case 'm': {
        const a = number(), b = number();
        if (Number.isNaN(b)) return undefined;
        x = sx = ox + a;
        y = sy = oy + b;
        out.num(x), out.num(y), out.op('m');
        moved = true;
        break;
      }
      case 'Z': case 'z':
        out.op('h');
        x = sx;
        y = sy;
        break;
      case 'L': case 'l': case 'H': case 'h': case 'V': case 'v': {
        const up = cmd.toUpperCase();
        const a = number();
        const b = up === 'L' ? number() : 0;
        if (Number.isNaN(a) || Number.isNaN(b) || !moved) return undefined;
        if (up === 'L') (x = ox + a), (y = oy + b);
        else if (up === 'H') x = ox + a;
        else y = oy + a;
        out.num(x), out.num(y), out.op('l');
        break;
      }
      case 'C': case 'c': case 'S': case 's': {
        const smooth = cmd === 'S' || cmd === 's';
        let x1: number, y1: number;
        if (smooth) {
          const reflect = /[CcSs]/.test(prev);
          x1 = reflect ? 2 * x - cx : x;
          y1 = reflect ? 2 * y - cy : y;
        } else {
          x1 = ox + number();
          y1 = oy + number();
        }
        const x2 = ox + number(), y2 = oy + number(), x3 = ox + number(), y3 = oy + number();
        if (Number.isNaN(x1 + y1 + x2 + y2 + x3 + y3) || !moved) return undefined;
        out.num(x1), out.num(y1), out.num(x2), out.num(y2), out.num(x3), out.num(y3), out.op('c');
        cx = x2;
        cy = y2;
        x = x3;
        y = y3;
        break;
      }
      case 'Q': case 'q': case 'T': case 't': {
        let qx: number, qy: number;
        if (cmd === 'T' || cmd === 't') {
          const reflect = /[QqTt]/.test(prev);
          qx = reflect ? 2 * x - cx : x;
          qy = reflect ? 2 * y - cy : y;
        } else {
          qx = ox + number();
          qy = oy + number();
        }
        const x3 = ox + number(), y3 = oy + number();
        if (Number.isNaN(qx + qy + x3 + y3) || !moved) return undefined;
        out.num(x + (2 / 3) * (qx - x)), out.num(y + (2 / 3) * (qy - y)), out.num(x3 + (2 / 3) * (qx - x3)), out.num(y3 + (2 / 3) * (qy - y3));
        out.num(x3), out.num(y3), out.op('c');
        cx = qx;
        cy = qy;
        x = x3;
        y = y3;
        break;
      }
      default: {
        // A, a
        const rx = number(), ry = number(), rot = number(), large = flag(), sweep = flag();
        const x3 = ox + number(), y3 = oy + number();
        if (Number.isNaN(rx + ry + rot + large + sweep + x3 + y3) || !moved) return undefined;
        arc(out, x, y, rx, ry, rot, large, sweep, x3, y3);
        x = x3;
        y = y3;
      }
    }
    prev = cmd;
    space();
  }
  return out.length ? out.text() : undefined;
}

/** An elliptical arc (SVG 1.1 §F.6.5: endpoint to centre parameters) as cubics of at most 90°. */
function arc(out: OpWriter, x1: number, y1: number, rx: number, ry: number, rotation: number, large: number, sweep: number, x2: number, y2: number): void {
  if (x1 === x2 && y1 === y2) return;
  rx = Math.abs(rx);
  ry = Math.abs(ry);
  if (rx === 0 || ry === 0) {
    out.num(x2), out.num(y2), out.op('l');
    return;
  }
  const phi = (rotation * Math.PI) / 180;
  const cos = Math.cos(phi), sin = Math.sin(phi);
  const dx = (x1 - x2) / 2, dy = (y1 - y2) / 2;
  const x1p = cos * dx + sin * dy, y1p = -sin * dx + cos * dy;
  const lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
  if (lambda > 1) (rx *= Math.sqrt(lambda)), (ry *= Math.sqrt(lambda));
  const num2 = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
  const den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
  const k = (large === sweep ? -1 : 1) * Math.sqrt(Math.max(0, num2 / den));
  const cxp = (k * rx * y1p) / ry, cyp = (-k * ry * x1p) / rx;
  const cx = cos * cxp - sin * cyp + (x1 + x2) / 2, cy = sin * cxp + cos * cyp + (y1 + y2) / 2;
  const angle = (ux: number, uy: number, vx: number, vy: number) => Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const theta = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
  let delta = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
  if (!sweep && delta > 0) delta -= 2 * Math.PI;
  else if (sweep && delta < 0) delta += 2 * Math.PI;
  const segments = Math.ceil(Math.abs(delta) / (Math.PI / 2) - 1e-9);
  const step = delta / segments;
  const t = (4 / 3) * Math.tan(step / 4);
  // A point of the ellipse at parameter a, and its derivative, in user space.
  const point = (a: number) => [cx + rx * Math.cos(a) * cos - ry * Math.sin(a) * sin, cy + rx * Math.cos(a) * sin + ry * Math.sin(a) * cos];
  const tangent = (a: number) => [-rx * Math.sin(a) * cos - ry * Math.cos(a) * sin, -rx * Math.sin(a) * sin + ry * Math.cos(a) * cos];
  for (let s = 0; s < segments; s++) {
    const a0 = theta + s * step, a1 = a0 + step;
    const [px0, py0] = point(a0), [tx0, ty0] = tangent(a0);
    const [px1, py1] = s === segments - 1 ? [x2, y2] : point(a1), [tx1, ty1] = tangent(a1);
    out.num(px0 + t * tx0), out.num(py0 + t * ty0), out.num(px1 - t * tx1), out.num(py1 - t * ty1), out.num(px1), out.num(py1), out.op('c');
  }
}
