import type { ImageAsset } from './asset.js';
import type { Span } from './span.js';

/**
 * Inline content. A tagged union on `kind`; renderers switch over it exhaustively.
 * The plain text of a run of inlines (see `plainText`) is what the PDF page map and the
 * EPUB page-break markers count offsets in, so every kind says what it contributes to it.
 */
export type Inline =
  /**
   * Contributes `text`. Never empty. `noIndex` is set inside a `[…]{.noindex}` marker (it holds the
   * marker's position): the names matcher finds no mention in such text. Renderers ignore it.
   */
  | { kind: 'text'; text: string; noIndex?: Span }
  /** Contributes its children. */
  | { kind: 'emph'; children: Inline[] }
  | { kind: 'strong'; children: Inline[] }
  /** Small capitals: `[text]{.smallcaps}`, pandoc's span class. */
  | { kind: 'smallcaps'; children: Inline[] }
  /** Superior and inferior letters and figures: `1^st^`, `H~2~O` (pandoc's). Contribute their children. */
  | { kind: 'sup'; children: Inline[] }
  | { kind: 'sub'; children: Inline[] }
  /** Contributes `text`; set in the monospace face. */
  | { kind: 'code'; text: string }
  /**
   * `href` is an external URL (http, https, mailto) or `#id` of something in the book. Contributes its
   * children. `span`, set for `#id` links, is where the link is written.
   */
  | { kind: 'link'; href: string; children: Inline[]; span?: Span }
  /** A hard line break. Contributes '\n'. */
  | { kind: 'break' }
  /** A reference to a footnote. Contributes nothing to the plain text (its number is a mark, not words). */
  | { kind: 'noteRef'; noteId: string; /** The printed number, from 1, in order of first reference. */ number: number; /** Anchor id of this reference, unique in the book. */ id: string }
  /**
   * A mention of a person in the names registry. `id` is a unique anchor; contributes its children.
   * `span` is where an editor's `[…]{name=id}` marker stands; absent when the matcher found the name.
   * The parser leaves `id` empty; the names transform fills it and checks `personId`.
   */
  /** `sub`: the index sub-entry the editor filed this mention under ('death of'), from `{name=… sub=…}`. */
  | { kind: 'mention'; personId: string; id: string; children: Inline[]; span?: Span; sub?: string }
  /**
   * A place a link may lead to, pandoc's `[text]{#id}` (an empty one too, `[]{#page_12}`): a scholar's
   * section number that notes refer to ('cp. I. 93'). `id` is what the ids transform gave it, unique in
   * the book. Contributes its children.
   */
  | { kind: 'anchor'; id: string; children: Inline[] }
  /** Text in another language or direction: from a `[text]{lang=ru dir=rtl}` marker, or set by the script transform. */
  | { kind: 'foreign'; lang: string; dir?: 'rtl' | 'ltr'; children: Inline[] }
  /**
   * An inline image; `src` is the path as written, `asset` the checked file, set by the loader for
   * every image of a book that loaded. Contributes nothing.
   */
  | { kind: 'image'; src: string; alt: string; span: Span; asset?: ImageAsset };

export type InlineKind = Inline['kind'];

/** The characters an inline run contributes to plain text, in document order. */
export function plainText(inlines: readonly Inline[]): string {
  let out = '';
  for (const node of inlines) {
    switch (node.kind) {
      case 'text':
      case 'code':
        out += node.text;
        break;
      case 'break':
        out += '\n';
        break;
      case 'noteRef':
      case 'image':
        break;
      default:
        out += plainText(node.children);
    }
  }
  return out;
}

/** Whether a run shows nothing, at any depth: no text, no image, no note's mark (an empty table cell). */
export function isBlank(inlines: readonly Inline[]): boolean {
  const shows = (n: Inline): boolean => n.kind === 'image' || n.kind === 'noteRef' || ('children' in n && n.children.some(shows));
  return plainText(inlines).trim() === '' && !inlines.some(shows);
}

/** Whether a run cites a note, at any depth: a title with the editor's note on it. */
export function citesNote(inlines: readonly Inline[]): boolean {
  return inlines.some((n) => n.kind === 'noteRef' || ('children' in n && citesNote(n.children)));
}

/** Whether a run holds a hard line break, at any depth: a paragraph broken into lines by hand (a stanza, an address). */
export function hasLineBreaks(inlines: readonly Inline[]): boolean {
  return inlines.some((n) => n.kind === 'break' || ('children' in n && hasLineBreaks(n.children)));
}
