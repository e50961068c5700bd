import type { RunStyle } from '../typeset/boxes.js';
import type { Line, Run } from '../typeset/types.js';

export type { RunStyle };


/**
 * A set line as the layout keeps it until it is drawn: the runs' fields in parallel arrays, their
 * styles shared book-wide. A long book has half a million runs; as objects (with their boxed numbers)
 * they were most of its memory. Implements `Line`: `runs` rebuilds Run objects on demand, for checks.
 */
export class PackedLine implements Line {
  readonly width: number;
  readonly hang?: { left: number; right: number };
  readonly start: number;
  readonly hyphenated: boolean;
  readonly ratio: number;
  readonly overfull: boolean;
  /** Per run, in logical order: its text, style, x and width (points, from the line's left edge) and offset. */
  readonly texts: string[];
  readonly styles: RunStyle[];
  readonly xs: number[];
  readonly widths: number[];
  readonly offsets: number[];
  /** Glyph scale, the same for every run of a line (see Run.scale). */
  readonly scale: number;
  /** Anchor ids by run index, for the few runs that begin one. */
  readonly anchors?: Map<number, string[]>;

  /** Set by the line breaker: it broke at a no-break space, having no other place (see Line). */
  readonly brokenNoBreakSpace?: boolean;

  constructor(p: PackedParts) {
    this.width = p.width;
    if (p.hang) this.hang = p.hang;
    this.start = p.start;
    this.hyphenated = p.hyphenated;
    this.ratio = p.ratio;
    this.overfull = p.overfull;
    this.texts = p.texts;
    this.styles = p.styles;
    this.xs = p.xs;
    this.widths = p.widths;
    this.offsets = p.offsets;
    this.scale = p.scale;
    if (p.anchors) this.anchors = p.anchors;
    if (p.brokenNoBreakSpace) this.brokenNoBreakSpace = true;
  }

  /** A set line packed, its styles and texts interned in `styles`. */
  static pack(line: Line, styles: StyleTable): PackedLine {
    const n = line.runs.length;
    const c = columns(n);
    const { texts, xs, widths, offsets } = c;
    let anchors: Map<number, string[]> | undefined;
    for (let i = 0; i < n; i++) {
      const r = line.runs[i];
      texts[i] = styles.text(r.text);
      c.styles[i] = styles.of(r);
      xs[i] = r.x;
      widths[i] = r.width;
      offsets[i] = r.offset;
      if (r.anchors) (anchors ??= new Map()).set(i, r.anchors);
    }
    const { width, hang, start, hyphenated, ratio, overfull, brokenNoBreakSpace } = line;
    return new PackedLine({ width, hang, start, hyphenated, ratio, overfull, brokenNoBreakSpace, ...c, scale: n ? line.runs[0].scale : 1, anchors });
  }

  /** This line with its anchors renamed by `to` (itself when it has none to rename). */
  renamed(to: ReadonlyMap<string, string>): PackedLine {
    if (![...(this.anchors?.values() ?? [])].some((ids) => ids.some((id) => to.has(id)))) return this;
    const anchors = new Map([...this.anchors!].map(([k, ids]) => [k, ids.map((id) => to.get(id) ?? id)]));
    return new PackedLine({ ...this, anchors });
  }

  /** Whether a line can be packed: every run has the line's scale (as the setter makes them). */
  static fits(line: Line): boolean {
    const s = line.runs[0]?.scale;
    return line.runs.every((r) => r.scale === s);
  }

  get runs(): Run[] {
    return this.texts.map((text, i) => {
      const st = this.styles[i];
      const r: Run = { text, face: st.face, size: st.size, features: st.features, x: this.xs[i], width: this.widths[i], scale: this.scale, offset: this.offsets[i] };
      if (st.href) r.href = st.href;
      if (st.superscript) r.superscript = true;
      if (st.image) r.image = st.image;
      const a = this.anchors?.get(i);
      if (a) r.anchors = a;
      return r;
    });
  }
}

/** A packed line's fields (see PackedLine), as the packer or the paragraph memo's file gives them. */
export type PackedParts = Omit<Line, 'runs'> & Columns & { scale: number; anchors?: Map<number, string[]> };

/** A packed line's runs, field by field. */
interface Columns {
  texts: string[];
  styles: RunStyle[];
  xs: number[];
  widths: number[];
  offsets: number[];
}

/** Columns for `n` runs, to be filled: x and width filled with doubles from the start, so the arrays keep unboxed doubles. */
export function columns(n: number): Columns {
  return { texts: new Array<string>(n), styles: new Array<RunStyle>(n), xs: new Array<number>(n).fill(0.5), widths: new Array<number>(n).fill(0.5), offsets: new Array<number>(n) };
}

/**
 * Packed lines kept from one build to the next (`build --watch`, made by build.ts's BuildSession and
 * handed down), by the set line each was packed from: the paragraph memo hands out the same Line
 * objects for a paragraph that did not change, so its lines are not packed again. A line is never
 * changed once packed; one forgotten by the memo is collected with it.
 */
export class PackedLines {
  private readonly byLine = new WeakMap<Line, PackedLine>();

  /** `PackedLine.pack(line, styles)`, or the one made for `line` by an earlier build. */
  pack(line: Line, styles: StyleTable): PackedLine {
    let p = this.byLine.get(line);
    if (!p) this.byLine.set(line, (p = PackedLine.pack(line, styles)));
    return p;
  }
}

/**
 * Interns what a book's runs repeat: styles (equal face, size, features and link share one object)
 * and texts (a word is kept once however often it is set).
 */
export class StyleTable {
  private readonly byFeatures = new WeakMap<readonly string[], Map<string, RunStyle>>();
  private readonly byKey = new Map<string, RunStyle>();
  private readonly texts = new Map<string, string>();

  text(s: string): string {
    const t = this.texts.get(s);
    if (t !== undefined) return t;
    this.texts.set(s, s);
    return s;
  }

  private last?: { run: Run; style: RunStyle };

  of(r: Run): RunStyle {
    // Neighbouring runs mostly share their style.
    const l = this.last?.run;
    if (l && l.features === r.features && l.face === r.face && l.size === r.size && l.href === r.href && l.superscript === r.superscript && l.image === r.image) return this.last!.style;
    const style = this.lookup(r);
    this.last = { run: r, style };
    return style;
  }

  private lookup(r: Run): RunStyle {
    // The setter hands out one features array per paragraph style: a cheap first-level key.
    let m = this.byFeatures.get(r.features);
    if (!m) this.byFeatures.set(r.features, (m = new Map()));
    const local = `${r.face}|${r.size}|${r.href ?? ''}|${r.superscript ? 1 : 0}|${r.image ? `${r.image.path}|${r.image.height}` : ''}`;
    let st = m.get(local);
    if (!st) {
      const key = `${local}|${r.features.join(',')}`;
      st = this.byKey.get(key);
      if (!st) {
        st = { face: r.face, size: r.size, features: r.features };
        if (r.href) st.href = r.href;
        if (r.superscript) st.superscript = true;
        if (r.image) st.image = r.image;
        this.byKey.set(key, st);
      }
      m.set(local, st);
    }
    return st;
  }
}
