import { hasLineBreaks, type Inline } from '../model/index.js';
import { hrefTo, type RenderContext } from './context.js';
import type { BlockBreaks, PageBreak } from './pagebreaks.js';
import { attrs, escapeText, langAttrs } from './xml.js';

/**
 * The page-break marker: explicit open and close tags, never a self-closed span. `visible`
 * (`--page-numbers visible`) puts the folio inside it as text, set in the margin by the stylesheet:
 * real text, since generated content (`::before`) is what several reading systems ignore.
 */
export function pageBreakSpan(pb: PageBreak, visible = false): string {
  return `<span${attrs({ 'epub:type': 'pagebreak', role: 'doc-pagebreak', id: pb.id, 'aria-label': pb.label, class: visible ? 'folio' : undefined })}>${visible ? escapeText(pb.label) : ''}</span>`;
}

const EXTERNAL = /^(https?:|mailto:)/i;

/**
 * Serializes inlines as XHTML. `marks` are page-break markers strictly inside the run's plain text
 * (see `plainText`): each is written just before the character at its offset, splitting a text node
 * where needed. Markers at the very start or end of a block are the block's business.
 */
export function renderInlines(nodes: readonly Inline[], ctx: RenderContext, marks: readonly BlockBreaks[] = [], verse = false): string {
  let pos = 0;
  let next = 0;
  /** Markers due at the current position. */
  const due = (): string => {
    let out = '';
    while (next < marks.length && marks[next].offset <= pos) out += marks[next++].breaks.map((pb) => pageBreakSpan(pb, ctx.visiblePages)).join('');
    return out;
  };
  /** Text with the markers that fall inside it. */
  const text = (s: string): string => {
    let out = '';
    let from = 0;
    while (next < marks.length && marks[next].offset < pos + s.length) {
      const cut = marks[next].offset - pos;
      out += escapeText(s.slice(from, cut));
      from = cut;
      out += marks[next++].breaks.map((pb) => pageBreakSpan(pb, ctx.visiblePages)).join('');
    }
    out += escapeText(s.slice(from));
    pos += s.length;
    return out;
  };
  const walk = (list: readonly Inline[]): string => {
    let out = '';
    for (const n of list) {
      out += due();
      switch (n.kind) {
        case 'text':
          out += text(n.text);
          break;
        case 'code':
          out += `<code>${text(n.text)}</code>`;
          break;
        case 'break':
          // Between the lines of verse (see verseLines), the next line's span opens.
          out += lines && list === nodes ? '</span><br/><span class="l">' : '<br/>';
          pos += 1;
          break;
        case 'emph':
          out += `<em>${walk(n.children)}</em>`;
          break;
        case 'strong':
          out += `<strong>${walk(n.children)}</strong>`;
          break;
        case 'smallcaps':
          out += `<span class="smallcaps">${walk(n.children)}</span>`;
          break;
        case 'sup':
        case 'sub':
          out += `<${n.kind}>${walk(n.children)}</${n.kind}>`;
          break;
        case 'link': {
          const href = n.href.startsWith('#') ? hrefTo(ctx, n.href.slice(1)) : EXTERNAL.test(n.href) ? n.href : undefined;
          // A link to nothing in the book (or to a scheme a reader must not follow) keeps its words only.
          out += href === undefined ? walk(n.children) : `<a${attrs({ href })}>${walk(n.children)}</a>`;
          break;
        }
        case 'noteRef':
          out += `<a${attrs({ 'epub:type': 'noteref', role: 'doc-noteref', id: n.id, href: hrefTo(ctx, n.noteId) ?? `#${n.noteId}`, class: 'noteref' })}>${n.number}</a>`;
          break;
        case 'mention':
        case 'anchor':
          out += `<span${attrs({ id: n.id })}>${walk(n.children)}</span>`;
          break;
        case 'foreign':
          out += `<span${attrs({ ...langAttrs(n.lang), dir: n.dir })}>${walk(n.children)}</span>`;
          break;
        case 'image':
          {
            // An SVG with only a viewBox has no size of its own: a reading system would stretch it across the page.
            const svg = n.asset?.mediaType === 'image/svg+xml';
            out += `<img${attrs({ src: ctx.image(n.src, n.asset, n.span), alt: n.alt, width: svg ? String(Math.round(n.asset!.width)) : undefined, height: svg ? String(Math.round(n.asset!.height)) : undefined, class: n.asset?.lineArt ? 'line-art' : undefined })}/>`;
          }
          break;
        default: {
          const never: never = n;
          throw new Error(`unknown inline ${JSON.stringify(never)}`);
        }
      }
    }
    return out;
  };
  const lines = verse && verseLines(nodes);
  return lines ? `<span class="l">${walk(nodes)}${due()}</span>` : walk(nodes) + due();
}

/**
 * Whether a stanza's run is lines broken by hand at its top level only (a stanza: no break inside emphasis or a
 * link), each line then a span of its own, which epub-lines.css sets with its turnover indented, as
 * Standard Ebooks marks verse up; the <br/> between them stays for a reader without the stylesheet.
 */
function verseLines(nodes: readonly Inline[]): boolean {
  return nodes.some((n) => n.kind === 'break') && !nodes.some((n) => 'children' in n && hasLineBreaks(n.children));
}
