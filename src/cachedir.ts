import * as fs from 'node:fs';
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

/**
 * Makes a folder and those missing above it, one at a time; answers the first folder it made
 * (undefined if it was there) and throws what the file system says, an ENOENT with `refusedBy` where
 * a folder takes no new entries. Not Node's recursive mkdir: there (`--out /proc/x`,
 * SAMIZDAT_CACHE_DIR=/proc/x) it made the parent, found it there and tried again, for ever, inside
 * one call no signal ends.
 */
export function makeFolders(dir: string, io: Pick<typeof fs, 'lstatSync' | 'mkdirSync'> = fs): string | undefined {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    try {
      io.lstatSync(d);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw e;
      missing.unshift(d);
    }
  }
  for (const d of missing) {
    try {
      io.mkdirSync(d);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Made meanwhile by another build: fine, as long as it is a folder.
      if (code === 'EEXIST' && io.lstatSync(d).isDirectory()) continue;
      throw code === 'ENOENT' ? Object.assign(e as Error, { refusedBy: dirname(d) }) : e;
    }
  }
  return missing[0];
}
