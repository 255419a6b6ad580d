/**
 * When a repaint pass is cheap enough to compute in the page, inside the input event's own task, instead of in the
 * worker. In the page, the moved control and the new result reach the screen in one frame; through the worker the
 * browser paints the control first and the result a frame or two later (in Chromium on a 2-core machine with a
 * software rasteriser: ≈ 45 ms per move through the worker at the default sizes, the compute itself < 1 ms).
 * A pass that would block the page longer than BUDGET_MS goes to the worker, as before.
 *
 * The cost is predicted from the layer's size in `work` units (multiply-adds and output elements, what a pass
 * scales with) times the recent cost per unit: the median of the last few passes, so one slow pass (a garbage
 * collection, say) does not move it. Passes count wherever they ran: once the page has sent passes to the worker,
 * the worker's timings are what can bring them back (they run slower than the page's here, so they err towards the
 * worker).
 */
import type { ConvTransposeState } from './schema.ts';

/** Longest predicted in-page pass (ms): blocking the page for this long costs less than a worker round trip. */
export const BUDGET_MS = 10;
/** Cost per unit before the page timed a pass: 3× Node's (a page's first passes run cold). */
const FIRST_GUESS_MS_PER_UNIT = 5e-5;
/** How many recent passes the estimate looks at. */
const WINDOW = 5;

/**
 * A pass's time in work units: a fixed part, multiply-adds and output elements. Fitted to Node timings of 'first'
 * passes over the controls' range (1 to 4 channels, 8 to 24 pixels, kernels up to 7, strides up to 4): 10–30 ns a
 * unit, from 0.1 ms at the defaults to 7–19 ms for the largest layer (this machine's runs differ by up to 2.5×).
 */
const FIXED_UNITS = 5_000;
const GATHER_SPEEDUP = 8;

/**
 * What a repaint pass's time scales with: the multiply-adds of the ways it runs the layer and its output elements.
 * (The not-inverse panel's least-squares solve and the shoot-out are left to the 'full' pass.)
 */
export function work(s: ConvTransposeState): number {
  const outPerGroup = Math.max(1, Math.ceil(s.cout / s.groups));
  const taps = s.cin * outPerGroup * s.kH * s.kW;
  const outH = (s.inH - 1) * s.sH + s.dH * (s.kH - 1) + 1;
  const outW = (s.inW - 1) * s.sW + s.dW * (s.kW - 1) + 1;
  // Scatter: every input pixel × taps. Gather (zero insertion): every output pixel × taps — stride² times more
  // multiply-adds, but in the vectorised conv2d kernel, ≈ GATHER_SPEEDUP times faster each.
  return FIXED_UNITS + taps * s.inH * s.inW + (taps * outH * outW) / GATHER_SPEEDUP + s.cout * outH * outW;
}

export interface InPagePlan {
  /** The predicted in-page time of the state's repaint pass (ms). */
  estimateMs: number;
  /** Compute it in the page. An imported .onnx node's size is not in the state: never. */
  here: boolean;
}

export interface InPagePolicy {
  /** Where this state's repaint pass should run, and why. */
  plan(state: ConvTransposeState): InPagePlan;
  /** A repaint ('first') pass of `state` took `ms`, wherever it ran. */
  record(state: ConvTransposeState, ms: number): void;
}

export function createInPagePolicy(budgetMs = BUDGET_MS): InPagePolicy {
  const recent: number[] = [];
  const msPerUnit = (): number => {
    if (recent.length === 0) return FIRST_GUESS_MS_PER_UNIT;
    const sorted = [...recent].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  return {
    plan(state) {
      const estimateMs = work(state) * msPerUnit();
      return { estimateMs, here: state.kernel !== 'onnx' && estimateMs <= budgetMs };
    },
    record(state, ms) {
      if (!(ms >= 0) || !Number.isFinite(ms)) return;
      recent.push(ms / work(state));
      if (recent.length > WINDOW) recent.shift();
    },
  };
}
