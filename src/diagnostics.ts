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

export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(file: string, line: number, column: number, rule: string, message: string, hint?: string): void {
    this.list.push({ severity: 'error', file, line, column, rule, message, hint });
  }

  warn(file: string, line: number, column: number, rule: string, message: string, hint?: string): void {
    this.list.push({ severity: 'warning', file, line, column, rule, message, hint });
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
