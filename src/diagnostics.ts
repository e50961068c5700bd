/**
 * Problems found in the input, as values with positions (after unified's vfile-message).
 * Stages push into a `Diagnostics` sink and the build stops after a stage that found errors.
 */
/** 'note': what the build did that the user should know of, nothing wrong (an image resized for the EPUB). */
export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  severity: Severity;
  /** Path of the file as given by the user. */
  file: string;
  /** From 1; 0 for a problem of a whole file (an edition that cannot be written), printed as `file: error: …`. */
  line: number;
  /** From 1. */
  column: number;
  /** Short stable name of the rule, e.g. 'front-matter-unknown-key'. */
  rule: string;
  /** What is wrong, in a sentence without a final full stop. */
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** `file:line:column: error: message (hint)`: the one-line form every editor can jump to (`file: error: …` without a position). */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  const at = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return `${at}: ${d.severity}: ${d.message}${hint}`;
}

/** How many warnings of one rule a file gets before the rest are summed up in one line. */
export const MAX_WARNINGS = 20;

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  /** Warnings of each file and rule so far, and the line that sums up those past MAX_WARNINGS. */
  private readonly warned = new Map<string, { count: number; summary?: Diagnostic }>();

  error(file: string, line: number, column: number, rule: string, message: string, hint?: string): void {
    this.list.push({ severity: 'error', file, line, column, rule, message, hint });
  }

  /** A warning that floods no one, whichever stage gives it: past MAX_WARNINGS of a rule in a file, one line counts the rest. */
  warn(file: string, line: number, column: number, rule: string, message: string, hint?: string): void {
    const key = `${file}\u0000${rule}`;
    const w = this.warned.get(key) ?? { count: 0 };
    this.warned.set(key, w);
    if (++w.count <= MAX_WARNINGS) {
      this.list.push({ severity: 'warning', file, line, column, rule, message, hint });
      return;
    }
    // The summary stands where the first warning it counts would have, and keeps counting.
    if (!w.summary) {
      w.summary = { severity: 'warning', file, line, column, rule, message: '' };
      this.list.push(w.summary);
    }
    const more = w.count - MAX_WARNINGS;
    w.summary.message = `${more} more warning${more === 1 ? '' : 's'} like the ones above from here on`;
  }

  note(file: string, line: number, column: number, rule: string, message: string): void {
    this.list.push({ severity: 'note', file, line, column, rule, message });
  }

  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  /** Throws a `BuildError` holding every diagnostic when any of them is an error. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new BuildError(this.list);
  }
}

/** Thrown once at the end of a stage that found errors in the input; carries all diagnostics so far. */
export class BuildError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'BuildError';
  }
}
