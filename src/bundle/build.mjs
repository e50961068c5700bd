// npm run compile: src/cli.ts and the packages it uses, as one CommonJS bundle (dist/cli/samizdat.cjs),
// and the launcher that runs it with V8's code cache (dist/cli/samizdat.mjs). Nothing compiles
// TypeScript at run time. What the bundle holds in place of what the sources say, and why:
// - unicode-trie → lazy-unicode-trie.cjs: each Unicode table is built on its first lookup, not at load;
// - node-fetch → no-fetch.cjs: epub-gen-memory loads it to download by URL; samizdat never fetches;
// - brotli's decompress.js → lazy-brotli.cjs: only WOFF2 fonts need it, and it decodes a dictionary at load;
// - epub-gen-memory's HTML parser → no-html-parser.cjs: it re-parses chapter `content`, which samizdat
//   always leaves empty (its XHTML goes through the templates untouched), and loading the parser and
//   its entity tables took 15 ms of every build;
// - src/typeset/prebuilt-tries.ts → the hyphenation patterns' tries, built here: hypher builds a trie
//   from the patterns in each process, 25 ms and 13 MB of garbage for the en-GB ones.
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** The tries hypher builds from each pattern file samizdat hyphenates with, by primary language subtag, as JSON. */
export function prebuiltTries() {
  const Hypher = require('hypher');
  return { en: JSON.stringify(new Hypher(require('hyphenation.en-gb')).trie) };
}

const substitutes = {
  name: 'samizdat-substitutes',
  setup(build) {
    build.onResolve({ filter: /^\.\/html-parse$/ }, (args) => (/epub-gen-memory/.test(args.importer) ? { path: here('./no-html-parser.cjs') } : undefined));
    build.onLoad({ filter: /src[\\/]typeset[\\/]prebuilt-tries\.ts$/ }, () => ({
      contents: `export const PREBUILT: Record<string, string | undefined> = ${JSON.stringify(prebuiltTries())};`,
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
    external: ['compromise'],
    alias: {
      'unicode-trie': here('./lazy-unicode-trie.cjs'),
      'node-fetch': here('./no-fetch.cjs'),
      'brotli/decompress.js': here('./lazy-brotli.cjs'),
    },
    plugins: [substitutes],
    define: { 'import.meta.url': '__samizdatUrl' },
    banner: { js: "'use strict'; const __samizdatUrl = require('node:url').pathToFileURL(__filename).href;" },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  await esbuild.build({
    entryPoints: [`${root}/src/launcher.ts`],
    outfile: `${root}/dist/cli/samizdat.mjs`,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await compile();
