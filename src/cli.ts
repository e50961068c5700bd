#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { buildManuscript, type Format } from './build.js';
import { BuildError, formatDiagnostic } from './diagnostics.js';
import type { Paper } from './pdf/layout.js';

const USAGE = `usage: samizdat build <manuscript.md>... [--out DIR] [--format epub,pdf] [--paper a5|a4|letter]
       samizdat names suggest <manuscript.md>
       samizdat --help | --version

Builds a typeset PDF and an EPUB 3 from each Markdown manuscript into DIR (default dist/).
Exit codes: 0 built; 1 an input error (reported as file:line:column); 2 a usage error; 3 an internal error.`;

/** Exit codes, as documented in the README. */
const EXIT = { ok: 0, input: 1, usage: 2, internal: 3 } as const;

class UsageError extends Error {}

interface BuildArgs {
  files: string[];
  outDir: string;
  formats: Format[];
  paper: Paper;
}

function parseBuildArgs(args: string[]): BuildArgs {
  const out: BuildArgs = { files: [], outDir: 'dist', formats: ['pdf', 'epub'], paper: 'a5' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--out' || a.startsWith('--out=')) out.outDir = value();
    else if (a === '--format' || a.startsWith('--format=')) {
      const fs = value().split(',').map((s) => s.trim());
      for (const f of fs) if (f !== 'pdf' && f !== 'epub') throw new UsageError(`unknown format '${f}' (use epub, pdf or epub,pdf)`);
      out.formats = [...new Set(fs)] as Format[];
    } else if (a === '--paper' || a.startsWith('--paper=')) {
      const p = value();
      if (p !== 'a5' && p !== 'a4' && p !== 'letter') throw new UsageError(`unknown paper '${p}' (use a5, a4 or letter)`);
      out.paper = p;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else out.files.push(a);
  }
  if (out.files.length === 0) throw new UsageError('build needs at least one manuscript');
  return out;
}

async function build(args: BuildArgs): Promise<number> {
  let status: number = EXIT.ok;
  for (const file of args.files) {
    try {
      const r = await buildManuscript(file, { outDir: args.outDir, formats: args.formats, paper: args.paper });
      for (const d of r.diagnostics.list) process.stderr.write(`${formatDiagnostic(d)}\n`);
      process.stderr.write(`${file}: wrote ${r.written.join(', ')}\n`);
    } catch (e) {
      if (e instanceof BuildError) {
        for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        status = Math.max(status, EXIT.input);
      } else {
        process.stderr.write(`${file}:1:1: error: internal error: ${(e as Error).stack ?? e} (please report this with the manuscript)\n`);
        status = EXIT.internal;
      }
    }
  }
  return status;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`samizdat ${version()}\n`);
      return EXIT.ok;
    }
    if (command === 'build') return await build(parseBuildArgs(rest));
    throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`samizdat: ${e.message}\n${USAGE}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
