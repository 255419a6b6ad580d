import { describe, expect, it } from 'vitest';
import { convTranspose2d } from '../kernels/index.ts';
import { Rng } from '../util/random.ts';
import { convTranspose2dCall, type ConvTransposeCallParams } from './pytorch-call.ts';

const base: ConvTransposeCallParams = {
  inChannels: 2, outChannels: 4, kernelSize: [3, 3], stride: [2, 2], padding: [1, 1, 1, 1], outputPadding: [1, 1],
  dilation: [1, 1], groups: 1, bias: true,
};

describe('convTranspose2dCall', () => {
  it('writes the PyTorch call with every argument, no crop for symmetric padding', () => {
    expect(convTranspose2dCall(base)).toEqual({
      call: 'nn.ConvTranspose2d(2, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1), groups=1, bias=True, dilation=(1, 1))',
      crop: null,
    });
  });

  it('begin/end padding: the smaller side as padding, the rest cropped from the larger side', () => {
    const c = convTranspose2dCall({ ...base, padding: [0, 2, 1, 1] });
    expect(c.call).toContain('padding=(0, 1)');
    expect(c.crop).toEqual({ top: 0, bottom: 1, left: 1, right: 0 });
  });

  it('the call plus the crop computes the asymmetric layer exactly (our kernel on both sides)', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 50; t++) {
      const padding: [number, number, number, number] = [rng.int(0, 2), rng.int(0, 2), rng.int(0, 2), rng.int(0, 2)];
      const x = rng.tensor([1, 1, rng.int(2, 5), rng.int(2, 5)]);
      const w = rng.tensor([1, 1, 3, 3]);
      const want = convTranspose2d(x, w, null, { stride: 2, padding });
      const c = convTranspose2dCall({ ...base, inChannels: 1, outChannels: 1, padding, outputPadding: [0, 0], bias: false });
      const m = /padding=\((\d+), (\d+)\)/.exec(c.call)!;
      const full = convTranspose2d(x, w, null, { stride: 2, padding: [Number(m[1]), Number(m[2])] });
      const crop = c.crop ?? { top: 0, bottom: 0, left: 0, right: 0 };
      const [, , H, W] = full.shape;
      const got: number[] = [];
      for (let i = crop.top; i < H - crop.bottom; i++) for (let j = crop.left; j < W - crop.right; j++) got.push(full.data[i * W + j]);
      expect(want.shape).toEqual([1, 1, H - crop.top - crop.bottom, W - crop.left - crop.right]);
      expect(Array.from(want.data)).toEqual(got);
    }
  });
});
