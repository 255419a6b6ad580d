import { activeWasm, releaseWasmMemory } from '../backend.ts';
import { assert4D, type Tensor } from '../tensor.ts';
import { reluBackwardWasm, reluWasm } from '../wasm-relu.ts';
import { checkGradOutput } from './check.ts';

/**
 * ReLU, `max(x, 0)` element-wise, NaN passing through as in PyTorch (`torch.relu(nan)` is nan). x: `[N, C, H, W]`.
 * Runs on the branch-free wasm kernel when loaded (wasm/relu.ts), else on `reluJs`; both give the same bits.
 */
export function relu(input: Tensor): Tensor {
  assert4D(input, 'input');
  const wasm = activeWasm();
  const fast = wasm ? reluWasm(wasm, input.data) : null;
  if (wasm) releaseWasmMemory();
  return { shape: [...input.shape], data: fast ?? reluJs(input.data) };
}

export function reluJs(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v > 0 || Number.isNaN(v) ? v : 0;
  }
  return out;
}

/**
 * Backward pass of ReLU: ∂L/∂x = ∂L/∂y where x > 0, else 0 — PyTorch's `threshold_backward`, which gives
 * 0 at exactly x = 0 (the subgradient PyTorch chose). Wasm or `reluBackwardJs`, as `relu`.
 */
export function reluBackward(input: Tensor, gradOutput: Tensor): Tensor {
  assert4D(input, 'input');
  checkGradOutput(gradOutput, input.shape, 'relu');
  const wasm = activeWasm();
  const fast = wasm ? reluBackwardWasm(wasm, input.data, gradOutput.data) : null;
  if (wasm) releaseWasmMemory();
  return { shape: [...input.shape], data: fast ?? reluBackwardJs(input.data, gradOutput.data) };
}

export function reluBackwardJs(x: Float32Array, g: Float32Array): Float32Array {
  const dx = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? g[i] : 0;
  return dx;
}
