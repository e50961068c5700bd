/** The part of ejs 3 (no types of its own) that package.ts uses. */
declare module 'ejs' {
  /** Renders an EJS template with `data`; `<%= %>` escapes &, <, >, " and ' for XML. */
  export function render(template: string, data?: Record<string, unknown>): string;
  const ejs: { render: typeof render };
  export default ejs;
}
