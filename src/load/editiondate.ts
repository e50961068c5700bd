import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve as absolute } from 'node:path';
import type { Meta } from '../model/index.js';

/** Where the date an edition carries came from, for tests and `--timings`-style diagnostics. */
export type DateOrigin = 'SOURCE_DATE_EPOCH' | 'modified' | 'git' | 'mtime';

/**
 * The date this edition was made, which the EPUB's dcterms:modified, the PDF's dates and the zip's
 * entries carry: SOURCE_DATE_EPOCH when set (reproducible builds), else `modified` in the front
 * matter, else the date of the manuscript's last commit when it is in a git repository, else the
 * manuscript file's modification time. Never a date of the work's own history: The Prince's PDF
 * once claimed to be modified in 1532.
 */
export function editionDate(manuscript: string, meta: Pick<Meta, 'dates'>, env: NodeJS.ProcessEnv = process.env): { date: Date; origin: DateOrigin } {
  return givenDate(meta, env) ?? fileDate(manuscript, lastCommit(manuscript));
}

/** As editionDate, with git run beside the caller's work (a rebuild in watch mode lays the book out meanwhile). */
export async function editionDateLater(manuscript: string, meta: Pick<Meta, 'dates'>, env: NodeJS.ProcessEnv = process.env): Promise<{ date: Date; origin: DateOrigin }> {
  return givenDate(meta, env) ?? fileDate(manuscript, await lastCommitLater(manuscript));
}

function givenDate(meta: Pick<Meta, 'dates'>, env: NodeJS.ProcessEnv): { date: Date; origin: DateOrigin } | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return { date: new Date(Number(epoch) * 1000), origin: 'SOURCE_DATE_EPOCH' };
  const iso = meta.dates.modified?.iso;
  if (iso) return { date: new Date(`${iso.length === 4 ? `${iso}-01-01` : iso.length === 7 ? `${iso}-01` : iso}T00:00:00Z`), origin: 'modified' };
  return undefined;
}

function fileDate(manuscript: string, committed: Date | undefined): { date: Date; origin: DateOrigin } {
  if (committed) return { date: committed, origin: 'git' };
  // Whole seconds, as the dates are written.
  return { date: new Date(Math.floor(statSync(manuscript).mtimeMs / 1000) * 1000), origin: 'mtime' };
}

const GIT_LOG = (file: string) => ['log', '-1', '--format=%ct', '--', basename(file)];
const gitOptions = (file: string) => ({
  cwd: dirname(file),
  encoding: 'utf8' as const,
  env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  timeout: 5000,
});
const commitDate = (out: string) => (/^\d+$/.test(out.trim()) ? new Date(Number(out.trim()) * 1000) : undefined);

/**
 * Whether git could find a repository for the file: a `.git` in its folder or one above, or GIT_DIR
 * set. Outside one, git is not started at all (starting it costs a build 10-15 ms of its main thread).
 */
function mayBeInRepository(file: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let dir = dirname(absolute(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/**
 * The committer date of the last commit that touched the file, or undefined outside a repository,
 * for a file never committed, or without git. Local only: `git log` never touches the network.
 */
export function lastCommit(file: string): Date | undefined {
  if (!mayBeInRepository(file)) return undefined;
  try {
    return commitDate(execFileSync('git', GIT_LOG(file), { ...gitOptions(file), stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}

/** lastCommit, without waiting for git; never rejects. */
function lastCommitLater(file: string): Promise<Date | undefined> {
  if (!mayBeInRepository(file)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    try {
      const child = execFile('git', GIT_LOG(file), gitOptions(file), (error, out) => resolve(error ? undefined : commitDate(out)));
      child.stdin?.end();
    } catch {
      resolve(undefined);
    }
  });
}
