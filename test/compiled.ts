/**
 * The compiled command as users run it. `npm test` compiles first; a test file run alone compiles when
 * the bundle is older than anything under src/.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const CLI = join(ROOT, 'dist/cli/samizdat.mjs');

/** The newest modification time of the files under a folder. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Compiles the bundle when it is missing or older than src/. */
export function ensureCompiled(): void {
  let stale = true;
  try {
    stale = statSync(CLI).mtimeMs < newest(join(ROOT, 'src'));
  } catch {}
  if (stale) execFileSync('npm', ['run', 'compile'], { cwd: ROOT, stdio: 'ignore' });
}

/**
 * The files in an output folder, hidden ones included: the tests that list one expect the editions and
 * nothing else (the manifests of up-to-date checks live in the cache folder, src/output/manifest.ts).
 */
export function outputFiles(dir: string): string[] {
  return readdirSync(dir);
}
