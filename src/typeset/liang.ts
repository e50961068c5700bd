/**
 * Liang's hyphenation (TeX's patterns, as the `hyphenation.*` packages hold them): a trie of the
 * patterns' letters with each pattern's levels, and a pass of every substring of the word framed by
 * '_' through it; an odd level between two letters allows a hyphen there.
 *
 * The trie is a table of typed arrays, one row of child nodes per node for the letters the patterns
 * use. The compiled bundle holds it packed (src/prebuilt.ts: unpacked in a millisecond or two); from
 * the sources it is built from the pattern strings on first use (15 ms). hypher built an object per
 * node and strings per pattern (a short book's first build spent 25 ms and 13 MB of garbage on it),
 * and its lookups through thousands of differently shaped objects were slower still.
 */

import { deflateRawSync, inflateRawSync } from 'node:zlib';

export interface PatternFile {
  /** Patterns by their length in characters, digits included, concatenated ('2': 'a1b2c1…'). */
  patterns: Record<number, string>;
  /** Fewest letters before and after a hyphen. */
  leftmin: number;
  rightmin: number;
}

import type { PackedPatterns } from '../prebuilt.js';

export type { PackedPatterns };

export class Patterns {
  readonly leftMin: number;
  readonly rightMin: number;
  /** The letters the patterns use ('_' is the word's edge), and each one's column in `next`. */
  private readonly column = new Int16Array(65536).fill(-1);
  private alphabet = '';
  private width = 0;
  private nodes = 1;
  /** Child of node n for column c at n × width + c; 0 when there is none (node 0 is the root). */
  private next: Int32Array;
  /** Per node, where its pattern's levels start in `levels` and how many there are (0: no pattern ends here). */
  private levelStart: Int32Array;
  private levelCount: Uint8Array;
  private levels: Uint8Array;
  /** Levels of the word being hyphenated. */
  private work = new Uint8Array(64);

  /** The trie of a pattern file, or of a packed one. */
  constructor(file: PatternFile | PackedPatterns) {
    this.leftMin = file.leftmin;
    this.rightMin = file.rightmin;
    if ('data' in file) {
      this.alphabet = file.alphabet;
      this.width = file.alphabet.length;
      for (let c = 0; c < this.width; c++) this.column[file.alphabet.charCodeAt(c)] = c;
      this.nodes = file.nodes;
      const bytes = new Uint8Array(inflateRawSync(Buffer.from(file.data, 'base64')));
      const n = file.nodes;
      const table = n * this.width;
      this.levelStart = new Int32Array(bytes.buffer, 0, n);
      this.next = Int32Array.from(new Uint16Array(bytes.buffer, n * 4, table));
      const rest = n * 4 + table * 2;
      this.levelCount = bytes.subarray(rest, rest + n);
      this.levels = bytes.subarray(rest + n, rest + n + file.levels);
      return;
    }
    // First pass: the alphabet and the sizes.
    let letters = 0;
    let levelTotal = 0;
    for (const [length, all] of Object.entries(file.patterns)) {
      const size = Number(length);
      for (let i = 0; i < all.length; i += size) {
        for (let k = i; k < i + size; k++) {
          const c = all.charCodeAt(k);
          if (c >= 48 && c <= 57) continue;
          letters++;
          if (this.column[c] < 0) {
            this.column[c] = this.width++;
            this.alphabet += String.fromCharCode(c);
          }
        }
        levelTotal += size + 1;
      }
    }
    this.next = new Int32Array((letters + 1) * this.width);
    this.levelStart = new Int32Array(letters + 1);
    this.levelCount = new Uint8Array(letters + 1);
    this.levels = new Uint8Array(levelTotal);
    // Second pass: each pattern's path through the trie, and its levels at the node it ends on.
    let levelAt = 0;
    for (const [length, all] of Object.entries(file.patterns)) {
      const size = Number(length);
      for (let i = 0; i < all.length; i += size) {
        let node = 0;
        let count = 0;
        const start = levelAt;
        for (let k = i; k < i + size; k++) {
          const c = all.charCodeAt(k);
          if (c >= 48 && c <= 57) {
            this.levels[levelAt + count] = c - 48;
            continue;
          }
          count++;
          const slot = node * this.width + this.column[c];
          if (this.next[slot] === 0) this.next[slot] = this.nodes++;
          node = this.next[slot];
        }
        // A pattern of n letters has n + 1 levels (a digit may follow the last letter).
        this.levelStart[node] = start;
        this.levelCount[node] = count + 1;
        levelAt += count + 1;
      }
    }
  }

  /** The trie packed for the bundle (see PackedPatterns). */
  pack(): PackedPatterns {
    const n = this.nodes;
    let used = 0;
    for (let i = 0; i < n; i++) used = Math.max(used, this.levelStart[i] + this.levelCount[i]);
    if (n > 65536) throw new Error(`${n} nodes: too many for a packed trie`);
    const parts = [this.levelStart.subarray(0, n), Uint16Array.from(this.next.subarray(0, n * this.width)), this.levelCount.subarray(0, n), this.levels.subarray(0, used)];
    const data = Buffer.concat(parts.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
    return { leftmin: this.leftMin, rightmin: this.rightMin, alphabet: this.alphabet, nodes: n, levels: used, data: deflateRawSync(data, { level: 9 }).toString('base64') };
  }

  /**
   * Adds to `points` (offset by `at`) each place where a hyphen may go in `word`, a run of lower-case
   * letters, leftMin letters from its start and rightMin from its end at the least.
   */
  hyphenate(word: string, at: number, points: number[]): void {
    const n = word.length + 2;
    if (this.work.length < n + 16) this.work = new Uint8Array(2 * n + 16);
    const work = this.work;
    work.fill(0, 0, n + 16);
    const { column, next, width, levelStart, levelCount, levels } = this;
    for (let i = 0; i < n; i++) {
      let node = 0;
      for (let j = i; j < n; j++) {
        const c = column[j === 0 || j === n - 1 ? 95 : word.charCodeAt(j - 1)];
        if (c < 0) break;
        node = next[node * width + c];
        if (node === 0) break;
        const count = levelCount[node];
        const from = levelStart[node];
        for (let k = 0; k < count; k++) if (levels[from + k] > work[i + k]) work[i + k] = levels[from + k];
      }
    }
    // work[i] is the level before the (i - 1)th letter of the word.
    for (let i = this.leftMin + 1; i < n - 1 && i < n - this.rightMin; i++) if (work[i] & 1) points.push(at + i - 1);
  }
}
