/**
 * `samizdat build --watch` as a user runs it: the compiled command in a folder of their own, the
 * manuscript, its registry and its image edited the way editors save (a new file renamed over the
 * old), the line each rebuild prints waited for, the editions compared. No timing is asserted: each
 * step waits for the line it expects (with a generous limit for a loaded machine).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, ensureCompiled, outputFiles } from '../compiled.js';
const FIXTURE = join(ROOT, 'test/fixtures/epub-book');

let work: string;
beforeAll(() => {
  ensureCompiled();
  work = mkdtempSync(join(tmpdir(), 'samizdat-watch-'));
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A running `build --watch`: its stderr lines so far, and a way to wait for the next that matches. */
class Watcher {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private waiting: { re: RegExp; from: number; resolve: (line: string) => void }[] = [];

  constructor(readonly dir: string, args: string[]) {
    this.child = spawn(process.execPath, [CLI, 'build', '--watch', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let rest = '';
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        this.lines.push(line);
        this.check();
      }
    });
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
  }

  /** Resolves with the first line from now on (or since `from`) that matches. */
  next(re: RegExp, from = this.lines.length): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} in:\n${this.lines.join('\n')}`)), 90_000);
      this.waiting.push({ re, from, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      this.check();
    });
  }

  private check(): void {
    this.waiting = this.waiting.filter((w) => {
      const line = this.lines.slice(w.from).find((l) => w.re.test(l));
      if (line !== undefined) w.resolve(line);
      return line === undefined;
    });
  }

  signal(s: NodeJS.Signals): void {
    this.child.kill(s);
  }
}

/** Saves like vim or VS Code do: the new text into another file, renamed over the old one. */
function save(path: string, text: string): void {
  writeFileSync(`${path}.swp-new`, text);
  renameSync(`${path}.swp-new`, path);
}

const REBUILT = /book\.md: .*changed: wrote /;

describe('build --watch', () => {
  it('rebuilds on a save of the manuscript, its registry and its image; an input error keeps the editions and the process; SIGINT exits 0 with no temporary files', async () => {
    const dir = join(work, 'book');
    cpSync(FIXTURE, dir, { recursive: true });
    const out = join(dir, 'out');
    const w = new Watcher(dir, ['book.md', '--out', 'out']);
    try {
      await w.next(/^watching \d+ files/, 0);
      expect(w.lines.some((l) => /book\.md: first build: wrote out\/book\.pdf, out\/book\.epub \(\d+\.\d\d s\)$/.test(l))).toBe(true);
      const pdf = () => readFileSync(join(out, 'book.pdf'));
      const epub = () => readFileSync(join(out, 'book.epub'));
      const text = () => execFileSync('pdftotext', [join(out, 'book.pdf'), '-'], { encoding: 'utf8' });
      expect(text()).toContain('Martov came late');

      // 1. A word changed in the manuscript: one line naming the file, both editions rewritten.
      const md = join(dir, 'book.md');
      const original = readFileSync(md, 'utf8');
      let from = w.lines.length;
      save(md, original.replace('Martov came late', 'Martov came tardily'));
      expect(await w.next(REBUILT, from)).toMatch(/^\[\d\d:\d\d:\d\d\] book\.md: book\.md changed: wrote out\/book\.pdf, out\/book\.epub \(\d+\.\d\d s\)$/);
      expect(text()).toContain('Martov came tardily');
      expect(epub().includes(Buffer.from('tardily'))).toBe(false); // zipped: the text is deflated
      const goodPdf = pdf();
      const goodEpub = epub();

      // 2. An input error: reported as a build reports it, the previous editions kept, still watching.
      from = w.lines.length;
      save(md, original.replace('Martov came late', 'Martov came tardily').replace('title: Letters', 'title: [Letters'));
      const failed = await w.next(/not built/, from);
      expect(failed).toMatch(/book\.md: book\.md changed: not built \(1 error\), previous editions kept/);
      expect(w.lines.slice(from).some((l) => /^book\.md:\d+:\d+: error: /.test(l))).toBe(true);
      expect(pdf().equals(goodPdf)).toBe(true);
      expect(epub().equals(goodEpub)).toBe(true);

      // Fixed: rebuilt.
      from = w.lines.length;
      save(md, original);
      await w.next(REBUILT, from);
      expect(text()).toContain('Martov came late');

      // 3. The names registry: the index heading changes.
      from = w.lines.length;
      const names = join(dir, 'book.names.yaml');
      save(names, readFileSync(names, 'utf8').replace('Martov, Julius', 'Martov, Yuliy'));
      expect(await w.next(REBUILT, from)).toContain('book.names.yaml changed');
      expect(text()).toContain('Martov, Yuliy');

      // 4. The image, rewritten in place: rebuilt.
      from = w.lines.length;
      const png = join(dir, 'banner.png');
      writeFileSync(png, readFileSync(png));
      expect(await w.next(REBUILT, from)).toContain('banner.png changed');

      // A file the book is not made from does not rebuild it.
      from = w.lines.length;
      writeFileSync(join(dir, 'notes.txt'), 'unrelated');
      save(md, `${original}\nA last line.\n`);
      const line = await w.next(REBUILT, from);
      expect(line).not.toContain('notes.txt');
      expect(w.lines.slice(from).filter((l) => REBUILT.test(l))).toHaveLength(1);

      // After this sequence of edits, the watch's editions are those of a build from nothing (no caches).
      execFileSync(process.execPath, [CLI, 'build', 'book.md', '--out', 'full'], { cwd: dir, stdio: 'ignore', env: { ...process.env, SAMIZDAT_CACHE: 'off' } });
      expect(pdf().equals(readFileSync(join(dir, 'full', 'book.pdf')))).toBe(true);
      expect(epub().equals(readFileSync(join(dir, 'full', 'book.epub')))).toBe(true);
    } finally {
      w.signal('SIGINT');
    }
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(outputFiles(out).sort()).toEqual(['book.epub', 'book.pdf']);
  }, 300_000);

  it('watches a packet: its file, each of its manuscripts and their registries', async () => {
    const dir = join(work, 'packet');
    cpSync(join(ROOT, 'seeds/three-readings'), dir, { recursive: true });
    const out = join(dir, 'out');
    const w = new Watcher(dir, ['three-readings.yaml', '--out', 'out', '--format', 'pdf']);
    try {
      await w.next(/^watching \d+ files/, 0);
      const text = () => execFileSync('pdftotext', [join(out, 'three-readings.pdf'), '-'], { encoding: 'utf8' });
      const packetLine = /three-readings\.yaml: (.*) changed: wrote out\/three-readings\.pdf /;
      // A manuscript of the packet.
      let from = w.lines.length;
      const mill = join(dir, 'mill.md');
      save(mill, readFileSync(mill, 'utf8').replace('Socrates', 'Sokrates'));
      expect((await w.next(packetLine, from)).match(packetLine)![1]).toBe('mill.md');
      expect(text()).toContain('Sokrates');
      // Its registry.
      from = w.lines.length;
      const names = join(dir, 'manifesto.names.yaml');
      save(names, readFileSync(names, 'utf8').replace('Guizot, François', 'Guizot, François P. G.'));
      expect((await w.next(packetLine, from)).match(packetLine)![1]).toBe('manifesto.names.yaml');
      expect(text()).toContain('Guizot, François P. G.');
      // The packet file itself.
      from = w.lines.length;
      const packet = join(dir, 'three-readings.yaml');
      save(packet, readFileSync(packet, 'utf8').replace('title: Three Readings', 'title: Four Readings'));
      expect((await w.next(packetLine, from)).match(packetLine)![1]).toBe('three-readings.yaml');
      expect(text()).toContain('Four Readings');
    } finally {
      w.signal('SIGINT');
    }
    expect(await w.exited).toEqual({ code: 0, signal: null });
  }, 300_000);

  it('SIGINT during a rebuild exits 0, leaves no temporary file and the previous editions whole', async () => {
    const dir = join(work, 'interrupted');
    cpSync(FIXTURE, dir, { recursive: true });
    const out = join(dir, 'out');
    const w = new Watcher(dir, ['book.md', '--out', 'out']);
    await w.next(/^watching /, 0);
    const before = readFileSync(join(out, 'book.pdf'));
    const md = join(dir, 'book.md');
    save(md, readFileSync(md, 'utf8').replace('Martov came late', 'Martov came later'));
    // Somewhere in the rebuild (or just before or after it): whichever, the folder must be clean.
    await new Promise((r) => setTimeout(r, 250));
    w.signal('SIGINT');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(outputFiles(out).sort()).toEqual(['book.epub', 'book.pdf']);
    const after = readFileSync(join(out, 'book.pdf'));
    // Either edition is whole: the old one, or the new one renamed into place.
    expect(after.subarray(-6).toString()).toMatch(/%%EOF/);
    expect(after.equals(before) || execFileSync('pdftotext', [join(out, 'book.pdf'), '-'], { encoding: 'utf8' }).includes('came later')).toBe(true);
  }, 120_000);
});
