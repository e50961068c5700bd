import type { PackedPatterns } from './typeset/liang.js';

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
} = { patterns: {}, dates: {} };
