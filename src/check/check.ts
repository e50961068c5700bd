import { existsSync, statSync } from 'node:fs';
import { ace, epubcheck } from './epub.js';
import { checkPdf } from './pdf.js';
import type { Finding } from './tools.js';

export type { Finding } from './tools.js';

/** One edition's check: its findings and the tools that looked at it. */
export interface EditionCheck {
  edition: string;
  findings: Finding[];
  tools: string[];
}

/**
 * `samizdat check`: what was built, checked as a distributor would. An EPUB or kepub through
 * EPUBCheck and Ace by DAISY, a PDF through src/check/pdf.ts. Editions one after the other: the
 * validators take a core each (Java EPUBCheck ~10 s, Ace ~15 s on this project's machine).
 */
export async function checkEdition(edition: string): Promise<EditionCheck> {
  if (!existsSync(edition) || !statSync(edition).isFile()) return { edition, findings: [{ edition, severity: 'error', message: 'no such file' }], tools: [] };
  if (/\.epub$/i.test(edition)) {
    const check = await epubcheck(edition);
    const a11y = await ace(edition);
    return { edition, findings: [...check.findings, ...a11y.findings], tools: [check.tool, ...(a11y.tool ? [a11y.tool] : [])] };
  }
  if (/\.pdf$/i.test(edition)) {
    const { findings, tools } = await checkPdf(edition);
    return { edition, findings, tools };
  }
  return { edition, findings: [{ edition, severity: 'error', message: 'not an edition samizdat checks (.epub, .kepub.epub or .pdf)' }], tools: [] };
}

/** `edition: severity: message`. */
export function formatFinding(f: Finding): string {
  return `${f.edition}: ${f.severity}: ${f.message}`;
}

/** Whether a finding makes the check fail (exit 1). */
export function isProblem(f: Finding): boolean {
  return f.severity !== 'note';
}
