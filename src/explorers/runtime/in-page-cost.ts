/**
 * Whether a repaint pass is cheap enough to compute in the page, inside the input event's own task, instead of in
 * the explorer's worker. In the page, the moved control and the new result reach the screen in one frame; through
 * the worker the browser paints the control first and the result a frame or two later. A pass predicted to block
 * the page longer than BUDGET_MS goes to the worker.
 *
 * Each explorer measures a pass in its own work units (what its time scales with); this turns units into a time
 * from the recent cost per unit: the second fastest of the last five passes. Slow passes here are hiccups — a
 * garbage collection, fresh memory, another process on a busy machine — that a worker meets as well, so it takes
 * four slow passes in five to send passes to the worker. Once the page has sent passes to the worker, the worker's
 * timings are what can bring them back; but a worker pass counts only if it was quicker than the estimate, so it
 * never sends them away: a worker shares the cores with the page's frames and starts cold, and its first passes
 * (many times a warm one) would otherwise keep passes from a page that never got to try.
 */

/** Longest predicted in-page pass (ms): blocking the page for this long costs less than a worker round trip. */
export const BUDGET_MS = 10;
/** How many recent passes the estimate looks at. */
const WINDOW = 5;

/** Where an explorer's next repaint pass should run. */
export interface InPagePlan {
  /** The predicted in-page time of the pass (ms). */
  estimateMs: number;
  /** Compute it in the page. */
  here: boolean;
}

export interface CostModel {
  /** Predicted time (ms) of a pass of `units` work units. */
  estimateMs(units: number): number;
  /** A pass of `units` work units took `ms` in the page. Impossible timings are ignored. */
  record(units: number, ms: number): void;
  /** A pass of `units` work units took `ms` in the worker: counted only if quicker than the estimate. */
  recordWorker(units: number, ms: number): void;
}

/** @param firstGuessMsPerUnit the cost per unit until a pass has been timed (a page's first passes run cold). */
export function createCostModel(firstGuessMsPerUnit: number): CostModel {
  const recent: number[] = [];
  const msPerUnit = (): number => {
    if (recent.length === 0) return firstGuessMsPerUnit;
    const sorted = [...recent].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 4)];
  };
  const record = (units: number, ms: number): void => {
    if (!(ms >= 0) || !Number.isFinite(ms) || !(units > 0) || !Number.isFinite(units)) return;
    recent.push(ms / units);
    if (recent.length > WINDOW) recent.shift();
  };
  return {
    estimateMs: (units) => units * msPerUnit(),
    record,
    recordWorker(units, ms) {
      if (ms < units * msPerUnit()) record(units, ms);
    },
  };
}
