import { ParamError } from '../param-error.ts';
import type { Tensor } from '../tensor.ts';
import { checkClassTargets, checkSameShape } from './check.ts';

export interface LossResult {
  /** The scalar loss (float64). */
  loss: number;
  /** ∂loss/∂prediction, same shape as the prediction. */
  grad: Tensor;
}

/**
 * Mean squared error, PyTorch `F.mse_loss(prediction, target)` with reduction 'mean':
 * loss = Σ (p − t)² / count, ∂loss/∂p = 2·(p − t) / count. Both tensors `[N, C, H, W]`.
 */
export function mseLoss(prediction: Tensor, target: Tensor): LossResult {
  checkSameShape(prediction, target, 'mseLoss');
  const p = prediction.data;
  const t = target.data;
  const count = p.length;
  if (count === 0) throw new ParamError('prediction', 'mseLoss of an empty tensor is undefined');
  const grad = new Float32Array(count);
  let s = 0;
  for (let i = 0; i < count; i++) {
    const d = p[i] - t[i];
    s += d * d;
    grad[i] = (2 * d) / count;
  }
  return { loss: s / count, grad: { shape: [...prediction.shape], data: grad } };
}

/**
 * Cross-entropy from logits, PyTorch `F.cross_entropy(logits, targets)` with reduction 'mean':
 * loss = mean over (n, h, w) of −log softmax(logits[n, :, h, w])[target], computed with the max subtracted
 * so large logits do not overflow; ∂loss/∂logits = (softmax − one_hot(target)) / (N·H·W).
 * logits: `[N, C, H, W]` (use H = W = 1 for plain classification), targets: N·H·W class indices.
 */
export function crossEntropyLoss(logits: Tensor, targets: Int32Array): LossResult {
  checkClassTargets(logits, targets);
  const [n, c, h, w] = logits.shape;
  const plane = h * w;
  const count = n * plane;
  const z = logits.data;
  const grad = new Float32Array(z.length);
  let total = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < plane; i++) {
      const base = b * c * plane + i;
      let max = -Infinity;
      for (let k = 0; k < c; k++) max = Math.max(max, z[base + k * plane]);
      let sum = 0;
      for (let k = 0; k < c; k++) sum += Math.exp(z[base + k * plane] - max);
      const logSum = Math.log(sum) + max;
      const target = targets[b * plane + i];
      total += logSum - z[base + target * plane];
      for (let k = 0; k < c; k++) {
        const softmax = Math.exp(z[base + k * plane] - logSum);
        grad[base + k * plane] = (softmax - (k === target ? 1 : 0)) / count;
      }
    }
  }
  return { loss: total / count, grad: { shape: [...logits.shape], data: grad } };
}
