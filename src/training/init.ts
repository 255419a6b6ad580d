/**
 * Weight initialisation, seeded. PyTorch's defaults are reproduced exactly in distribution (not in the random
 * stream): Conv2d/ConvTranspose2d weights `kaiming_uniform_(a=√5)`, i.e. U(−1/√fan_in, 1/√fan_in), biases the same
 * bound. fan_in is `size(1)·kH·kW` — for ConvTranspose2d that is Cout/groups·k², PyTorch's well-known quirk.
 */
import type { Rng } from '../util/random.ts';

export type InitScheme = 'pytorch' | 'he';

/** fan_in as torch.nn.init._calculate_fan_in_and_fan_out computes it for a 4-D weight. */
export function fanIn(shape: readonly number[]): number {
  return shape[1] * shape[2] * shape[3];
}

/**
 * A conv weight of `shape`. 'pytorch': the layer's default; 'he': Kaiming normal for ReLU, N(0, 2/fan_in)
 * (He et al. 2015), which keeps activations' variance constant through a plain ReLU stack.
 */
export function convWeight(rng: Rng, shape: readonly number[], scheme: InitScheme): Float32Array {
  const n = shape[0] * shape[1] * shape[2] * shape[3];
  const fan = fanIn(shape);
  return scheme === 'he' ? rng.normalArray(n, Math.sqrt(2 / fan)) : rng.uniformArray(n, 1 / Math.sqrt(fan));
}

export function convBias(rng: Rng, weightShape: readonly number[], channels: number): Float32Array {
  return rng.uniformArray(channels, 1 / Math.sqrt(fanIn(weightShape)));
}

/**
 * ICNR (Aitken et al. 2017, "Checkerboard artifact free sub-pixel convolution"): initialise the conv before a
 * PixelShuffle(r) so that all r² sub-kernels of an output channel are equal — at initialisation the sub-pixel
 * layer is then exactly "conv, then nearest upsampling", free of checkerboards. `weight` is `[C·r², Cin, k, k]`;
 * the sub-kernel of channel c (drawn into slot c·r²) is copied to slots c·r² + 1 … c·r² + r² − 1.
 */
export function icnr(weight: Float32Array, shape: readonly number[], r: number): Float32Array {
  const [outC, inC, kH, kW] = shape;
  const per = inC * kH * kW;
  const out = Float32Array.from(weight);
  for (let c = 0; c < outC / (r * r); c++) {
    const src = c * r * r * per;
    for (let j = 1; j < r * r; j++) out.set(weight.subarray(src, src + per), src + j * per);
  }
  return out;
}
