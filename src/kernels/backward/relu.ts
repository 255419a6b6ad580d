import { assert4D, type Tensor } from '../tensor.ts';
import { checkGradOutput } from './check.ts';

/** ReLU, `max(x, 0)` element-wise, NaN passing through as in PyTorch (`torch.relu(nan)` is nan). x: `[N, C, H, W]`. */
export function relu(input: Tensor): Tensor {
  assert4D(input, 'input');
  const x = input.data;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v > 0 || Number.isNaN(v) ? v : 0;
  }
  return { shape: [...input.shape], data: out };
}

/**
 * Backward pass of ReLU: ∂L/∂x = ∂L/∂y where x > 0, else 0 — PyTorch's `threshold_backward`, which gives
 * 0 at exactly x = 0 (the subgradient PyTorch chose).
 */
export function reluBackward(input: Tensor, gradOutput: Tensor): Tensor {
  assert4D(input, 'input');
  checkGradOutput(gradOutput, input.shape, 'relu');
  const x = input.data;
  const g = gradOutput.data;
  const dx = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? g[i] : 0;
  return { shape: [...input.shape], data: dx };
}
