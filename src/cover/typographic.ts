import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { cacheDir, makeFolders } from '../cachedir.js';
import { creditLines } from '../imprint.js';
import { plainText, type Meta } from '../model/index.js';
import { facePath, Shaper } from '../typeset/index.js';
import type { Face } from '../typeset/types.js';
import { joinNames, wordsFor } from '../words.js';

/** The generated cover's size in pixels: what e-reader libraries and Send to Kindle ask for (1.6:1). */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

const MARGIN = 160;
const MEASURE = COVER_WIDTH - 2 * MARGIN;
const INK = '#1c1a17';
const PAPER = '#f3eee4';
const ACCENT = '#8c1c13';
const FEATURES = ['kern', 'liga'];

interface SetLine {
  text: string;
  face: Face;
  size: number;
  y: number;
  color: string;
  /** Letter spacing in pixels (the author's line is spaced capitals). */
  spacing?: number;
}

/**
 * The typographic cover as SVG: the title large, the subtitle, a rule, the author(s) in spaced
 * capitals and the contributors' lines in italic, set in EB Garamond as the PDF's title page is,
 * the publisher at the foot. Lines are broken here (SVG text does not wrap), measured with the
 * same fonts the renderer draws with; a title too long for five lines is set smaller.
 */
export function coverSvg(meta: Meta, shaper: Shaper): string {
  const wrap = (text: string, face: Face, size: number, spacing = 0) => wrapLines(shaper, text, face, size, spacing);
  const lines: SetLine[] = [];
  let y = 560;
  let titleSize = 150;
  let title = wrap(meta.title, 'regular', titleSize);
  while (title.length > 5 && titleSize > 80) title = wrap(meta.title, 'regular', (titleSize -= 10));
  for (const t of title) lines.push({ text: t, face: 'regular', size: titleSize, y: (y += titleSize * 1.15), color: INK });
  if (meta.subtitle) {
    y += 40;
    for (const t of wrap(meta.subtitle, 'italic', 70)) lines.push({ text: t, face: 'italic', size: 70, y: (y += 84), color: INK });
  }
  y += 150;
  const rule = y;
  y += 80;
  const w = wordsFor(meta.language);
  // A line breaks between names, never inside one.
  const authors = joinNames(meta.authors.map((a) => a.replace(/ /g, '\u00a0')), w).toLocaleUpperCase(meta.language);
  for (const t of wrap(authors, 'regular', 64, 8)) lines.push({ text: t, face: 'regular', size: 64, y: (y += 84), color: INK, spacing: 8 });
  y += 40;
  for (const c of creditLines(meta)) {
    for (const t of wrap(`${c.lead}${c.gap}${c.names}`, 'italic', 56)) lines.push({ text: t, face: 'italic', size: 56, y: (y += 72), color: INK });
  }
  if (meta.publisher) lines.push({ text: thinSpaces(plainText(meta.publisher)), face: 'regular', size: 48, y: COVER_HEIGHT - 220, color: ACCENT, spacing: 4 });
  const rtl = meta.language.match(/^(ar|he|fa|ur|yi)\b/) ? ' direction="rtl"' : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" viewBox="0 0 ${COVER_WIDTH} ${COVER_HEIGHT}">`,
    `<rect width="100%" height="100%" fill="${PAPER}"/>`,
    `<rect x="80" y="80" width="${COVER_WIDTH - 160}" height="${COVER_HEIGHT - 160}" fill="none" stroke="${ACCENT}" stroke-width="6"/>`,
    `<line x1="${COVER_WIDTH / 2 - 160}" y1="${rule}" x2="${COVER_WIDTH / 2 + 160}" y2="${rule}" stroke="${ACCENT}" stroke-width="5"/>`,
    ...lines.map((l) => `<text x="${COVER_WIDTH / 2}" y="${Math.round(l.y)}" text-anchor="middle"${rtl} font-family="EB Garamond" font-style="${l.face === 'italic' ? 'italic' : 'normal'}" font-size="${l.size}" fill="${l.color}"${l.spacing ? ` letter-spacing="${l.spacing}"` : ''}>${escape(l.text)}</text>`),
    '</svg>',
  ].join('\n');
}

/**
 * An editor's SVG cover (checked by the loader: nothing in it runs or fetches) of `aspect` (height
 * over width) as a PNG within COVER_WIDTH × COVER_HEIGHT, drawn and kept as the typographic cover is
 * (renderCoverLater): e-reader libraries show raster covers only.
 */
export function renderSvgCoverLater(svg: string, aspect: number, shaper: Shaper): Promise<Uint8Array> {
  return drawLater(svgJob(svg, shaper, aspect));
}

function drawHere(job: CoverJob): Uint8Array {
  if (job.png) return job.png;
  // Required here, not imported: a native module, loaded only by a build that draws a cover.
  const { Resvg } = createRequire(import.meta.url)(job.resvg) as typeof import('@resvg/resvg-js');
  return job.keep(new Uint8Array(new Resvg(job.svg, job.options).render().asPng()));
}

/**
 * The cover as a PNG of COVER_WIDTH × COVER_HEIGHT, drawn by resvg with the font files of
 * node_modules only (no system fonts: the same bytes on every machine). Faces for scripts EB Garamond
 * lacks are added only when the text needs them.
 *
 * Drawing and compressing ten million pixels takes resvg 0.3–0.4 s, more than the rest of an essay's
 * build: the PNG is kept in node_modules/.cache/samizdat/ (where the shaping cache lives), keyed to the
 * SVG, the font files and resvg's version, and a rebuild reads it back. SAMIZDAT_CACHE=off draws it
 * every time; the bytes are the same either way.
 *
 * resvg's work runs on a thread of its own, started now: a first build lays the book out while the cover
 * is drawn on the other core (the seed: about 0.1 s of the main thread's time on its first build,
 * measured 5 December). SAMIZDAT_THREADS=off draws it here; the same bytes.
 */
export function renderCoverLater(meta: Meta, shaper: Shaper): Promise<Uint8Array> {
  return drawLater(svgJob(coverSvg(meta, shaper), shaper));
}

function drawLater(job: CoverJob): Promise<Uint8Array> {
  if (job.png || process.env.SAMIZDAT_THREADS === 'off') return Promise.resolve(drawHere(job));
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData: { resvg, svg, options } } = require('node:worker_threads');
       const { Resvg } = require(resvg);
       const png = new Uint8Array(new Resvg(svg, options).render().asPng());
       parentPort.postMessage(png, [png.buffer]);`,
      { eval: true, stdout: false, stderr: false, workerData: { resvg: job.resvg, svg: job.svg, options: job.options } },
    );
    worker.once('message', (png: Uint8Array) => resolve(job.keep(png)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the cover's thread ended (exit code ${code})`)));
  });
}

interface CoverJob {
  svg: string;
  options: ResvgRenderOptions;
  /** resvg's entry file (a thread requires it by this path, whatever its working folder). */
  resvg: string;
  /** The PNG a build drew before, from the cache. */
  png?: Uint8Array;
  /** Keeps a PNG just drawn in the cache (when there is one) and gives it back. */
  keep(png: Uint8Array): Uint8Array;
}

/** What drawing a cover's SVG takes, and the cover itself when the cache has it. */
function svgJob(svg: string, shaper: Shaper, aspect = COVER_HEIGHT / COVER_WIDTH): CoverJob {
  const require = createRequire(import.meta.url);
  const faces = coverFaces(svg, shaper);
  const fontFiles = faces.map(facePath);
  const resvgDir = dirname(require.resolve('@resvg/resvg-js/package.json'));
  const version = (JSON.parse(readFileSync(join(resvgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const options: ResvgRenderOptions = {
    // On white: a library's thumbnail of a transparent cover (an editor's SVG drawn on nothing) may show it on black.
    background: '#ffffff',
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'EB Garamond', serifFamily: 'EB Garamond' },
    // Within the cover's box: a taller image by its height, or a strip of an SVG would be a wall of pixels.
    fitTo: aspect > COVER_HEIGHT / COVER_WIDTH ? { mode: 'height', value: COVER_HEIGHT } : { mode: 'width', value: COVER_WIDTH },
    textRendering: 2,
    shapeRendering: 2,
  };
  const key = createHash('sha256').update([svg, version, JSON.stringify(options), ...fontFiles.map((f) => `${f}:${statSync(f).size}:${statSync(f).mtimeMs}`)].join('\n')).digest('hex').slice(0, 32);
  const cached = process.env.SAMIZDAT_CACHE === 'off' ? undefined : join(cacheDir(), `cover-${key}.png`);
  const keep = (png: Uint8Array) => {
    if (cached) {
      try {
        makeFolders(dirname(cached));
        const temp = `${cached}.${process.pid}.tmp`;
        writeFileSync(temp, png);
        renameSync(temp, cached);
      } catch {
        // A read-only node_modules: no cache, the same cover.
      }
    }
    return png;
  };
  const png = cached && existsSync(cached) ? new Uint8Array(readFileSync(cached)) : undefined;
  return { svg, options, resvg: require.resolve('@resvg/resvg-js'), keep, ...(png ? { png } : {}) };
}

/** EB Garamond's two faces, and the fallback faces of the scripts the cover's text needs. */
function coverFaces(svg: string, shaper: Shaper): Face[] {
  const faces = new Set<Face>(['regular', 'italic']);
  for (const ch of svg) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x2000) {
      const f = shaper.fonts.faceFor(cp, 'regular');
      if (f) faces.add(f);
    }
  }
  return [...faces];
}

/** Words of `text` broken greedily into lines no wider than the cover's measure. */
function wrapLines(shaper: Shaper, text: string, face: Face, size: number, spacing: number): string[] {
  const width = (s: string) => shaper.measure(s, face, size, FEATURES) + spacing * [...s].length;
  const out: string[] = [];
  let line = '';
  for (const word of thinSpaces(text).split(/[ \t\n]+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && width(next) > MEASURE) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/**
 * The narrow no-break space (French 'Qui ?', src/transform/punctuation.ts) as EB Garamond's thin space:
 * the face has no U+202F, and the fallback that has one (Amiri) draws it half an em wide. U+2009 is
 * 0.1 em in the cover's two faces, the width the PDF's setter gives U+202F; lines never break there.
 */
function thinSpaces(text: string): string {
  return text.replace(/\u202f/g, '\u2009');
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
