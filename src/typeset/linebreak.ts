import { BOX, GLUE, INF, type Items, PENALTY } from './boxes.js';

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
};

interface Node {
  /** Item index of the break (the glue or penalty broken at); -1 for the paragraph start. */
  pos: number;
  line: number;
  fitness: number;
  ladder: number;
  /** 1 if this break ends its line in a hyphen (flagged penalty). */
  flagged: number;
  totalW: number;
  totalY: number;
  totalZ: number;
  /** Number of infinite-stretch glues before the line that follows this break starts. */
  totalF: number;
  /** Left protrusion of the first character of the line that follows this break. */
  protL: number;
  demerits: number;
  ratio: number;
  prev: Node | null;
}

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
  const filBefore: number[] = new Array(n + 1);
  {
    let f = 0;
    for (let i = 0; i < n; i++) {
      filBefore[i] = f;
      if (type[i] === GLUE) f += fil[i];
    }
    filBefore[n] = f;
  }

  // Two arrays for the active list, swapped at each break, with their lengths kept apart: no
  // allocation (nor array resizing) per feasible break.
  let spare: Node[] = [];
  let activeCount = 1;
  let active: Node[] = [{ pos: -1, line: 0, fitness: 1, ladder: 0, flagged: 0, totalW: 0, totalY: 0, totalZ: 0, totalF: 0, protL: items.type[0] === BOX ? items.protrude[0] : 0, demerits: 0, ratio: 0, prev: null }];
  let lastDeactivated: Node | null = null;

  // Best candidate per (fitness, ladder) at the current break.
  const NC = 4 * (p.maxHyphenLadder + 2);
  const best: (Node | null)[] = new Array(NC).fill(null);
  const bestD: number[] = new Array(NC).fill(Infinity);
  const bestR: number[] = new Array(NC).fill(0);

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
      best.fill(null);
      let anyCandidate = false;
      const next = spare;
      let nextCount = 0;
      let deactivatedBest: Node | null = null;
      for (let ai = 0; ai < activeCount; ai++) {
        const a = active[ai];
        const w = sumW - a.totalW + pw - protrude[b] - a.protL;
        const y = sumY - a.totalY + p.lineStretch;
        const z = sumZ - a.totalZ;
        const hasFil = filBefore[b] - a.totalF > 0;
        const short = p.measure - w;
        let r: number;
        if (short > 0) r = hasFil ? 0 : y > 0 ? short / y : Infinity;
        else if (short < 0) r = z > 0 ? short / z : -Infinity;
        else r = 0;
        let keep = true;
        if (r < -1 || forced) {
          keep = false;
          if (r < -1 && (!deactivatedBest || a.demerits < deactivatedBest.demerits)) deactivatedBest = a;
        }
        if (r >= -1) {
          const bad = badness(r);
          if (bad <= p.tolerance) {
            const ladder = countsForLadder ? a.ladder + 1 : isFlag ? a.ladder : 0;
            if (ladder <= p.maxHyphenLadder) {
              let d = (p.linePenalty + bad) ** 2;
              if (pen > 0) d += pen * pen;
              else if (pen > -INF) d -= pen * pen;
              if (isFlag && a.flagged) d += p.doubleHyphenDemerits;
              const fit = hasFil ? 1 : fitnessOf(r);
              if (Math.abs(fit - a.fitness) > 1) d += p.adjDemerits;
              if (forced && b === n - 1) {
                if (a.flagged) d += p.finalHyphenDemerits;
                if (p.shortLastDemerits && w < p.shortLastLine * p.measure && a.line > 0) d += p.shortLastDemerits;
              }
              d += a.demerits;
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
        const a = deactivatedBest ?? lastDeactivated ?? active[0];
        if (a) {
          const k = 1 * (p.maxHyphenLadder + 2);
          best[k] = a;
          bestD[k] = a.demerits + INF;
          bestR[k] = -1;
          anyCandidate = true;
        }
      }
      if (anyCandidate) {
        // Totals after the break: skip glue and penalties that would start the next line.
        let tw = sumW + 0;
        let ty = sumY;
        let tz = sumZ;
        let j = b;
        if (t === GLUE) {
          tw += width[b];
          ty += stretch[b];
          tz += shrink[b];
        }
        for (j = b + 1; j < n && type[j] !== BOX; j++) {
          if (type[j] === PENALTY && penalty[j] <= -INF && j !== b) break;
          if (type[j] === GLUE) {
            tw += width[j];
            ty += stretch[j];
            tz += shrink[j];
          }
        }
        const fAfter = filBefore[Math.min(j, n)];
        let minD = Infinity;
        for (let k = 0; k < NC; k++) if (bestD[k] < minD) minD = bestD[k];
        for (let k = 0; k < NC; k++) {
          const a = best[k];
          if (!a || bestD[k] > minD + p.adjDemerits) continue;
          const node: Node = {
            pos: b,
            line: a.line + 1,
            fitness: Math.floor(k / (p.maxHyphenLadder + 2)),
            ladder: k % (p.maxHyphenLadder + 2),
            flagged: isFlag,
            totalW: tw,
            totalY: ty,
            totalZ: tz,
            totalF: fAfter,
            protL: j < n && type[j] === BOX ? protrude[j] : 0,
            demerits: bestD[k],
            ratio: bestR[k],
            prev: a,
          };
          next[nextCount++] = node;
        }
      }
      spare = active;
      active = next;
      activeCount = nextCount;
      if (activeCount === 0) return null;
    }
    if (t === GLUE) {
      sumW += width[b];
      sumY += stretch[b];
      sumZ += shrink[b];
    }
  }
  // The last item is the forced final break: pick the cheapest node that ends there.
  let end: Node | null = null;
  for (let ai = 0; ai < activeCount; ai++) {
    const a = active[ai];
    if (a.pos === n - 1 && (!end || a.demerits < end.demerits)) end = a;
  }
  if (!end) return null;
  const out: Breakpoint[] = [];
  for (let a: Node | null = end; a && a.pos >= 0; a = a.prev) out.push({ pos: a.pos, ratio: a.ratio });
  return out.reverse();
}
