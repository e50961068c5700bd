import { attribution, continuesSentence, hangingTerms, cellSpans, isLines, plainText, type Block, type Inline } from '../model/index.js';
import type { RenderContext } from './context.js';
import { pageBreakSpan, renderInlines } from './inline.js';
import { attrs, escapeText } from './xml.js';

/** Serializes blocks as XHTML, one element per line, with the page-break markers that fall in them. */
export function renderBlocks(blocks: readonly Block[], ctx: RenderContext): string {
  return blocks.map((b, i) => renderBlock(b, ctx, blocks[i - 1])).join('\n');
}

function renderBlock(b: Block, ctx: RenderContext, prev?: Block): string {
  switch (b.kind) {
    case 'heading': {
      const h = `h${Math.min(6, ctx.headingLevel(b.level))}`;
      return textBlock(h, b.id, b.children, plainText(b.children), ctx);
    }
    case 'paragraph': {
      // Lines broken by hand (a stanza): flush left, and set apart from a stanza before it, as the PDF sets them (epub-lines.css).
      // A class, not `p.lines + p.lines`: a page-break marker between the two would part them.
      // A class too for a paragraph that goes on after a quote (flush left; a new one after a quote is indented, as in the PDF).
      // And one for a signature under a preface, flush right as in the PDF.
      const lines = b.signature ? 'signature' : isLines(b) ? (isLines(prev) ? 'lines stanza' : 'lines') : continuesSentence(b, prev) ? 'continues' : undefined;
      return textBlock('p', b.id, b.children, plainText(b.children), ctx, b.number, lines);
    }
    case 'code': {
      const { before, inner, after } = splitMarks(b.id, b.text.length, ctx);
      return `${before}<pre${attrs({ id: b.id || undefined })}><code>${renderInlines([{ kind: 'text', text: b.text }], ctx, inner)}</code></pre>${after}`;
    }
    case 'blockquote': {
      // Its attribution flush right, as in the PDF (epub.css; an epigraph's, epub-epigraph.css).
      const cited = attribution(b);
      const body = `${renderBlocks(cited ? b.children.slice(0, -1) : b.children, ctx)}${cited?.kind === 'paragraph' ? `\n${textBlock('p', cited.id, cited.children, plainText(cited.children), ctx, undefined, 'attribution')}` : ''}`;
      if (!b.epigraph) return `<blockquote>\n${body}\n</blockquote>`;
      // Its ARIA role with its epub:type: Ace warns of one without the other (and `samizdat check` fails).
      return `<blockquote${attrs({ class: 'epigraph', 'epub:type': 'epigraph', role: 'doc-epigraph' })}>\n${body}\n</blockquote>`;
    }
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? b.start : undefined;
      const items = b.items.map((item, i) => `<li${attrs({ value: b.numbers?.[i] })}>${renderBlocks(item, ctx)}</li>`).join('\n');
      const widest = b.ordered ? Math.max(...(b.numbers ?? [b.start, b.start + b.items.length - 1]).map((n) => String(n).length)) : 0;
      return `<${tag}${attrs({ start, class: widest >= 3 ? `digits-${Math.min(widest, 5)}` : undefined })}>\n${items}\n</${tag}>`;
    }
    case 'definitions': {
      // A page that begins at a term gets its marker inside the dt: a dl holds only dt and dd.
      const items = b.items.map(({ term, definitions }) => {
        const { before, inner, after } = splitMarks(term.id, plainText(term.children).length, ctx);
        const dt = `<dt${attrs({ id: term.id || undefined })}>${before}${renderInlines(term.children, ctx, inner)}${after}</dt>`;
        return [dt, ...definitions.map((d) => `<dd>\n${renderBlocks(d, ctx)}\n</dd>`)].join('\n');
      });
      // Short terms hang beside their definitions, as in the PDF: the column's indent in ems, from the
      // longest term's characters (a bold letter is about half an em; capitals more) and an em clear.
      const hanging = hangingTerms(b);
      const cls = hanging === undefined ? undefined : `hanging hang-${Math.min(8, Math.max(3, Math.ceil(hanging * 0.55 + 1)))}`;
      return `<dl${attrs({ class: cls })}>\n${items.join('\n')}\n</dl>`;
    }
    case 'rule':
      // Drawn by its own border (see epub.css): readers that ignore generated content still show it.
      return '<hr class="section-break"/>';
    case 'figure': {
      // A caption that only repeats the alt text (no title given) is hidden from screen readers, which read the alt: once.
      const repeats = plainText(b.caption).trim() === (b.label ? `${b.label} ${b.alt.trim()}` : b.alt).trim();
      // A numbered figure's label is read even then: 'Figure 3.', then the alt.
      const caption = !b.caption.length ? ''
        : repeats && b.label ? `<figcaption>${escapeText(b.label)} <span aria-hidden="true">${renderInlines(b.caption.slice(1), ctx)}</span></figcaption>`
          : `<figcaption${attrs({ 'aria-hidden': repeats ? 'true' : undefined })}>${renderInlines(b.caption, ctx)}</figcaption>`;
      // The width the editor asked for ({width=60%}, {width=8cm}); the stylesheet's max-width keeps a length on the screen.
      // An SVG with a viewBox alone is given its own size, as the PDF sets it: a reader knew none and drew it
      // across the screen (the Tractatus's cube, 100 units square, 600 pixels wide and its letters eight times the text's).
      const width = b.width ? ('share' in b.width ? `width: ${+(b.width.share * 100).toFixed(2)}%` : `width: ${+b.width.points.toFixed(2)}pt`)
        : b.asset?.viewBoxOnly ? `width: ${+b.asset.width.toFixed(2)}px` : undefined;
      return `<figure${attrs({ id: b.id || undefined })}><img${attrs({ src: ctx.image(b.src, b.asset, b.span), alt: b.alt, style: width, class: b.asset?.lineArt ? 'line-art' : undefined })}/>${caption}</figure>`;
    }
    case 'table': {
      // A page that begins in a cell gets its marker inside the cell: nothing else may stand in a row.
      const cell = (tag: string, c: (typeof b.rows)[number][number], col: number, span = 1) => {
        const { before, inner, after } = splitMarks(c.id, plainText(c.children).length, ctx);
        const align = b.align[col] ? `align-${b.align[col]}` : undefined;
        const scope = tag === 'th' ? (span > 1 ? 'colgroup' : 'col') : undefined;
        return `<${tag}${attrs({ id: c.id || undefined, class: align, colspan: span > 1 ? String(span) : undefined, scope })}>${before}${renderInlines(c.children, ctx, inner)}${after}</${tag}>`;
      };
      const caption = b.caption ? `${cell('caption', b.caption, -1)}\n` : '';
      // A header cell without words (the corner over a column of years) is a td: a th must name its column (Ace's empty-table-header).
      // A head over a group of columns spans them (the empty cells it covers are left out), as the PDF sets it across them.
      const spans = cellSpans(b);
      const row = (r: (typeof b.rows)[number], tag: string, k: number) => {
        let covered = 0;
        return `<tr>${r.map((c, col) => {
          if (covered > col) return '';
          covered = col + spans[k][col];
          return cell(tag === 'th' && plainText(c.children).trim() === '' ? 'td' : tag, c, col, spans[k][col]);
        }).join('')}</tr>`;
      };
      const head = b.head ? `<thead>\n${b.rows.slice(0, b.head).map((r, k) => row(r, 'th', k)).join('\n')}\n</thead>\n` : '';
      const body = b.rows.length > b.head ? `<tbody>\n${b.rows.slice(b.head).map((r, k) => row(r, 'td', b.head + k)).join('\n')}\n</tbody>\n` : '';
      const table = `<table${attrs({ id: b.id || undefined })}>\n${caption}${head}${body}</table>`;
      return isWide(b) ? `<div class="wide-table">\n${table}\n</div>` : table;
    }
    default: {
      const never: never = b;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A heading or paragraph. A page that begins with the block gets its marker before the element,
 * and one that begins after its last word (a hyphenated word closing the block) after it, so that
 * no marker sits inside a heading's accessible name without need.
 */
function textBlock(tag: string, id: string, children: readonly Inline[], text: string, ctx: RenderContext, number?: number, cls?: string): string {
  const { before, inner, after } = splitMarks(id, text.length, ctx);
  // A paragraph's number (--number-paragraphs), visible and linkable: 'para_12' ('_' is in no heading's slug).
  const n = number === undefined ? '' : `<span${attrs({ class: 'para-number', id: `para_${number}` })}>${number}</span> `;
  return `${before}<${tag}${attrs({ id: id || undefined, class: cls })}>${n}${renderInlines(children, ctx, inner, cls?.startsWith('lines'))}</${tag}>${after}`;
}

function splitMarks(id: string, length: number, ctx: RenderContext) {
  const marks = (id && ctx.pages.byBlock.get(id)) || [];
  const spans = (list: typeof marks) => list.flatMap((m) => m.breaks.map((pb) => pageBreakSpan(pb, ctx.visiblePages))).join('');
  return {
    before: spans(marks.filter((m) => m.offset === 0)),
    inner: marks.filter((m) => m.offset > 0 && m.offset < length),
    after: spans(marks.filter((m) => m.offset > 0 && m.offset >= length)),
  };
}

/**
 * Whether a table's words cannot stand side by side on a phone (some 60 characters across at the
 * table's size): each column as wide as its longest word, two characters between columns.
 */
function isWide(b: Extract<Block, { kind: 'table' }>): boolean {
  const longest: number[] = [];
  for (const r of b.rows) {
    r.forEach((c, col) => {
      for (const w of plainText(c.children).split(/\s+/)) longest[col] = Math.max(longest[col] ?? 0, [...w].length);
    });
  }
  return longest.reduce((sum, n) => sum + n + 2, 0) > WIDE_TABLE_CHARACTERS;
}

const WIDE_TABLE_CHARACTERS = 60;
