/**
 * The normalization family against PyTorch: outputs, running statistics and autograd gradients written by
 * scripts/gen_norm_fixtures.py (torch 1.13; RMSNorm from its definition in float64, since F.rms_norm came later).
 * Also finite-difference checks of the backward kernels on random layers.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random.ts';
import { groupNorm2dBackward, instanceNorm2dBackward, layerNormBackward, rmsNormBackward, type NormGradients } from './backward/norms.ts';
import { loadFixtures, toTensor, type JsonTensor } from './cases/fixtures.ts';
import { groupNorm2d } from './group-norm.ts';
import { instanceNorm2d } from './instance-norm.ts';
import { layerNorm } from './layer-norm.ts';
import { rmsNorm } from './rms-norm.ts';
import { maxAbsDiff, type Tensor } from './tensor.ts';

interface NormFixture {
  name: string;
  op: 'groupNorm2d' | 'layerNorm' | 'instanceNorm2d' | 'rmsNorm';
  options: Record<string, unknown>;
  input: JsonTensor;
  weight: JsonTensor | null;
  bias: JsonTensor | null;
  output: JsonTensor;
  gradOutput: JsonTensor;
  gradInput: JsonTensor;
  gradWeight: JsonTensor | null;
  gradBias: JsonTensor | null;
  runningMean?: JsonTensor | null;
  runningVar?: JsonTensor | null;
  runningMeanAfter?: JsonTensor | null;
  runningVarAfter?: JsonTensor | null;
}

const vec = (t: JsonTensor | null | undefined) => (t ? toTensor(t).data : undefined);
const file = loadFixtures<NormFixture>('norms');

function run(c: NormFixture): { output: Tensor; grads: NormGradients; running?: { mean: Float32Array | null; var: Float32Array | null } } {
  const x = toTensor(c.input);
  const dy = toTensor(c.gradOutput);
  const o = c.options;
  const affine = { weight: vec(c.weight), bias: vec(c.bias) };
  switch (c.op) {
    case 'groupNorm2d': {
      const opts = { numGroups: o.numGroups as number, eps: o.eps as number, ...affine };
      return { output: groupNorm2d(x, opts), grads: groupNorm2dBackward(x, dy, opts) };
    }
    case 'layerNorm': {
      const opts = { normalizedShape: o.normalizedShape as number[], eps: o.eps as number, ...affine };
      return { output: layerNorm(x, opts), grads: layerNormBackward(x, dy, opts) };
    }
    case 'instanceNorm2d': {
      const opts = {
        ...affine, useInputStats: o.useInputStats as boolean, momentum: o.momentum as number, eps: o.eps as number,
        runningMean: vec(c.runningMean), runningVar: vec(c.runningVar),
      };
      const r = instanceNorm2d(x, opts);
      return { output: r.output, grads: instanceNorm2dBackward(x, dy, opts), running: { mean: r.runningMean, var: r.runningVar } };
    }
    case 'rmsNorm': {
      const opts = { normalizedShape: o.normalizedShape as number[], weight: vec(c.weight), ...(o.eps === undefined ? {} : { eps: o.eps as number }) };
      return { output: rmsNorm(x, opts), grads: rmsNormBackward(x, dy, opts) };
    }
  }
}

describe(`normalization family vs PyTorch (${file.generator}, torch ${file.torch})`, () => {
  it('has cases for every op', () => {
    expect(new Set(file.cases.map((c) => c.op))).toEqual(new Set(['groupNorm2d', 'layerNorm', 'instanceNorm2d', 'rmsNorm']));
  });

  for (const c of file.cases) {
    it(c.name, () => {
      const r = run(c);
      expect(r.output.shape).toEqual(c.output.shape);
      expect(maxAbsDiff(r.output.data, toTensor(c.output).data)).toBeLessThan(2e-5);
      expect(maxAbsDiff(r.grads.gradInput.data, toTensor(c.gradInput).data)).toBeLessThan(5e-5);
      if (c.gradWeight) expect(maxAbsDiff(r.grads.gradWeight!, toTensor(c.gradWeight).data)).toBeLessThan(1e-4);
      else expect(r.grads.gradWeight).toBeNull();
      if (c.gradBias) expect(maxAbsDiff(r.grads.gradBias!, toTensor(c.gradBias).data)).toBeLessThan(1e-4);
      else expect(r.grads.gradBias).toBeNull();
      if (c.runningMeanAfter) {
        expect(maxAbsDiff(r.running!.mean!, toTensor(c.runningMeanAfter).data)).toBeLessThan(1e-6);
        expect(maxAbsDiff(r.running!.var!, toTensor(c.runningVarAfter!).data)).toBeLessThan(1e-5);
      }
    });
  }
});

describe('backward kernels against central differences of Σ r·f(x) (float64 sums)', () => {
  const rng = new Rng(31);
  const objective = (f: (x: Tensor) => Tensor, r: Float32Array) => (x: Tensor) => f(x).data.reduce((a, v, i) => a + v * r[i], 0);
  const cases: [string, (x: Tensor) => Tensor, (x: Tensor, dy: Tensor) => NormGradients, number[]][] = [];
  const gamma = rng.floats(4).map((v) => v + 1.5);
  const beta = rng.floats(4);
  cases.push(['groupNorm2d G=2', (x) => groupNorm2d(x, { numGroups: 2, weight: gamma, bias: beta }),
    (x, dy) => groupNorm2dBackward(x, dy, { numGroups: 2, weight: gamma, bias: beta }), [2, 4, 3, 3]]);
  const g36 = rng.floats(9).map((v) => v + 1.5);
  cases.push(['layerNorm over [3, 3]', (x) => layerNorm(x, { normalizedShape: [3, 3], weight: g36 }),
    (x, dy) => layerNormBackward(x, dy, { normalizedShape: [3, 3], weight: g36 }), [2, 4, 3, 3]]);
  cases.push(['instanceNorm2d', (x) => instanceNorm2d(x, { weight: gamma, bias: beta }).output,
    (x, dy) => instanceNorm2dBackward(x, dy, { weight: gamma, bias: beta }), [2, 4, 3, 3]]);
  cases.push(['rmsNorm over [3]', (x) => rmsNorm(x, { normalizedShape: [3], weight: gamma.slice(0, 3) }),
    (x, dy) => rmsNormBackward(x, dy, { normalizedShape: [3], weight: gamma.slice(0, 3) }), [2, 4, 3, 3]]);

  for (const [name, f, back, shape] of cases) {
    it(`${name}: ∂L/∂x along random directions and single coordinates`, () => {
      for (let t = 0; t < 5; t++) {
        const x = rng.tensor(shape);
        const r = rng.floats(x.data.length);
        const g = back(x, { shape, data: r }).gradInput.data;
        const L = objective(f, r);
        for (let k = 0; k < 4; k++) {
          const coord = rng.int(0, x.data.length - 1);
          const d = k === 0 ? rng.floats(x.data.length) : Float32Array.from({ length: x.data.length }, (_, i) => (i === coord ? 1 : 0));
          const h = 1e-2;
          const shift = (s: number): Tensor => ({ shape, data: x.data.map((v, i) => v + s * d[i]) });
          const central = (step: number) => (L(shift(step)) - L(shift(-step))) / (2 * step);
          const fd = (4 * central(h / 2) - central(h)) / 3;
          const analytic = g.reduce((a, v, i) => a + v * d[i], 0);
          expect(Math.abs(fd - analytic), `${fd} vs ${analytic}`).toBeLessThan(2e-3 * (1 + Math.abs(analytic)));
        }
      }
    });
  }
});
