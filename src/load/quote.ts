/**
 * A piece of the user's text for a one-line message: in single quotes, newlines and control
 * characters shown as escapes, cut to `max` characters with an ellipsis (a pasted web page can make
 * one raw HTML token megabytes long).
 */
export function quote(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${cut.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`;
}
