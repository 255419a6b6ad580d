import { describe, expect, it } from 'vitest';
import { createTrainingHandler } from './handler.ts';
import type { TrainResponse } from './protocol.ts';

function harness() {
  const out: TrainResponse[] = [];
  const handle = createTrainingHandler((m) => out.push(m), async () => {
    throw new Error('the batch-size experiment reads no images');
  });
  return { out, handle };
}

describe('the training worker runs the batch-size experiment one network per request', () => {
  it('reset, then runs in the plan’s order (batch 32 first); stale requests are ignored', async () => {
    const { out, handle } = harness();
    await handle({ kind: 'batch-size-reset', gen: 5, setup: { samples: 64, lr: 0.1, groups: 2, seed: 1 } });
    await handle({ kind: 'batch-size-train', gen: 5, steps: 2 });
    await handle({ kind: 'batch-size-train', gen: 4, steps: 1 });
    expect(out.map((m) => m.kind)).toEqual(['batch-size', 'batch-size']);
    const [reset, first] = out.map((m) => (m.kind === 'batch-size' ? m.snapshot : null));
    expect(reset).toMatchObject({ step: 0, total: 20, points: [] });
    expect(first!.step).toBe(2);
    expect(first!.points.map((p) => [p.norm, p.batch, p.steps])).toEqual([['bn', 32, 2], ['gn', 32, 2]]);
    expect(first!.points.every((p) => p.accuracy >= 0 && p.accuracy <= 1)).toBe(true);
  });

  it('refuses impossible settings at reset with a message naming the parameter', async () => {
    const { out, handle } = harness();
    await handle({ kind: 'batch-size-reset', gen: 7, setup: { samples: 64, lr: 0.1, groups: 3, seed: 1 } });
    await handle({ kind: 'batch-size-reset', gen: 8, setup: { samples: 48, lr: 0.1, groups: 2, seed: 1 } });
    expect(out).toEqual([
      { kind: 'error', gen: 7, about: 'batch-size', message: 'invalid groups: 3 (must be a positive divisor of channels, 8)' },
      { kind: 'error', gen: 8, about: 'batch-size', message: 'invalid samples: 48 (must be a positive multiple of 32, the largest batch)' },
    ]);
  });
});
