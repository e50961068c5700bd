import { BOX, doubled, GLUE, INF, type Items, PENALTY } from './boxes.js';

/**
 * Knuth–Plass optimum-fit line breaking (Knuth & Plass 1981; TeX §813–890) over prepared items.
 *
 * All lines have the same width (a first-line indent is a box), so an active node is identified by
 * (position, fitness class, hyphen ladder length) and the number of active nodes is bounded by what
 * fits on one line: time is linear in the paragraph's length.
 *
 * The ladder length is part of the node so that "at most `maxHyphenLadder` hyphenated lines in a
 * row" is a hard rule, not merely a demerit. Emergency breaks (level 1) do not count towards it:
 * a word longer than the line has to be cut several times.
 */

export interface BreakParams {
  /** Line width in points. */
  measure: number;
  /** Largest badness accepted (TeX \tolerance); 100 ≈ ratio 1. */
  tolerance: number;
  /** Stretch added to every line when judging it (TeX \emergencystretch). */
  lineStretch: number;
  /** Whether level-1 (emergency) penalties are break points. */
  emergency: boolean;
  /** Final pass: if nothing fits, accept an overfull line rather than fail. */
  final: boolean;
  linePenalty: number;
  /** Added when two consecutive lines end in hyphens. */
  doubleHyphenDemerits: number;
  /** Added when the second-last line ends in a hyphen. */
  finalHyphenDemerits: number;
  /** Added when adjacent lines' fitness classes differ by more than one. */
  adjDemerits: number;
  maxHyphenLadder: number;
  /** Demerits for a last line shorter than `shortLastLine` × measure (a lone word at the end). */
  shortLastDemerits: number;
  shortLastLine: number;
  /**
   * How far a line's spaces may shrink, as a ratio of their shrink, once the glyphs are at their
   * expansion limit: 1 as in TeX; 1.5 lets a space go down to half its width. A ratio below -1
   * counts the spaces alone (the glyphs never shrink past their limit).
   */
  maxShrink: number;
  /** Weight of a loose line's badness against a tight one's of the same |ratio| (1: TeX's symmetry), in the tolerance and the demerits alike. */
  stretchWeight: number;
}

export const DEFAULT_PARAMS: Omit<BreakParams, 'measure'> = {
  tolerance: 200,
  lineStretch: 0,
  emergency: false,
  final: false,
  linePenalty: 10,
  doubleHyphenDemerits: 10000,
  finalHyphenDemerits: 10000,
  adjDemerits: 10000,
  maxHyphenLadder: 2,
  shortLastDemerits: 0,
  shortLastLine: 0,
  maxShrink: 1,
  stretchWeight: 1,
};

/**
 * The nodes of a paragraph's breaks, a typed column per field, reused from one paragraph to the next
 * (an object per node was most of the line breaker's garbage). Node 0 is the paragraph's start.
 */
class Nodes {
  size = 0;
  /** Item index of the break (the glue or penalty broken at); -1 for the paragraph start. */
  pos = new Int32Array(256);
  line = new Int32Array(256);
  fitness = new Uint8Array(256);
  ladder = new Uint8Array(256);
  /** 1 if this break ends its line in a hyphen (flagged penalty). */
  flagged = new Uint8Array(256);
  totalW = new Float64Array(256);
  totalY = new Float64Array(256);
  totalZ = new Float64Array(256);
  /** The spaces' share of totalZ (glue only). */
  totalZg = new Float64Array(256);
  /** Number of infinite-stretch glues before the line that follows this break starts. */
  totalF = new Float64Array(256);
  /** Left protrusion of the first character of the line that follows this break. */
  protL = new Float64Array(256);
  demerits = new Float64Array(256);
  ratio = new Float64Array(256);
  /** The node of the previous break; -1 for none. */
  prev = new Int32Array(256);

  add(): number {
    if (this.size === this.pos.length) this.grow();
    return this.size++;
  }

  private grow(): void {
    const wider = doubled;
    this.pos = wider(this.pos);
    this.line = wider(this.line);
    this.fitness = wider(this.fitness);
    this.ladder = wider(this.ladder);
    this.flagged = wider(this.flagged);
    this.totalW = wider(this.totalW);
    this.totalY = wider(this.totalY);
    this.totalZ = wider(this.totalZ);
    this.totalZg = wider(this.totalZg);
    this.totalF = wider(this.totalF);
    this.protL = wider(this.protL);
    this.demerits = wider(this.demerits);
    this.ratio = wider(this.ratio);
    this.prev = wider(this.prev);
  }
}

// Module state: breakLines's scratch memory (the nodes; the active list and its spare, node indexes,
// swapped at each break); it runs to its end without yielding, and no result keeps any of it.
const nodes = new Nodes();
let activeList = new Int32Array(256);
let spareList = new Int32Array(256);

/** A chosen break: the item index where the line ends, and the line's adjustment ratio as judged. */
export interface Breakpoint {
  pos: number;
  ratio: number;
}

/**
 * TeX's badness, 100·|r|³, but not capped at 10000: in the final pass a line at ratio 5 must still
 * look worse than one at ratio 3, or the optimiser would not spread an unavoidable looseness.
 * A line with no stretch at all (a lone word) costs a fixed, large amount.
 */
function badness(r: number): number {
  if (r === Infinity) return 1e7;
  const a = r < 0 ? -r : r;
  return 100 * a * a * a;
}

function fitnessOf(r: number): number {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

/**
 * The break positions (item indexes, the last one being the final forced break), or null if no set of
 * breaks keeps every line within tolerance (never null when `final`).
 */
export function breakLines(items: Items, p: BreakParams): Breakpoint[] | null {
  const n = items.length;
  const { type, width, stretch, shrink, fil, penalty, flagged, level, protrude } = items;
  // Running totals of width, stretch, shrink, fil over items before the current one.
  let sumW = 0;
  let sumY = 0;
  let sumZ = 0;
  let sumZg = 0;
  const filBefore: number[] = new Array(n + 1);
  {
    let f = 0;
    for (let i = 0; i < n; i++) {
      filBefore[i] = f;
      if (type[i] === GLUE) f += fil[i];
    }
    filBefore[n] = f;
  }

  // The active list and the next one, node indexes, swapped at each break: no allocation per feasible break.
  const N = nodes;
  N.size = 0;
  const start = N.add();
  N.pos[start] = -1;
  N.line[start] = 0;
  N.fitness[start] = 1;
  N.ladder[start] = 0;
  N.flagged[start] = 0;
  N.totalW[start] = N.totalY[start] = N.totalZ[start] = N.totalZg[start] = N.totalF[start] = 0;
  N.protL[start] = type[0] === BOX ? protrude[0] : 0;
  N.demerits[start] = 0;
  N.ratio[start] = 0;
  N.prev[start] = -1;
  let active = activeList;
  let spare = spareList;
  active[0] = start;
  let activeCount = 1;
  let lastDeactivated = -1;

  // Best candidate per (fitness, ladder) at the current break.
  const NC = 4 * (p.maxHyphenLadder + 2);
  const best = new Int32Array(NC).fill(-1);
  const bestD = new Float64Array(NC).fill(Infinity);
  const bestR = new Float64Array(NC);

  for (let b = 0; b < n; b++) {
    const t = type[b];
    let legal = false;
    if (t === BOX) {
      sumW += width[b];
      sumY += stretch[b];
      sumZ += shrink[b];
      continue;
    }
    if (t === GLUE) {
      legal = b > 0 && type[b - 1] === BOX;
    } else if (t === PENALTY) {
      legal = penalty[b] < INF && (level[b] === 0 || p.emergency);
    }
    if (legal) {
      const pen = t === PENALTY ? penalty[b] : 0;
      const isFlag = t === PENALTY ? flagged[b] : 0;
      const countsForLadder = isFlag && level[b] === 0 ? 1 : 0;
      const pw = t === PENALTY ? width[b] : 0;
      const forced = t === PENALTY && pen <= -INF;
      bestD.fill(Infinity);
      best.fill(-1);
      let anyCandidate = false;
      // The next active list holds at most the current one and NC new nodes.
      if (spare.length < activeCount + NC) spare = new Int32Array(2 * (activeCount + NC));
      const next = spare;
      let nextCount = 0;
      let deactivatedBest = -1;
      for (let ai = 0; ai < activeCount; ai++) {
        const a = active[ai];
        const w = sumW - N.totalW[a] + pw - protrude[b] - N.protL[a];
        const y = sumY - N.totalY[a] + p.lineStretch;
        const z = sumZ - N.totalZ[a];
        const hasFil = filBefore[b] - N.totalF[a] > 0;
        let short = p.measure - w;
        // A line as wide as the measure to within rounding fits: a table column is exactly its longest
        // word wide, and that word summed from its pieces came out a hair wider ('1,11' / '0').
        if (short < 0 && short > -1e-6) short = 0;
        let r: number;
        if (short > 0) r = hasFil ? 0 : y > 0 ? short / y : Infinity;
        else if (short < 0) {
          r = z > 0 ? short / z : -Infinity;
          if (r < -1) {
            // Glyphs at their limit: the spaces alone take what is left.
            const zg = sumZg - N.totalZg[a];
            r = zg > 0 ? -1 + (short + z) / zg : -Infinity;
          }
        } else r = 0;
        let keep = true;
        if (r < -p.maxShrink || forced) {
          keep = false;
          if (r < -p.maxShrink && (deactivatedBest < 0 || N.demerits[a] < N.demerits[deactivatedBest])) deactivatedBest = a;
        }
        if (r >= -p.maxShrink) {
          const bad = r > 0 ? p.stretchWeight * badness(r) : badness(r);
          if (bad <= p.tolerance) {
            const ladder = countsForLadder ? N.ladder[a] + 1 : isFlag ? N.ladder[a] : 0;
            if (ladder <= p.maxHyphenLadder) {
              let d = (p.linePenalty + bad) ** 2;
              if (pen > 0) d += pen * pen;
              else if (pen > -INF) d -= pen * pen;
              if (isFlag && N.flagged[a]) d += p.doubleHyphenDemerits;
              const fit = hasFil ? 1 : fitnessOf(r);
              if (Math.abs(fit - N.fitness[a]) > 1) d += p.adjDemerits;
              if (forced && b === n - 1) {
                if (N.flagged[a]) d += p.finalHyphenDemerits;
                if (p.shortLastDemerits && w < p.shortLastLine * p.measure && N.line[a] > 0) d += p.shortLastDemerits;
              }
              d += N.demerits[a];
              const k = fit * (p.maxHyphenLadder + 2) + ladder;
              if (d < bestD[k]) {
                bestD[k] = d;
                best[k] = a;
                bestR[k] = r;
                anyCandidate = true;
              }
            }
          }
        }
        if (keep) next[nextCount++] = a;
        else lastDeactivated = a;
      }
      if (!anyCandidate && nextCount === 0 && p.final) {
        // Nothing fits (a glyph wider than the line): break anyway from the least bad node; the line is overfull.
        const a = deactivatedBest >= 0 ? deactivatedBest : lastDeactivated >= 0 ? lastDeactivated : activeCount > 0 ? active[0] : -1;
        if (a >= 0) {
          const k = 1 * (p.maxHyphenLadder + 2);
          best[k] = a;
          bestD[k] = N.demerits[a] + INF;
          bestR[k] = -1;
          anyCandidate = true;
        }
      }
      if (anyCandidate) {
        // Totals after the break: skip glue and penalties that would start the next line.
        let tw = sumW + 0;
        let ty = sumY;
        let tz = sumZ;
        let tzg = sumZg;
        let j = b;
        if (t === GLUE) {
          tw += width[b];
          ty += stretch[b];
          tz += shrink[b];
          tzg += shrink[b];
        }
        for (j = b + 1; j < n && type[j] !== BOX; j++) {
          if (type[j] === PENALTY && penalty[j] <= -INF && j !== b) break;
          if (type[j] === GLUE) {
            tw += width[j];
            ty += stretch[j];
            tz += shrink[j];
            tzg += shrink[j];
          }
        }
        const fAfter = filBefore[Math.min(j, n)];
        let minD = Infinity;
        for (let k = 0; k < NC; k++) if (bestD[k] < minD) minD = bestD[k];
        for (let k = 0; k < NC; k++) {
          const a = best[k];
          if (a < 0 || bestD[k] > minD + p.adjDemerits) continue;
          const node = N.add();
          N.pos[node] = b;
          N.line[node] = N.line[a] + 1;
          N.fitness[node] = Math.floor(k / (p.maxHyphenLadder + 2));
          N.ladder[node] = k % (p.maxHyphenLadder + 2);
          N.flagged[node] = isFlag;
          N.totalW[node] = tw;
          N.totalY[node] = ty;
          N.totalZ[node] = tz;
          N.totalZg[node] = tzg;
          N.totalF[node] = fAfter;
          N.protL[node] = j < n && type[j] === BOX ? protrude[j] : 0;
          N.demerits[node] = bestD[k];
          N.ratio[node] = bestR[k];
          N.prev[node] = a;
          next[nextCount++] = node;
        }
      }
      spare = active;
      active = next;
      activeCount = nextCount;
      if (activeCount === 0) {
        activeList = active;
        spareList = spare;
        return null;
      }
    }
    if (t === GLUE) {
      sumW += width[b];
      sumY += stretch[b];
      sumZ += shrink[b];
      sumZg += shrink[b];
    }
  }
  activeList = active;
  spareList = spare;
  // The last item is the forced final break: pick the cheapest node that ends there.
  let end = -1;
  for (let ai = 0; ai < activeCount; ai++) {
    const a = active[ai];
    if (N.pos[a] === n - 1 && (end < 0 || N.demerits[a] < N.demerits[end])) end = a;
  }
  if (end < 0) return null;
  const out: Breakpoint[] = [];
  for (let a = end; a >= 0 && N.pos[a] >= 0; a = N.prev[a]) out.push({ pos: N.pos[a], ratio: N.ratio[a] });
  return out.reverse();
}
