/**
 * The normalization family against ONNX Runtime Web: GroupNormalization (opsets 21 and 18), LayerNormalization-17,
 * InstanceNormalization-6 and RMSNormalization-23, each on seeded random configurations through the same crossCheck()
 * the parity badges use. Agreement as in conformance.test.ts: |ours − ORT| ≤ 1e-4 + 1e-4·|ORT|, identical shapes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '../kernels/index.ts';
import { crossCheck, runKernel, type CrossCheckRequest } from './cross-check.ts';
import { releaseOrtSessions } from './ort-runner.ts';
import { mulberry32, pick, randInt, randomData, randomTensor, type Rng } from './testing/random.ts';

const CASES_PER_OP = 120;

afterAll(releaseOrtSessions);

const divisors = (c: number) => Array.from({ length: c }, (_, i) => i + 1).filter((g) => c % g === 0);
const maybe = (rng: Rng, n: number) => (rng() < 0.6 ? randomData(rng, n) : undefined);
/**
 * Input with an offset and a scale, so the mean subtraction and the variance matter. `maxRatio` bounds
 * |offset| / scale: ORT's GroupNormalization loses digits when the mean is large against the spread (see below).
 */
function input(rng: Rng, shape: number[], maxRatio = Infinity): Tensor {
  const t = randomTensor(rng, shape);
  const scale = 0.1 + rng() * 3;
  const offset = Math.max(-maxRatio * scale, Math.min(maxRatio * scale, (rng() - 0.5) * 6));
  return { shape: t.shape, data: t.data.map((v) => offset + scale * v) };
}
/**
 * |mean| / spread ≤ 2 for GroupNormalization, and ≥ 4 values per group (2 values may lie close together, their
 * spread then tiny against the mean): ORT's float32 E[x²] − E[x]² keeps 1e-4 there.
 */
const GN_RATIO = 2;
const eps = (rng: Rng) => pick(rng, [undefined, 1e-5, 1e-3, 0.1]);
const nchw = (rng: Rng, c: number, minH = 1) => [randInt(rng, 1, 3), c, randInt(rng, minH, 5), randInt(rng, 2, 5)];

const GENERATORS: Record<string, (rng: Rng) => CrossCheckRequest> = {
  'GroupNormalization-21': (rng) => {
    const c = randInt(rng, 1, 8);
    return { op: 'GroupNormalization', input: input(rng, nchw(rng, c, 2), GN_RATIO), options: { numGroups: pick(rng, divisors(c)), weight: maybe(rng, c), bias: maybe(rng, c), eps: eps(rng) } };
  },
  'GroupNormalization-18': (rng) => {
    // Opset 18 takes one scale and bias per group: PyTorch weights that are constant within each group.
    const c = randInt(rng, 1, 8);
    const g = pick(rng, divisors(c));
    const perGroup = (v: Float32Array) => Float32Array.from({ length: c }, (_, k) => v[Math.floor(k / (c / g))]);
    return {
      op: 'GroupNormalization', opset: 18, input: input(rng, nchw(rng, c, 2), GN_RATIO),
      options: { numGroups: g, weight: perGroup(randomData(rng, g)), bias: perGroup(randomData(rng, g)), eps: eps(rng) },
    };
  },
  LayerNormalization: (rng) => {
    const shape = Array.from({ length: randInt(rng, 1, 4) }, () => randInt(rng, 1, 5));
    const normalizedShape = shape.slice(randInt(rng, 0, shape.length - 1));
    const k = normalizedShape.reduce((a, b) => a * b, 1);
    return { op: 'LayerNormalization', input: input(rng, shape), options: { normalizedShape, weight: maybe(rng, k), bias: maybe(rng, k), eps: eps(rng) } };
  },
  InstanceNormalization: (rng) => {
    const c = randInt(rng, 1, 6);
    return { op: 'InstanceNormalization', input: input(rng, nchw(rng, c)), options: { weight: maybe(rng, c), bias: maybe(rng, c), eps: eps(rng) } };
  },
  RMSNormalization: (rng) => {
    const shape = Array.from({ length: randInt(rng, 1, 4) }, () => randInt(rng, 1, 5));
    const normalizedShape = shape.slice(randInt(rng, 0, shape.length - 1));
    const k = normalizedShape.reduce((a, b) => a * b, 1);
    // eps undefined: the kernel's default (float32 machine epsilon, PyTorch's eps=None) is written into the model.
    return { op: 'RMSNormalization', input: input(rng, shape), options: { normalizedShape, weight: maybe(rng, k), eps: eps(rng) } };
  },
};

describe('the normalization kernels agree with ONNX Runtime Web on random configurations', () => {
  for (const [name, make] of Object.entries(GENERATORS)) {
    it(`${name}: ${CASES_PER_OP} random configurations within 1e-4`, async () => {
      const rng = mulberry32(0x40e + name.length * 7919);
      let worst = 0;
      for (let i = 0; i < CASES_PER_OP; i++) {
        const req = make(rng);
        const result = await crossCheck(req);
        const label = `case ${i}: ${name} x[${req.input.shape.join(',')}] ${JSON.stringify(req.op === 'GroupNormalization' ? req.options.numGroups : '')}`;
        expect(result.kind, `${label} → ${JSON.stringify(result)}`).toBe('compared');
        if (result.kind !== 'compared') continue;
        expect(result.ok, `${label}: ${result.note}`).toBe(true);
        worst = Math.max(worst, result.maxAbsDiff);
      }
      expect(worst).toBeLessThan(1e-4);
    }, 120_000);
  }
});

describe('ORT GroupNormalization precision', () => {
  it('with a mean 100× the spread ORT is off by > 1e-4 while our kernel stays within 1e-6 of a float64 reference', async () => {
    // ORT runs GroupNormalization as its ONNX function body, whose variance is E[x²] − E[x]² in float32: the
    // cancellation costs digits when |mean| ≫ spread. The kernel's two-pass float64 statistics do not.
    const x = { shape: [1, 4, 4, 3], data: Float32Array.from({ length: 48 }, (_, i) => 100 + Math.sin(i * 1.7)) };
    const ref = new Float64Array(48);
    for (let c = 0; c < 4; c++) {
      const row = Array.from(x.data.subarray(c * 12, c * 12 + 12));
      const m = row.reduce((a, b) => a + b, 0) / 12;
      const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 12;
      row.forEach((val, i) => { ref[c * 12 + i] = (val - m) / Math.sqrt(v + 1e-5); });
    }
    const r = await crossCheck({ op: 'GroupNormalization', input: x, options: { numGroups: 4 } });
    expect(r).toMatchObject({ kind: 'compared', ok: false });
    const ours = runKernel({ op: 'GroupNormalization', input: x, options: { numGroups: 4 } })[0].data;
    expect(Math.max(...Array.from(ours, (v, i) => Math.abs(v - ref[i])))).toBeLessThan(1e-6);
  });
});

describe('what ONNX cannot express is said, not compared', () => {
  const x = randomTensor(mulberry32(9), [2, 4, 3, 3]);

  it('InstanceNormalization with running statistics (eval) is unavailable, with the reason', async () => {
    const r = await crossCheck({ op: 'InstanceNormalization', input: x, options: { useInputStats: false, runningMean: new Float32Array(4), runningVar: new Float32Array(4).fill(1) } });
    expect(r.kind).toBe('unavailable');
    expect(r.kind === 'unavailable' && r.reason).toMatch(/no running statistics/);
  });

  it('GroupNormalization-18 refuses per-channel weights that differ within a group, naming the channels', async () => {
    const r = await crossCheck({ op: 'GroupNormalization', opset: 18, input: x, options: { numGroups: 2, weight: Float32Array.of(1, 2, 1, 1) } });
    expect(r).toEqual({ kind: 'error', message: 'invalid weight for GroupNormalization-18: it takes one weight per group, but channels 0 and 1 of group 0 differ (use opset 21)' });
  });

  it('GroupNormalization-18 and -21 give the same output when the weights are constant per group', async () => {
    const options = { numGroups: 2, weight: Float32Array.of(2, 2, -1, -1), bias: Float32Array.of(0.5, 0.5, 3, 3) };
    expect(await crossCheck({ op: 'GroupNormalization', opset: 18, input: x, options })).toMatchObject({ kind: 'compared', ok: true });
    expect(await crossCheck({ op: 'GroupNormalization', input: x, options })).toMatchObject({ kind: 'compared', ok: true });
  });
});
