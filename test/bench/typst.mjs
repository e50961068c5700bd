// Typst, for `npm run bench`: the same text as a Typst document (A5, EB Garamond 11 pt from
// node_modules, justified and hyphenated, a contents page, each level-1 heading on a new page), and a
// runner that compiles it to a PDF in process with @myriaddreamin/typst-ts-node-compiler (a dev
// dependency; nothing is installed globally). Typst makes no EPUB and no index of names: its figure
// is a PDF alone, the lighter job.
//
//   node test/bench/typst.mjs book.typ out.pdf [--edits N]
//
// prints one JSON line: { ms: the first compile and PDF, edits: [ms, …] } where each edit changes
// one word and compiles again in the same process (Typst's own incremental compilation).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Markup characters of Typst that stand for themselves in the text. */
const escape = (s) => s.replace(/[\\#$@<>[\]~*_`=]/g, (c) => `\\${c}`).replace(/\/\//g, '/\\/');

/** Emphasis and strong emphasis of Markdown as Typst's; everything else escaped. */
function inline(text) {
  const parts = [];
  const re = /\*\*(.+?)\*\*|\*(.+?)\*|\[\^[^\]]+\]|\{[^}]*\}/g;
  let at = 0;
  for (const m of text.matchAll(re)) {
    parts.push(escape(text.slice(at, m.index)));
    if (m[1] !== undefined) parts.push(`*${escape(m[1])}*`);
    else if (m[2] !== undefined) parts.push(`_${escape(m[2])}_`);
    at = m.index + m[0].length;
  }
  parts.push(escape(text.slice(at)));
  return parts.join('').trim();
}

/** A samizdat manuscript (front matter, headings, paragraphs) as a Typst document. */
export function toTypst(markdown) {
  const end = markdown.startsWith('---') ? markdown.indexOf('\n---', 3) + 4 : 0;
  const title = /^title: (.*)$/m.exec(markdown.slice(0, end))?.[1] ?? 'Untitled';
  const author = /^author: (.*)$/m.exec(markdown.slice(0, end))?.[1] ?? '';
  const out = [
    '#set page(paper: "a5", margin: (inside: 18mm, outside: 15mm, top: 18mm, bottom: 20mm), numbering: "1")',
    '#set text(font: "EB Garamond", size: 11pt, lang: "en", region: "gb", hyphenate: true)',
    '#set par(justify: true, leading: 0.58em, first-line-indent: 1em)',
    '#show heading.where(level: 1): it => pagebreak(weak: true) + it',
    `#align(center)[#text(size: 18pt)[${escape(title)}] \\ #v(1em) ${escape(author)}]`,
    '#pagebreak()',
    '#outline()',
    '#pagebreak()',
  ];
  for (const block of markdown.slice(end).split(/\n\s*\n/)) {
    const b = block.trim();
    if (!b || /^\[\^[^\]]+\]:/.test(b)) continue;
    const h = /^(#{1,6})\s+(.*)$/.exec(b);
    if (h) out.push(`${'='.repeat(h[1].length)} ${inline(h[2])}`);
    else if (b.startsWith('>')) out.push(`#quote(block: true)[${inline(b.replace(/^>\s?/gm, ''))}]`);
    else out.push(inline(b.replace(/\n/g, ' ')));
  }
  return `${out.join('\n\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  const edits = Number(process.argv[process.argv.indexOf('--edits') + 1] ?? 0) || 0;
  const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
  const t0 = performance.now();
  const compiler = NodeCompiler.create({ workspace: dirname(input), fontArgs: [{ fontPaths: [join(root, 'node_modules/@expo-google-fonts/eb-garamond')] }] });
  let source = readFileSync(input, 'utf8');
  const compile = () => {
    const pdf = compiler.pdf({ mainFileContent: source });
    writeFileSync(output, pdf);
  };
  compile();
  const result = { ms: performance.now() - t0, edits: [] };
  const swap = ['tho', 'the'];
  for (let k = 0; k < edits; k++) {
    source = source.replace(new RegExp(`\\b${swap[(k + 1) % 2]}\\b`), swap[k % 2]);
    const t = performance.now();
    compile();
    result.edits.push(performance.now() - t);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
