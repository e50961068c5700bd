/** One entry of the table of contents; derived from the headings once, read by both renderers. */
export interface TocEntry {
  /** Id of the heading block it points to. */
  id: string;
  /** 1 for chapters, 2 for sections, … */
  level: number;
  /** The heading as plain text. */
  title: string;
  children: TocEntry[];
}
