import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayerSnapshot } from '../../explorers/types.ts';
import { batchNorm2d, convTranspose2d, tensor } from '../../kernels/index.ts';
import { float32Text } from './numbers.ts';
import { pytorchSnippet } from './pytorch.ts';
import { snapshotJson, tensorFromJson } from './json.ts';

function seeded(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648) * 2 - 1;
  }
  return a;
}

function convTSnapshot(padding: [number, number, number, number]): Extract<LayerSnapshot, { kind: 'ConvTranspose2d' }> {
  const input = tensor([1, 2, 3, 4], seeded(24, 1));
  const weight = tensor([2, 3, 3, 2], seeded(36, 2));
  const bias = seeded(3, 3);
  const output = convTranspose2d(input, weight, bias, { stride: [2, 1], padding, outputPadding: [1, 0], dilation: [1, 2] });
  return {
    kind: 'ConvTranspose2d', inChannels: 2, outChannels: 3, kernelSize: [3, 2], stride: [2, 1], padding,
    outputPadding: [1, 0], dilation: [1, 2], groups: 1, weight, bias, input, output,
  };
}

function bnSnapshot(training: boolean): LayerSnapshot {
  const input = tensor([2, 3, 2, 2], seeded(24, 4));
  const weight = Float32Array.of(1.5, -0.25, 2);
  const bias = Float32Array.of(0.1, 0.2, -0.3);
  const runningMean = Float32Array.of(0.05, -0.1, 0.2);
  const runningVar = Float32Array.of(0.9, 1.1, 0.5);
  const r = batchNorm2d(input, { weight, bias, runningMean, runningVar, training, momentum: 0.1, eps: 1e-5 });
  return { kind: 'BatchNorm2d', numFeatures: 3, eps: 1e-5, momentum: 0.1, training, weight, bias, runningMean, runningVar, input, output: r.output };
}

/** Every number in the snippet, read back as float32. */
function numbersIn(text: string): Set<number> {
  return new Set([...text.matchAll(/-?\d+\.?\d*(e[-+]?\d+)?/g)].map((m) => Math.fround(Number(m[0]))));
}

const python = (() => {
  for (const exe of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(exe, ['-c', 'import sys'], { encoding: 'utf8' });
    if (r.status === 0) return exe;
  }
  return null;
})();
const torchAvailable = python !== null && spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

describe('float32Text', () => {
  it('writes the shortest text that reads back as the same float32', () => {
    for (const v of seeded(1000, 9)) expect(Math.fround(Number(float32Text(v)))).toBe(Math.fround(v));
    expect(float32Text(0.1)).toBe('0.1');
    expect(float32Text(NaN)).toBe('nan');
  });
});

describe('pytorchSnippet', () => {
  const cases: [string, LayerSnapshot][] = [
    ['ConvTranspose2d, symmetric padding', convTSnapshot([1, 0, 1, 0])],
    ['ConvTranspose2d, begin/end padding (cropped)', convTSnapshot([0, 1, 2, 0])],
    ['BatchNorm2d, training', bnSnapshot(true)],
    ['BatchNorm2d, eval', bnSnapshot(false)],
  ];

  it.each(cases)('%s carries every weight, input and output value exactly', (_name, snap) => {
    const text = pytorchSnippet(snap);
    const nums = numbersIn(text);
    const arrays = snap.kind === 'ConvTranspose2d'
      ? [snap.weight.data, snap.bias!, snap.input.data, snap.output.data]
      : snap.kind === 'BatchNorm2d' ? [snap.weight, snap.bias, snap.runningMean, snap.runningVar, snap.input.data, snap.output.data] : [];
    for (const a of arrays) for (const v of a) expect(nums.has(Math.fround(v)), `${v} missing`).toBe(true);
    expect(text).toContain(snap.kind === 'ConvTranspose2d' ? 'nn.ConvTranspose2d(2, 3' : 'nn.BatchNorm2d(3');
  });

  it.skipIf(python === null)('is syntactically valid Python', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-py-'));
    for (const [i, [, snap]] of cases.entries()) {
      const file = join(dir, `s${i}.py`);
      writeFileSync(file, pytorchSnippet(snap));
      execFileSync(python!, ['-c', `import ast,sys; ast.parse(open(sys.argv[1]).read())`, file]);
    }
  });

  it.skipIf(!torchAvailable)('runs in PyTorch and reproduces Layer Lab’s output (python3 with torch present)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-py-'));
    const files = cases.map(([, snap], i) => {
      const file = join(dir, `run${i}.py`);
      writeFileSync(file, pytorchSnippet(snap));
      return file;
    });
    // One interpreter for all snippets: importing torch dominates the time.
    const out = execFileSync(python!, ['-c', 'import runpy,sys\nfor f in sys.argv[1:]: runpy.run_path(f)', ...files], { encoding: 'utf8' });
    expect(out.match(/max \|diff\| vs Layer Lab/g)).toHaveLength(cases.length);
  });
});

describe('snapshotJson', () => {
  it('parses back to the same tensors', () => {
    const snap = convTSnapshot([1, 0, 1, 0]);
    const parsed = JSON.parse(snapshotJson(snap, { stride: 2 }));
    expect(parsed.format).toBe('layer-lab/v1');
    expect(parsed.state).toEqual({ stride: 2 });
    expect(tensorFromJson(parsed.layer.weight).data).toEqual(snap.weight.data);
    expect(tensorFromJson(parsed.layer.output).shape).toEqual(snap.output.shape);
  });
});
