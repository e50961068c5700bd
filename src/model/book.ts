import type { Block } from './block.js';
import type { Meta } from './meta.js';
import type { Note } from './note.js';
import type { Mention, Person } from './person.js';
import type { TocEntry } from './toc.js';

/** The whole document: what every stage after parsing reads, and what both renderers render. */
export interface Book {
  /** Path of the manuscript as given on the command line, for messages. */
  file: string;
  /** File name stem used for output files: 'legacies-and-heirs-of-jv-stalin'. */
  slug: string;
  meta: Meta;
  blocks: Block[];
  notes: Note[];
  /** Filled by the toc transform. */
  toc: TocEntry[];
  /** Filled by the names transform; empty without a registry. */
  persons: Person[];
  mentions: Mention[];
}
