/**
 * Hyphenation tries built when samizdat is compiled, as JSON by primary language subtag (see
 * src/bundle/build.mjs, which puts them here in the bundle). Empty when the sources run as they are
 * (the tests): the tries are then built from the patterns at first use, the same ones.
 */
export const PREBUILT: Record<string, string | undefined> = {};
