// The bundle made ASCII-only. esbuild escapes every non-ASCII character of strings, templates and
// names, but leaves regular expression literals as written (`/[’‘]/g`, in samizdat's sources and in
// markdown-it's). One such character makes the whole 3.4 MB source a two-byte string: decoding it
// from UTF-8 and compiling it cost every run tens of milliseconds more than an ASCII source, which
// the launcher reads as Latin-1 (src/launcher.ts).
//
// Each remaining character is escaped where it stands, once a scan of the code has shown that it is
// inside a regular expression literal (or a comment, left as it is): there `\uXXXX` (a surrogate
// pair for an astral character) matches exactly what the character did, with or without the `u`
// flag, also in a character class. Anywhere else the build stops, naming the place, rather than
// change what the code means (a tagged template's raw text, say).

/** Tokens after which a `/` divides; after anything else it opens a regular expression. */
const ENDS_OPERAND = /[\w$)\]}'"`]$/;
/** Words after which an expression starts, so `/` opens a regular expression. */
const KEYWORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** `code` with every non-ASCII character of its regular expression literals escaped; throws if one stands elsewhere. */
export function asciiBundle(code) {
  const { regexes, comments } = scan(code);
  let out = '';
  let last = 0;
  let r = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x80) continue;
    while (r < regexes.length && regexes[r][1] <= i) r++;
    const inside = r < regexes.length && regexes[r][0] < i;
    if (!inside) {
      if (comments.some(([a, b]) => a <= i && i < b)) continue;
      const line = code.slice(0, i).split('\n').length;
      throw new Error(`dist/cli/samizdat.cjs:${line}: a non-ASCII character outside a regular expression literal (${JSON.stringify(code.slice(Math.max(0, i - 40), i + 10))}): escape it in its source`);
    }
    // An identity escape (`\’`) becomes the character's own escape.
    const escaped = code[i - 1] === '\\' && backslashesBefore(code, i) % 2 === 1;
    out += code.slice(last, escaped ? i - 1 : i) + `\\u${c.toString(16).padStart(4, '0')}`;
    last = i + 1;
  }
  return out + code.slice(last);
}

/** A character of a name or number: `[A-Za-z0-9_$]` or beyond ASCII. */
function isWord(c) {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;
}

function backslashesBefore(code, i) {
  let n = 0;
  while (code[i - 1 - n] === '\\') n++;
  return n;
}

/**
 * The [start, end) of every regular expression literal and comment in `code`, by a scan of its tokens: strings,
 * templates (with their `${}` nested), comments, and a `/` read as the start of a literal where an
 * operand may begin (after an operator, an opening bracket, a comma or a keyword such as `return`).
 */
function scan(code) {
  const found = [];
  const comments = [];
  /** Per open `{`: whether it opened a template's substitution. */
  const braces = [];
  let prev = ''; // the last significant token's text
  let i = 0;
  const n = code.length;
  const template = () => {
    // From just after a backtick or a substitution's `}` to the closing backtick or the next `${`.
    while (i < n) {
      const ch = code[i];
      if (ch === '\\') i += 2;
      else if (ch === '`') {
        i++;
        prev = '`';
        return;
      } else if (ch === '$' && code[i + 1] === '{') {
        i += 2;
        braces.push(true);
        prev = '{';
        return;
      } else i++;
    }
  };
  while (i < n) {
    const ch = code[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      comments.push([i, end < 0 ? n : end]);
      i = end < 0 ? n : end;
    } else if (ch === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2) + 2;
      comments.push([i, end]);
      i = end;
    } else if (ch === '/') {
      const operand = ENDS_OPERAND.test(prev) && !KEYWORDS.has(prev);
      if (operand) {
        i++;
        prev = '/';
        continue;
      }
      const start = i++;
      let inClass = false;
      while (i < n) {
        const c = code[i];
        if (c === '\\') i += 2;
        else if (c === '[') (inClass = true), i++;
        else if (c === ']') (inClass = false), i++;
        else if (c === '/' && !inClass) break;
        else if (c === '\n') throw new Error(`dist/cli/samizdat.cjs: a regular expression literal runs past its line at ${start}: the scan lost its place`);
        else i++;
      }
      i++;
      while (i < n && /[a-z]/.test(code[i])) i++;
      found.push([start, i]);
      prev = ')';
    } else if (ch === '"' || ch === "'") {
      i++;
      while (i < n && code[i] !== ch) i += code[i] === '\\' ? 2 : 1;
      i++;
      prev = ch;
    } else if (ch === '`') {
      i++;
      template();
    } else if (ch === '{') {
      braces.push(false);
      prev = '{';
      i++;
    } else if (ch === '}') {
      i++;
      if (braces.pop()) template();
      else prev = '}';
    } else if (isWord(code.charCodeAt(i))) {
      const start = i;
      while (i < n && (isWord(code.charCodeAt(i)) || code[i] === '\\')) i += code[i] === '\\' ? 6 : 1;
      prev = code.slice(start, i);
      // A number's fraction or exponent: `1.5e-3` stays one operand.
      if (/^\d/.test(prev) && code[i] === '.') {
        i++;
        while (i < n && isWord(code.charCodeAt(i))) i++;
      }
    } else {
      // Punctuation: `a++ / b` divides, but one character is all a `/` needs to look back at.
      prev = ch === ')' || ch === ']' ? ch : ch === '.' && /\d/.test(code[i + 1] ?? '') ? '0' : ch;
      i++;
    }
  }
  return { regexes: found, comments };
}
