/**
 * An image file as the loader found and checked it (src/load/assets.ts). Renderers read the file at
 * `path` and never resolve the manuscript's `src` themselves.
 */
export interface ImageAsset {
  /** Absolute path with symlinks resolved; always inside the project folder. */
  path: string;
  /** What the file's first bytes say it is; the file name's extension agrees. */
  mediaType: 'image/png' | 'image/jpeg';
  /** Size in pixels from the file's header, both at least 1. */
  width: number;
  height: number;
}
