declare module 'markdown-it-footnote' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}

declare module 'markdown-it-container' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt, name: string, options?: { validate?: (params: string, markup: string) => boolean; marker?: string }) => void;
  export default plugin;
}

declare module 'markdown-it-deflist' {
  import type { MarkdownIt } from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
