import { describe, expect, it } from 'vitest';
import { ResizeConv2dLayer } from '../../training/layers.ts';
import { upsamplerNet } from '../../training/models.ts';
import { networkOps } from './snapshot.ts';

describe('networkOps: what the training page exports', () => {
  it('exports as the two layers it stands for: Upsample nearest ×2, then Conv2d with the conv’s weight', () => {
    const net = upsamplerNet({ upsampler: 'nearest', stages: 2, channels: 3, seed: 3 });
    const ops = networkOps(net);
    expect(ops.map((o) => o.op)).toEqual(['Conv2d', 'ReLU', 'Upsample', 'Conv2d', 'ReLU', 'Upsample', 'Conv2d']);
    const last = net.layers[net.layers.length - 1] as ResizeConv2dLayer;
    const conv = ops[ops.length - 1];
    expect(conv.op === 'Conv2d' && Array.from(conv.weight.data)).toEqual(Array.from(last.weight.data));
    expect(ops[ops.length - 2]).toEqual({ op: 'Upsample', scale: [2, 2], mode: 'nearest' });
  });
});
