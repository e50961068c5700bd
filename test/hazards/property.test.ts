/**
 * Random manuscripts, nasty ones: whatever the text, the load stage ends in a book or in
 * diagnostics, never in an exception; the model holds no character XML forbids and every position
 * lies in the file; and a book that loads renders to an EPUB whose every XHTML file is well-formed
 * and which epubcheck-ts accepts.
 */
import { EpubCheck } from '@likecoin/epubcheck-ts';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManuscript, runPasses } from '../../src/build.js';
import { BuildError, Diagnostics } from '../../src/diagnostics.js';
import { renderEpub } from '../../src/epub/render.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import { XML_FORBIDDEN } from '../../src/load/read.js';
import { walkBlocks, type Block, type ParsedBook } from '../../src/model/index.js';
import { assignIds } from '../../src/transform/ids.js';
import { SaxesParser } from 'saxes';
import { unzip } from '../epub/helpers.js';
import { makeCoverLater } from '../../src/cover/cover.js';

/** SAMIZDAT_PROPERTY_RUNS=20 searches twenty times as long (the suite keeps to a few seconds). */
const RUNS = Number(process.env.SAMIZDAT_PROPERTY_RUNS ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'samizdat-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** Writes a manuscript to a file of its own (with a PNG beside it for the image fragments). */
function manuscript(bytes: string | Uint8Array): string {
  const file = join(dir, `m${++n}.md`);
  writeFileSync(file, bytes);
  return file;
}
// A PNG that loads (a hand-made 1×1 one failed its checksum, so every manuscript with a figure was refused).
copyFileSync('test/fixtures/hazards/assets/images/map.png', join(dir, 'img.png'));

/** Pieces of Markdown that have broken parsers and renderers before, and some plain text. */
const FRAGMENTS = [
  'word', 'Сталин', 'Ζαχαριάδης', '毛泽东', 'ჯუღაშვილი', 'בן־גוריון', 'عبد الناصر', '😀', 'e\u0301', 'façade',
  '\u0000', '\u0001', '\u000B', '\u000C', '\u007F', '\u0085', '\u0092', '\u2028', '\uFFFE', '\uFFFF', '\uD800', '\uDC00', '\uFEFF',
  '\u00A0', '\u00AD', '\u200D', '\u202E', '\t', ' ', '  ', '\r', '\r\n',
  '<b>', '</i>', '<div>', '</div>', '<!-- c -->', '<!--', '-->', '<script>alert(1)</script>', '<?php x ?>', '<![CDATA[x]]>', '<br/>',
  '&amp;', '&#0;', '&#12;', '&#x110000;', '&bogus;', '&nbsp;', '&lt;b&gt;',
  '*', '**', '_', '__', '`', '``', '```', '~~', '[', ']', '(', ')', '{', '}', '!', '\\', '|', '#', '^',
  '[^1]', '[^1]: A note.', '[^2]', '^[an inline note [^1]]', '[a](https://example.org/x)', '[a](javascript:x)', '[a](other.md)',
  '<https://example.org>', '<mailto:a@b.c>', '![alt](img.png)', '![](img.png)', '![x](//example.org/i.png)', '![x](missing.png)',
  '--', '---', '...', "'", '"', "'tis", "rock 'n' roll", '[x]{.smallcaps}', '[]{#a}', '[x]{.calibre}', '^', '~', 'x^2^', 'H~2~O', '~~',
  '[Сталин]{lang=ru}', '[שלום]{lang=he}', '[x]{.noindex}', '[x]{lang=ar dir=rtl}', '[x]{bogus=1}', '[x]{name=nobody}',
  // Attribute lists of headings, figures and divs (parts, epigraphs, widths, pandoc 3's alt).
  ' {.part}', ' {.unlisted}', ' {short="S"}', ' {#id .part short="P}"}', '{width=60%}', '{width=1e9in}', '{width=0%}', '{alt="a \\" b"}', '{alt=}',
  '![c](img.png){width=8cm alt="x"}', '— Attribution', '\\', 'line\\\nline',
];
const LINE_STARTS = ['', '', '', '::: {.div}\n', ':::', '| ', '|    ', '# ', '## ', '###### ', '> ', '> > ', '- ', '1. ', '    ', '* * *', '---', '| a | b |\n|---|---|', 'a   b\n---- ----\n', '---- ----\n', '[^1]: ', ':   ', '~ ', 'Term\n:   ', ':   \n    ',
  '+---+---+\n', '+===+:==+\n', '| a | b |\n', '|   | b\n', '  ---------\n', '  ---- ----\n',
  '::: epigraph\n', '::: {.epigraph}\n> ', '# Part I {.part}\n', '# Part {.part}\n\n# Chapter\n', '::: epigraph\n— ', '::: {lang=fr}\n'];

const line = fc
  .tuple(fc.constantFrom(...LINE_STARTS), fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), fc.constant(' ')), { maxLength: 12 }))
  .map(([start, parts]) => start + parts.join(''));
const nested = fc.tuple(fc.constantFrom('>', '- ', '  - ', '*', ':   '), fc.integer({ min: 1, max: 130 })).map(([s, k]) => `${s.repeat(k)} deep`);
const body = fc.array(fc.oneof({ weight: 8, arbitrary: line }, { weight: 1, arbitrary: nested }, { weight: 2, arbitrary: fc.constant('') }), { maxLength: 30 }).map((ls) => ls.join('\n'));

const scalar = fc.oneof(
  fc.constantFrom('A Title', "'quoted: with colon'", '"double"', '1953-04-14', '1.10', 'true', '~', '', '[a, b]', '{a: 1}', '|\n  literal', '"unclosed', 'en-GB', 'zh-Hant', 'x\u0001y', '- item',
    "'1847-12/1848-01'", '1845–1846', '400 BC', "'-0399/0030'", 'c. 399 BC', '[figures, tables]', 'endnotes', '[by-chapter, endnotes]'),
  fc.string({ maxLength: 12 }),
);
const key = fc.constantFrom('title', 'author', 'language', 'date', 'subtitle', 'translator', 'subjects', 'names', 'autor', 'lang', '"title"', '  indented', '- list', '',
  'written', 'translated', 'dedication', 'lists', 'number', 'footnotes');
const frontMatter = fc.oneof(
  fc.array(fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`), { maxLength: 8 }).map((ls) => `---\n${ls.join('\n')}\n---\n`),
  fc.constantFrom('', '---\n', '---\ntitle: T\n', '\uFEFF---\r\ntitle: T\r\nauthor: A\r\nlanguage: en\r\n---\r\n', '----\n---\n'),
);
const VALID_FRONT = '---\ntitle: A Random Book\nauthor: A. Tester\nlanguage: en-GB\n---\n\n';
/** Front matter that loads, with the keys that change the book's shape: endnotes, lists, a dedication, numbers. */
const SHAPED_FRONT = fc.subarray(['footnotes: endnotes', 'footnotes: [by-chapter, endnotes]', 'lists: [figures, tables]', 'dedication: To *R.*', 'number: [tables, figures]', 'language: fr', 'translator: T. Ranslator', "written: '1847-12/1848-01'"])
  .map((keys) => `---\ntitle: A Random Book\nauthor: A. Tester\n${keys.some((k) => k.startsWith('language')) ? '' : 'language: en-GB\n'}${[...new Map(keys.map((k) => [k.split(':')[0], k])).values()].join('\n')}\n---\n\n`);

/** Every string a renderer will write, with the block or note it comes from. */
function strings(book: ParsedBook): string[] {
  const out: string[] = [...Object.values(book.meta).flat().map(String)];
  const visit = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => k !== 'asset' && visit(x));
  };
  visit(book.blocks);
  visit(book.notes);
  return out;
}

function checkBook(file: string, text: string, book: ParsedBook | undefined, diags: Diagnostics): void {
  const lines = text.split(/\r\n|\r|\n/).length + 1;
  for (const d of diags.list) {
    expect(d.line, `${d.rule} line`).toBeGreaterThanOrEqual(1);
    expect(d.line, `${d.rule} line`).toBeLessThanOrEqual(lines);
    expect(d.column, `${d.rule} column`).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/[\n\r]/);
  }
  if (!book) {
    expect(diags.hasErrors, 'no book and no error').toBe(true);
    return;
  }
  for (const s of strings(book)) {
    XML_FORBIDDEN.lastIndex = 0;
    expect(XML_FORBIDDEN.test(s), `forbidden character in ${JSON.stringify(s)}`).toBe(false);
  }
  assignIds(book.blocks, book.notes);
  // A table has an id only when the book numbers its tables ('table-N'); '' is none, written as none.
  const ids = [...walkBlocks([...book.blocks, ...book.notes.flatMap((x) => x.children)])].flatMap((b: Block) => ('id' in b && !(b.kind === 'table' && b.id === '') ? [b.id] : []));
  for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
  expect(new Set(ids).size).toBe(ids.length);
  void file;
}

/** Strict XML 1.0 well-formedness (saxes); U+FFFD from the manuscript is a legal character. */
function expectWellFormed(xml: string, name: string): void {
  const errors: string[] = [];
  const sax = new SaxesParser({ xmlns: true });
  sax.on('error', (e) => errors.push(e.message));
  sax.write(xml).close();
  expect(errors, `${name}:\n${xml}`).toEqual([]);
}

/** Words of letters and figures, some two columns wide (pandoc lines its tables up by display width). */
const WORD = fc.array(fc.constantFrom('a', 'b', 'z', '1', '9', 'é', 'Ж', '毛', '东'), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
const widthOf = (s: string) => [...s].reduce((w, c) => w + (/[毛东]/.test(c) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(w - widthOf(s));
/** A table as pandoc writes one, grid or multiline, with or without a header: rows of cells of lines of words. */
const TABLE = fc.record({
  grid: fc.boolean(),
  headed: fc.boolean(),
  rows: fc.integer({ min: 2, max: 4 }).chain((cols) => fc.array(fc.array(fc.array(fc.array(WORD, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 3 }), { minLength: cols, maxLength: cols }), { minLength: 2, maxLength: 4 })),
  colons: fc.array(fc.constantFrom('', ':'), { minLength: 8, maxLength: 8 }),
}).map(({ grid, headed, rows, colons }) => {
  const widths = rows[0].map((_, k) => Math.max(...rows.flatMap((r) => r[k].map(widthOf))) + 2);
  const height = (r: string[][]) => Math.max(...r.map((c) => c.length));
  const lines = (r: string[][]) => Array.from({ length: height(r) }, (_, i) => r.map((c) => c[i] ?? ''));
  if (grid) {
    const rule = (ch: string) => `+${widths.map((w, k) => `${colons[2 * k]}${ch.repeat(w - colons[2 * k].length - colons[2 * k + 1].length)}${colons[2 * k + 1]}`).join('+')}+`;
    const row = (r: string[][]) => lines(r).map((l) => `|${l.map((c, k) => ` ${pad(c, widths[k] - 1)}`).join('|')}|`).join('\n');
    return [rule('-'), ...rows.map((r, i) => `${row(r)}\n${rule(i === 0 && headed ? '=' : '-')}`)].join('\n');
  }
  const row = (r: string[][]) => lines(r).map((l) => `  ${l.map((c, k) => pad(c, widths[k] + 1)).join('')}`.trimEnd()).join('\n');
  const runs = `  ${widths.map((w) => '-'.repeat(w)).join(' ')}`;
  const full = `  ${'-'.repeat(widths.reduce((a, b) => a + b + 1, -1))}`;
  const body = rows.slice(headed ? 1 : 0).map(row).join('\n\n');
  return headed ? `${full}\n${row(rows[0])}\n${runs}\n${body}\n${full}` : `${runs}\n${body}\n\n${runs}`;
});
/** Up to three slips of an editor's hand that touch no word: a border character gone, a space or a line break put in. */
const SLIPS = fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', ' ', '\n')), { maxLength: 3 });
function slip(table: string, slips: [number, string][]): string {
  let t = table;
  for (const [at, what] of slips) {
    const i = at % (t.length + 1);
    if (what !== 'delete') t = t.slice(0, i) + what + t.slice(i);
    else {
      const j = [...t.slice(i), ...t.slice(0, i)].findIndex((c) => ' +-|=:'.includes(c));
      if (j >= 0) t = t.slice(0, (i + j) % t.length) + t.slice(((i + j) % t.length) + 1);
    }
  }
  return t;
}
/** The letters and figures of every text in the model, sorted: the same as the manuscript's when no text is lost or doubled. */
function letters(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => letters(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'text' && typeof x === 'string') out.push(...[...x].filter((c) => /[\p{L}\p{N}]/u.test(c)));
      else letters(x, out);
    }
  }
  return out;
}

describe('pandoc’s grid and multiline tables', () => {
  it('as pandoc writes them are tables of the rows and cells written; with slips of the hand, text or a table, never a word lost or doubled', () => {
    fc.assert(
      fc.property(TABLE, SLIPS, (table, slips) => {
        const body = `Before.\n\n${slip(table, slips)}\n\nAfter.\n`;
        const text = VALID_FRONT + body;
        const file = manuscript(text);
        const diags = new Diagnostics();
        const book = parseManuscript(file, diags);
        checkBook(file, text, book, diags);
        expect(letters([book!.blocks, book!.notes]).sort().join('')).toBe([...body].filter((c) => /[\p{L}\p{N}]/u.test(c)).sort().join(''));
        if (slips.length === 0) {
          expect(diags.list).toEqual([]);
          const tables = book!.blocks.filter((b) => b.kind === 'table');
          expect(tables).toHaveLength(1);
        }
      }),
      { numRuns: 300 * RUNS },
    );
  }, 30_000 * RUNS);
});

/** An HTML table as Project Gutenberg's and Standard Ebooks' books have them: a thead of rows, spans, a tfoot, closing tags left out or not, inline markup in cells. */
const HTML_TABLE = fc.record({
  head: fc.integer({ min: 0, max: 2 }),
  foot: fc.boolean(),
  close: fc.boolean(),
  rows: fc.array(fc.array(fc.record({ words: fc.array(WORD, { minLength: 1, maxLength: 3 }), colspan: fc.integer({ min: 1, max: 3 }), rowspan: fc.integer({ min: 1, max: 2 }), tag: fc.constantFrom('', 'em', 'strong', 'p', 'br') }), { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 5 }),
}).map(({ head, foot, close, rows }) => {
  const cell = (c: { words: string[]; colspan: number; rowspan: number; tag: string }, th: boolean) => {
    const t = th ? 'th' : 'td';
    const words = c.tag === 'br' ? c.words.join('<br/>') : c.tag ? `<${c.tag}>${c.words.join(' ')}</${c.tag}>` : c.words.join(' ');
    return `<${t}${c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}>${words}${close ? `</${t}>` : ''}`;
  };
  const row = (r: (typeof rows)[number], th: boolean) => `<tr>${r.map((c) => cell(c, th)).join('')}${close ? '</tr>' : ''}`;
  const body = rows.slice(head, foot ? -1 : undefined);
  return {
    html: ['<table>', ...(head ? ['<thead>', ...rows.slice(0, head).map((r) => row(r, true)), '</thead>'] : []), '<tbody>', ...body.map((r) => row(r, false)), '</tbody>', ...(foot ? ['<tfoot>', row(rows.at(-1)!, false), '</tfoot>'] : []), '</table>'].join('\n'),
    words: rows.flatMap((r) => r.flatMap((c) => c.words)),
    head,
  };
});

describe('raw HTML tables', () => {
  it('are tables of every word their cells hold, once, their thead rows header rows', () => {
    fc.assert(
      fc.property(HTML_TABLE, ({ html, words, head }) => {
        const body = `Before.\n\n${html}\n\nAfter.\n`;
        const text = VALID_FRONT + body;
        const file = manuscript(text);
        const diags = new Diagnostics();
        const book = parseManuscript(file, diags);
        checkBook(file, text, book, diags);
        const want = [...`Before. After. ${words.join(' ')}`].filter((c) => /[\p{L}\p{N}]/u.test(c)).sort().join('');
        expect(letters([book!.blocks, book!.notes]).sort().join('')).toBe(want);
        const tables = book!.blocks.filter((b) => b.kind === 'table');
        expect(tables).toHaveLength(1);
        // A first body row may be read as pandoc 2's lost second header row (see restoreSubheads).
        expect(head === 1 ? [1, 2] : [head]).toContain(tables[0].kind === 'table' && tables[0].head);
        expect(diags.list.filter((d) => d.rule !== 'table-cell-flattened')).toEqual([]);
      }),
      { numRuns: 200 * RUNS },
    );
  }, 30_000 * RUNS);
});

describe('random manuscripts', () => {
  it('load into a book or diagnostics, never an exception; the model is clean', () => {
    fc.assert(
      fc.property(frontMatter, body, (fm, md) => {
        const text = fm + md;
        const file = manuscript(text);
        const diags = new Diagnostics();
        const book = parseManuscript(file, diags);
        checkBook(file, text, book, diags);
      }),
      { numRuns: 300 * RUNS },
    );
  }, 30_000 * RUNS);

  it('random bytes, with or without a BOM, are text or an encoding error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, bom) => {
        const head = Buffer.from(`${bom ? '\uFEFF' : ''}${VALID_FRONT}`);
        const file = manuscript(Buffer.concat([head, bytes]));
        const diags = new Diagnostics();
        const book = parseManuscript(file, diags);
        checkBook(file, new TextDecoder().decode(Buffer.concat([head, bytes])), book, diags);
      }),
      { numRuns: 200 * RUNS },
    );
  }, 30_000 * RUNS);

  it('that load render to an EPUB of well-formed XHTML that epubcheck-ts accepts', async () => {
    await fc.assert(
      fc.asyncProperty(SHAPED_FRONT, body, async (fm, md) => {
        const diags = new Diagnostics();
        const parsed = parseManuscript(manuscript(fm + md), diags);
        if (!parsed || diags.hasErrors) return;
        const book = runPasses(parsed, diags);
        if (diags.hasErrors) return;
        const epub = await renderEpub(book, { pages: [], anchors: {} }, { date: new Date('2024-01-01T00:00:00Z'), cover: await makeCoverLater(book) });
        for (const [name, content] of await unzip(epub)) {
          if (typeof content === 'string' && /\.(xhtml|opf|ncx|xml)$/.test(name)) expectWellFormed(content, name);
        }
        const result = await EpubCheck.validate(epub);
        const problems = result.messages.filter((m) => m.severity !== 'info' && m.severity !== 'usage').map((m) => `${m.severity} ${m.id} ${m.message} ${m.location?.path ?? ''}`);
        expect(problems, md).toEqual([]);
      }),
      { numRuns: 40 * RUNS },
    );
  }, 120_000 * RUNS);

  it('go through the whole build, PDF included, to editions or a BuildError', async () => {
    await fc.assert(
      fc.asyncProperty(SHAPED_FRONT, body, async (fm, md) => {
        const file = manuscript(fm + md);
        try {
          const r = await buildManuscript(file, { outDir: join(dir, 'out'), formats: ['pdf', 'epub'], paper: 'a5', date: new Date('2024-01-01T00:00:00Z') });
          expect(r.written).toHaveLength(2);
        } catch (e) {
          if (!(e instanceof BuildError)) throw e;
        }
      }),
      { numRuns: 12 * RUNS },
    );
  }, 120_000 * RUNS);
});
