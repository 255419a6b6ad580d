import { activeWasm, releaseWasmMemory } from './backend.ts';
import { pixelShuffleInfo } from './params.ts';
import type { Tensor } from './tensor.ts';
import { pixelShuffleWasm } from './wasm-resize.ts';

/**
 * PyTorch `F.pixel_shuffle(x, r)` (ONNX DepthToSpace, mode CRD): `[N, C·r², H, W] → [N, C, H·r, W·r]`,
 * out[n, c, h·r + i, w·r + j] = x[n, c·r² + i·r + j, h, w]. The "sub-pixel convolution" upsampler.
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  const { r, outShape } = pixelShuffleInfo(input, upscaleFactor);
  const [n, c, oh, ow] = outShape;
  const h = oh / r;
  const w = ow / r;
  const x = input.data;
  const wasm = activeWasm();
  if (wasm) {
    const data = pixelShuffleWasm(wasm, x, n, c, h, w, r);
    releaseWasmMemory();
    if (data) return { shape: [...outShape], data };
  }
  const out = new Float32Array(n * c * oh * ow);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < oh; y++) {
        const i = y % r;
        const sy = (y - i) / r;
        for (let xo = 0; xo < ow; xo++) {
          const j = xo % r;
          const sx = (xo - j) / r;
          out[o++] = x[((b * c + ch) * r * r + i * r + j) * h * w + sy * w + sx];
        }
      }
    }
  }
  return { shape: [...outShape], data: out };
}
