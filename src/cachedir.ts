import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * samizdat's cache folder: SAMIZDAT_CACHE_DIR, else node_modules/.cache/samizdat beside the packages
 * samizdat runs with (found from fontkit's place). It holds what builds remember (shaped words, set
 * paragraphs, deflated streams, covers, the manifests of the editions built), never anything a user publishes.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SAMIZDAT_CACHE_DIR) return resolve(env.SAMIZDAT_CACHE_DIR);
  let dir = dirname(createRequire(import.meta.url).resolve('fontkit'));
  while (basename(dir) !== 'fontkit' && dirname(dir) !== dir) dir = dirname(dir);
  return join(dirname(dir), '.cache', 'samizdat');
}
