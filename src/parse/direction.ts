import { plainText, type Block, type Inline, type Note } from '../model/index.js';

/** Letters of the scripts written from right to left. */
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Mende_Kikakui}\p{Script=Old_South_Arabian}\p{Script=Old_North_Arabian}\p{Script=Imperial_Aramaic}\p{Script=Phoenician}\p{Script=Yezidi}]/u;
const LETTER = /\p{L}/u;
/** Language tags whose text runs right to left: by language, or by an explicit script subtag. */
const RTL_LANGUAGE = /^(?:ar|arc|ckb|dv|fa|he|iw|ps|sd|syr|ug|ur|yi)(?:-|$)|-(?:Arab|Hebr|Syrc|Thaa|Nkoo|Adlm|Rohg|Samr|Mand)(?:-|$)/i;

/** The direction of a text from its first letter (as the Unicode bidi algorithm's rule P2 does), if it has one. */
export function textDirection(text: string): 'rtl' | 'ltr' | undefined {
  const m = LETTER.exec(text);
  return m ? (RTL_LETTER.test(m[0]) ? 'rtl' : 'ltr') : undefined;
}

/** The direction text in a language runs in. */
export function languageDirection(lang: string): 'rtl' | 'ltr' {
  return RTL_LANGUAGE.test(lang) ? 'rtl' : 'ltr';
}

/**
 * Gives every foreign run without a `dir` the one its text needs: 'rtl' for Hebrew, Arabic and the
 * other right-to-left scripts, and 'ltr' for left-to-right text in a right-to-left book. A run with
 * no letters takes its language's direction. An explicit `dir=` is kept.
 */
export function setDirections(blocks: Block[], notes: Note[], bookLanguage: string): void {
  const base = languageDirection(bookLanguage);
  const inlines = (list: Inline[]) => {
    for (const n of list) {
      if (n.kind === 'foreign' && !n.dir) {
        const dir = textDirection(plainText(n.children)) ?? languageDirection(n.lang);
        if (dir !== base || dir === 'rtl') n.dir = dir;
      }
      if ('children' in n) inlines(n.children);
    }
  };
  const walk = (list: Block[]) => {
    for (const b of list) {
      if (b.kind === 'heading' || b.kind === 'paragraph') inlines(b.children);
      else if (b.kind === 'figure') inlines(b.caption);
      else if (b.kind === 'blockquote') walk(b.children);
      else if (b.kind === 'list') b.items.forEach(walk);
      else if (b.kind === 'table') b.rows.forEach(walk);
    }
  };
  walk(blocks);
  for (const n of notes) walk(n.children);
}
