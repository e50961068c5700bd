import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { LineIndex } from '../lines.js';
import type { SourceFile } from '../model/index.js';

/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab and newline, U+FFFE, U+FFFF and lone
 * surrogates. The one list every stage uses to strip them (see `stripForbidden`).
 */
export const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The controls and non-characters of XML_FORBIDDEN, without its look-arounds: a text's whole length is tested in a third of the time. */
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Whether `text` holds a character XML_FORBIDDEN names: a control, a non-character or a lone surrogate. */
export function hasForbidden(text: string): boolean {
  return FORBIDDEN_CONTROL.test(text) || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * `text` without terminal escape sequences (ESC [ … letter), the characters XML forbids and C1
 * controls: for values of the sidecar files (front matter, names registry, markers), which YAML's
 * escapes ("\x1b[31m") can fill with them after the reader has checked the file. `removed` is how
 * many characters went.
 */
export function stripControls(text: string): { text: string; removed: number } {
  // eslint-disable-next-line no-control-regex
  const clean = stripForbidden(text.replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')).replace(/[\u0080-\u009F]/g, '');
  return { text: clean, removed: text.length - clean.length };
}

/** `text` without the characters XML 1.0 forbids; a vertical tab or form feed (a scanned page break) becomes a space. */
export function stripForbidden(text: string): string {
  return hasForbidden(text) ? text.replace(XML_FORBIDDEN, (c) => (c === '\u000B' || c === '\u000C' ? ' ' : '')) : text;
}

/**
 * The bytes of an input file, read once: the caller checks and uses these same bytes, so a file
 * changed or swapped after its check cannot slip in. Opened without blocking and checked to be a
 * regular file from the open descriptor (a FIFO would hang the build; a device never ends):
 * anything else throws with code 'ENOTREG' (or 'EISDIR'). With `noFollow`, a link at the last
 * component is refused (ELOOP): for a path whose links were already resolved and checked.
 */
export function readInputFile(path: string, options: { noFollow?: boolean; maxBytes?: number } = {}): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (options.noFollow ? constants.O_NOFOLLOW : 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw Object.assign(new Error(`${path} is not a regular file`), { code: st.isDirectory() ? 'EISDIR' : 'ENOTREG' });
    }
    // Before a byte is read: a file of gigabytes was read whole (or failed as ERR_OUT_OF_RANGE past 4 GB).
    if (options.maxBytes !== undefined && st.size > options.maxBytes) {
      throw Object.assign(new Error(`${path} is ${st.size} bytes`), { code: 'EFBIG', size: st.size });
    }
    const chunks: Buffer[] = [];
    // Read to the end, not to the size fstat gave: a file that grows is read whole, one that shrinks is not padded.
    for (let size = Math.max(st.size, 1 << 16); ; ) {
      const buf = Buffer.allocUnsafe(size);
      let n = 0;
      while (n < size) {
        const k = readSync(fd, buf, n, size - n, null);
        if (k === 0) break;
        n += k;
      }
      chunks.push(buf.subarray(0, n));
      if (n < size) break;
      // A file that grows while it is read (a device would have been refused above) grows no further than the bound.
      if (options.maxBytes !== undefined && chunks.reduce((a, c) => a + c.length, 0) > options.maxBytes) {
        throw Object.assign(new Error(`${path} grew past ${options.maxBytes} bytes`), { code: 'EFBIG', size: options.maxBytes + 1 });
      }
      size = 1 << 16;
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes a manuscript, packet file or names registry may have. A book's text costs the layout some
 * 180 bytes of memory a character (5 MB of prose in one paragraph: 890 MB at the peak), a long run
 * without a space four times that; 700 MB was past what a JavaScript string holds ('internal error'), and
 * 5 GB was Node's 'The value of "size" is out of range'. The longest single books are under 10 MB.
 */
export const MAX_TEXT_BYTES = 16_000_000;

/** Why an input file cannot be read, in words, from the error's code. */
export function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'there is no such file'
    : code === 'EISDIR' ? 'it is a folder, not a file'
    : code === 'ENOTREG' ? 'it is not a regular file (a FIFO, a device or a socket)'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ELOOP' ? 'it is a symbolic link'
    : code === 'EFBIG' ? `it is ${((e as { size: number }).size / 1e6).toFixed(1)} MB, and samizdat reads text files of at most ${MAX_TEXT_BYTES / 1e6} MB`
    : (e as Error).message;
}


/** The file as read, for the book's `sources`: the hash of these bytes, not of the file as it may be later. */
export function sourceFile(path: string, bytes: Uint8Array): SourceFile {
  return { path: resolve(path), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Reads a manuscript as text the way an editor would expect: UTF-8 only, a byte-order mark dropped,
 * CRLF and CR turned into LF. Returns undefined (with an error in `diags`) when the file cannot be
 * read or is not UTF-8. The file read is added to `sources` when given.
 */
export function readManuscript(file: string, diags: Diagnostics, sources?: SourceFile[]): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readInputFile(file, { maxBytes: MAX_TEXT_BYTES });
    sources?.push(sourceFile(file, bytes));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    diags.error(file, 1, 1, 'read', `cannot read the manuscript: ${unreadable(e)}`, code === 'EISDIR' ? 'give the path of the .md file inside it' : code === 'EFBIG' ? 'split it into several books' : 'check the path');
    return undefined;
  }
  return decodeManuscript(file, bytes, diags);
}

/**
 * Bytes → text, with every position in the diagnostics counted as an editor counts them (the BOM is
 * not a column; a CR before LF is not a line). Characters XML forbids are reported here, where the
 * positions are the file's, and kept: the parser strips them from the model (`stripForbidden`), so
 * that positions found later stay the file's too. C1 controls, which are what Windows-1252
 * punctuation becomes when it is decoded as Latin-1, are turned back into that punctuation.
 */
export function decodeManuscript(file: string, bytes: Uint8Array, diags: Diagnostics): string | undefined {
  // UTF-16 without a byte-order mark decodes as UTF-8 (its NULs are valid): tell it by the zero bytes of its ASCII.
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    diags.error(file, 1, 1, 'encoding', `the file is ${utf16}, without a byte-order mark, not UTF-8`, `save it as UTF-8: iconv -f ${utf16} -t UTF-8`);
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at)).replace(/\r\n?/g, '\n');
    const pos = new LineIndex(before).position(before.length);
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    diags.error(file, pos.line, pos.column, 'encoding',
      utf16 ? 'the file is UTF-16, not UTF-8' : `the file is not valid UTF-8: byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')} at offset ${at} is not part of a UTF-8 character`,
      utf16 ? 'save it as UTF-8: iconv -f UTF-16 -t UTF-8' : 'save it as UTF-8; if it is Windows-1252 or Latin-1: iconv -f WINDOWS-1252 -t UTF-8');
    return undefined;
  }
  text = text.replace(/\r\n?/g, '\n');
  reportForbidden(file, text, diags);
  reportReplacements(file, text, diags);
  return repairC1(file, text, diags);
}

/** 'UTF-16BE' or 'UTF-16LE' when every other byte of the file's start is zero, as in ASCII text in UTF-16. */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4 || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (even >= half * 0.4 && odd === 0) return 'UTF-16BE';
  if (odd >= half * 0.4 && even === 0) return 'UTF-16LE';
  return undefined;
}

function reportForbidden(file: string, text: string, diags: Diagnostics): void {
  if (!hasForbidden(text)) return;
  const index = new LineIndex(text);
  XML_FORBIDDEN.lastIndex = 0;
  for (const m of text.matchAll(XML_FORBIDDEN)) {
    const { line, column } = index.position(m.index!);
    const space = m[0] === '\u000B' || m[0] === '\u000C';
    diags.warn(file, line, column, 'forbidden-character',
      `${space ? 'replaced' : 'removed'} the control character ${codePoint(m[0])}, which XML cannot carry${space ? ', with a space' : ''}`,
      'scanned or pasted text often holds these; nothing visible is lost');
  }
}

/** U+FFFD is what an earlier conversion left where it lost a character: kept, but worth a look. */
function reportReplacements(file: string, text: string, diags: Diagnostics): void {
  const first = text.indexOf('\uFFFD');
  if (first < 0) return;
  const count = text.split('\uFFFD').length - 1;
  const { line, column } = new LineIndex(text).position(first);
  diags.warn(file, line, column, 'replacement-character',
    `the text holds ${count === 1 ? 'a replacement character �' : `${count} replacement characters �, the first here`}: a character was lost before the file reached samizdat`,
    'compare with the source and put back the character that was lost');
}

/** What the C1 controls U+0080–U+009F stand for in Windows-1252 ('' where it has no character). */
export const WINDOWS_1252 = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

function repairC1(file: string, text: string, diags: Diagnostics): string {
  if (!/[\u0080-\u009F]/.test(text)) return text;
  const index = new LineIndex(text);
  return text.replace(/[\u0080-\u009F]/g, (ch, offset: number) => {
    const meant = WINDOWS_1252[ch.charCodeAt(0) - 0x80];
    const { line, column } = index.position(offset);
    diags.warn(file, line, column, 'control-character',
      meant !== '\u0000' ? `replaced the control character ${codePoint(ch)} with '${meant}', the Windows-1252 character it stands for`
        : `the control character ${codePoint(ch)} stands for no character`,
      'the text was decoded as Latin-1 somewhere on its way; check the characters around it');
    // Same length either way, so later positions stay the file's.
    return meant !== '\u0000' ? meant : ch;
  });
}

function codePoint(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (i + k >= bytes.length || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return Math.max(0, bytes.length - 1);
}
