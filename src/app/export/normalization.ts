import type { NormalizationSnapshot } from '../../explorers/types.ts';
import { float32Text } from './numbers.ts';

type NormSnapshot = NormalizationSnapshot;

/**
 * The normalization page's layer as a PyTorch script: nn.BatchNorm2d (training mode), nn.LayerNorm over
 * [C, H, W], nn.InstanceNorm2d, nn.GroupNorm — and RMSNorm written out from its definition, which runs on any
 * PyTorch (nn.RMSNorm needs 2.4+). Per-channel γ, β are repeated over H, W where the layer has one per element.
 */
export function normalizationSnippet(s: NormSnapshot, head: string[], literal: (data: Float32Array, shape: readonly number[]) => string): string {
  const [, c, h, w] = s.input.shape;
  const eps = float32Text(s.eps);
  const affine = s.weight !== null ? 'True' : 'False';
  const indent = (text: string) => text.replace(/\n/g, '\n    ');
  const t = (x: { data: Float32Array; shape: readonly number[] }) => literal(x.data, x.shape);
  const perElement = (v: Float32Array) => `${indent(literal(v, [c, 1, 1]))}.expand(${c}, ${h}, ${w})`;
  const lines = [...head];
  const copy = (withBias: boolean, element: boolean) => {
    if (!s.weight) return;
    lines.push('with torch.no_grad():', `    layer.weight.copy_(${element ? perElement(s.weight) : indent(literal(s.weight, [c]))})`);
    if (withBias && s.bias) lines.push(`    layer.bias.copy_(${element ? perElement(s.bias) : indent(literal(s.bias, [c]))})`);
  };
  switch (s.norm) {
    case 'bn':
      lines.push(`layer = nn.BatchNorm2d(${c}, eps=${eps}, affine=${affine})`, 'layer.train(True)  # batch statistics');
      copy(true, false);
      break;
    case 'ln':
      lines.push(`layer = nn.LayerNorm([${c}, ${h}, ${w}], eps=${eps}, elementwise_affine=${affine})`);
      copy(true, true);
      break;
    case 'in':
      lines.push(`layer = nn.InstanceNorm2d(${c}, eps=${eps}, affine=${affine})`);
      copy(true, false);
      break;
    case 'gn':
      lines.push(`layer = nn.GroupNorm(${s.numGroups}, ${c}, eps=${eps}, affine=${affine})`);
      copy(true, false);
      break;
    case 'rms':
      lines.push(
        '# RMSNorm by its definition (nn.RMSNorm in PyTorch 2.4+ computes the same): no mean subtraction, no bias.',
        'def layer(x):',
        `    y = x * torch.rsqrt(x.pow(2).mean(dim=(1, 2, 3), keepdim=True) + ${eps})`,
        s.weight ? `    return y * ${perElement(s.weight).replace(/\n {4}/g, '\n        ')}` : '    return y',
      );
      break;
  }
  lines.push('', `x = ${t(s.input)}`, '', 'with torch.no_grad():', '    y = layer(x)', '', `expected = ${t(s.output)}`,
    'print(tuple(y.shape), "max |diff| vs Layer Lab:", (y - expected).abs().max().item())',
    'assert torch.allclose(y, expected, atol=1e-4, rtol=1e-4)', '');
  return lines.join('\n');
}

/** The layer as a one-node .onnx with its parameters as initializers (BatchNorm as a training-mode node). */
export async function normalizationOnnx(s: NormSnapshot): Promise<Uint8Array> {
  const b = await import('../../onnx/builder.ts');
  const [, c, h, w] = s.input.shape;
  const each = (v: Float32Array | null) => (v ? Float32Array.from({ length: c * h * w }, (_, i) => v[Math.floor(i / (h * w))]) : null);
  const normalizedShape = [c, h, w];
  const { weight, bias, eps, input } = s;
  switch (s.norm) {
    case 'bn': return b.buildBatchNormModel(input, { training: true, eps, weight: weight ?? undefined, bias: bias ?? undefined }, 'initializers').bytes;
    case 'ln': return b.buildLayerNormModel(input, { normalizedShape, eps, weight: each(weight), bias: each(bias) }, 'initializers').bytes;
    case 'in': return b.buildInstanceNormModel(input, { eps, weight, bias }, 'initializers').bytes;
    case 'gn': return b.buildGroupNormModel(input, { numGroups: s.numGroups, eps, weight, bias }, 'initializers').bytes;
    case 'rms': return b.buildRmsNormModel(input, { normalizedShape, eps, weight: each(weight) }, 'initializers').bytes;
  }
}
