import { describe, expect, it } from 'vitest';
import type { BatchSizePoint, NormKind } from '../../training/batch-size.ts';
import { batchSizeSeries, batchSizeVerdict } from './batch-size-view.ts';

function points(acc: Record<NormKind, number[]>): BatchSizePoint[] {
  return (Object.keys(acc) as NormKind[]).flatMap((norm) => [2, 4, 8, 16, 32].map((batch, i) => ({
    norm, batch, steps: 64 / batch, loss: 1 - acc[norm][i], accuracy: acc[norm][i], diverged: false,
  })));
}

describe('batchSizeVerdict', () => {
  it('states BN’s change from 32 to 2 and each other norm’s largest departure, computed from the runs', () => {
    const v = batchSizeVerdict(points({ bn: [0.6, 0.8, 0.9, 0.95, 0.96], gn: [0.94, 0.95, 0.96, 0.95, 0.95], ln: [0.9, 0.9, 0.9, 0.9, 0.9], none: [0.8, 0.85, 0.9, 0.9, 0.7] }), 20, 512);
    expect(v.text).toContain("BN's held-out accuracy falls from 96.0 % at batch 32 to 60.0 % at batch 2");
    expect(v.text).toContain('GN stays within 1.0 points of its batch-32 accuracy (95.0 % → 94.0 %)');
    expect(v.text).toContain('LN within 0.0, no norm within 20.0');
    expect(v.paperShape).toBe(true);
    expect(v.text).toContain('the shape of Wu & He');
  });

  it('says plainly when the run does not show the paper’s shape', () => {
    const v = batchSizeVerdict(points({ bn: [0.9, 0.8, 0.9, 0.95, 0.85], gn: [0.8, 0.95, 0.96, 0.95, 0.95], ln: [0.9, 0.9, 0.9, 0.9, 0.9], none: [0.8, 0.85, 0.9, 0.9, 0.7] }), 20, 512);
    expect(v.text).toContain("BN's held-out accuracy rises from 85.0 % at batch 32 to 90.0 % at batch 2");
    expect(v.paperShape).toBe(false);
    expect(v.text).toContain('not the shape of Wu & He');
  });

  it('says "both" when BN is equally accurate at 32 and at 2', () => {
    const v = batchSizeVerdict(points({ bn: [0.9, 0.8, 0.9, 0.95, 0.9], gn: [0.9, 0.9, 0.9, 0.9, 0.9], ln: [0.9, 0.9, 0.9, 0.9, 0.9], none: [0.9, 0.9, 0.9, 0.9, 0.9] }), 20, 512);
    expect(v.text).toContain("BN's held-out accuracy is 90.0 % both at batch 32 and at batch 2");
  });

  it('waits for all runs before a verdict, and lists diverged runs', () => {
    const all = points({ bn: [0.9, 0.9, 0.9, 0.9, 0.9], gn: [0.9, 0.9, 0.9, 0.9, 0.9], ln: [0.9, 0.9, 0.9, 0.9, 0.9], none: [0.9, 0.9, 0.9, 0.9, 0.9] });
    expect(batchSizeVerdict(all.slice(0, 7), 20, 512).text).toBe('7 of 20 runs done; the verdict follows when all are in.');
    all[19] = { ...all[19], diverged: true, loss: NaN, accuracy: NaN };
    expect(batchSizeVerdict(all, 20, 512).text).toContain('Diverged (left out): no norm at batch 32.');
    expect(batchSizeSeries(all, 'none', 'accuracy').map((p) => p[0])).toEqual([2, 4, 8, 16]);
  });
});
