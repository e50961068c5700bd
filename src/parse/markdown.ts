import markdownIt, { type MarkdownIt, type StateBlock, type Token } from 'markdown-it';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';
import { footnoteTail } from './footnote-tail.js';
import { bracketedSpans } from './spans.js';

/** What a parse leaves in markdown-it's `env` besides the footnotes: see `createMarkdown`. */
export interface ParseEnv {
  /** Offset (from 0) in the body of the first text markdown-it dropped because it lay deeper than `maxNesting`. */
  dropped?: number;
}

/** Where an inline token starts: an offset (from 0) in `src`, the source string its parser read. */
export interface TokenOffset {
  src: string;
  offset: number;
}

/**
 * Where an inline token starts, recorded as markdown-it creates it (it keeps no position itself).
 * Kept on the token (a WeakMap costs a third of the parse time on a long paragraph, in GC).
 */
export function tokenOffset(token: Token): TokenOffset | undefined {
  return (token as Token & { samizdatOffset?: TokenOffset }).samizdatOffset;
}

/**
 * The one markdown-it instance. `html: true` only so that raw HTML arrives as its own tokens,
 * which the converter turns into literal text with a warning: it is never emitted as markup.
 * Three changes to markdown-it's own behaviour, all so that nothing is lost without a word:
 * - every inline token's offset is recorded (`tokenOffset`), for positions in diagnostics;
 * - text deeper than `maxNesting`, which markdown-it drops, is recorded in `env.dropped`;
 * - every link and image destination is let through (markdown-it turns `file:`, `javascript:` and
 *   most `data:` ones into plain text silently): the converter refuses them with a diagnostic.
 * NUL is no longer replaced with U+FFFD: the converter strips it like every other character XML forbids.
 */
export function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: true, xhtmlOut: true, linkify: false, typographer: false });
  md.use(footnote);
  // The plugin's own tail step is quadratic in the number of notes.
  md.core.ruler.at('footnote_tail', footnoteTail);
  md.use(bracketedSpans);
  // Pandoc's fenced divs (`::: {.epigraph}` … `:::`), which its conversions of HTML and EPUB write:
  // read as the blocks inside them (parse.ts warns that the div's attributes do nothing). A fence
  // with nothing after it only closes one, as in pandoc.
  md.use(container, 'div', { validate: (params) => params.trim() !== '' });

  const Base = md.inline.State;
  md.inline.State = class extends Base {
    override push(type: string, tag: string, nesting: -1 | 0 | 1): Token {
      const token = super.push(type, tag, nesting);
      // Rules push their token while `pos` is still at the construct's start (html_inline, image,
      // footnote_ref) or just inside it (link_open, after the `[`).
      (token as Token & { samizdatOffset?: TokenOffset }).samizdatOffset = { src: this.src, offset: this.pos };
      return token;
    }
  };

  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state: StateBlock, startLine: number, endLine: number) => {
    // The same test markdown-it makes before it skips the rest of a container.
    if (state.level >= md.options.maxNesting) {
      const line = state.skipEmptyLines(startLine);
      const env = state.env as ParseEnv;
      const offset = state.bMarks[line] + state.tShift[line];
      if (line < endLine && state.sCount[line] >= state.blkIndent && (env.dropped === undefined || offset < env.dropped)) env.dropped = offset;
    }
    tokenize(state, startLine, endLine);
  };

  md.core.ruler.at('normalize', (state) => {
    state.src = state.src.replace(/\r\n?/g, '\n');
  });
  md.validateLink = () => true;
  // `~~struck~~` has no place in the model: it stays as written, tildes and all.
  md.disable('strikethrough');
  return md;
}
