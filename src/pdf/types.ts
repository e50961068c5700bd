/**
 * The laid-out book as the renderer draws it: pages of positioned items and a logical structure
 * tree for tagging. Renderer-neutral (no pdfkit here): the layout decides every position, the
 * renderer only draws.
 */
import type { Face, Line } from '../typeset/types.js';

/** Named destination of the title opening (no heading id can start with '_'). */
export const OPENING_DEST = '_opening';
/** Named destination of the index of names. */
export const INDEX_DEST = '_index';
/** Named destination of the endnotes' title (front matter `footnotes: endnotes`): what the contents and the bookmarks link to. */
export const NOTES_DEST = '_notes';

/** Standard PDF structure types used here (ISO 32000-1, 14.8.4). */
export type StructType =
  | 'Document' | 'Sect' | 'Part' | 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P' | 'BlockQuote' | 'L' | 'LI' | 'Lbl' | 'LBody'
  | 'Code' | 'Figure' | 'Caption' | 'Note' | 'TOC' | 'TOCI' | 'Index' | 'Link' | 'Reference' | 'Span'
  | 'Table' | 'TR' | 'TH' | 'TD';

/** One node of the logical structure. The renderer creates each node's element when it first draws content of it, so the tree's order is the drawing order. */
export interface StructNode {
  type: StructType;
  /** The parent node; absent for children of the document root. */
  parent?: StructNode;
  /** Alternate text (figures). */
  alt?: string;
  /** Language of the node when it differs from the document's. */
  lang?: string;
}

/** Where a link goes: a named destination (an anchor id), a physical page (from 0) or an external URL. */
export type LinkTarget = { dest: string } | { page: number } | { url: string };

/**
 * A thing drawn on a page. Coordinates are in points from the text block's left edge (`x`) and
 * top edge (`y`); for text `y` is the baseline. `node` is the structure node the content belongs to;
 * absent means an artifact (running heads, folios, leaders, rules).
 */
export type Placed =
  /**
   * A line set by the paragraph setter, drawn run by run. `tracking`: letter-spacing in points after
   * every glyph (running heads), which the runs' x already allow for; absent means none.
   */
  | { kind: 'line'; x: number; y: number; line: Line; node?: StructNode; tracking?: number }
  /** A short string set in one face: folios, running heads, list labels, contents page numbers. */
  | { kind: 'text'; x: number; y: number; text: string; face: Face; size: number; features: string[]; tracking?: number; node?: StructNode }
  /** Dot leaders from x1 to x2 on baseline y, dots every `pitch` points aligned to the right edge x2. */
  | { kind: 'leaders'; x1: number; x2: number; y: number; face: Face; size: number; pitch: number }
  /** A horizontal rule (footnote separator). */
  | { kind: 'rule'; x1: number; x2: number; y: number; thickness: number }
  /** A raster image; `y` is its top. `path` is absolute. */
  | { kind: 'image'; path: string; x: number; y: number; width: number; height: number; node?: StructNode }
  /** A named destination for `id` at height y (top of the line). */
  | { kind: 'dest'; id: string; y: number }
  /** A link area (top-left x, y, width, height) with its structure node (a `Link`). */
  | { kind: 'link'; x: number; y: number; width: number; height: number; target: LinkTarget; node?: StructNode }
  /**
   * Items laid out on a frame `width` wide and `height` high (their x and y from its top-left),
   * drawn turned a quarter counterclockwise: the frame's top along the text block's left edge at
   * (x, y), its left end at the foot. A broadside table's page.
   */
  | { kind: 'turned'; x: number; y: number; width: number; height: number; items: Placed[] };

export interface LaidPage {
  /** The printed folio and the page label: 'i', 'ii' … then '1', '2' … */
  label: string;
  part: 'front' | 'body' | 'back';
  /** A page of the front matter's chapters (see PageInfo). */
  text?: true;
  /** Print the folio at the foot. */
  folio: boolean;
  /** Running head text (set in small capitals), absent on title, contents and opening pages. */
  runningHead?: string;
  /** Tag the page's content as the index (for the structure tree and the page-map consumers). */
  index?: boolean;
  items: Placed[];
  /** First word of body text on the page (block id, offset from 0 in its plain text). */
  start?: { blockId: string; offset: number };
  /** The id of the title the page is given to alone (a packet's part page). */
  opens?: string;
  /** Anchor ids (headings, mentions, note references) set on the page. */
  anchors: string[];
}

/** An entry of the outline (bookmarks). */
export interface OutlineEntry {
  title: string;
  /** Physical page, from 0. */
  page: number;
  children: OutlineEntry[];
}
