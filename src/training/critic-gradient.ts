/**
 * The other half of the checkerboard story (Odena et al. 2016, "Deconvolution and Checkerboard Artifacts"):
 * a strided convolution's backward pass is a transposed convolution, so a critic made of strided convs — a GAN
 * discriminator, a perceptual loss — sends back gradients with a stride-periodic pattern even when the image it
 * looks at is smooth. The generator is then trained *towards* checkerboards.
 *
 * The critic here: Conv(1→C, k, stride s) · ReLU · Conv(C→C, k, stride s) · ReLU · mean, scored as Σ r_c·mean_c with
 * fixed random r. Its gradient with respect to the image comes from our backward kernels.
 */
import type { Tensor } from '../kernels/tensor.ts';
import { batchArtifactScore } from './checkerboard.ts';
import { Conv2dLayer, GlobalAvgPoolLayer, param, ReluLayer, Sequential } from './layers.ts';
import { convBias, convWeight } from './init.ts';
import { Rng } from '../util/random.ts';

export interface CriticConfig {
  kernel: number;
  stride: number;
  channels: number;
  seed: number;
}

export interface CriticGradient {
  /** ∂score/∂image, `[1, 1, H, W]`. */
  gradient: Tensor;
  /** Its checkerboard score at `period`. */
  score: number;
  /** stride² for a strided critic (two strided layers); 4 for stride 1, so the two critics are measured alike. */
  period: number;
  /** The same measured on a stride-1 critic with the same kernel size, for comparison. */
  stride1Score: number;
}

/** Padding ⌊(k − 1)/2⌋ as a typical discriminator layer (k3 p1, k4 p1). */
function critic(cfg: CriticConfig): { net: Sequential; readout: Float32Array } {
  const rng = new Rng(cfg.seed);
  const pad = Math.floor((cfg.kernel - 1) / 2);
  const layer = (name: string, cin: number) => {
    const shape = [cfg.channels, cin, cfg.kernel, cfg.kernel];
    return new Conv2dLayer(`Conv2d ${cin}→${cfg.channels} k${cfg.kernel} s${cfg.stride}`, param(`${name}.weight`, shape, convWeight(rng, shape, 'he')),
      param(`${name}.bias`, [cfg.channels], convBias(rng, shape, cfg.channels)), { stride: cfg.stride, padding: pad });
  };
  const net = new Sequential([layer('c1', 1), new ReluLayer(), layer('c2', cfg.channels), new ReluLayer(), new GlobalAvgPoolLayer()]);
  return { net, readout: rng.normalArray(cfg.channels, 1) };
}

function gradientOf(cfg: CriticConfig, image: Tensor): Tensor {
  const { net, readout } = critic(cfg);
  const pooled = net.forward(image, false);
  const g: Tensor = { shape: pooled.shape, data: Float32Array.from(readout) };
  return net.backward(g);
}

/** The gradient a strided-conv critic sends back to a single-channel image `[1, 1, H, W]`. */
export function criticGradient(cfg: CriticConfig, image: Tensor): CriticGradient {
  const gradient = gradientOf(cfg, image);
  const period = Math.max(cfg.stride, 2) ** 2;
  return {
    gradient,
    period,
    score: batchArtifactScore(gradient, period),
    stride1Score: batchArtifactScore(gradientOf({ ...cfg, stride: 1 }, image), period),
  };
}
