import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** One finding of `samizdat check`: printed as `edition: severity: message`. */
export interface Finding {
  edition: string;
  /** 'error' and 'warning' make the check fail; a 'note' says what was not checked and why. */
  severity: 'error' | 'warning' | 'note';
  message: string;
}

/** The path of an executable on PATH, or undefined. */
export function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, command);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface RunResult {
  /** Exit code; -1 when the program could not be started or was killed. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (never throws): its exit code and output. */
export function run(file: string, args: string[], env?: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env: env ?? process.env, maxBuffer: 1 << 28, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && !stdout ? String(error.message) : '') });
    });
  });
}

/** The first line of a program's complaint, shortened, for a one-line finding. */
export function firstLine(s: string): string {
  const line = s.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
