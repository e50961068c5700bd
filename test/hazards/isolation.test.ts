/**
 * A build touches nothing but the book: no network connection is even attempted (links stay links,
 * remote images are refused before any renderer sees them), and every file read lies in the
 * project folder or in samizdat's own package (its fonts, templates and modules).
 */
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManuscript } from '../../src/build.js';
import { BuildError } from '../../src/diagnostics.js';

const PACKAGE = resolve(import.meta.dirname, '../..');
const work = fs.realpathSync(fs.mkdtempSync(join(tmpdir(), 'samizdat-isolation-')));
const project = join(work, 'book');
const out = join(work, 'out');

const network: string[] = [];
const reads: string[] = [];
const restore: (() => void)[] = [];

/** Replaces `obj[name]` with a wrapper that records its call first; undone after the tests. */
function spy<T extends object>(obj: T, name: keyof T & string, record: (args: unknown[]) => void): void {
  const original = obj[name] as (...args: unknown[]) => unknown;
  (obj as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    record(args);
    return original.apply(this, args);
  };
  restore.push(() => ((obj as Record<string, unknown>)[name] = original));
}

beforeAll(() => {
  fs.mkdirSync(join(project, 'images'), { recursive: true });
  fs.copyFileSync(join(PACKAGE, 'test/fixtures/hazards/assets/images/map.png'), join(project, 'images/map.png'));
  fs.writeFileSync(join(project, 'book.md'), [
    '---', 'title: Isolation', 'author: A. Tester', 'language: en-GB', '---', '',
    '# Links stay links',
    '',
    'See [the archive](https://www.marxists.org/archive/deutscher/) and <https://example.org/>, or write to <mailto:a@example.org>.',
    '',
    '![A map of the project’s own](images/map.png)',
    '',
  ].join('\n'));
  fs.writeFileSync(join(project, 'remote.md'), '---\ntitle: R\nauthor: A\nlanguage: en\n---\n\n![A remote image](https://example.org/map.png)\n');

  const callNet = (what: string) => (args: unknown[]) => network.push(`${what} ${JSON.stringify(args[0])?.slice(0, 80)}`);
  spy(net.Socket.prototype, 'connect', callNet('net.connect'));
  spy(dns, 'lookup', callNet('dns.lookup'));
  spy(http, 'request', callNet('http.request'));
  spy(http, 'get', callNet('http.get'));
  spy(https, 'request', callNet('https.request'));
  spy(https, 'get', callNet('https.get'));
  spy(globalThis, 'fetch', callNet('fetch'));
  const path = (p: unknown) => (typeof p === 'string' ? p : p instanceof URL ? p.pathname : undefined);
  const read = (args: unknown[]) => {
    const p = path(args[0]);
    if (p !== undefined) reads.push(resolve(p));
  };
  // Reading contents (files and folder listings); looking for a package.json above the book is not.
  for (const f of ['readFileSync', 'openSync', 'readFile', 'open', 'createReadStream', 'readdirSync', 'readdir'] as const) spy(fs, f, read);
  for (const f of ['readFile', 'open', 'readdir'] as const) spy(fs.promises, f, read);
  syncBuiltinESMExports(); // so that `import { readFileSync } from 'node:fs'` sees the spies too
});

afterAll(() => {
  restore.forEach((undo) => undo());
  syncBuiltinESMExports();
  fs.rmSync(work, { recursive: true, force: true });
});

const inside = (folder: string) => (p: string) => p === folder || p.startsWith(folder + sep);

describe('a build', () => {
  it('of a book with links and an image connects to nothing and reads only the project and samizdat’s own files', async () => {
    const r = await buildManuscript(join(project, 'book.md'), { outDir: out, formats: ['pdf', 'epub'], paper: 'a5', date: new Date('2024-01-01T00:00:00Z') });
    expect(r.written).toHaveLength(2);
    expect(network).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((p) => !inside(project)(p) && !inside(PACKAGE)(p) && !inside(out)(p))).toEqual([]);
    expect(reads).toContain(join(project, 'images/map.png'));
  }, 60_000);

  it('of a book with a remote image stops at load, with no connection attempted', async () => {
    const error = await buildManuscript(join(project, 'remote.md'), { outDir: out, formats: ['pdf', 'epub'], paper: 'a5' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['7:1 image-url']);
    expect(network).toEqual([]);
  });

  it('(the spies do see a connection attempt and a read outside)', async () => {
    await new Promise<void>((r) => net.connect(9, '127.0.0.1').on('error', () => r()).on('connect', function (this: net.Socket) { this.destroy(); r(); }));
    fs.readFileSync('/etc/hostname');
    expect(network.length).toBeGreaterThan(0);
    expect(reads).toContain('/etc/hostname');
  });
});
