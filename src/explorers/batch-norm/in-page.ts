/**
 * Batch-norm repaint passes in the page (../runtime/in-page-cost.ts): a new batch, eps, mode or momentum at the
 * default sizes is a 'first' pass far shorter than the round trip through the worker (the slider's own frame, the
 * worker, the message, a second frame). Passes
 * predicted to block the page longer than BUDGET_MS — large batches, many replayed training steps — still go to
 * the worker, and the slow analyses are never made here: the page's computer takes them from the last 'full' pass
 * (`takeAnalysesFrom`), so a change that needs new ones leaves them pending for the analyses worker, as a worker's
 * 'first' pass does.
 */
import { BUDGET_MS, createCostModel, type InPagePlan } from '../runtime/in-page-cost.ts';
import { sameValue } from '../runtime/same-state.ts';
import { BnComputer, type BnResults, type ComputeEnv } from './compute.ts';
import { CHANNELS, type BnState } from './schema.ts';
import { TARGET_BATCHES } from './results.ts';

/**
 * Work units of a 'first' pass, fitted to Node timings over the controls' range (N 1–32, maps 8–48, both sources,
 * up to 10 replayed steps): one unit per value of the batch (N·C·H·W) for normalising it twice, γ/β, statistics and
 * the folding demo (on the same batch), plus the batches drawn — the shown one, and the training steps the running
 * statistics replay (a new batch's folding demo waits for the 'full' pass).
 * Node: ≈ 0.065 µs a unit (1.2–1.5 ms at the defaults with no new batch, 85 ms for 32×4×48×48 with 10 replays).
 * The fixed part is the browser's: a pass over a 2×4×8×8 batch takes ≈ 1 ms there (0.1 ms in Node), and counted
 * per value it would make every larger batch look far too slow.
 */
const FIXED_UNITS = 10_000;
/** A new shown batch per value: photo crops (their features precomputed) or correlated normal samples, and statistics. */
const VIEW_DRAW = { photos: 0.4, synthetic: 1.1 };
/** One replayed training step per value: a batch drawn and its statistics. */
const TRACE_DRAW = { photos: 0.3, synthetic: 1.2 };
/** Re-making the shifted photographs (six 256-pixel images, ≈ 1.7 ms in Node). */
const PHOTO_POOL_UNITS = 25_000;
/** Cost per unit before the page timed a pass: 3× Node's (a page's first passes run cold). */
const FIRST_GUESS_MS_PER_UNIT = 2e-4;

/** Keys that change the batch on show. */
const BATCH_KEYS = ['source', 'n', 'size', 'seed', 'batch', 'means', 'stds', 'corr', 'shift'] as const;
/** Keys the running statistics' replay is keyed on (compute.ts): a change replays every training step. */
const TRACE_KEYS = ['source', 'n', 'size', 'seed', 'means', 'stds', 'corr', 'momentum'] as const;

const differs = (a: BnState, b: BnState, keys: readonly (keyof BnState)[]): boolean => keys.some((k) => !sameValue(a[k], b[k]));

/**
 * What the 'first' pass for `s` costs a computer whose last pass was for `cached` (its batch and replayed steps are
 * kept; null: nothing yet).
 */
export function work(s: BnState, cached: BnState | null): number {
  const values = s.n * CHANNELS * s.size * s.size;
  const photos = s.source === 'photos' || s.source === 'own';
  const kind = photos ? 'photos' : 'synthetic';
  let replays: number;
  if (!cached || differs(s, cached, TRACE_KEYS)) replays = s.steps + s.shiftSteps;
  else {
    replays = Math.max(0, s.steps - cached.steps); // fewer steps: the longer replay is cut
    if (s.shiftSteps > 0) {
      const restart = s.steps !== cached.steps || s.shift !== cached.shift;
      replays += restart ? s.shiftSteps : Math.max(0, s.shiftSteps - cached.shiftSteps);
    }
  }
  // The first shifted distribution's target: there is no earlier one to leave pending.
  if (s.shift > 0 && (!cached || cached.shift === 0)) replays += TARGET_BATCHES;
  const viewDraw = !cached || differs(s, cached, BATCH_KEYS) ? VIEW_DRAW[kind] : 0;
  const pool = photos && (!cached || s.shift !== cached.shift || s.source !== cached.source) ? PHOTO_POOL_UNITS : 0;
  return FIXED_UNITS + pool + values * (1 + viewDraw + TRACE_DRAW[kind] * replays);
}

/** The page's own batch-norm computer, with the cost model that decides when to use it. */
export interface PageCompute {
  /** Where the 'first' pass for `state` should run. */
  plan(state: BnState): InPagePlan;
  /**
   * A 'first' pass for `state` in the page, timed (and counted in the estimate unless `count` is false: a cold
   * warm-up pass); the slow analyses come from `full`, the last 'full' pass.
   */
  compute(state: BnState, env: ComputeEnv, full: BnResults, count?: boolean): { results: BnResults; ms: number };
  /**
   * The worker's 'first' pass for `state` took `ms` (its computer's last pass was the one sent before): quick ones
   * bring passes back to a page that once ran slow (in-page-cost.ts).
   */
  recordWorker(state: BnState, ms: number): void;
  /** `state` went to the worker: what its computer's next pass starts from. */
  sentToWorker(state: BnState): void;
  /** New pictures: neither computer has anything cached for them. */
  inputsChanged(): void;
}

export function createPageCompute(budgetMs = BUDGET_MS): PageCompute {
  const computer = new BnComputer();
  const cost = createCostModel(FIRST_GUESS_MS_PER_UNIT);
  /** The state each computer's last pass was for. */
  let pageLast: BnState | null = null;
  let workerLast: BnState | null = null;
  let workerBefore: BnState | null = null;
  return {
    plan(state) {
      const estimateMs = cost.estimateMs(work(state, pageLast));
      return { estimateMs, here: estimateMs <= budgetMs };
    },
    compute(state, env, full, count = true) {
      const units = work(state, pageLast);
      const start = performance.now();
      computer.takeAnalysesFrom(full);
      pageLast = state;
      const results = computer.compute(state, { ...env, kernelsReady: true }, 'first');
      const ms = performance.now() - start;
      if (count) cost.record(units, ms);
      return { results, ms };
    },
    sentToWorker(state) {
      workerBefore = workerLast;
      workerLast = state;
    },
    recordWorker(state, ms) {
      if (state === workerLast) cost.recordWorker(work(state, workerBefore), ms);
    },
    inputsChanged() {
      pageLast = workerLast = workerBefore = null;
    },
  };
}
