import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { plainText, walkBlocks } from '../../src/model/index.js';
import { parseBody } from '../../src/parse/parse.js';
import { assignIds } from '../../src/transform/ids.js';
import { buildToc } from '../../src/transform/toc.js';
import { blocksToSexp } from '../model/sexp.js';
import { load } from './load.js';

/** The fixture's diagnostics, and its model (ids assigned) in the compact form of test/model/sexp.ts. */
function model(path: string) {
  const { book, lines } = load(path);
  if (book) assignIds(book.blocks, book.notes);
  const notes = (book?.notes ?? []).map((n) => `(note ${n.number} #${n.id} at ${n.span.line}:${n.span.column}\n${blocksToSexp(n.children, '  ')})`);
  return { book, lines, sexp: book ? [blocksToSexp(book.blocks), ...notes].join('\n') : '' };
}

const HTML_HINT = ' is kept as visible text, not as markup (write it in Markdown, or remove it)';

describe('raw HTML', () => {
  it('is kept as text, never markup, with a warning at its line and column, also on later lines of a paragraph and in quotes', () => {
    const { lines, sexp } = model('markdown/raw-html.md');
    expect(lines).toEqual([
      `markdown/raw-html.md:8:24: warning: raw HTML '<span class="x">'${HTML_HINT}`,
      `markdown/raw-html.md:8:46: warning: raw HTML '</span>'${HTML_HINT}`,
      `markdown/raw-html.md:9:14: warning: raw HTML '<br>'${HTML_HINT}`,
      `markdown/raw-html.md:11:15: warning: raw HTML '<em>'${HTML_HINT}`,
      `markdown/raw-html.md:11:22: warning: raw HTML '</em>'${HTML_HINT}`,
      `markdown/raw-html.md:12:14: warning: raw HTML '<strong>'${HTML_HINT}`,
      `markdown/raw-html.md:12:28: warning: raw HTML '</strong>'${HTML_HINT}`,
      `markdown/raw-html.md:14:1: warning: raw HTML '<div class="web">'${HTML_HINT}`,
    ]);
    // Comments go without a word (and without leaving two spaces); code stays code.
    expect(sexp).toBe(`(p #p-1 "A paragraph that runs over three lines, with <span class=\\"x\\">pasted</span> markup and a <br> and a comment in it.")
(quote
  (p #p-2 "In a quote, <em>too</em> and on its <strong>second</strong> line."))
(p #p-3 "<div class=\\"web\\">\\n<p>A block of HTML.</p>\\n</div>")
(code #p-4 "<b>in an indented code block: code, not HTML</b>")
(p #p-5 "And " (code "<i>in code</i>") " is code.")`);
  });

  it('a flood of it gives twenty warnings and a count, not thousands of lines', () => {
    const diags = new Diagnostics();
    parseBody('x.md', 'a <b>b</b> '.repeat(1000), 0, diags);
    expect(diags.list).toHaveLength(21);
    // The 21st tag is the 11th '<b>' of 'a <b>b</b> ' (11 characters each): column 2 + 10 × 11 + 1.
    expect(formatDiagnostic(diags.list[20])).toBe('x.md:1:113: warning: 1980 more warnings like the ones above from here on');
  });
});

describe('nesting deeper than the parser keeps', () => {
  const NEST = 'error: block quotes or lists nest more than 100 levels deep here: the parser would drop the text inside (flatten the nesting: no text needs more than a few levels of quotes or lists)';

  it('block quotes: an error at the first character that would be lost', () => {
    // Line 9 is 120 '>' then ' Deep inside.': markdown-it keeps 100 levels.
    expect(load('markdown/deep-quotes.md').lines).toEqual([`markdown/deep-quotes.md:9:101: ${NEST}`]);
  });

  it('lists: an error at the item the parser would drop (level 50 of 60, indented 98 spaces)', () => {
    expect(load('markdown/deep-lists.md').lines).toEqual([`markdown/deep-lists.md:58:101: ${NEST}`]);
  });

  it('emphasis: the formatting deeper than 32 levels goes, the text stays, one warning', () => {
    const { book, lines } = load('markdown/deep-emphasis.md');
    // The 33rd opener: '*a _b ' is 6 characters, so openers stand at columns 1, 4, 7, … 97.
    expect(lines).toEqual(['markdown/deep-emphasis.md:7:97: warning: emphasis, links or spans nest deeper than 32 levels here; the deeper ones are set as plain text']);
    const p = book!.blocks[0];
    expect(p.kind === 'paragraph' && plainText(p.children)).toBe(`${'a b '.repeat(30)}c${' d'.repeat(30)}`);
  });
});

describe('headings', () => {
  it('reads what pandoc writes: heading ids and classes, attributes after links and images, line blocks, superscripts and subscripts, simple tables (a header with an empty first cell too)', () => {
    const { lines, sexp } = model('markdown/pandoc.md');
    expect(lines).toEqual([]);
    // The heading keeps the id written ({#chapter-i}), so the link to it holds; nothing in braces is printed.
    expect(sexp).toBe(`(h1 #chapter-i "Chapter I")
(p #p-1 "See " (link "#chapter-i" "the chapter") " and " (img "../assets/images/map.png" alt="A square") " here.")
(h2 #a-section "A Section")
(p #p-2 "The woods are lovely, dark and deep," (br) "\u00a0\u00a0\u00a0But I have promises to keep," (br) "And miles to go before I sleep.")
(p #p-3 "A second stanza.")
(table align=-,-
  (th (#p-4 "Name") (#p-5 "Born"))
  (tr (#p-6 "Stalin") (#p-7 "1878")))
(p #p-8 "A paragraph | that has a bar at a line's start.")
(p #p-9 "On the 1" (sup "st") " of May, H" (sub "2") "O, and ~~struck~~ kept.")
(table align=left,right
  (th (#p-10 "Commodity") (#p-11 "Price"))
  (tr (#p-12 "Wheat, per quarter") (#p-13 "2 10 0"))
  (tr (#p-14 "Barley") (#p-15 "1 5 0")))
(table align=left,left
  (tr (#p-16 "no") (#p-17 "header")))
(table align=-,right
  (th (#p-18 ) (#p-19 "Price"))
  (tr (#p-20 "1202") (#p-21 "12s.")))`);
  });

  it('reads pandoc’s grid and multiline tables as pandoc does: cells over several lines, alignment, captions, notes, links, wide characters, rows of em dashes (`---`); a cell’s paragraphs and list on lines of their own, said once', () => {
    // The first three tables are pandoc 2.17's own writing (`pandoc -f html -t markdown`) of HTML tables.
    const { book, lines, sexp } = model('markdown/pandoc-tables.md');
    expect(lines).toEqual([
      'markdown/pandoc-tables.md:19:51: warning: a table cell holds paragraphs or a list (and 1 more cell of this table): set as one paragraph, each paragraph or item on a line of its own, the markers kept (a cell is one paragraph here: move the list or the paragraphs out of the table, or join them)',
      // In a block quote, on the cell's second line: the place of the tag itself.
      `markdown/pandoc-tables.md:63:12: warning: raw HTML '<b>'${HTML_HINT}`,
      `markdown/pandoc-tables.md:63:23: warning: raw HTML '</b>'${HTML_HINT}`,
    ]);
    expect(sexp).toBe(`(h1 #chapter "Tables")
(table align=-,right,center
  (th (#p-1 "Fruit") (#p-2 "Price") (#p-3 "Advantages of the thing"))
  (tr (#p-4 "Bananas, which are long and yellow and from " (link "https://e.org" " there")) (#p-5 "$1.34") (#p-6 "built-in wrapper, " (emph "bright") " color and a lot of other things to say about it" (sup "1")))
  (tr (#p-7 "Oranges") (#p-8 "$2.10") (#p-9 "cures scurvy" (br) "tasty"))
  (tr (#p-10 "- one" (br) "- two") (#p-11 "x") (#p-12 "y")))
(table align=left,right,left caption=(#p-13 "Prices of wheat, from the " (emph "Chronicon Preciosum") ".")
  (th (#p-14 "Year") (#p-15 "Price of wheat per quarter") (#p-16 "Remarks"))
  (tr (#p-17 "1202") (#p-18 "12s.") (#p-19 "A very long remark about the " (emph "harvest") " which was bad, and the price went up a great deal, as the chronicles of the abbey tell us."))
  (tr (#p-20 "1205") (#p-21 "12s. 13s. 4d.") (#p-22 "Short.")))
(table align=left,left
  (tr (#p-23 "毛泽东 毛泽东 毛泽东") (#p-24 "Long text 毛泽东 more text more text more text more text more text more text"))
  (tr (#p-25 "Café") (#p-26 "x")))
(table align=right,left,center caption=(#p-27 "Colons on the top line align a table without a header.")
  (tr (#p-28 "Right") (#p-29 "Left " (noteref 1 #nref-1 -> note-1)) (#p-30 "Centered"))
  (tr (#p-31 "2 3") (#p-32 "two") (#p-33 "zwei")))
(quote
  (table align=-,-
    (th (#p-34 "Year") (#p-35 "Event"))
    (tr (#p-36 "1789") (#p-37 "The fall of the <b>Bastille</b>"))))
(table align=left,left,left,left
  (th (#p-38 "Years") (#p-39 "£") (#p-40 "s.") (#p-41 "Remarks"))
  (tr (#p-42 "1202") (#p-43 "---") (#p-44 "12") (#p-45 "---"))
  (tr (#p-46 "---") (#p-47 "---") (#p-48 "---") (#p-49 "---"))
  (tr (#p-50 "1205") (#p-51 "---") (#p-52 "13") (#p-53 "The harvest failed, and the abbot bought wheat from the Flemish merchants.")))
(note 1 #note-1 at 57:1
  (p #p-54 "A note in a cell."))`);
    const tables = book!.blocks.filter((b) => b.kind === 'table');
    expect(tables.map((t) => t.kind === 'table' && t.caption && plainText(t.caption.children))).toEqual([undefined, 'Prices of wheat, from the Chronicon Preciosum.', undefined, 'Colons on the top line align a table without a header.', undefined]);
    // Each cell stands at its first character: column 51 of line 19 for the third cell of a grid table's row, column 16 after wide characters.
    const at = (t: number, r: number, c: number) => { const x = tables[t]; return x.kind === 'table' && `${x.rows[r][c].span.line}:${x.rows[r][c].span.column}`; };
    expect([at(0, 2, 2), at(1, 1, 2), at(2, 0, 1), at(3, 1, 0)]).toEqual(['19:51', '31:32', '42:16', '51:3']);
  });

  it('a grid table with a border out of place stays text, and says so; a cell spanning columns is set in its first; an unclosed one ends at its last row; an unclosed multiline one is not a table', () => {
    const { lines, sexp } = model('markdown/pandoc-tables-malformed.md');
    const GRID = 'and its borders close no cells (a border out of place): the table is set as text (line the borders up under the + of the top line; a cell spanning columns or rows is closed by its borders on all four sides)';
    expect(lines).toEqual([
      `markdown/pandoc-tables-malformed.md:12:11: warning: this line of a grid table has no | under the + at column 11 of its top line, ${GRID}`,
      'markdown/pandoc-tables-malformed.md:29:1: warning: this grid table has no closing line (+---+) after its last row: the row is read as if it had one (close the table with its top line)',
      'markdown/pandoc-tables-malformed.md:39:3: warning: this multiline table has no closing line of dashes followed by a blank line: it is not read as one table (end the table with a line of dashes, as long as its first, and a blank line)',
    ]);
    expect(sexp).toBe(`(p #p-1 "A bar out of place:")
(p #p-2 "+---------+---------+ | Fruit   | Price   | +=========+=========+ | Bananas  | $1.34  | +---------+---------+")
(p #p-3 "A cell spanning two columns, as pandoc 3 writes it:")
(table align=-,-
  (th (#p-4 "Fruit and price") (#p-5 ))
  (tr (#p-6 "Bananas") (#p-7 "$1.34")))
(p #p-8 "No closing line:")
(table align=-,-
  (th (#p-9 "Fruit") (#p-10 "Price"))
  (tr (#p-11 "Bananas and") (#p-12 "$1.34")))
(p #p-13 "A ragged right border, read as pandoc reads it:")
(table align=-,-
  (th (#p-14 "Fruit") (#p-15 "Price"))
  (tr (#p-16 "Bananas") (#p-17 "$1.34 and more")))
(rule)
(table align=left,left
  (th (#p-18 "Year") (#p-19 "Event"))
  (tr (#p-20 "1789") (#p-21 "The fall of the Bastille")))
(p #p-22 "1790       The Fête de la Fédération")
(h1 #a-heading-after-a-table-without-its-closing-line "A heading after a table without its closing line")
(p #p-23 "The end.")`);
  });

  it('a column edge inside a word (a table edited after pandoc lined it up) cuts it as pandoc does, and says so once a table, at the first; a table set straight says nothing', () => {
    const { lines, sexp } = model('markdown/pandoc-tables-cut.md');
    const HINT = "(move the text so that it stands over or under its own column's dashes, or widen the dashes)";
    expect(lines).toEqual([
      `markdown/pandoc-tables-cut.md:9:51: warning: a column's edge falls inside the word 'Ave|rage': its halves are set in two cells, as pandoc sets them ${HINT}`,
      `markdown/pandoc-tables-cut.md:21:14: warning: a column's edge falls inside the word 'Fê|te': its halves are set in two cells, as pandoc sets them ${HINT}`,
    ]);
    // The halves stand where pandoc reads them: 'Ave' in the pence column, 'rage of the prices' in the next.
    expect(sexp).toContain('(th (#p-2 ) (#p-3 "Price of the quarter") (#p-4 ) (#p-5 "Ave") (#p-6 "rage of the prices") (#p-7 ) (#p-8 ))');
  });

  it('reads pandoc’s fenced divs as the blocks inside them, nested or never closed, and says so once; an epigraph’s are one; an id is an anchor at the first words', () => {
    const { lines, sexp } = model('markdown/divs.md');
    expect(lines).toEqual([
      "markdown/divs.md:7:1: warning: the fenced div ::: '{#chapter-1 .chapter}' and 1 more are read as the text inside, the attributes doing nothing here but an id (a place links lead to) (remove the ::: lines, or keep them: the text is set as it is)",
    ]);
    expect(sexp).toBe(`(epigraph
  (p #p-1 (anchor #chapter-1) "Workers of the world, unite!"))
(p #p-2 "The text of the chapter.")
(p #p-3 ":::")
(p #p-4 "Text after a lone fence, which opens nothing.")
(p #p-5 "The last words, in a div never closed.")`);
    // Divs without an id do nothing: the warning does not speak of one.
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-divs-'));
    writeFileSync(join(dir, 'poem.md'), '---\ntitle: A Poem\nauthor: A. Tester\nlanguage: en-GB\n---\n\n::: poem\nThe words.\n:::\n');
    const diags = new Diagnostics();
    prepareBook(join(dir, 'poem.md'), diags);
    expect(diags.list.map((d) => d.message)).toEqual(["the fenced div ::: 'poem' is read as the text inside, the attributes doing nothing here"]);
  });

  it('says once where pandoc’s escaped typewriter dash, \\--, stands (a Gutenberg conversion’s em dashes), and how often', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-dashes-'));
    writeFileSync(join(dir, 'letters.md'), '---\ntitle: Letters\nauthor: A. Tester\nlanguage: en-GB\n---\n\nTO DR. WEGELER,\\--VIENNA.\n\nYes\\--no; a range 1--2, a dash --- here, and \\\\-- escaped backslash.\n\nIn code, `a \\-- b` and ``x `\\--` y`` are as written.\n');
    const diags = new Diagnostics();
    const letters = prepareBook(join(dir, 'letters.md'), diags);
    // Set as the warning says: an en dash, as -- is.
    expect(letters.blocks.map((b) => (b.kind === 'paragraph' ? plainText(b.children) : ''))[0]).toBe('TO DR. WEGELER,–VIENNA.');
    expect(diags.list.map((d) => formatDiagnostic(d).replace(/^.*letters\.md/, 'letters.md'))).toEqual([
      "letters.md:7:16: warning: \\-- (2 times) is set as an en dash (–): pandoc writes a typewriter's -- so, which in a transcription such as Project Gutenberg's stands for an em dash (write --- for an em dash (—), or -- for an en dash, without the backslash)",
    ]);
  });

  it('reads what pandoc writes of Project Gutenberg’s note marks and notes: a superscript around a link, ^[\\[1\\]](#footnote1)^, not an inline note; a span in a link; a div’s and a link’s id places links lead to', () => {
    const { book, lines, sexp } = model('markdown/pandoc-gutenberg.md');
    // The div with a class is said once; the one with an id alone does all it asks.
    expect(lines).toEqual([
      "markdown/pandoc-gutenberg.md:12:1: warning: the fenced div ::: '{#footnote1 .footnote}' and 5 more are read as the text inside, the attributes doing nothing here but an id (a place links lead to) (remove the ::: lines, or keep them: the text is set as it is)",
      "markdown/pandoc-gutenberg.md:20:37: warning: the span class '.small' means nothing here: its text is set as it is (samizdat reads name=, sub=, lang=, dir=, .noindex and .smallcaps; remove the others)",
      "markdown/pandoc-gutenberg.md:46:3: warning: the span class '.i0' means nothing here: its text is set as it is (samizdat reads name=, sub=, lang=, dir=, .noindex and .smallcaps; remove the others)",
      "markdown/pandoc-gutenberg.md:47:3: warning: the span class '.i2' means nothing here: its text is set as it is (samizdat reads name=, sub=, lang=, dir=, .noindex and .smallcaps; remove the others)",
    ]);
    // Each mark a superscript link, printed '[1]' as the HTML had it; pandoc's own inline note stays one.
    // A mark in a span inside a link is a link still (a link inside a link is none), its id the place the note's 'return' leads to.
    // A paragraph of pictures alone (music examples side by side) is a figure each: in the line they were as tall as the type.
    expect(sexp).toBe(`(h3 #let1 "1. TO THE ELECTOR." (sup (link "#footnote1" "[1]")))
(p #p-1 "From the time I left Augsburg" (sup (link "#footnote2" "[2]")) " my cheerfulness declined." (noteref 1 #nref-1 -> note-1) " And 2" (sup "nd") " stays.")
(p #p-2 (anchor #footnote1) "[Footnote 1: The dedication.]")
(p #p-3 (anchor #footnote2) "[Footnote 2: On his return from Vienna.]")
(p #p-4 "To the Officers of the Beagle " (anchor #linknoteref-10) (link "#linknote-10" "10") " I shall ever feel most thankful; a [link " (link "#let1" "inside") " a link](#let1) is none.")
(p #p-5 (anchor #linknote-10))
(p #p-6 "10 (" (link "#linknoteref-10" "return") ")" (br) "[ I must take this opportunity of returning my sincere thanks.]")
(p #p-7 (anchor #linkimage-0002))
(figure #p-8 "../assets/images/map.png" alt="The rocks of St. Paul")
(p #p-9 "Escaped, a backslash stays: C:\\\\")
(p #p-10 "Truth for the wise," (br) " Beauty for a feeling heart.")
(figure #p-11 "../assets/images/map.png" alt="Rocks")
(p #p-12 "The end.")
(figure #p-13 "../assets/images/map.png" alt="[music]")
(figure #p-14 "../assets/images/map.png" alt="Baron's song")
(note 1 #note-1 at 10:10
  (p #p-15 "A note of pandoc's own, inline."))`);
    // The caption's div after a figure (Project Gutenberg's <div class="caption">) is its caption; the image's description stays its alt text.
    const rocks = book!.blocks.find((b) => b.kind === 'figure' && b.alt === 'Rocks');
    expect(rocks?.kind === 'figure' && plainText(rocks.caption)).toBe('The rocks of St. Paul.');
    // Divs nested with fences of one length, as pandoc writes them: each ::: closes the innermost, none is printed.
    expect(sexp).not.toContain(':::');
    // Lines of a lone \ (HTML's <br>) print nothing, as in pandoc's editions: not a backslash, nor empty lines.
    expect(sexp).not.toContain('(br) (anchor');
    // The contents and the running head give the heading without its mark, as they give one without a [^1].
    expect(buildToc(book!.blocks).map((e) => e.title)).toEqual(['1. TO THE ELECTOR.']);
  });

  it('warns when a --- under a paragraph, or a # before one, makes the paragraph a heading', () => {
    const { lines, sexp } = model('markdown/setext.md');
    // A short underlined heading is one on purpose; two lines of prose above --- are not.
    expect(lines).toEqual([
      'markdown/setext.md:13:1: warning: the --- under this paragraph makes it a heading, not text followed by a rule (put a blank line before the ---, for a rule; or write the heading as ## Heading)',
      // A `#` before a paragraph: said once; the long heading with a short title is meant.
      'markdown/setext.md:19:1: warning: a heading of 384 characters: the contents and the bookmarks give it whole (was a paragraph marked as a heading? Else give it a short title for the contents: # A long heading {short="Short"})',
    ]);
    expect(sexp).toContain('(h2 #a-short-heading-underlined "A short heading underlined")');
  });

  it('repeated and punctuation-only headings get unique ids valid in XML; a heading never takes a note’s id; quoted headings are kept but not in the contents', () => {
    const { book, lines, sexp } = model('markdown/headings.md');
    expect(lines).toEqual(['markdown/headings.md:29:1: warning: a heading without text is left out (write its text after the #)']);
    expect(sexp).toBe(`(h1 #chapter "Chapter")
(h2 #stalin-and-malenkov "Stalin and Malenkov")
(p #p-1 "Text.")
(h2 #stalin-and-malenkov-2 "Stalin and Malenkov")
(h2 #section-4 "…")
(h2 #section-5 "***")
(h2 #s-1953 "1953")
(h2 #s-note-1 "Note 1")
(p #p-2 "Text with a note." (noteref 1 #nref-1 -> note-1))
(quote
  (h2 #a-heading-in-a-quote "A heading in a quote")
  (p #p-3 "Quoted text."))
(note 1 #note-1 at 31:1
  (p #p-4 "The note."))`);
    const ids = [...walkBlocks(book!.blocks)].flatMap((b) => ('id' in b ? [b.id] : [])).concat(book!.notes.map((n) => n.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
    expect(buildToc(book!.blocks).flatMap((e) => [e.title, ...e.children.map((c) => c.title)])).not.toContain('A heading in a quote');
  });
});

describe('an empty body', () => {
  // Decision: an error, not an edition of a title page alone: it is a cut-off paste or a wrong file.
  for (const file of ['empty-body.md', 'comment-only-body.md', 'no-newline-after-front-matter.md']) {
    it(file, () => {
      expect(load(`markdown/${file}`).lines).toEqual([
        `markdown/${file}:6:1: error: the manuscript has no text after its front matter (write the text after the closing --- line)`,
      ]);
    });
  }
});

describe('links and footnotes', () => {
  it('only web, mail and #id links stay links; the rest become their text, with a warning at the [', () => {
    const { lines, sexp } = model('markdown/links.md');
    const why = 'is set as plain text: only http, https and mailto links and links to #ids work in both editions (write the full https:// address, or link to a heading by its #id)';
    expect(lines).toEqual([
      `markdown/links.md:8:1: warning: the link to 'javascript:alert(1)' ${why}`,
      `markdown/links.md:8:34: warning: the link to 'file:///etc/passwd' ${why}`,
      `markdown/links.md:8:64: warning: the link to 'two.md' ${why}`,
    ]);
    expect(sexp).toBe('(p #p-1 "See " (link "https://example.org/" "the web") ", " (link "mailto:a@example.org" "mail") ", " (link "#chapter" "a heading") ", a script, a file, another chapter and " (link "https://example.org/auto" "https://example.org/auto") ".")');
  });

  it('undefined and unused notes are reported; a note cited only from another note is kept, numbered right after it', () => {
    const { lines, sexp } = model('markdown/footnotes.md');
    expect(lines).toEqual([
      "markdown/footnotes.md:7:23: warning: the footnote '[^missing]' is never defined; it is kept as text (add a line '[^missing]: …' with the note's text)",
      'markdown/footnotes.md:8:13: warning: the footnote [^b] inside an inline note ^[…] cannot be linked; it is kept as text (make the inline note a [^label] note of its own)',
      'markdown/footnotes.md:15:1: warning: the footnote [^unused] is never referenced, so it is left out (refer to it in the text with [^unused], or delete it)',
    ]);
    expect(sexp).toBe(`(p #p-1 "A reference to nothing[^missing], one to a note that cites another" (noteref 1 #nref-1 -> note-1) ", and an inline note." (noteref 3 #nref-2 -> note-3))
(p #p-2 "An escaped [^a] is text.")
(note 1 #note-1 at 12:1
  (p #p-3 "The first note, which cites another" (noteref 2 #nref-3 -> note-2) "."))
(note 2 #note-2 at 14:1
  (p #p-4 "Cited only from note a."))
(note 3 #note-3 at 8:13
  (p #p-5 "Inline, citing [^b]."))`);
  });

  it('a note mark in an image’s description, which is plain text, is left out with a warning at the image, not in silence', () => {
    const { lines } = model('markdown/footnote-in-alt.md');
    const lost = (at: string, label: string) => `markdown/footnote-in-alt.md:${at}: warning: the footnote mark [^${label}] in an image's description is left out, and its note with it unless the text refers to it too: a description is plain text (put the mark in the text, after the image or in the paragraph that mentions the figure)`;
    // (The images themselves are missing: errors of their own, not these.)
    expect(lines.filter((l) => l.includes('warning'))).toEqual([lost('7:1', 'source'), lost('9:20', '2'), lost('11:1', '3')]);
  });

  it('a row with more cells than the header has columns: the cells left out are said, at the first of them, in a quote too', () => {
    const diags = new Diagnostics();
    const text = '| a | b |\n|---|---|\n| one | two | three four |\n| five |\n\n> | a | b |\n> |---|---|\n> | 1 | 2 | 3 | 4 |\n> | \\| | x |\n';
    const { blocks } = parseBody('x.md', text, 0, diags);
    expect(diags.list.map(formatDiagnostic)).toEqual([
      "x.md:3:15: warning: this row has 3 cells where the table's header has 2: the last, 'three four', is left out of both editions (add a column to the header row (and the line of dashes under it), or join the cells: a | inside a cell is written \\|)",
      "x.md:8:13: warning: this row has 4 cells where the table's header has 2: the last 2, '3 | 4', are left out of both editions (add a column to the header row (and the line of dashes under it), or join the cells: a | inside a cell is written \\|)",
    ]);
    // What is kept is what GFM keeps: the header's columns.
    expect(blocks[0].kind === 'table' && blocks[0].rows.map((r) => r.map((c) => plainText(c.children)))).toEqual([['a', 'b'], ['one', 'two'], ['five', '']]);
  });

  it('a table becomes rows of cells, each a paragraph with an id; ~~strikethrough~~ stays as written', () => {
    const { lines, sexp } = model('markdown/table.md');
    expect(lines).toEqual([]);
    expect(sexp).toBe('(table align=-,-\n  (th (#p-1 "Year") (#p-2 "Event"))\n  (tr (#p-3 "1953") (#p-4 "Stalin dies")))\n(p #p-5 "After the table, ~~struck~~ text.")');
  });
});

describe('numeric character references', () => {
  it('one that names no character is said at its place, not made a � in silence; one to a C1 control is the Windows-1252 character, as in browsers', () => {
    const diags = new Diagnostics();
    const { blocks } = parseBody('x.md', 'A &#xD800; and &#0;, &#147;quoted&#148; and &#146;s; &#xFFFD; as meant, `&#1;` in code.\n\nThen &#x110000;.\n', 0, diags);
    expect(blocks.map((b) => plainText(b.kind === 'paragraph' ? b.children : []))).toEqual([
      'A \uFFFD and \uFFFD, “quoted” and ’s; \uFFFD as meant, &#1; in code.',
      'Then \uFFFD.',
    ]);
    const none = 'names no character (a surrogate, a noncharacter, a control or past U+10FFFF): set as the replacement character � (write the character that was meant, or its right number)';
    const c1 = (ref: string, ch: string) => `warning: the character reference '${ref}' names a control character: set as '${ch}', the Windows-1252 character it stands for, as browsers read it (the text was converted from an old web page; write the character itself)`;
    expect(diags.list.map(formatDiagnostic)).toEqual([
      `x.md:1:3: warning: the character reference '&#xD800;' ${none}`,
      `x.md:1:16: warning: the character reference '&#0;' ${none}`,
      `x.md:1:22: ${c1('&#147;', '“')}`,
      `x.md:1:34: ${c1('&#148;', '”')}`,
      `x.md:1:45: ${c1('&#146;', '’')}`,
      `x.md:3:6: warning: the character reference '&#x110000;' ${none}`,
    ]);
  });
});

describe('a paragraph of several megabytes', () => {
  it('parses whole: every character of its text arrives, with positions and capped warnings', () => {
    const sentence = 'The cumulative effect of the *changes* was to concentrate power in [Malenkov’s](https://example.org/m) hands, “as Stalin’s anointed successor”. ';
    const n = Math.ceil(4e6 / sentence.length);
    const body = `${sentence.repeat(n)}Then <b>raw</b> HTML at the very end.`;
    const diags = new Diagnostics();
    const { blocks } = parseBody('big.md', body, 5, diags);
    expect(blocks).toHaveLength(1);
    const p = blocks[0];
    const text = p.kind === 'paragraph' ? plainText(p.children) : '';
    const plainSentence = 'The cumulative effect of the changes was to concentrate power in Malenkov’s hands, “as Stalin’s anointed successor”. ';
    expect(text.length).toBe(plainSentence.length * n + 'Then <b>raw</b> HTML at the very end.'.length);
    expect(text.endsWith(`${plainSentence}Then <b>raw</b> HTML at the very end.`)).toBe(true);
    // One line 6 of 4 MB: the HTML stands at its true column.
    expect(diags.list.map(formatDiagnostic)).toEqual([
      `big.md:6:${sentence.length * n + 6}: warning: raw HTML '<b>'${HTML_HINT}`,
      `big.md:6:${sentence.length * n + 12}: warning: raw HTML '</b>'${HTML_HINT}`,
    ]);
  });
});
