/** One entry of the table of contents; derived from the headings once, read by both renderers. */
export interface TocEntry {
  /** Id of the heading block it points to. */
  id: string;
  /** 1 for chapters, 2 for sections, … */
  level: number;
  /** The heading as plain text, or its short title (`{short="…"}`) when it has one. */
  title: string;
  children: TocEntry[];
}

/**
 * A list printed after the contents (front matter `lists`): the book's figures or its captioned tables,
 * in reading order, each by the id its page is found by and the text of its caption (a figure without
 * one: its description). Derived once, read by both renderers.
 */
export interface ListOf {
  kind: 'figures' | 'tables';
  entries: { id: string; title: string }[];
}
