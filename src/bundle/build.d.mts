/** The hyphenation tries built into the bundle, as JSON by primary language subtag. */
export function prebuiltTries(): Record<string, string>;
/** Writes dist/cli/samizdat.cjs and dist/cli/samizdat.mjs. */
export function compile(): Promise<void>;
