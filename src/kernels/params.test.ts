/**
 * params.ts on its own: the normalisers and the output-shape arithmetic every surface relies on
 * (kernels, ONNX builder, shape panels, URL decoder). Refusals of bad input are in refusals.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  batchNorm2dInfo, conv2dInfo, convTranspose2dInfo, normalizePadding, normalizePair, pixelShuffleInfo, upsample2dInfo,
  type ConvTransposeOptions, type ConvOptions,
} from './params.ts';
import { tensor } from './tensor.ts';

const x = (n: number, c: number, h: number, w: number) => tensor([n, c, h, w]);

describe('normalizePair', () => {
  it('normalizePair(name, undefined, fallback) gives [fallback, fallback]', () => {
    expect(normalizePair('stride', undefined, 1, 1)).toEqual([1, 1]);
    expect(normalizePair('outputPadding', undefined, 0, 0)).toEqual([0, 0]);
  });
  it('normalizePair(name, 3) gives [3, 3] and normalizePair(name, [2, 5]) gives [2, 5]', () => {
    expect(normalizePair('stride', 3, 1, 1)).toEqual([3, 3]);
    expect(normalizePair('dilation', [2, 5], 1, 1)).toEqual([2, 5]);
  });
  it('normalizePair with min 0 accepts 0, with min 1 refuses it', () => {
    expect(normalizePair('outputPadding', [0, 1], 0, 0)).toEqual([0, 1]);
    expect(() => normalizePair('stride', [1, 0], 1, 1)).toThrow('invalid stride: [1, 0] (entries must be positive integers)');
  });
  it('normalizePair refuses arrays that are not pairs', () => {
    expect(() => normalizePair('dilation', [1, 2, 3] as unknown as [number, number], 1, 1))
      .toThrow('invalid dilation: [1, 2, 3] (must be a number or a pair [h, w])');
  });
  it('normalizePair returns a fresh array (callers may keep it)', () => {
    const v: [number, number] = [2, 3];
    expect(normalizePair('stride', v, 1, 1)).not.toBe(v);
  });
});

describe('normalizePadding', () => {
  it('normalizePadding(p) spreads a number to all four sides', () => {
    expect(normalizePadding(undefined)).toEqual([0, 0, 0, 0]);
    expect(normalizePadding(2)).toEqual([2, 2, 2, 2]);
  });
  it('normalizePadding([pH, pW]) gives [pH, pW, pH, pW] (top, left, bottom, right)', () => {
    expect(normalizePadding([1, 3])).toEqual([1, 3, 1, 3]);
  });
  it('normalizePadding([top, left, bottom, right]) keeps an odd total pad as given', () => {
    expect(normalizePadding([0, 1, 1, 0])).toEqual([0, 1, 1, 0]);
  });
  it('normalizePadding refuses 3-element arrays, naming the accepted forms', () => {
    expect(() => normalizePadding([1, 2, 3] as unknown as [number, number]))
      .toThrow('invalid padding: [1, 2, 3] (must be a number, [pH, pW] or [top, left, bottom, right])');
  });
});

describe('convTranspose2dInfo output shapes: (H−1)·s − pad_begin − pad_end + d·(k−1) + output_padding + 1', () => {
  const cases: [string, [number, number, number, number], [number, number, number, number], ConvTransposeOptions, number[]][] = [
    ['stride 1, k 3', [1, 2, 5, 5], [2, 3, 3, 3], {}, [1, 3, 7, 7]],
    ['stride 2, k 2 doubles', [2, 1, 4, 6], [1, 1, 2, 2], { stride: 2 }, [2, 1, 8, 12]],
    ['stride 2, k 3, pad 1, output padding 1 doubles (the usual decoder block)', [1, 1, 4, 4], [1, 1, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }, [1, 1, 8, 8]],
    ['odd total pad [0, 0, 1, 0] removes one row', [1, 1, 4, 4], [1, 1, 3, 3], { stride: 2, padding: [0, 0, 1, 0] }, [1, 1, 8, 9]],
    ['odd total pad [1, 0, 0, 0] removes one row too, from the top', [1, 1, 4, 4], [1, 1, 3, 3], { stride: 2, padding: [1, 0, 0, 0] }, [1, 1, 8, 9]],
    ['dilation 2, k 3 reaches 5 pixels', [1, 1, 3, 3], [1, 1, 3, 3], { dilation: 2 }, [1, 1, 7, 7]],
    ['groups 2: Cout = weight dim 1 × groups', [1, 4, 2, 2], [4, 3, 1, 1], { groups: 2 }, [1, 6, 2, 2]],
    ['non-square everything', [1, 1, 3, 4], [1, 1, 2, 3], { stride: [3, 1], dilation: [1, 2], padding: [1, 0, 0, 2], outputPadding: [2, 1] }, [1, 1, 9, 7]],
  ];
  it.each(cases)('%s', (_name, xs, ws, opts, out) => {
    const info = convTranspose2dInfo(x(...xs), x(...ws), null, opts);
    expect(info.outShape).toEqual(out);
    expect([info.outH, info.outW, info.outChannels]).toEqual([out[2], out[3], out[1]]);
  });
  it('records the normalised parameters for the kernels', () => {
    const info = convTranspose2dInfo(x(2, 4, 3, 5), x(4, 3, 2, 3), new Float32Array(6),
      { stride: [2, 3], padding: [1, 2], dilation: 2, groups: 2, outputPadding: [1, 0] });
    expect(info).toMatchObject({
      batch: 2, inChannels: 4, inH: 3, inW: 5, kH: 2, kW: 3, strideH: 2, strideW: 3, dilationH: 2, dilationW: 2,
      padTop: 1, padLeft: 2, padBottom: 1, padRight: 2, outPadH: 1, outPadW: 0, groups: 2, inPerGroup: 2, outPerGroup: 3,
      outChannels: 6,
    });
  });
});

describe('conv2dInfo output shapes: floor((H + pad_begin + pad_end − d·(k−1) − 1)/s) + 1', () => {
  const cases: [string, [number, number, number, number], [number, number, number, number], ConvOptions, number[]][] = [
    ['k 3 shrinks by 2', [1, 1, 5, 6], [2, 1, 3, 3], {}, [1, 2, 3, 4]],
    ['pad 1, k 3 keeps the size ("same")', [1, 1, 5, 6], [1, 1, 3, 3], { padding: 1 }, [1, 1, 5, 6]],
    ['stride 2 floors: 7 → 3', [1, 1, 7, 8], [1, 1, 3, 3], { stride: 2 }, [1, 1, 3, 3]],
    ['odd total pad [0, 0, 1, 1] (SAME_UPPER-style) for even k', [1, 1, 4, 4], [1, 1, 2, 2], { padding: [0, 0, 1, 1] }, [1, 1, 4, 4]],
    ['dilation 3, k 2 spans 4', [1, 1, 6, 6], [1, 1, 2, 2], { dilation: 3 }, [1, 1, 3, 3]],
    ['kernel exactly as large as the padded input gives 1×1', [1, 1, 2, 3], [1, 1, 4, 3], { padding: [1, 0, 1, 0] }, [1, 1, 1, 1]],
    ['groups 3', [1, 6, 2, 2], [9, 2, 1, 1], { groups: 3 }, [1, 9, 2, 2]],
  ];
  it.each(cases)('%s', (_name, xs, ws, opts, out) => {
    const info = conv2dInfo(x(...xs), x(...ws), null, opts);
    expect(info.outShape).toEqual(out);
    expect([info.outPadH, info.outPadW]).toEqual([0, 0]);
  });
});

describe('other infos', () => {
  it('upsample2dInfo: output floor(H·scale), alignCorners defaults to false', () => {
    const info = upsample2dInfo(x(1, 2, 5, 3), { scale: [1.5, 2.5], mode: 'bilinear' });
    expect(info.outShape).toEqual([1, 2, 7, 7]);
    expect(info.alignCorners).toBe(false);
  });
  it('pixelShuffleInfo: [N, C·r², H, W] → [N, C, H·r, W·r]', () => {
    expect(pixelShuffleInfo(x(2, 18, 3, 4), 3).outShape).toEqual([2, 2, 9, 12]);
  });
  it('batchNorm2dInfo defaults: momentum 0.1, eps 1e-5 (PyTorch BatchNorm2d)', () => {
    expect(batchNorm2dInfo(x(2, 3, 4, 5), { training: true })).toEqual({
      batch: 2, channels: 3, spatial: 20, training: true, momentum: 0.1, numBatchesTracked: 1, eps: 1e-5,
    });
  });
});
