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
