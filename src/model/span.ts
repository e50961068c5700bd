/** A place in the manuscript file. Both fields count from 1, as an editor's status bar does. */
export interface Span {
  /** Line in the file (front matter included), from 1. */
  line: number;
  /** Column in that line, in UTF-16 code units, from 1. */
  column: number;
}
