/** Writes dist/cli/samizdat.cjs and dist/cli/samizdat.mjs. */
export function compile(): Promise<void>;
/** Languages whose dates are written ahead. */
export const DATE_LANGUAGES: string[];
/** Intl's long dates as templates, by language tag (see src/prebuilt.ts). */
export function prebuiltDates(): Record<string, string[]>;
/** The hyphenation tries, packed, by primary language subtag. */
export function prebuiltPatterns(): Promise<Record<string, import('../prebuilt.js').PackedPatterns>>;
