import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLine, onPath, run, type Finding } from './tools.js';

/** Where Debian's `epubcheck` package puts the jar (its /usr/bin/epubcheck wrapper fails to start). */
export const EPUBCHECK_JAR = process.env.SAMIZDAT_EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';

/**
 * EPUBCheck on an EPUB or kepub: Java EPUBCheck, the reference, when Java and its jar are installed;
 * else @likecoin/epubcheck-ts, a port in TypeScript that samizdat depends on, so a check never goes
 * without one. Each fatal error, error and warning is a finding.
 */
export async function epubcheck(edition: string): Promise<{ findings: Finding[]; tool: string }> {
  const java = onPath('java');
  if (java && existsSync(EPUBCHECK_JAR)) return javaEpubcheck(edition, java);
  return epubcheckTs(edition);
}

async function javaEpubcheck(edition: string, java: string): Promise<{ findings: Finding[]; tool: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-check-'));
  try {
    const json = join(dir, 'report.json');
    // It exits 1 when it finds errors; the JSON report says what they are.
    const r = await run(java, ['-jar', EPUBCHECK_JAR, '--json', json, edition]);
    if (!existsSync(json)) return { findings: [{ edition, severity: 'error', message: `EPUBCheck did not run: ${firstLine(r.stderr || r.stdout)}` }], tool: 'EPUBCheck (Java)' };
    const report = JSON.parse(readFileSync(json, 'utf8')) as {
      checker: { checkerVersion?: string };
      messages: { ID: string; severity: string; message: string; locations: { path: string; line: number; column: number }[] }[];
    };
    const findings: Finding[] = [];
    for (const m of report.messages) {
      if (m.severity !== 'FATAL' && m.severity !== 'ERROR' && m.severity !== 'WARNING') continue;
      const at = m.locations.slice(0, 3).map((l) => (l.line > 0 ? `${l.path}:${l.line}:${l.column}` : l.path)).join(', ');
      findings.push({ edition, severity: m.severity === 'WARNING' ? 'warning' : 'error', message: `EPUBCheck ${m.ID}: ${m.message}${at ? ` (${at})` : ''}` });
    }
    return { findings, tool: `EPUBCheck ${report.checker.checkerVersion ?? ''} (Java)`.replace('  ', ' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface TsMessage {
  id: string;
  severity: string;
  message: string;
  location?: { path?: string; line?: number; column?: number };
}

/**
 * What epubcheck-ts reports that Java EPUBCheck, the reference, does not, on samizdat's own markup:
 * it applies the EPUB Indexes content model to the nav's `index` landmark link, and allows one
 * `index-entry-list` per index where sub-entries nest a list inside an entry. Java EPUBCheck applies
 * that model only to documents declared an index, and accepts nested lists.
 */
function knownFalsePositive(m: TsMessage): boolean {
  return m.id === 'RSC-005' && /"index" must contain one and only one "index-entry-list"/.test(m.message) && /(^|\/)(toc|index)\.xhtml$/.test(m.location?.path ?? '');
}

async function epubcheckTs(edition: string): Promise<{ findings: Finding[]; tool: string }> {
  const tool = 'epubcheck-ts';
  let validate: (data: Uint8Array) => Promise<{ messages: TsMessage[] }>;
  try {
    // A package of samizdat's own, loaded at run time (it is not bundled: it carries WebAssembly).
    const mod = createRequire(import.meta.url)('@likecoin/epubcheck-ts') as { EpubCheck: { validate: typeof validate } };
    validate = (d) => mod.EpubCheck.validate(d);
  } catch (e) {
    return { findings: [{ edition, severity: 'error', message: `no EPUB validator: Java EPUBCheck is not installed (apt-get install epubcheck) and @likecoin/epubcheck-ts did not load (${firstLine(String(e))})` }], tool };
  }
  const result = await validate(new Uint8Array(readFileSync(edition)));
  const findings: Finding[] = [];
  for (const m of result.messages) {
    if (m.severity !== 'fatal' && m.severity !== 'error' && m.severity !== 'warning') continue;
    if (knownFalsePositive(m)) continue;
    const l = m.location;
    const at = l?.path ? ` (${l.path}${l.line ? `:${l.line}` : ''}${l.column ? `:${l.column}` : ''})` : '';
    findings.push({ edition, severity: m.severity === 'warning' ? 'warning' : 'error', message: `EPUBCheck ${m.id}: ${m.message}${at}` });
  }
  return { findings, tool };
}

/**
 * Ace by DAISY, when `ace-cli` is installed (it needs a Chromium: PUPPETEER_EXECUTABLE_PATH, else
 * Debian's /usr/bin/chromium when present). Every violation is a finding: critical and serious ones
 * errors, moderate and minor ones warnings. Without Ace, a note says the accessibility was not checked.
 */
export async function ace(edition: string): Promise<{ findings: Finding[]; tool?: string }> {
  const cli = onPath('ace-cli');
  if (!cli) {
    return { findings: [{ edition, severity: 'note', message: 'Ace by DAISY is not installed: accessibility not checked (PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @daisy/ace-cli, with a Chromium)' }] };
  }
  const env = { ...process.env };
  if (!env.PUPPETEER_EXECUTABLE_PATH && existsSync('/usr/bin/chromium')) env.PUPPETEER_EXECUTABLE_PATH = '/usr/bin/chromium';
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-ace-'));
  try {
    const r = await run(cli, ['-s', '-f', '-o', dir, edition], env);
    const reportFile = join(dir, 'report.json');
    if (!existsSync(reportFile)) return { findings: [{ edition, severity: 'error', message: `Ace by DAISY did not run: ${firstLine(r.stderr || r.stdout)}` }], tool: 'Ace by DAISY' };
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      'earl:result': { 'earl:outcome': string };
      assertions?: { 'earl:testSubject': { url: string }; assertions: { 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'dct:description': string } }[] }[];
    };
    const findings: Finding[] = [];
    for (const doc of report.assertions ?? []) {
      for (const a of doc.assertions) {
        const impact = a['earl:test']['earl:impact'];
        const severity = impact === 'critical' || impact === 'serious' ? 'error' : 'warning';
        findings.push({ edition, severity, message: `Ace ${a['earl:test']['dct:title']} (${impact}): ${firstLine(a['earl:result']['dct:description'])} (${doc['earl:testSubject'].url})` });
      }
    }
    if (!findings.length && report['earl:result']['earl:outcome'] !== 'pass') findings.push({ edition, severity: 'error', message: `Ace by DAISY: outcome '${report['earl:result']['earl:outcome']}'` });
    return { findings, tool: 'Ace by DAISY' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
