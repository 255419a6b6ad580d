import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizationSnapshot } from '../../explorers/types.ts';
import { runNorms, affineParams } from '../../explorers/normalization/compute.ts';
import { NORMS } from '../../explorers/normalization/schema.ts';
import { decodeModel } from '../../onnx/decode.ts';
import { pytorchSnippet } from './pytorch.ts';
import { normalizationOnnx } from './normalization.ts';

const x = { shape: [2, 4, 2, 3], data: Float32Array.from({ length: 48 }, (_, i) => Math.sin(i * 0.7) * 2 + 0.3) };
const snap = (norm: (typeof NORMS)[number], affine: boolean): NormalizationSnapshot => {
  const p = affine ? affineParams(4) : null;
  return { kind: 'Normalization', norm, numChannels: 4, numGroups: 2, eps: 1e-5, weight: p?.weight ?? null, bias: p?.bias ?? null, input: x, output: runNorms(x, 2, 1e-5, p)[norm] };
};
const python = ['/usr/bin/python3', 'python3'].find((exe) => spawnSync(exe, ['-c', 'import sys']).status === 0) ?? null;
const LAYER = { bn: 'nn.BatchNorm2d(4, eps=0.00001, affine=True)', ln: 'nn.LayerNorm([4, 2, 3], eps=0.00001, elementwise_affine=True)', in: 'nn.InstanceNorm2d(4, eps=0.00001, affine=True)', gn: 'nn.GroupNorm(2, 4, eps=0.00001, affine=True)', rms: 'def layer(x):' };

describe('the normalization page’s exports', () => {
  it.each(NORMS)('%s: the PyTorch script builds the layer and carries the input and output', (norm) => {
    const text = pytorchSnippet(snap(norm, true));
    expect(text).toContain(LAYER[norm].replace('0.00001', text.match(/eps=([^,)]+)/)?.[1] ?? '1e-5'));
    expect(text).toContain('assert torch.allclose(y, expected');
    if (norm === 'rms') expect(text).toContain('torch.rsqrt(x.pow(2).mean(dim=(1, 2, 3), keepdim=True)');
    expect(pytorchSnippet(snap(norm, false))).not.toContain('copy_');
  });

  it.skipIf(python === null)('the scripts are syntactically valid Python', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-py-'));
    for (const norm of NORMS) {
      for (const affine of [false, true]) {
        const file = join(dir, `${norm}${affine}.py`);
        writeFileSync(file, pytorchSnippet(snap(norm, affine)));
        execFileSync(python!, ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read())', file]);
      }
    }
  });

  it.each(NORMS)('%s: the .onnx holds one node of the matching op', async (norm) => {
    const model = decodeModel(await normalizationOnnx(snap(norm, true)));
    const ops = { bn: 'BatchNormalization', ln: 'LayerNormalization', in: 'InstanceNormalization', gn: 'GroupNormalization', rms: 'RMSNormalization' };
    expect(model.graph.nodes.map((n) => n.opType)).toEqual([ops[norm]]);
  });
});
