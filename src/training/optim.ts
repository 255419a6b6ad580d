/**
 * Optimisers with torch.optim's update rules, over parameters stored as Float32Arrays. Like PyTorch for float32
 * parameters, the state (momentum buffers, Adam moments) is float32 too; arithmetic happens in double, then rounds.
 */

/** A trainable tensor: its values and the gradient the last backward pass left for it. */
export interface Param {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
  readonly grad: Float32Array;
}

export interface Optimizer {
  /** Apply one update to every parameter from its `grad`. */
  step(params: readonly Param[]): void;
  /** Change the learning rate without resetting the optimiser's state (momentum, moments). */
  setLearningRate(lr: number): void;
}

export interface SgdOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

export interface AdamOptions {
  lr: number;
  betas?: [number, number];
  eps?: number;
  /** L2 penalty added to the gradient, as torch.optim.Adam (not AdamW's decoupled decay). */
  weightDecay?: number;
}

function checkHyper(name: string, v: number, lo: number, hi: number, loOpen = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || (loOpen ? v <= lo : v < lo) || v > hi) {
    throw new Error(`invalid ${name}: ${v} (must be a number in ${loOpen ? '(' : '['}${lo}, ${hi}])`);
  }
}

/**
 * torch.optim.SGD (dampening 0): g ← g + wd·p; buf ← μ·buf + g (buf = g on the first step);
 * p ← p − lr·(nesterov ? g + μ·buf : buf).
 */
export function sgd(opts: SgdOptions): Optimizer {
  let lr = opts.lr;
  const momentum = opts.momentum ?? 0;
  const nesterov = opts.nesterov ?? false;
  const weightDecay = opts.weightDecay ?? 0;
  checkHyper('learning rate', lr, 0, 1e6);
  checkHyper('momentum', momentum, 0, 1);
  checkHyper('weight decay', weightDecay, 0, 1e6);
  if (nesterov && momentum === 0) throw new Error('nesterov momentum needs momentum > 0 (as in torch.optim.SGD)');
  const buffers = new Map<Param, Float32Array>();
  return {
    setLearningRate(v) {
      checkHyper('learning rate', v, 0, 1e6);
      lr = v;
    },
    step(params) {
      for (const p of params) {
        let buf = buffers.get(p);
        const first = buf === undefined;
        if (momentum !== 0 && buf === undefined) {
          buf = new Float32Array(p.data.length);
          buffers.set(p, buf);
        }
        for (let i = 0; i < p.data.length; i++) {
          let g = p.grad[i] + weightDecay * p.data[i];
          if (buf !== undefined) {
            buf[i] = first ? g : momentum * buf[i] + g;
            g = nesterov ? g + momentum * buf[i] : buf[i];
          }
          p.data[i] -= lr * g;
        }
      }
    },
  };
}

/**
 * torch.optim.Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + eps).
 */
export function adam(opts: AdamOptions): Optimizer {
  let lr = opts.lr;
  const [beta1, beta2] = opts.betas ?? [0.9, 0.999];
  const eps = opts.eps ?? 1e-8;
  const weightDecay = opts.weightDecay ?? 0;
  checkHyper('learning rate', lr, 0, 1e6);
  checkHyper('beta1', beta1, 0, 1);
  checkHyper('beta2', beta2, 0, 1);
  if (beta1 >= 1 || beta2 >= 1) throw new Error(`invalid betas: [${beta1}, ${beta2}] (each must be in [0, 1))`);
  checkHyper('eps', eps, 0, 1);
  checkHyper('weight decay', weightDecay, 0, 1e6);
  const state = new Map<Param, { m: Float32Array; v: Float32Array; t: number }>();
  return {
    setLearningRate(v) {
      checkHyper('learning rate', v, 0, 1e6);
      lr = v;
    },
    step(params) {
      for (const p of params) {
        let s = state.get(p);
        if (s === undefined) {
          s = { m: new Float32Array(p.data.length), v: new Float32Array(p.data.length), t: 0 };
          state.set(p, s);
        }
        s.t += 1;
        const stepSize = lr / (1 - beta1 ** s.t);
        const sqrtBc2 = Math.sqrt(1 - beta2 ** s.t);
        for (let i = 0; i < p.data.length; i++) {
          const g = p.grad[i] + weightDecay * p.data[i];
          s.m[i] = beta1 * s.m[i] + (1 - beta1) * g;
          s.v[i] = beta2 * s.v[i] + (1 - beta2) * g * g;
          p.data[i] -= (stepSize * s.m[i]) / (Math.sqrt(s.v[i]) / sqrtBc2 + eps);
        }
      }
    },
  };
}
