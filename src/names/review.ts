import { LineIndex } from '../lines.js';
import { plainText, walkBlocks, type Block, type Book, type Inline, type PageMap, type Span } from '../model/index.js';
import { compileForms } from './match.js';

/** One mention as `names review` shows it. */
export interface ReviewedMention {
  /** File position of the mention (of the editor's marker, for a marked one); both from 1. */
  line: number;
  column: number;
  /** The printed page label of the PDF edition it falls on ('7', 'iii'). */
  page: string;
  /** The words as printed: 'Stalin’s'. */
  text: string;
  /** The mention with some words around it, on one line. */
  context: string;
}

/** A registry person as `names review` shows it. */
export interface ReviewedPerson {
  id: string;
  heading: string;
  mentions: ReviewedMention[];
  /** Text under `{.noindex}` that a form would have matched: at the marker's position. */
  suppressed: { line: number; column: number; text: string }[];
  /** Words that begin with one of the person's forms and were not taken for it ('Stalinism'), with their count and first position. */
  derived: { word: string; count: number; line: number; column: number }[];
}

export interface NamesReview {
  persons: ReviewedPerson[];
  /** Entries with forms or markers that the text never names (cross-references are not counted). */
  neverFound: { id: string; heading: string; forms: string[] }[];
}

/**
 * What the index of names will hold, mention by mention, for an editor checking it before printing:
 * the book after the names transform, the page map of its PDF layout, and the manuscript's text
 * (for line and column: the model keeps a block's position and each mention's offset in its plain text).
 */
export function reviewNames(book: Book, pageMap: PageMap, source: string): NamesReview {
  const lines = new LineIndex(source);
  const blocks = new Map<string, Extract<Block, { kind: 'paragraph' | 'heading' }>>();
  for (const b of walkBlocks([...book.blocks, ...book.notes.flatMap((n) => n.children)])) if (b.kind === 'paragraph' || b.kind === 'heading') blocks.set(b.id, b);
  const matcher = compileForms(book.persons);
  const bodyStart = /^---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source)?.[0].length ?? 0;

  // Each mention's words, and where each block's mentions stand in the source: found in order from the block's first line.
  const words = new Map<string, { text: string; span?: Span }>();
  const suppressed = new Map<string, ReviewedPerson['suppressed']>();
  for (const b of blocks.values()) collect(b.children, words, suppressed, matcher);
  const where = new Map<string, { line: number; column: number }>();
  const byBlock = new Map<string, typeof book.mentions>();
  for (const m of book.mentions) byBlock.set(m.blockId, [...(byBlock.get(m.blockId) ?? []), m]);
  for (const [blockId, ms] of byBlock) {
    const block = blocks.get(blockId);
    if (!block) continue;
    let at = lines.lineStart(block.span.line);
    for (const m of ms) {
      const w = words.get(m.id);
      if (w?.span) {
        where.set(m.id, w.span);
        continue;
      }
      const re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${pattern(w?.text ?? '')}(?![\\p{L}\\p{M}\\p{N}])`, 'gu');
      re.lastIndex = at;
      const found = w ? re.exec(source) : null;
      if (found) at = found.index + found[0].length;
      where.set(m.id, lines.position(found ? found.index : lines.lineStart(block.span.line)));
    }
  }

  const persons: ReviewedPerson[] = book.persons.filter((p) => p.see.length === 0).map((p) => ({
    id: p.id,
    heading: p.heading,
    mentions: book.mentions.filter((m) => m.personId === p.id).map((m) => {
      const plain = plainText(blocks.get(m.blockId)?.children ?? []);
      const text = words.get(m.id)?.text ?? '';
      return { ...where.get(m.id)!, page: pageMap.anchors[m.id] ?? '?', text, context: kwic(plain, m.offset, m.offset + text.length) };
    }),
    suppressed: suppressed.get(p.id) ?? [],
    derived: derivedWords(source, bodyStart, lines, p.forms),
  }));
  return {
    persons,
    neverFound: persons.filter((p) => p.mentions.length === 0).map((p) => ({ id: p.id, heading: p.heading, forms: book.persons.find((q) => q.id === p.id)!.forms })),
  };
}

function collect(inlines: readonly Inline[], words: Map<string, { text: string; span?: Span }>, suppressed: Map<string, ReviewedPerson['suppressed']>,
  matcher: ReturnType<typeof compileForms>): void {
  for (const n of inlines) {
    if (n.kind === 'mention') words.set(n.id, { text: plainText(n.children), span: n.span });
    else if (n.kind === 'text' && n.noIndex) {
      for (const m of matcher.find(n.text)) {
        suppressed.set(m.personId, [...(suppressed.get(m.personId) ?? []), { ...n.noIndex, text: n.text.replace(/\s+/g, ' ').trim() }]);
      }
    } else if ('children' in n) collect(n.children, words, suppressed, matcher);
  }
}

/** Words of the source that begin with a form and go on with letters: 'Stalinism', 'Stalingrad', 'Titoist'. */
function derivedWords(source: string, from: number, lines: LineIndex, forms: readonly string[]): ReviewedPerson['derived'] {
  if (forms.length === 0) return [];
  const re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${forms.map(pattern).join('|')})[\\p{L}\\p{M}]+`, 'gu');
  const out = new Map<string, ReviewedPerson['derived'][number]>();
  re.lastIndex = from;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const seen = out.get(m[0]);
    if (seen) seen.count++;
    else out.set(m[0], { word: m[0], count: 1, ...lines.position(m.index) });
  }
  return [...out.values()];
}

/** A form or a mention's words as a pattern over the source: any white space between words, either apostrophe, any hyphen. */
function pattern(text: string): string {
  return text
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(/\s+/g, '\\s+')
    .replace(/['’]/g, "['’]")
    .replace(/[-‐‑]/g, '[-‐‑]');
}

/** Up to about 40 characters each side of [start, end), cut at word boundaries, on one line. */
function kwic(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, end + 40);
  let s = text.slice(from, to);
  if (from > 0) s = `…${s.replace(/^\S*\s/, '')}`;
  if (to < text.length) s = `${s.replace(/\s\S*$/, '')}…`;
  return s.replace(/\s+/g, ' ').trim();
}

/** The review as plain text for a terminal: a heading per person, a line per mention. */
export function formatReview(file: string, review: NamesReview): string {
  const out: string[] = [];
  const total = review.persons.reduce((n, p) => n + p.mentions.length, 0);
  out.push(`${file}: ${review.persons.length} persons, ${total} mentions (pages of the PDF edition)`);
  for (const p of review.persons) {
    out.push('', `${p.heading} (${p.id}): ${p.mentions.length} mention${p.mentions.length === 1 ? '' : 's'}`);
    for (const m of p.mentions) out.push(`  ${file}:${m.line}:${m.column}: p. ${m.page}: ${m.context}`);
    for (const s of p.suppressed) out.push(`  ${file}:${s.line}:${s.column}: not indexed ({.noindex}): ${s.text}`);
    for (const d of p.derived) out.push(`  ${file}:${d.line}:${d.column}: not indexed (another word): ${d.word} ×${d.count}`);
  }
  if (review.neverFound.length > 0) {
    out.push('', 'Never found in the text:');
    for (const p of review.neverFound) out.push(`  ${p.heading} (${p.id}): forms ${p.forms.map((f) => `'${f}'`).join(', ') || 'none'}`);
  }
  return `${out.join('\n')}\n`;
}
