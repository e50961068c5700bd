/** `code` with every non-ASCII character of its regular expression literals escaped; throws if one stands elsewhere. */
export function asciiBundle(code: string): string;
