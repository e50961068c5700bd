/**
 * The kepub's additions to a content document, as Kobo's own converter makes them (kepubify mirrors
 * it): every sentence of the text wrapped in `<span class="koboSpan" id="kobo.P.S">`, P counting the
 * paragraphs of the document from 1 and S the sentences of a paragraph from 1, and the body's content
 * wrapped in `div#book-columns > div#book-inner`. Kobo's renderer finds highlights, reading statistics
 * and footnote pop-ups by these spans; without them it treats the book as a plain EPUB.
 *
 * The input is samizdat's own XHTML (src/epub): tags and escaped text, no comments, no CDATA, `>`
 * escaped in attribute values; so a tag is `<…>` and everything between tags is text.
 */

/** Elements that open a paragraph in Kobo's counting (lists, tables and definition lists count once). */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ol', 'ul', 'dl', 'table', 'pre', 'figcaption']);

/**
 * A sentence ends after . ! ? or … (and any closing quotes or brackets, French ones after their
 * no-break space: « Non ! ») and the spaces after them.
 */
// Tried only where a run of stops begins (the lookbehind): a long run of dots is read once, not once per dot.
const SENTENCE_END = /(?<![.!?…])[.!?…]+(?:[\u00a0\u202f]?[”’"'»›)\]])*\s+/g;

export function koboBody(body: string): string {
  let paragraph = 0;
  let sentence = 0;
  /** Depth inside a visible page number (`span.folio`): its folio is not a sentence of the text. */
  let folioDepth = 0;
  const stack: boolean[] = [];
  const span = (content: string) => `<span class="koboSpan" id="kobo.${paragraph}.${++sentence}">${content}</span>`;
  // `body` is samizdat's own XHTML: a `<` in it always opens a tag that closes (text has `&lt;`).
  const out = body.replace(/<[^>]*>|[^<]+/g, (token) => {
    if (token.startsWith('</')) {
      if (stack.pop()) folioDepth--;
      return token;
    }
    if (token.startsWith('<')) {
      const name = /^<([A-Za-z0-9:-]+)/.exec(token)?.[1].toLowerCase() ?? '';
      const selfClosed = token.endsWith('/>');
      if (PARAGRAPH.has(name)) {
        paragraph++;
        sentence = 0;
      }
      if (name === 'img') {
        // An image is a paragraph of its own with one 'sentence', the image.
        paragraph++;
        sentence = 0;
        return span(token);
      }
      if (!selfClosed) {
        const folio = name === 'span' && /\bclass="folio"/.test(token);
        if (folio) folioDepth++;
        stack.push(folio);
      }
      return token;
    }
    if (folioDepth > 0 || token.trim() === '') return token;
    if (paragraph === 0) paragraph = 1;
    let from = 0;
    let wrapped = '';
    for (const m of token.matchAll(SENTENCE_END)) {
      const to = m.index + m[0].length;
      if (to < token.length) {
        wrapped += span(token.slice(from, to));
        from = to;
      }
    }
    return wrapped + span(token.slice(from));
  });
  return `<div id="book-columns">\n<div id="book-inner">\n${out}\n</div>\n</div>`;
}
