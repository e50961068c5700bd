/**
 * Tables built when samizdat is compiled (src/bundle/build.mjs puts them here in the bundle): what
 * each process would otherwise build again from its sources. Empty when the sources run as they are
 * (the tests), and everything is then built at first use, the same way.
 */
export const PREBUILT: {
  /** Hyphenation patterns' tries, packed (see src/typeset/liang.ts), by primary language subtag. */
  patterns: Record<string, PackedPatterns | undefined>;
  /**
   * Dates as Intl writes them, by language tag: 12 templates of day, month and year ('{d} April {y}')
   * then 12 of month and year, January first. Intl loads its calendar data on first use (15 ms).
   */
  dates: Record<string, string[] | undefined>;
  /**
   * The SHA-256 of the text engine's sources and of the fontkit and patterns it was compiled with
   * (see src/text/cache.ts): the key of the shaping cache on disk.
   */
  textEngine?: string;
} = { patterns: {}, dates: {} };

/** A trie as the bundle holds it: its alphabet, sizes, and the typed arrays deflated, in base64. */
export interface PackedPatterns {
  leftmin: number;
  rightmin: number;
  alphabet: string;
  nodes: number;
  levels: number;
  /** The child table, node levels and levels, deflated: the table's entries in 16 bits (fewer than 65,536 nodes). */
  data: string;
}
