import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeLipschitz, createTrainingHandler } from './handler.ts';
import type { CheckerboardSnapshot, BnSnapshot, TrainResponse } from './protocol.ts';

const read = async (url: string) => new Uint8Array(readFileSync(new URL(url)));
const imageUrl = new URL('../../../public/images/camera.png', import.meta.url).href;

function harness() {
  const out: TrainResponse[] = [];
  return { out, handle: createTrainingHandler((m) => out.push(m), read) };
}

describe('training worker logic', () => {
  it('resets, trains and sends only what is new; stale train requests are ignored', async () => {
    const { out, handle } = harness();
    const critic = { kernel: 3, stride: 2, view: 'nearest' as const };
    await handle({ kind: 'checkerboard-reset', gen: 1, setup: { imageUrl, imageName: 'camera', crop: 32, channels: 4, lr: 2e-3, seed: 1 }, critic });
    await handle({ kind: 'checkerboard-train', gen: 1, steps: 10, lr: 2e-3, critic });
    await handle({ kind: 'checkerboard-train', gen: 0, steps: 5, lr: 2e-3, critic });
    expect(out.map((m) => m.kind)).toEqual(['checkerboard', 'checkerboard']);
    const [a, b] = out.map((m) => (m as { snapshot: CheckerboardSnapshot }).snapshot);
    expect(a.step).toBe(0);
    expect(a.contestants).toHaveLength(6);
    expect(a.input).toHaveLength(64);
    expect(b.input).toBeNull(); // images travel once per run
    expect(b.step).toBe(10);
    expect(b.contestants[0].history.map((h) => h.step)).toEqual([10]);
    expect(b.critic.gradient).toHaveLength(32 * 32);
  });

  it('runs the BN race and reports a sweep point by point', async () => {
    const { out, handle } = harness();
    await handle({ kind: 'bn-reset', gen: 3, setup: { depth: 1, lr: 0.05, seed: 2 } });
    await handle({ kind: 'bn-train', gen: 3, steps: 12, lr: 0.05 });
    const snap = (out[1] as { snapshot: BnSnapshot }).snapshot;
    expect(snap.from).toBe(0);
    expect(snap.racers.map((r) => r.losses.length)).toEqual([12, 12]);
    expect(snap.racers[0].activations.map((a) => a.step)).toEqual([0, 10]);
    await handle({ kind: 'sweep', gen: 4, setup: { depth: 1, lr: 0.05, seed: 2 }, lrs: [0.01, 0.1], steps: 5, target: 0.5 });
    expect(out.slice(2).map((m) => m.kind === 'sweep-point' && [m.index, m.total, m.point.lr])).toEqual([[0, 2, 0.01], [1, 2, 0.1]]);
  });

  it('answers an impossible layer with the kernel library’s message, not an exception', async () => {
    const { out, handle } = harness();
    await handle({ kind: 'lipschitz', gen: 9, setup: { op: 'convTranspose2d', kernel: 3, stride: 1, dilation: 1, padding: 1, outputPadding: 1, channels: 1, size: 8, spectralNorm: false, seed: 1 } });
    expect(out[0]).toEqual({ kind: 'error', gen: 9, about: 'lipschitz', message: 'outputPadding (1) must be smaller than stride (1) or dilation (1)' });
    await handle({ kind: 'checkerboard-reset', gen: 2, setup: { imageUrl: imageUrl.replace('camera', 'missing'), imageName: 'missing', crop: 32, channels: 4, lr: 2e-3, seed: 1 }, critic: { kernel: 3, stride: 2, view: 'nearest' } });
    expect(out[1]).toMatchObject({ kind: 'error', gen: 2, about: 'checkerboard' });
  });

  it('computeLipschitz: power iteration agrees with the dense check; spectral normalisation gives σ = 1', () => {
    const setup = { op: 'convTranspose2d' as const, kernel: 4, stride: 2, dilation: 1, padding: 1, outputPadding: 0, channels: 2, size: 6, spectralNorm: false, seed: 3 };
    const r = computeLipschitz(setup);
    expect('sigma' in r.dense && Math.abs(r.sigma - r.dense.sigma) / r.dense.sigma).toBeLessThan(1e-4);
    const n = computeLipschitz({ ...setup, spectralNorm: true });
    expect(n.normalisedSigma).toBeCloseTo(1, 4);
    const big = computeLipschitz({ ...setup, size: 32, channels: 4 });
    expect(big.dense).toHaveProperty('skipped');
  });
});
