/**
 * The direction text runs in: one answer for both editions (the PDF's line order and alignment, the
 * EPUB's `dir` and page progression). Intl's `textInfo` is not used: Node's ICU data says Dhivehi
 * (`dv`, Thaana) runs left to right and has no answer in older versions.
 */

/** Letters of the scripts written from right to left. */
const RTL_LETTER = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Mende_Kikakui}\p{Script=Old_South_Arabian}\p{Script=Old_North_Arabian}\p{Script=Imperial_Aramaic}\p{Script=Phoenician}\p{Script=Yezidi}]/u;
const LETTER = /\p{L}/u;

/** Script subtags (ISO 15924) of the scripts written from right to left. */
const RTL_SCRIPT = /^(?:Arab|Aran|Hebr|Syrc|Syre|Syrj|Syrn|Thaa|Nkoo|Adlm|Rohg|Samr|Mand|Mend|Sarb|Narb|Armi|Phnx|Yezi)$/i;
/**
 * Languages whose usual script (CLDR's likely subtags) runs right to left: Arabic, Hebrew, Thaana
 * (Dhivehi), Syriac, N'Ko, Hanifi (Rohingya) and the languages written in Perso-Arabic by default,
 * Kashmiri and Sindhi among them (their Devanagari spelling says so with a script subtag: `ks-Deva`).
 */
const RTL_LANGUAGE = new Set(['ar', 'arc', 'bal', 'bqi', 'ckb', 'dv', 'fa', 'glk', 'he', 'iw', 'ji', 'khw', 'ks', 'lrc', 'mzn', 'nqo', 'pnb', 'prs', 'ps', 'rhg', 'sd', 'sdh', 'skr', 'syr', 'ug', 'ur', 'yi']);

/** The direction of a text from its first letter (as the Unicode bidi algorithm's rule P2 does), if it has one. */
export function textDirection(text: string): 'rtl' | 'ltr' | undefined {
  const m = LETTER.exec(text);
  return m ? (RTL_LETTER.test(m[0]) ? 'rtl' : 'ltr') : undefined;
}

/**
 * The direction text in a language (BCP 47) runs in: by its script subtag when it has one
 * (`ks-Deva` left to right, `az-Arab` right to left), else by the language's usual script.
 */
export function languageDirection(lang: string): 'rtl' | 'ltr' {
  const [language = '', ...rest] = lang.split(/[-_]/);
  const script = rest.find((s) => /^[A-Za-z]{4}$/.test(s));
  if (script) return RTL_SCRIPT.test(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGE.has(language.toLowerCase()) ? 'rtl' : 'ltr';
}
