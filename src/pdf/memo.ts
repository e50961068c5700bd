import type { Inline } from '../model/index.js';
import type { Face, Line, ParagraphStyle } from '../typeset/types.js';
import { lowerCaseWords } from '../typeset/hyphenate.js';
import type { Typesetter } from './flow.js';

/**
 * Paragraphs already set, for a process that builds the same book again (`build --watch`): made by
 * the caller of build.ts and handed down, never a module's state. A paragraph is set again only when
 * something that shapes its lines changed: its inlines (text, emphasis, links, anchors, images; not
 * their source positions), its style (measure, indent, face, size, alignment, language, hyphenation,
 * expansion, features) or, for a capitalised word at a sentence start, whether the book still holds
 * its lower-case form (each lookup the setter made is recorded with its answer and checked again).
 * Set lines are never changed by their users, so one set of lines serves every build that asks.
 * What a build did not ask for is forgotten when the next build ends (`sweep`).
 */
export class ParagraphMemo {
  private entries = new Map<string, Entry>();
  private used = new Map<string, Entry>();
  /** Each text's lower-case words (see `lowerCaseWords`), by text. */
  private words = new Map<string, string[]>();
  private usedWords = new Map<string, string[]>();
  /** Paragraphs asked for and found, and set anew, since the last sweep (the benchmark prints them). */
  hits = 0;
  misses = 0;

  /** `ts` with this memo in front of its `setParagraph`. */
  typesetter(ts: Typesetter): Typesetter {
    return {
      setParagraph: (inlines, style) => this.set(ts, inlines, style),
      measure: (text: string, face: Face, size: number, features: readonly string[]) => ts.measure(text, face, size, features),
      lowerCaseWords: (texts) => this.lowerCaseWords(texts),
    };
  }

  /** hyphenate.ts `lowerCaseWords`, each text's words found once (the same set, in the same order). */
  private lowerCaseWords(texts: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const text of texts) {
      let found = this.usedWords.get(text) ?? this.words.get(text);
      if (!found) found = [...lowerCaseWords([text])];
      this.usedWords.set(text, found);
      for (const w of found) out.add(w);
    }
    return out;
  }

  private set(ts: Typesetter, inlines: Inline[], style: ParagraphStyle): Line[] {
    const key = keyOf(inlines, style);
    const lower = style.lowerCaseWords;
    let entry = this.used.get(key) ?? this.entries.get(key);
    if (entry && !stillTrue(entry.asked, lower)) entry = undefined;
    if (entry) {
      this.hits++;
    } else {
      this.misses++;
      const asked: (string | boolean)[] = [];
      const recording: ReadonlySet<string> | undefined = lower && ({
        has: (word: string) => {
          const answer = lower.has(word);
          asked.push(word, answer);
          return answer;
        },
      } as unknown as ReadonlySet<string>);
      entry = { lines: ts.setParagraph(inlines, recording ? { ...style, lowerCaseWords: recording } : style), asked };
    }
    this.used.set(key, entry);
    return entry.lines;
  }

  /** Ends a build: keeps what it asked for, forgets the rest. */
  sweep(): void {
    this.entries = this.used;
    this.used = new Map();
    this.words = this.usedWords;
    this.usedWords = new Map();
    this.hits = 0;
    this.misses = 0;
  }
}

interface Entry {
  lines: Line[];
  /** Words the setter looked up in `lowerCaseWords`, each followed by the answer it got. */
  asked: (string | boolean)[];
}

function stillTrue(asked: readonly (string | boolean)[], lower: ReadonlySet<string> | undefined): boolean {
  for (let i = 0; i < asked.length; i += 2) if ((lower?.has(asked[i] as string) ?? false) !== asked[i + 1]) return false;
  return true;
}

/** Source positions say where a paragraph was, not what it is. */
const noSpan = (key: string, value: unknown) => (key === 'span' ? undefined : value);

function keyOf(inlines: Inline[], s: ParagraphStyle): string {
  const style = [s.measure, s.indent, s.face, s.size, s.align, s.lang, s.hyphenate, s.expansion ?? '', (s.features ?? []).join(','), s.lowerCaseWords ? 1 : 0].join('\u0001');
  return `${style}\u0002${JSON.stringify(inlines, noSpan)}`;
}
