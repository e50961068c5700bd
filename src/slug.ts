/** ASCII slug of a text: letters and digits joined by '-', starting with a letter. Empty if none. */
export function slugify(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'‘]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|(?<!-)-+$/g, '')
    .slice(0, 64)
    .replace(/(?<!-)-+$/, '');
  if (!s) return '';
  return /^[a-z]/.test(s) ? s : `s-${s}`;
}
