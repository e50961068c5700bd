import { readFileSync } from 'node:fs';
import type { Diagnostics } from '../diagnostics.js';
import { LineIndex } from '../lines.js';

/** Characters XML 1.0 forbids (lone surrogates are found separately). */
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Reads a manuscript as text the way an editor would expect: UTF-8 only, a byte-order mark dropped,
 * CRLF and CR turned into LF, and characters that XML cannot carry removed with a warning.
 * Returns undefined (with an error in `diags`) when the file cannot be read or is not UTF-8.
 */
export function readManuscript(file: string, diags: Diagnostics): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code ?? String(e);
    diags.error(file, 1, 1, 'read', `cannot read the manuscript: ${why}`, 'check the path');
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const pos = new LineIndex(before).position(before.length);
    diags.error(file, pos.line, pos.column, 'encoding', `the file is not valid UTF-8 (byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at})`,
      'save it as UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8');
    return undefined;
  }
  text = text.replace(/\r\n?/g, '\n');
  return removeForbidden(file, text, diags);
}

function removeForbidden(file: string, text: string, diags: Diagnostics): string {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  const bad = new RegExp(`${XML_FORBIDDEN.source}|${lone.source}`, 'g');
  if (!bad.test(text)) return text;
  const index = new LineIndex(text);
  let reported = 0;
  const out = text.replace(bad, (ch, offset: number) => {
    if (reported++ < 20) {
      const { line, column } = index.position(offset);
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      diags.warn(file, line, column, 'forbidden-character', `removed the control character ${code}, which XML cannot carry`);
    }
    return '';
  });
  if (reported > 20) diags.warn(file, 1, 1, 'forbidden-character', `removed ${reported - 20} more such characters`);
  return out;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
