/**
 * The private parts of dependencies samizdat relies on are in src/vendor.ts alone, read in the exact
 * versions package.json pins: an upgrade fails here first, and nothing else reaches into a library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED } from '../src/vendor.js';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(join(ROOT, 'package.json'));

function installed(name: string): string {
  let dir = dirname(require.resolve(name));
  while (basename(dir) !== name && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('dependencies', () => {
  it('are installed and pinned in the versions whose private parts src/vendor.ts reads', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    for (const [name, version] of Object.entries(PINNED)) {
      expect(pkg.dependencies[name] ?? pkg.devDependencies[name], name).toBe(version);
      expect(installed(name), name).toBe(version);
    }
  });

  it('are reached into nowhere but src/vendor.ts: no underscored member, no V8 flag set at run time', () => {
    const found: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      if (file.endsWith(join('src', 'vendor.ts'))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\._[A-Za-z]|\[['"]_[A-Za-z]|\b_[A-Za-z]\w*\s*[?]?:|setFlagsFromString/.test(line.replace(/\/\/.*|^\s*\*.*/, ''))) found.push(`${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
