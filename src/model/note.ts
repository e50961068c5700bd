import type { Block } from './block.js';
import type { Span } from './span.js';

/** A footnote: its number, its text and where it is referenced. `BlockId`: as in `Block`. */
export interface Note<BlockId extends string = string> {
  /** Unique id of the note body, valid as an XML id. */
  id: string;
  /** Printed number, from 1, in order of first reference. */
  number: number;
  /** Ids of the `noteRef` inlines that point here, in document order (at least one). */
  refIds: string[];
  children: Block<BlockId>[];
  span: Span;
}
