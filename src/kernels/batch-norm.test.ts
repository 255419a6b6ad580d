/**
 * batchNorm2d against the textbook float64 formula in reference/batch-norm.ts (400 seeded random
 * configurations) and PyTorch fixtures from scripts/gen_fixtures.py: single calls in training and eval
 * (src/kernels/cases/batch-norm.json) and 20 training steps of BatchNorm2d whose running statistics we chain
 * through our own kernel (src/kernels/cases/batch-norm-sequence.json).
 */
import { describe, expect, it } from 'vitest';
import { batchNorm2d } from './batch-norm.ts';
import {
  type BatchNormFixture, type BatchNormSequenceFixture, FIXTURE_GENERATOR, loadFixtures, toNumbers, toTensor, toVector,
} from './cases/fixtures.ts';
import type { BatchNormOptions } from './params.ts';
import { naiveBatchNorm2d } from './reference/batch-norm.ts';
import { closeMessage } from './reference/compare.ts';
import { Random } from './reference/random.ts';
import { allCloseMessage, tensor, type Tensor } from './tensor.ts';

function channelValues({ data, shape: [n, c, h, w] }: Tensor, ch: number): number[] {
  const v: number[] = [];
  for (let b = 0; b < n; b++) for (let i = 0; i < h * w; i++) v.push(data[(b * c + ch) * h * w + i]);
  return v;
}

function channelStats(t: Tensor, ch: number): { mean: number; variance: number } {
  const v = channelValues(t, ch);
  const mean = v.reduce((s, a) => s + a, 0) / v.length;
  return { mean, variance: v.reduce((s, a) => s + (a - mean) ** 2, 0) / v.length };
}

describe('batchNorm2d', () => {
  it('batchNorm2d(x, {training: true}) gives every channel mean β and variance γ²·σ²/(σ² + eps)', () => {
    const rng = new Random(12);
    const x = rng.tensor([4, 3, 5, 5]);
    for (let i = 0; i < x.data.length; i++) x.data[i] = x.data[i] * 7 + 3; // far from mean 0, variance 1
    const weight = Float32Array.of(2, 0.5, -1);
    const bias = Float32Array.of(1, -2, 0.25);
    const r = batchNorm2d(x, { training: true, weight, bias });
    for (let c = 0; c < 3; c++) {
      const s = channelStats(r.output, c);
      const sigma2 = r.batchVar![c];
      expect(s.mean).toBeCloseTo(bias[c], 5);
      expect(s.variance).toBeCloseTo((weight[c] ** 2 * sigma2) / (sigma2 + 1e-5), 4);
    }
  });

  it('batchNorm2d normalises each channel on its own: no mixing across channels (variance, not covariance)', () => {
    const x = tensor([2, 2, 1, 1], [1, 10, 3, 30]);
    const r = batchNorm2d(x, { training: true, eps: 0 });
    expect(Array.from(r.output.data)).toEqual([-1, -1, 1, 1]);
  });

  it('batchNorm2d training returns running stats updated with momentum and the unbiased variance', () => {
    const x = tensor([2, 1, 1, 2], [1, 2, 3, 4]); // mean 2.5, biased var 1.25, unbiased 5/3
    const r = batchNorm2d(x, { training: true, momentum: 0.5, runningMean: Float32Array.of(0), runningVar: Float32Array.of(1) });
    expect(r.batchMean![0]).toBeCloseTo(2.5, 6);
    expect(r.batchVar![0]).toBeCloseTo(1.25, 6);
    expect(r.runningMean![0]).toBeCloseTo(1.25, 6);
    expect(r.runningVar![0]).toBeCloseTo(0.5 + 0.5 * (5 / 3), 6);
  });

  it('batchNorm2d(x, {training: false}) normalises with the running stats and returns no new ones', () => {
    const x = tensor([1, 1, 1, 2], [1, 3]);
    const r = batchNorm2d(x, { training: false, runningMean: Float32Array.of(1), runningVar: Float32Array.of(4), eps: 0 });
    expect(Array.from(r.output.data)).toEqual([0, 1]);
    expect(r.runningMean).toBeUndefined();
    expect(r.batchMean).toBeUndefined();
  });

  it('batchNorm2d never mutates its inputs, including the running stats it updates', () => {
    const rng = new Random(13);
    const x = rng.tensor([2, 3, 2, 2]);
    const opts: BatchNormOptions = {
      training: true, weight: rng.floats(3), bias: rng.floats(3), runningMean: rng.floats(3), runningVar: Float32Array.of(1, 2, 3),
    };
    const before = [x.data.slice(), opts.weight!.slice(), opts.bias!.slice(), opts.runningMean!.slice(), opts.runningVar!.slice()];
    const r = batchNorm2d(x, opts);
    expect([x.data, opts.weight, opts.bias, opts.runningMean, opts.runningVar]).toEqual(before);
    expect(r.runningMean).not.toBe(opts.runningMean);
  });
});

describe('batchNorm2d matches the textbook formula in float64 (reference/batch-norm.ts)', () => {
  it('on 400 seeded random configurations: training/eval, momentum in [0, 1], eps, affine or not, shifted data', () => {
    const rng = new Random(20240607);
    const seen = { training: 0, eval: 0, noAffine: 0, noRunning: 0 };
    for (let i = 0; i < 400; i++) {
      const training = rng.bool(0.6);
      const shape = [rng.int(1, 3), rng.int(1, 4), rng.int(1, 4), rng.int(1, 4)];
      if (training && shape[0] * shape[2] * shape[3] === 1) shape[0] = 2;
      const C = shape[1];
      const x = rng.tensor(shape);
      const scale = rng.pick([0.01, 1, 30]);
      const shift = rng.pick([0, 5, -40]);
      for (let j = 0; j < x.data.length; j++) x.data[j] = x.data[j] * scale + shift;
      const affine = rng.bool(0.7);
      const running = !training || rng.bool(0.7);
      const opts: BatchNormOptions = {
        training,
        momentum: rng.pick([0, 0.1, 0.5, 1, rng.uniform()]),
        eps: rng.pick([1e-5, 1e-3, 0.1]),
        ...(affine ? { weight: rng.floats(C), bias: rng.floats(C) } : {}),
        ...(running ? { runningMean: rng.floats(C), runningVar: Float32Array.from(rng.floats(C), (v) => v + 1.5) } : {}),
      };
      const label = `case ${i}: x [${shape.join(', ')}] ·${scale} +${shift}, affine ${affine}, ${JSON.stringify({ training, momentum: opts.momentum, eps: opts.eps })}`;
      const expected = naiveBatchNorm2d(x, { ...opts, momentum: opts.momentum!, eps: opts.eps! });
      const actual = batchNorm2d(x, opts);
      // PyTorch folds each channel into y = x·α + β with α = γ/√(σ² + ε), β = b − μ·α held in float32
      // (batch_norm_cpu_collect_linear_and_constant_terms, param_t = float), and so may we. On data far from 0
      // with a tiny spread (here ·0.01 − 40) x·α and β are ~10⁴ while y is ~1: float32 rounding of those terms,
      // not a formula error, sets the accuracy — PyTorch itself is 2·10⁻⁴ off the float64 formula there.
      // So allow a few float32 ulps of the folded terms on top of the usual tolerance.
      let folded = 0;
      for (let c = 0; c < C; c++) {
        const mu = training ? expected.mean[c] : opts.runningMean![c];
        const alpha = Math.abs(opts.weight ? opts.weight[c] : 1) / Math.sqrt((training ? expected.variance[c] : opts.runningVar![c]) + opts.eps!);
        const xMax = Math.max(...channelValues(x, c).map(Math.abs));
        folded = Math.max(folded, (xMax + Math.abs(mu)) * alpha);
      }
      expect(closeMessage(actual.output.data, expected.output.data, 1e-4, 8 * 2 ** -24 * folded), label).toBeNull();
      if (training) {
        expect(closeMessage(actual.batchMean!, expected.mean), label).toBeNull();
        expect(closeMessage(actual.batchVar!, expected.variance), label).toBeNull();
      }
      if (expected.runningMean) {
        expect(closeMessage(actual.runningMean!, expected.runningMean), label).toBeNull();
        expect(closeMessage(actual.runningVar!, expected.runningVar!), label).toBeNull();
      } else {
        expect(actual.runningMean, label).toBeUndefined();
      }
      seen[training ? 'training' : 'eval']++;
      seen.noAffine += affine ? 0 : 1;
      seen.noRunning += running ? 0 : 1;
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(40);
  });
});

describe(`batchNorm2d matches PyTorch F.batch_norm (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const file = loadFixtures<BatchNormFixture>('batch-norm');
  it('fixture file is present and was made by the generator', () => {
    expect(file.generator).toBe(FIXTURE_GENERATOR);
    expect(file.cases.length).toBeGreaterThanOrEqual(10);
  });
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = batchNorm2d(toTensor(c.input), {
      ...c.opts,
      weight: toVector(c.weight), bias: toVector(c.bias), runningMean: toVector(c.runningMean), runningVar: toVector(c.runningVar),
    });
    expect(r.output.shape).toEqual(c.expected.shape);
    expect(allCloseMessage(r.output.data, toNumbers(c.expected.data)), 'output').toBeNull();
    if (c.batchMean) expect(allCloseMessage(r.batchMean!, toNumbers(c.batchMean)), 'batch mean').toBeNull();
    if (c.batchVar) expect(allCloseMessage(r.batchVar!, toNumbers(c.batchVar)), 'batch variance').toBeNull();
    if (c.runningMeanAfter) expect(allCloseMessage(r.runningMean!, toNumbers(c.runningMeanAfter)), 'running mean').toBeNull();
    if (c.runningVarAfter) expect(allCloseMessage(r.runningVar!, toNumbers(c.runningVarAfter)), 'running var').toBeNull();
  });
});

describe(`batchNorm2d running statistics over many steps match PyTorch BatchNorm2d (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const [seq] = loadFixtures<BatchNormSequenceFixture>('batch-norm-sequence').cases;
  it(`${seq.name}: our own running stats, fed back each step, track PyTorch's`, () => {
    expect(seq.steps.length).toBeGreaterThanOrEqual(20);
    const weight = toVector(seq.weight);
    const bias = toVector(seq.bias);
    let runningMean = toVector(seq.initialRunningMean);
    let runningVar = toVector(seq.initialRunningVar);
    seq.steps.forEach((step, i) => {
      const r = batchNorm2d(toTensor(step.input), {
        training: true, momentum: seq.momentum, eps: seq.eps, weight, bias, runningMean, runningVar,
      });
      expect(allCloseMessage(r.output.data, toNumbers(step.expected.data)), `step ${i + 1} output`).toBeNull();
      expect(allCloseMessage(r.runningMean!, toNumbers(step.runningMean)), `step ${i + 1} running mean`).toBeNull();
      expect(allCloseMessage(r.runningVar!, toNumbers(step.runningVar)), `step ${i + 1} running var`).toBeNull();
      runningMean = r.runningMean!;
      runningVar = r.runningVar!;
    });
    const evalOut = batchNorm2d(toTensor(seq.eval.input), { training: false, eps: seq.eps, weight, bias, runningMean, runningVar });
    expect(allCloseMessage(evalOut.output.data, toNumbers(seq.eval.expected.data)), 'eval after training').toBeNull();
  });
});
