import { ParamError } from '../param-error.ts';
import { assert4D, assertRank, type Tensor } from '../tensor.ts';
import { sum } from '../moments.ts';

/**
 * The one check that only backward passes need: the incoming gradient must have exactly the shape the
 * forward op produced (PyTorch autograd raises "Mismatch in shape" for the same mistake). Forward parameters
 * themselves are validated by the `*Info` functions in `params.ts`, which every backward kernel calls first.
 */
export function checkGradOutput(gradOutput: Tensor, expected: readonly number[], op: string, layout = '[N, C, H, W]'): void {
  assertRank(gradOutput, 'gradOutput', layout);
  if (gradOutput.shape.some((d, i) => d !== expected[i])) {
    throw new ParamError(
      'gradOutput',
      `gradOutput has shape [${gradOutput.shape.join(', ')}] but ${op} produced [${expected.join(', ')}]`,
    );
  }
}

/** Sum of each channel of an NCHW gradient: the gradient of a per-channel bias. Accumulated in float64. */
export function channelSums(t: Tensor): Float32Array {
  const [n, c, h, w] = t.shape;
  const plane = h * w;
  const out = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let b = 0; b < n; b++) s += sum(t.data, (b * c + ch) * plane, plane);
    out[ch] = s;
  }
  return out;
}

/** Check a loss's prediction/target pair: both well-formed, same shape, finite targets. */
export function checkSameShape(prediction: Tensor, target: Tensor, op: string): void {
  assert4D(prediction, 'prediction');
  assert4D(target, 'target');
  if (prediction.shape.some((d, i) => d !== target.shape[i])) {
    throw new ParamError(
      'target',
      `${op}: target shape [${target.shape.join(', ')}] does not match prediction shape [${prediction.shape.join(', ')}]`,
    );
  }
}

/**
 * Check class targets for cross-entropy over logits `[N, C, H, W]`: one integer in [0, C) per (n, h, w)
 * (PyTorch's `nll_loss` raises "Target … is out of bounds" for the same mistake).
 */
export function checkClassTargets(logits: Tensor, targets: Int32Array): void {
  const [n, c, h, w] = assert4D(logits, 'logits');
  if (c < 1) throw new ParamError('logits', 'crossEntropy needs at least one class (logits shape [N, C, H, W] with C ≥ 1)');
  if (!(targets instanceof Int32Array)) throw new ParamError('targets', 'targets must be an Int32Array of class indices');
  if (targets.length !== n * h * w) {
    throw new ParamError('targets', `targets has ${targets.length} entries but logits [${logits.shape.join(', ')}] need N·H·W = ${n * h * w}`);
  }
  if (n * h * w === 0) throw new ParamError('logits', 'crossEntropy of an empty batch is undefined (N·H·W = 0)');
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] < 0 || targets[i] >= c) {
      throw new ParamError('targets', `target ${targets[i]} at position ${i} is out of bounds (classes 0…${c - 1})`);
    }
  }
}
