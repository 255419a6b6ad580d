import { assert4D, type Tensor } from '../tensor.ts';
import { checkGradOutput } from './check.ts';

/** Global average pooling, PyTorch `F.adaptive_avg_pool2d(x, 1)`: `[N, C, H, W] → [N, C, 1, 1]` (float64 sums). */
export function globalAvgPool(input: Tensor): Tensor {
  const [n, c, h, w] = assert4D(input, 'input');
  const plane = h * w;
  const out = new Float32Array(n * c);
  for (let p = 0; p < n * c; p++) {
    let s = 0;
    for (let i = 0; i < plane; i++) s += input.data[p * plane + i];
    out[p] = s / plane;
  }
  return { shape: [n, c, 1, 1], data: out };
}

/** Backward pass of global average pooling: each pixel receives ∂L/∂y of its channel divided by H·W. */
export function globalAvgPoolBackward(input: Tensor, gradOutput: Tensor): Tensor {
  const [n, c, h, w] = assert4D(input, 'input');
  checkGradOutput(gradOutput, [n, c, 1, 1], 'globalAvgPool');
  const plane = h * w;
  const dx = new Float32Array(input.data.length);
  for (let p = 0; p < n * c; p++) dx.fill(gradOutput.data[p] / plane, p * plane, (p + 1) * plane);
  return { shape: [...input.shape], data: dx };
}
