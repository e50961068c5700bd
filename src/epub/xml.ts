/** Escapes character data for XML: `&`, `<` and `>` (the last so that `]]>` can never appear). */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value written between double quotes. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** ` name="value"` for each defined attribute, in the order given; undefined and false are left out. */
export function attrs(list: Record<string, string | number | undefined | false>): string {
  let out = '';
  for (const [name, value] of Object.entries(list)) {
    if (value === undefined || value === false) continue;
    out += ` ${name}="${escapeAttr(String(value))}"`;
  }
  return out;
}

/** `lang` and `xml:lang` together, as XHTML wants them to match. */
export function langAttrs(lang: string): Record<string, string> {
  return { lang, 'xml:lang': lang };
}
