/**
 * The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
 * `prefixes: false` where a word that begins a candidate is a word of its own, not a typo of it (a
 * span's class `.small`, which HTML conversions carry, is no slip for `.smallcaps`).
 */
export function closest(word: string, candidates: readonly string[], prefixes = true): string | undefined {
  const w = word.toLowerCase().replace(/[-\s]/g, '_');
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    // One word the start of the other ('transl' for 'translator') counts as two edits at most: a
    // real one-letter slip ('translator_note' for 'translators_note') still wins over it.
    const d = distance(w, c);
    const score = prefixes && w.length >= 3 && (c.startsWith(w) || w.startsWith(c)) ? Math.min(d, 2) : d;
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  // Fewer edits than the word has letters: 'a' is no slip for 'id' (two edits replace all of it).
  return bestScore <= Math.min(Math.max(2, Math.floor(w.length / 3)), w.length - 1) ? best : undefined;
}

/**
 * The key an unknown key most likely meant: an alias other tools use, else the nearest key or alias
 * by edit distance over the whole schema. A key already `present` is never offered (following the hint
 * would only make a duplicate): `taken` then names it, so the message can say it is set already.
 */
export function suggestKey(key: string, keys: readonly string[], aliases: Readonly<Record<string, string>>, present: ReadonlySet<string>): { key?: string; taken?: string } {
  const w = key.toLowerCase().replace(/[-\s']/g, '_');
  // Own keys only: `__proto__` would find Object.prototype in the table ("did you mean '[object Object]'?").
  const meant = (Object.hasOwn(aliases, w) ? aliases[w] : undefined) ?? (keys.includes(w) ? w : undefined);
  if (meant) return present.has(meant) ? { taken: meant } : { key: meant };
  const free = keys.filter((k) => !present.has(k));
  const freeAliases = Object.keys(aliases).filter((a) => !present.has(aliases[a]));
  const near = closest(w, [...free, ...freeAliases]);
  if (near) return { key: aliases[near] ?? near };
  const nearTaken = closest(w, keys);
  return nearTaken ? { taken: nearTaken } : {};
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
