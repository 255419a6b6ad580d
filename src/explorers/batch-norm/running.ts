import { batchNorm2d, type Tensor } from '../../kernels/index.ts';

/**
 * Running statistics as BatchNorm2d accumulates them in training mode, one batch per step, with every update
 * made by the kernel (`batchNorm2d(..., {training: true, runningMean, runningVar})`).
 * Entry 0 is the state before any step; entry k the state after k steps.
 */
export interface RunningTrace {
  momentum: number;
  means: Float32Array[];
  vars: Float32Array[];
  /** The batch statistics each step saw (entry k−1 for step k); variance is biased, as the kernel normalises with. */
  batchMeans: Float32Array[];
  batchVars: Float32Array[];
}

/** PyTorch's initial buffers: running_mean = 0, running_var = 1. */
export function initialTrace(channels: number, momentum: number): RunningTrace {
  return {
    momentum,
    means: [new Float32Array(channels)],
    vars: [new Float32Array(channels).fill(1)],
    batchMeans: [],
    batchVars: [],
  };
}

/** Continue from the trace's last state with another trace's start (used to chain "before" and "after the shift"). */
export function traceFrom(last: RunningTrace): RunningTrace {
  const k = last.means.length - 1;
  return { momentum: last.momentum, means: [last.means[k]], vars: [last.vars[k]], batchMeans: [], batchVars: [] };
}

/**
 * Extend `trace` to `steps` steps, drawing batch k with `draw(k)` (k counts from 0 within this trace). Returns a new
 * trace sharing the old entries, so a cached trace can grow step by step without replaying from the start; a
 * shorter request returns a prefix. Throws the kernel's message if a batch cannot be normalised in training mode.
 */
export function extendTrace(trace: RunningTrace, steps: number, draw: (k: number) => Tensor): RunningTrace {
  const have = trace.means.length - 1;
  if (steps <= have) {
    return {
      momentum: trace.momentum,
      means: trace.means.slice(0, steps + 1),
      vars: trace.vars.slice(0, steps + 1),
      batchMeans: trace.batchMeans.slice(0, steps),
      batchVars: trace.batchVars.slice(0, steps),
    };
  }
  const out: RunningTrace = {
    momentum: trace.momentum,
    means: [...trace.means],
    vars: [...trace.vars],
    batchMeans: [...trace.batchMeans],
    batchVars: [...trace.batchVars],
  };
  for (let k = have; k < steps; k++) {
    const r = batchNorm2d(draw(k), {
      training: true,
      momentum: trace.momentum,
      runningMean: out.means[k],
      runningVar: out.vars[k],
    });
    out.means.push(r.runningMean!);
    out.vars.push(r.runningVar!);
    out.batchMeans.push(r.batchMean!);
    out.batchVars.push(r.batchVar!);
  }
  return out;
}

/**
 * What the running statistics converge to: the average over `count` batches of the batch mean and of the
 * *unbiased* batch variance (what the update feeds in). For crops of photographs this is smaller than the variance
 * of all pixels pooled, because differences between batches' means never enter a running variance.
 */
export function expectedRunningStats(draw: (k: number) => Tensor, count: number): { mean: Float64Array; variance: Float64Array } {
  let mean: Float64Array | null = null;
  let variance: Float64Array | null = null;
  for (let k = 0; k < count; k++) {
    const x = draw(k);
    const [N, C, H, W] = x.shape;
    const m = N * H * W;
    const r = batchNorm2d(x, { training: true });
    mean ??= new Float64Array(C);
    variance ??= new Float64Array(C);
    for (let c = 0; c < C; c++) {
      mean[c] += r.batchMean![c] / count;
      variance[c] += (r.batchVar![c] * m) / (m - 1) / count;
    }
  }
  return { mean: mean ?? new Float64Array(0), variance: variance ?? new Float64Array(0) };
}
