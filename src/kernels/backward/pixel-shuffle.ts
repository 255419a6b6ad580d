import { activeWasm, releaseWasmMemory } from '../backend.ts';
import { pixelShuffleInfo } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import { pixelUnshuffleWasm } from '../wasm-resize-backward.ts';
import { checkGradOutput } from './check.ts';

/**
 * Backward pass of `pixelShuffle(x, r)`: a pure permutation, so the gradient is the inverse permutation
 * (PyTorch's `pixel_unshuffle`): ∂L/∂x[n, c·r² + i·r + j, h, w] = ∂L/∂y[n, c, h·r + i, w·r + j].
 * x: `[N, C·r², H, W]`, ∂L/∂y: `[N, C, H·r, W·r]`.
 */
export function pixelShuffleBackward(input: Tensor, gradOutput: Tensor, upscaleFactor: number): Tensor {
  const { r, outShape } = pixelShuffleInfo(input, upscaleFactor);
  checkGradOutput(gradOutput, outShape, 'pixelShuffle');
  const [n, c, oh, ow] = outShape;
  const h = oh / r;
  const w = ow / r;
  const g = gradOutput.data;
  const wasm = activeWasm();
  if (wasm) {
    const data = pixelUnshuffleWasm(wasm, g, n, c, h, w, r);
    releaseWasmMemory();
    if (data) return { shape: [...input.shape], data };
  }
  const dx = new Float32Array(input.data.length);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < oh; y++) {
        const i = y % r;
        const sy = (y - i) / r;
        for (let xo = 0; xo < ow; xo++) {
          const j = xo % r;
          const sx = (xo - j) / r;
          dx[((b * c + ch) * r * r + i * r + j) * h * w + sy * w + sx] = g[o++];
        }
      }
    }
  }
  return { shape: [...input.shape], data: dx };
}
