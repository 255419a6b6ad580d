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

/** What one network of the race has done so far. */
export interface RacerRun {
  losses: readonly number[];
  diverged: boolean;
  test: { accuracy: number };
}

/** The facts of one run the page's sentences are made of (all from the losses on screen). */
export interface RacerOutcome {
  steps: number;
  /** First step whose loss was not finite; null if none. */
  divergedAt: number | null;
  /** First step at which the 20-step mean loss was below the target; null if never. */
  reachedAt: number | null;
  /** The 20-step mean loss now (NaN once diverged). */
  now: number;
  /** Trained: reached the target and still below it. */
  trained: boolean;
  accuracy: number;
}

/** Steps of the running mean a loss must hold for "reached", the same window as the sweep's. */
export const REACH_WINDOW = 20;

export function racerOutcome(r: RacerRun, target: number): RacerOutcome {
  const firstBad = r.losses.findIndex((x) => !Number.isFinite(x));
  const divergedAt = firstBad >= 0 ? firstBad + 1 : r.diverged ? r.losses.length : null;
  let reachedAt: number | null = null;
  let sum = 0;
  for (let i = 0; i < r.losses.length && Number.isFinite(r.losses[i]); i++) {
    sum += r.losses[i] - (i >= REACH_WINDOW ? r.losses[i - REACH_WINDOW] : 0);
    if (i >= REACH_WINDOW - 1 && sum / REACH_WINDOW < target) {
      reachedAt = i + 1;
      break;
    }
  }
  const now = recentLoss(r);
  return {
    steps: r.losses.length, divergedAt, reachedAt, now,
    trained: divergedAt === null && reachedAt !== null && now < target,
    accuracy: r.test.accuracy,
  };
}

/** One network's outcome in words, with its numbers: "diverged at step 37", "reached … at step 43 (now 0.012) …". */
export function describeOutcome(name: string, o: RacerOutcome, target: number): string {
  const acc = Number.isFinite(o.accuracy) ? `; held-out accuracy ${fmt(100 * o.accuracy)} %` : '';
  if (o.steps === 0 && o.divergedAt === null) return `the ${name} network has not been trained yet`;
  if (o.divergedAt !== null) return `the ${name} network diverged at step ${o.divergedAt} (its loss became NaN/∞)`;
  if (o.reachedAt !== null) {
    return o.now < target
      ? `the ${name} network reached a training loss under ${target} at step ${o.reachedAt} (now ${fmt(o.now)}${acc})`
      : `the ${name} network reached a training loss under ${target} at step ${o.reachedAt} but did not stay there (now ${fmt(o.now)}${acc})`;
  }
  return `the ${name} network has not reached a training loss under ${target} in ${o.steps} steps (now ${fmt(o.now)}, chance is ln 4 ≈ ${fmt(CHANCE_LOSS)}${acc})`;
}

/**
 * What the race on screen shows about "batch norm allows a higher learning rate", in plain words and its own numbers
 * — never a verdict written in advance: at the default rate the plain network sometimes trains, sometimes not.
 */
export function raceClaim(v: { step: number; lr: number; plain: RacerRun; bn: RacerRun }, target: number): string {
  if (v.step === 0) return `Not run yet: press Run or Step. What this run shows will be written here, from its numbers.`;
  const plain = racerOutcome(v.plain, target);
  const bn = racerOutcome(v.bn, target);
  const facts = `After ${v.step} steps at learning rate ${v.lr}: ${describeOutcome('plain', plain, target)}; ${describeOutcome('BN', bn, target)}.`;
  let verdict: string;
  if (bn.trained && !plain.trained) {
    verdict = plain.divergedAt !== null
      ? 'In this run batch norm made this learning rate usable; without it the network blew up.'
      : 'In this run batch norm made this learning rate usable; without it the network has not trained (so far).';
  } else if (bn.trained && plain.trained) {
    const a = bn.reachedAt!;
    const b = plain.reachedAt!;
    verdict = a < b
      ? `Both trained at this rate; the BN network got there ${fmt(b / a, 2)}× sooner.`
      : a > b ? `Both trained at this rate, and the plain network got there first: this run does not show BN allowing a higher rate.`
        : 'Both trained at this rate, equally fast: this run does not show BN allowing a higher rate.';
  } else if (plain.trained) {
    verdict = 'Here the plain network trained and the BN one did not — the opposite of the claim.';
  } else {
    verdict = 'Neither network has trained at this rate (so far).';
  }
  return `${facts} ${verdict}`;
}

/**
 * The artifact-score panel's sentence, from the run on screen: each network's latest score, highest first, as a
 * multiple of the photographs' own score.
 */
export function scoreClaim(step: number, photoScore: number, scores: readonly { label: string; score: number }[]): string {
  const shown = scores.filter((s) => Number.isFinite(s.score));
  if (step === 0 || shown.length === 0 || !(photoScore > 0)) return 'Not run yet: press Run or Step. The scores of this run will be ranked here.';
  const ranked = [...shown].sort((a, b) => b.score - a.score)
    .map((s) => `${s.label} ${fmt(s.score)} (×${fmt(s.score / photoScore, 2)})`);
  const below = shown.filter((s) => s.score <= photoScore).map((s) => s.label);
  return `At step ${step}, highest score first (× the photographs’ ${fmt(photoScore)}): ${ranked.join(', ')}. ` +
    (below.length ? `At or below the photographs’ own score: ${below.join(', ')}.` : 'None is at or below the photographs’ own score yet.');
}
