// npm run compile: src/cli.ts and the packages it uses, as one CommonJS bundle (dist/cli/samizdat.cjs),
// and the launcher that runs it with V8's code cache (dist/cli/samizdat.mjs). Nothing compiles
// TypeScript at run time. What the bundle holds in place of what the sources say, and why:
// - unicode-trie → lazy-unicode-trie.cjs: each Unicode table is built on its first lookup, not at load;
// - node-fetch → no-fetch.cjs: epub-gen-memory loads it to download by URL; samizdat never fetches;
// - brotli's decompress.js → lazy-brotli.cjs: only WOFF2 fonts need it, and it decodes a dictionary at load;
// - @noble/ciphers/aes → lazy-aes.cjs: pdfkit encrypts PDFs with it (samizdat never does), and it builds
//   its tables at load;
// - epub-gen-memory's HTML parser → no-html-parser.cjs: it re-parses chapter `content`, which samizdat
//   always leaves empty (its XHTML goes through the templates untouched), and loading the parser and
//   its entity tables took 15 ms of every build;
// - src/prebuilt.ts → tables each process would build again, made here: the hyphenation patterns'
//   tries (15 ms to build from the patterns) and the date formats of the commonest book languages,
//   written by Intl (which loads its calendar data on first use: 15 ms of every build); and the hash
//   of the text engine's sources, the key of the shaping cache on disk (src/text/cache.ts);
// - the non-ASCII characters of regular expression literals → their \u escapes (ascii.mjs), so that the
//   launcher reads the bundle as a one-byte string.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { asciiBundle } from './ascii.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** The hyphenation tries, packed (src/typeset/liang.ts, compiled here to run it), by primary language subtag. */
export async function prebuiltPatterns() {
  const out = await esbuild.build({
    stdin: { contents: "import enGb from 'hyphenation.en-gb'; import { Patterns } from './src/typeset/liang.ts'; export const packed = { en: new Patterns(enGb).pack() };", resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  return (await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`)).packed;
}

/** Languages whose dates are written ahead (others go to Intl when a book needs them). */
export const DATE_LANGUAGES = ['en', 'en-GB', 'en-US', 'de', 'fr', 'es', 'it', 'pl', 'pt', 'ru'];

/**
 * Intl's long dates for each language as templates (see src/prebuilt.ts): a date's day and year
 * replaced by {d} and {y}; a language whose dates do not come apart so is left to Intl.
 */
export function prebuiltDates() {
  const out = {};
  for (const lang of DATE_LANGUAGES) {
    const templates = [];
    for (const withDay of [true, false]) {
      const format = new Intl.DateTimeFormat(lang, { ...(withDay ? { day: 'numeric' } : {}), month: 'long', year: 'numeric', timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        const text = format.format(new Date(Date.UTC(2001, m, 22)));
        const parts = text.split('2001');
        const days = text.split('22');
        if (parts.length !== 2 || (withDay && days.length !== 2) || (!withDay && days.length !== 1)) break;
        templates.push(text.replace('2001', '{y}').replace('22', '{d}'));
      }
    }
    if (templates.length === 24) out[lang] = templates;
  }
  return out;
}

/**
 * What makes the runs and hyphenation points the shaping cache keeps: samizdat's text engine
 * (src/text/, the private parts of fontkit it reads in src/vendor.ts, the hyphenator) and the fontkit
 * and hyphenation patterns bundled with it. Any change to them gives another hash, and the cache
 * files of the old engine are not read.
 */
export const TEXT_ENGINE_SOURCES = ['src/vendor.ts', 'src/typeset/hyphenate.ts', 'src/typeset/liang.ts'];
export const TEXT_ENGINE_PACKAGES = ['fontkit', ...Object.keys(JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).dependencies).filter((d) => d.startsWith('hyphenation.'))];

export function textEngineHash() {
  const text = readdirSync(`${root}/src/text`).filter((f) => f.endsWith('.ts')).sort().map((f) => `src/text/${f}`);
  const h = createHash('sha256');
  for (const file of [...text, ...TEXT_ENGINE_SOURCES]) h.update(`${file}\0`).update(readFileSync(`${root}/${file}`)).update('\0');
  const require = createRequire(`${root}/package.json`);
  for (const name of TEXT_ENGINE_PACKAGES) h.update(`${name}@${JSON.parse(readFileSync(packageJson(require, name), 'utf8')).version}\0`);
  return h.digest('hex');
}

/** A package's package.json (fontkit's exports hide it from require.resolve). */
function packageJson(require, name) {
  let dir = dirname(require.resolve(name));
  while (basename(dir) !== name && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'package.json');
}

const substitutes = {
  name: 'samizdat-substitutes',
  setup(build) {
    build.onResolve({ filter: /^\.\/html-parse$/ }, (args) => (/epub-gen-memory/.test(args.importer) ? { path: here('./no-html-parser.cjs') } : undefined));
    build.onLoad({ filter: /src[\\/]prebuilt\.ts$/ }, async () => ({
      contents: `export const PREBUILT = ${JSON.stringify({ patterns: await prebuiltPatterns(), dates: prebuiltDates(), textEngine: textEngineHash() })};`,
      loader: 'ts',
    }));
  },
};

export async function compile() {
  await esbuild.build({
    entryPoints: [`${root}/src/cli.ts`],
    outfile: `${root}/dist/cli/samizdat.cjs`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // resvg-js and sharp load a native binary for the platform at run time: they stay in node_modules.
    external: ['compromise', 'pdf-lib', '@resvg/resvg-js', 'sharp'],
    // import() becomes require(): the launcher's code cache would drop import()'s callback (see src/launcher.ts).
    supported: { 'dynamic-import': false },
    alias: {
      'unicode-trie': here('./lazy-unicode-trie.cjs'),
      'node-fetch': here('./no-fetch.cjs'),
      'brotli/decompress.js': here('./lazy-brotli.cjs'),
      '@noble/ciphers/aes': here('./lazy-aes.cjs'),
    },
    plugins: [substitutes],
    define: { 'import.meta.url': '__samizdatUrl' },
    banner: { js: "'use strict'; const __samizdatUrl = require('node:url').pathToFileURL(__filename).href;" },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  // ASCII only, so that the launcher reads it as a one-byte string (see ascii.mjs).
  const bundle = `${root}/dist/cli/samizdat.cjs`;
  writeFileSync(bundle, asciiBundle(readFileSync(bundle, 'utf8')));
  await esbuild.build({
    entryPoints: [`${root}/src/launcher.ts`],
    outfile: `${root}/dist/cli/samizdat.mjs`,
    // With the few small modules it reads before the bundle (the arguments, the up-to-date check).
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await compile();
