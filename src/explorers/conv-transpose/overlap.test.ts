import { describe, expect, it } from 'vitest';
import { convTranspose2d, convTranspose2dInfo, conv2d, tensor } from '../../kernels/index.ts';
import { Rng } from '../../util/random.ts';
import { convOutputTaps, convTransposeOverlap, phaseGain, phaseGainSpread, phaseTapCounts, tapCounts1d, tilePhases } from './overlap.ts';

describe('tapCounts1d', () => {
  it('k = 3, s = 2: interior outputs alternate 1, 2 taps (uneven overlap)', () => {
    expect(Array.from(tapCounts1d(4, 9, 3, 2, 0, 1))).toEqual([1, 1, 2, 1, 2, 1, 2, 1, 1]);
  });
  it('k = 4, s = 2: every interior output gets 2 taps (even overlap)', () => {
    expect(Array.from(tapCounts1d(4, 10, 4, 2, 0, 1))).toEqual([1, 1, 2, 2, 2, 2, 2, 2, 1, 1]);
  });
  it('padding crops the border and dilation spreads the taps', () => {
    expect(Array.from(tapCounts1d(3, 5, 3, 2, 1, 1))).toEqual([1, 2, 1, 2, 1]);
    expect(Array.from(tapCounts1d(2, 5, 2, 1, 0, 3))).toEqual([1, 1, 0, 1, 1]);
  });
});

describe('convTransposeOverlap', () => {
  it('is the output of the transposed conv of ones with a kernel of ones (counting by convolution)', () => {
    const rng = new Rng(7);
    for (let t = 0; t < 50; t++) {
      const [H, W, kH, kW, sH, sW, d] = [rng.int(1, 5), rng.int(1, 5), rng.int(1, 4), rng.int(1, 4), rng.int(1, 3), rng.int(1, 3), rng.int(1, 2)];
      const pad: [number, number, number, number] = [rng.int(0, 1), rng.int(0, 1), rng.int(0, 1), rng.int(0, 1)];
      const x = tensor([1, 1, H, W], new Float32Array(H * W).fill(1));
      const w = tensor([1, 1, kH, kW], new Float32Array(kH * kW).fill(1));
      const opts = { stride: [sH, sW] as [number, number], padding: pad, dilation: d };
      let info;
      try {
        info = convTranspose2dInfo(x, w, null, opts);
      } catch {
        continue; // output would be empty
      }
      expect(Array.from(convTransposeOverlap(info))).toEqual(Array.from(convTranspose2d(x, w, null, opts).data));
    }
  });
});

describe('convOutputTaps', () => {
  it('is the conv2d of ones with a kernel of ones over the outH×outW grid (full windows inside)', () => {
    const x = tensor([1, 1, 4, 4], new Float32Array(16));
    const w = tensor([1, 1, 3, 3], new Float32Array(9).fill(1));
    const info = convTranspose2dInfo(x, w, null, { stride: 2, padding: 1, outputPadding: 1 });
    const ones = tensor([1, 1, info.outH, info.outW], new Float32Array(info.outH * info.outW).fill(1));
    const viaConv = conv2d(ones, w, null, { stride: 2, padding: 1 });
    expect(Array.from(convOutputTaps(info))).toEqual(Array.from(viaConv.data));
    expect(convOutputTaps(info)[5]).toBe(9); // interior: the whole window
  });
});

describe('phaseGain', () => {
  it('predicts the interior of convTranspose2d(ones) + bias exactly, for random kernels and layers', () => {
    const rng = new Rng(11);
    for (let t = 0; t < 40; t++) {
      const groups = rng.pick([1, 2]);
      const cin = groups * rng.int(1, 2);
      const outPerGroup = rng.int(1, 2);
      const [kH, kW, sH, sW, d] = [rng.int(1, 4), rng.int(1, 4), rng.int(1, 3), rng.int(1, 3), rng.int(1, 2)];
      const pad: [number, number, number, number] = [rng.int(0, 2), rng.int(0, 2), rng.int(0, 2), rng.int(0, 2)];
      const H = 8;
      const x = tensor([1, cin, H, H], new Float32Array(cin * H * H).fill(1));
      const w = rng.tensor([cin, outPerGroup, kH, kW]);
      const bias = rng.floats(outPerGroup * groups);
      const opts = { stride: [sH, sW] as [number, number], padding: pad, dilation: d, groups };
      const info = convTranspose2dInfo(x, w, bias, opts);
      const y = convTranspose2d(x, w, bias, opts);
      // Interior: every tap of every phase reads a real input pixel.
      const marginH = d * (kH - 1) + pad[0] + sH;
      const marginW = d * (kW - 1) + pad[1] + sW;
      for (let oc = 0; oc < info.outChannels; oc++) {
        const gain = phaseGain(w.data, info, oc);
        const tiled = tilePhases(gain, sH, sW, info.outH, info.outW);
        for (let r = marginH; r < info.outH - marginH; r++) {
          for (let c = marginW; c < info.outW - marginW; c++) {
            const i = r * info.outW + c;
            expect(y.data[(oc * info.outH * info.outW) + i]).toBeCloseTo(tiled[i] + bias[oc], 5);
          }
        }
      }
    }
  });

  it('box kernel k = 3, s = 2: gains 4, 2, 2, 1 — a checkerboard; bilinear init: all equal', () => {
    const x = tensor([1, 1, 4, 4]);
    const box = tensor([1, 1, 3, 3], new Float32Array(9).fill(1));
    const info = convTranspose2dInfo(x, box, null, { stride: 2, padding: 1 });
    // pad 1: tap 0 lands on odd rows, taps 1 on even, tap 2 on odd → phase 0 gets 1 tap, phase 1 gets 2.
    expect(Array.from(phaseGain(box.data, info, 0))).toEqual([1, 2, 2, 4]);
    expect(Array.from(phaseTapCounts(info))).toEqual([1, 2, 2, 4]);
    expect(phaseGainSpread(phaseGain(box.data, info, 0))).toBeCloseTo(0.75, 12);
    const f = [0.5, 1, 0.5];
    const bilinear = tensor([1, 1, 3, 3], f.flatMap((a) => f.map((b) => a * b)));
    expect(phaseGainSpread(phaseGain(bilinear.data, info, 0))).toBe(0);
  });
});
