/**
 * Pure transformations from what the worker sends to what the views draw: the activation-histogram strips,
 * the loss and sweep series. Tested on their own (view-model.test.ts).
 */
import type { Point } from '../../views/line-chart.ts';
import type { GridData } from '../../views/heatmap.ts';
import type { SweepPoint } from '../../training/bn-race.ts';
import { CHANCE_LOSS } from '../../training/bn-race.ts';
import { fmt } from './dom.ts';
import { histogram, type Summary } from '../../training/stats.ts';

export interface ActivationRecord {
  step: number;
  blocks: Summary[];
}

export interface Strip {
  /** rows = value bins (top row = largest values), cols = recorded steps; each column sums to 1. */
  grid: GridData;
  /** Value range of the bins. */
  lo: number;
  hi: number;
  steps: number[];
}

/** Evenly spaced indices (always including the first and the last) when there are more than `max` items. */
export function thin(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (count - 1)) / (max - 1)));
}

/** 99th percentile of the non-zero absolute values of every sample of one block (the strip's value range). */
function robustMax(records: readonly ActivationRecord[], block: number): number {
  const all: number[] = [];
  for (const r of records) for (const v of r.blocks[block]?.sample ?? []) if (Number.isFinite(v) && v !== 0) all.push(Math.abs(v));
  if (all.length === 0) return 1;
  all.sort((a, b) => a - b);
  return Math.max(all[Math.min(all.length - 1, Math.floor(0.99 * all.length))], 1e-6);
}

/**
 * Histogram-over-time of one block's output. ReLU outputs are ≥ 0 and often exactly 0; the zeros are left out
 * (their share is `Summary.zeros`) so that they do not swamp the picture, and bins span (0, hi]. `hi` defaults to
 * this strip's own 99th percentile; pass a shared one to compare two models on one scale.
 */
export function activationStrip(records: readonly ActivationRecord[], block: number, bins = 12, maxCols = 60, hi?: number): Strip {
  const cols = thin(records.length, maxCols);
  const top = hi ?? robustMax(records, block);
  const values = new Float64Array(bins * cols.length);
  cols.forEach((ri, c) => {
    const s = records[ri].blocks[block]?.sample;
    if (!s) return;
    const nonzero = s.filter((v) => v !== 0);
    if (nonzero.length === 0) return;
    const counts = histogram(nonzero, bins, 0, top);
    for (let b = 0; b < bins; b++) values[(bins - 1 - b) * cols.length + c] = counts[b] / nonzero.length;
  });
  return { grid: { values, rows: bins, cols: cols.length }, lo: 0, hi: top, steps: cols.map((i) => records[i].step) };
}

export function stdSeries(records: readonly ActivationRecord[], block: number): Point[] {
  return records.filter((r) => r.blocks[block]).map((r) => [r.step, r.blocks[block].std] as const);
}

/** std now / std at the first record (NaN when unavailable). */
export function stdRatio(records: readonly ActivationRecord[], block: number): number {
  if (records.length < 2) return NaN;
  const a = records[0].blocks[block]?.std;
  const b = records[records.length - 1].blocks[block]?.std;
  return a && b !== undefined ? b / a : NaN;
}

/** Loss curve points, averaged over windows of `every` steps (a readable curve from noisy minibatch losses). */
export function smoothedLoss(losses: readonly number[], every: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + every <= losses.length; i += every) {
    let s = 0;
    for (let j = i; j < i + every; j++) s += losses[j];
    out.push([i + every, s / every]);
  }
  return out;
}

/** Where a diverged run is drawn on the final-loss chart (above every finite value). */
export const DIVERGED_Y = 10;

export function sweepSeries(points: readonly SweepPoint[], which: 'plain' | 'bn'): { line: Point[]; diverged: Point[] } {
  const line: Point[] = [];
  const diverged: Point[] = [];
  for (const p of [...points].sort((a, b) => a.lr - b.lr)) {
    const v = p.finalLoss[which];
    if (Number.isFinite(v)) line.push([p.lr, Math.min(v, DIVERGED_Y)]);
    else diverged.push([p.lr, DIVERGED_Y]);
  }
  return { line, diverged };
}

/** The largest learning rate in the sweep at which a model reached the target loss (null if none). */
export function largestWorkingLr(points: readonly SweepPoint[], which: 'plain' | 'bn'): number | null {
  let best: number | null = null;
  for (const p of points) if (p.stepsToTarget[which] !== null && (best === null || p.lr > best)) best = p.lr;
  return best;
}

/** Mean of the last (up to) 20 training losses; NaN once diverged (or before the first step). */
export function recentLoss(r: { losses: readonly number[] }): number {
  const tail = r.losses.slice(-20);
  if (tail.length === 0) return NaN;
  return tail.some((x) => !Number.isFinite(x)) ? NaN : tail.reduce((a, b) => a + b, 0) / tail.length;
}

/** One racer's line in the race readout: not trained yet, diverged, stalled near chance, or its recent loss. */
export function raceVerdict(r: { losses: readonly number[]; diverged: boolean }): string {
  if (r.losses.length === 0 && !r.diverged) return 'not trained yet (Step or Run)';
  const l = recentLoss(r);
  if (r.diverged || Number.isNaN(l)) return 'diverged (loss became NaN/∞)';
  if (r.losses.length >= 40 && l > 0.9 * CHANCE_LOSS) return `stalled near chance (ln 4 = ${fmt(CHANCE_LOSS)})`;
  return `loss ${fmt(l)}`;
}
