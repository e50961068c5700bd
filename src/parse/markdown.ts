import markdownIt, { type MarkdownIt } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { bracketedSpans } from './spans.js';

/**
 * The one markdown-it instance. `html: true` only so that raw HTML arrives as its own tokens,
 * which the converter turns into literal text with a warning: it is never emitted as markup.
 */
export function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: true, xhtmlOut: true, linkify: false, typographer: false });
  md.use(footnote);
  md.use(bracketedSpans);
  return md;
}
