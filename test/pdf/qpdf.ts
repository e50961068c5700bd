import { run } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A PDF's objects as qpdf's JSON v2 gives them, with the few look-ups the tests need. */
export class QpdfJson {
  readonly objects: Record<string, { value?: Json; stream?: { dict: Record<string, Json> } }>;
  readonly pages: { object: string; label: Record<string, Json> | null; outlines: { title: string }[] }[];
  readonly outlines: OutlineJson[];
  constructor(path: string) {
    const j = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', '--json-key=pages', '--json-key=outlines', path]));
    this.objects = j.qpdf[1];
    this.pages = j.pages;
    this.outlines = j.outlines;
  }
  /** The value of an object given as '12 0 R' (or a direct value, returned as is). */
  get(ref: Json): Json {
    if (typeof ref === 'string' && /^\d+ \d+ R$/.test(ref)) {
      const o = this.objects[`obj:${ref}`];
      return (o?.value ?? o?.stream?.dict ?? null) as Json;
    }
    return ref;
  }
  dict(ref: Json): Record<string, Json> {
    return this.get(ref) as Record<string, Json>;
  }
  root(): Record<string, Json> {
    const trailer = this.objects.trailer.value as Record<string, Json>;
    return this.dict(trailer['/Root']);
  }
  /** Named destinations: name → physical page index (from 0). */
  dests(): Map<string, number> {
    const pageIndex = new Map(this.pages.map((p, i) => [p.object, i]));
    const out = new Map<string, number>();
    const walk = (node: Record<string, Json>) => {
      const names = node['/Names'] as Json[] | undefined;
      if (names) for (let i = 0; i < names.length; i += 2) {
        const dest = this.get(names[i + 1]) as Json[];
        out.set(String(names[i]).replace(/^u:/, ''), pageIndex.get(String(dest[0])) ?? -1);
      }
      for (const k of (node['/Kids'] as Json[] | undefined) ?? []) walk(this.dict(k));
    };
    const names = this.dict(this.root()['/Names']);
    walk(this.dict(names['/Dests']));
    return out;
  }
  /** Link annotations of a page (index from 0): their rectangles and named destinations. */
  links(page: number): { rect: number[]; dest?: string; page?: number }[] {
    const p = this.dict(this.pages[page].object);
    return ((p['/Annots'] as Json[] | undefined) ?? []).map((a) => {
      const annot = this.dict(a);
      const action = this.dict(annot['/A']);
      const d = action['/D'];
      return { rect: annot['/Rect'] as number[], ...(typeof d === 'string' ? { dest: d.replace(/^u:/, '') } : {}) };
    });
  }
  /** Every element of the structure tree, in document order: its type and the types of its children. */
  structElements(): { type: string; kids: string[] }[] {
    const out: { type: string; kids: string[] }[] = [];
    const seen = new Set<string>();
    const typeOf = (ref: Json) => {
      const v = this.get(ref) as Record<string, Json> | undefined;
      return v && typeof v === 'object' && typeof v['/S'] === 'string' && v['/Type'] !== '/OBJR' ? v['/S'].slice(1) : undefined;
    };
    const walk = (ref: Json) => {
      if (typeof ref === 'string' && seen.has(ref)) return;
      if (typeof ref === 'string') seen.add(ref);
      const v = this.get(ref);
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const kids = (v as Record<string, Json>)['/K'];
      const list = kids === undefined ? [] : Array.isArray(kids) ? kids : [kids];
      const type = typeOf(ref);
      if (type) out.push({ type, kids: list.map(typeOf).filter((t): t is string => t !== undefined) });
      list.forEach(walk);
    };
    walk(this.root()['/StructTreeRoot']);
    return out;
  }

  /** Every structure type used in the structure tree. */
  structTypes(): Set<string> {
    return new Set(this.structElements().map((e) => e.type));
  }

  /** The types of the children of every structure element of `type`, in order (one list per element). */
  structChildren(type: string): string[][] {
    return this.structElements().filter((e) => e.type === type).map((e) => e.kids);
  }
}

export interface OutlineJson {
  title: string;
  destpageposfrom1: number;
  kids: OutlineJson[];
  dest: Json;
}
