/**
 * Where the transposed-conv explorer computes a repaint pass (../runtime/in-page-cost.ts): in the page when cheap —
 * at the default sizes the compute is far shorter than a worker round trip — otherwise in the worker.
 */
import type { ConvTransposeState } from './schema.ts';
import { BUDGET_MS, createCostModel, type InPagePlan } from '../runtime/in-page-cost.ts';

/** Cost per unit before the page timed a pass: 3× Node's (a page's first passes run cold). */
const FIRST_GUESS_MS_PER_UNIT = 5e-5;

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

export interface InPagePolicy {
  /** Where this state's repaint pass should run, and why (an imported .onnx node's size is not in the state: never here). */
  plan(state: ConvTransposeState): InPagePlan;
  /** A repaint ('first') pass of `state` took `ms` in the page. */
  record(state: ConvTransposeState, ms: number): void;
  /** The worker's repaint pass of `state` took `ms` (counted only if quicker than the estimate: in-page-cost.ts). */
  recordWorker(state: ConvTransposeState, ms: number): void;
}

export function createInPagePolicy(budgetMs = BUDGET_MS): InPagePolicy {
  const cost = createCostModel(FIRST_GUESS_MS_PER_UNIT);
  return {
    plan(state) {
      const estimateMs = cost.estimateMs(work(state));
      return { estimateMs, here: state.kernel !== 'onnx' && estimateMs <= budgetMs };
    },
    record: (state, ms) => cost.record(work(state), ms),
    recordWorker: (state, ms) => cost.recordWorker(work(state), ms),
  };
}
