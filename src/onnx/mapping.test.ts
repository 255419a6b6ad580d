import { afterAll, describe, expect, it } from 'vitest';
import { allCloseMessage, conv2d, convTranspose2d, type Tensor } from '../kernels/index.ts';
import { conv2dInfo, convTranspose2dInfo } from '../kernels/params.ts';
import { convAttributesToProto } from './attributes.ts';
import { singleNodeModel } from './builder.ts';
import {
  batchNormToOnnx, cleanFloat, convInfoToOnnx, onnxToBatchNorm, onnxToConvOptions, onnxToConvTransposeOptions,
  onnxToPixelShuffle, onnxToUpsample, ortLimitation, ortNodeLimitation, upsampleToOnnx, type AutoPad, type OnnxConvAttributes,
} from './mapping.ts';
import { releaseOrtSessions, runSingleNodeModel } from './ort-runner.ts';
import { mulberry32, pick, randInt, randomTensor } from './testing/random.ts';
import { upsample2dInfo } from '../kernels/params.ts';

afterAll(releaseOrtSessions);

const t = (shape: number[]): Tensor => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

describe('PyTorch → ONNX', () => {
  it('convInfoToOnnx writes pads as [top, left, bottom, right] and output_padding only for ConvTranspose', () => {
    const info = convTranspose2dInfo(t([1, 4, 5, 6]), t([4, 3, 3, 2]), null, {
      stride: [2, 3], padding: [1, 0, 2, 1], dilation: [1, 2], outputPadding: [1, 0], groups: 2,
    });
    expect(convInfoToOnnx(info, 'ConvTranspose')).toEqual({
      kernel_shape: [3, 2], strides: [2, 3], pads: [1, 0, 2, 1], dilations: [1, 2], group: 2, output_padding: [1, 0],
    });
    const cinfo = conv2dInfo(t([1, 2, 8, 8]), t([4, 2, 3, 3]), null, { padding: [1, 2] });
    expect(convInfoToOnnx(cinfo, 'Conv')).toEqual({ kernel_shape: [3, 3], strides: [1, 1], pads: [1, 2, 1, 2], dilations: [1, 1], group: 1 });
  });

  it('batchNormToOnnx turns PyTorch momentum 0.1 into ONNX momentum 0.9', () => {
    expect(batchNormToOnnx({ eps: 1e-5, momentum: 0.1, training: true })).toEqual({ epsilon: 1e-5, momentum: 0.9, training_mode: 1 });
    expect(batchNormToOnnx({ eps: 1e-3, momentum: 0.25, training: false }).momentum).toBe(0.75);
  });

  it('upsampleToOnnx picks the coordinate modes that reproduce F.interpolate', () => {
    const x = t([1, 1, 4, 4]);
    expect(upsampleToOnnx(upsample2dInfo(x, { scale: 2, mode: 'nearest' }))).toEqual({
      mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor', scales: [1, 1, 2, 2],
    });
    expect(upsampleToOnnx(upsample2dInfo(x, { scale: [2, 3], mode: 'bilinear' })).coordinate_transformation_mode).toBe('half_pixel');
    expect(upsampleToOnnx(upsample2dInfo(x, { scale: 2, mode: 'bilinear', alignCorners: true })).coordinate_transformation_mode).toBe('align_corners');
  });
});

describe('ONNX → PyTorch', () => {
  it('ConvTranspose SAME_UPPER puts the odd padding unit at the end, SAME_LOWER at the beginning', () => {
    // in 3, k 3, s 2: full output 7, target 6, total padding 1.
    expect(onnxToConvTransposeOptions({ auto_pad: 'SAME_UPPER', strides: [2, 2] }, [3, 3], [3, 3]).padding).toEqual([0, 0, 1, 1]);
    expect(onnxToConvTransposeOptions({ auto_pad: 'SAME_LOWER', strides: [2, 2] }, [3, 3], [3, 3]).padding).toEqual([1, 1, 0, 0]);
  });

  it('ConvTranspose output_shape without auto_pad puts the odd unit at the beginning (the spec\'s "Else" branch)', () => {
    expect(onnxToConvTransposeOptions({ strides: [2, 2], output_shape: [6, 6] }, [3, 3], [3, 3]).padding).toEqual([1, 1, 0, 0]);
    // With 4 entries (N, C, H, W) as ORT also accepts.
    expect(onnxToConvTransposeOptions({ strides: [2, 2], output_shape: [1, 2, 6, 5] }, [3, 3], [3, 3]).padding).toEqual([1, 1, 0, 1]);
  });

  it('ConvTranspose output_shape beyond what output padding can add is refused in terms of output_shape', () => {
    expect(() => onnxToConvTransposeOptions({ strides: [2, 2], output_shape: [100000, 6] }, [3, 3], [3, 3])).toThrow(
      'output_shape H = 100000 is larger than this layer can produce from an input of 3: at most 8 (output padding must stay smaller than stride 2 or dilation 1)',
    );
  });

  it('ConvTranspose output_shape longer than the full output appends rows like output_padding', () => {
    const opts = onnxToConvTransposeOptions({ strides: [3, 2], output_shape: [10, 8] }, [3, 3], [3, 3]);
    expect(opts).toMatchObject({ padding: [0, 0, 0, 0], outputPadding: [1, 1] });
    expect(convTranspose2dInfo(t([1, 1, 3, 3]), t([1, 2, 3, 3]), null, opts).outShape).toEqual([1, 2, 10, 8]);
  });

  it('ConvTranspose VALID ignores pads; NOTSET uses them', () => {
    expect(onnxToConvTransposeOptions({ auto_pad: 'VALID', pads: [1, 1, 1, 1] }, [3, 3], null).padding).toEqual([0, 0, 0, 0]);
    expect(onnxToConvTransposeOptions({ pads: [1, 2, 3, 4] }, [3, 3], null).padding).toEqual([1, 2, 3, 4]);
  });

  it('says what is missing or wrong instead of guessing', () => {
    expect(() => onnxToConvTransposeOptions({ auto_pad: 'SAME_UPPER' }, [3, 3], null)).toThrow('input size, which is not known');
    expect(() => onnxToConvTransposeOptions({ output_shape: [4, 4] }, [3, 3], null)).toThrow('input size, which is not known');
    expect(() => onnxToConvTransposeOptions({ kernel_shape: [2, 2] }, [3, 3], null)).toThrow('kernel_shape [2, 2] does not match the weight\'s kernel 3×3');
    expect(() => onnxToConvTransposeOptions({ pads: [1, 1, 1, 1, 1, 1] }, [3, 3], null)).toThrow('a 2-D layer needs 4');
    expect(() => onnxToConvOptions({ strides: [1, 1, 1] }, [3, 3], null)).toThrow('only 2-D layers');
  });

  it('Conv SAME_UPPER / SAME_LOWER give ceil(in / s) outputs with the odd unit at the end / beginning', () => {
    // in 5, k 3, s 2 → out 3, total = (3−1)·2 + 3 − 5 = 2; in 6 → out 3, total 1.
    expect(onnxToConvOptions({ auto_pad: 'SAME_UPPER', strides: [2, 2] }, [3, 3], [5, 6]).padding).toEqual([1, 0, 1, 1]);
    expect(onnxToConvOptions({ auto_pad: 'SAME_LOWER', strides: [2, 2] }, [3, 3], [5, 6]).padding).toEqual([1, 1, 1, 0]);
    expect(onnxToConvOptions({ auto_pad: 'VALID', pads: [2, 2, 2, 2] }, [3, 3], [5, 6]).padding).toEqual([0, 0, 0, 0]);
  });

  it('BatchNormalization float32 attributes come back as the decimals they were written from', () => {
    expect(onnxToBatchNorm({ epsilon: Math.fround(1e-5), momentum: Math.fround(0.9) })).toEqual({ eps: 1e-5, momentum: 0.1, training: false });
    expect(onnxToBatchNorm({})).toEqual({ eps: 1e-5, momentum: 0.1, training: false });
    expect(onnxToBatchNorm({ training_mode: 1 }).training).toBe(true);
    expect(cleanFloat(Math.fround(0.3))).toBe(0.3);
  });

  it('Resize and DepthToSpace map back only when PyTorch has the same operation', () => {
    expect(onnxToUpsample({ mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor', scales: [1, 1, 2, 3] }))
      .toEqual({ scale: [2, 3], mode: 'nearest' });
    expect(onnxToUpsample({ mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel', scales: [1, 1, 2, 2] }).alignCorners).toBe(false);
    expect(() => onnxToUpsample({ mode: 'linear', coordinate_transformation_mode: 'tf_crop_and_resize', scales: [1, 1, 2, 2] })).toThrow('no PyTorch bilinear');
    expect(() => onnxToUpsample({ mode: 'linear', coordinate_transformation_mode: 'half_pixel', scales: [1, 2, 2, 2] })).toThrow('never scales N or C');
    expect(onnxToPixelShuffle({ blocksize: 3, mode: 'CRD' })).toBe(3);
    expect(() => onnxToPixelShuffle({ blocksize: 3 })).toThrow('mode DCR');
  });
});

describe('what ONNX Runtime can run', () => {
  it('output_padding ≥ stride (allowed by PyTorch when < dilation) is reported, and ORT really rejects it', async () => {
    const x = t([1, 1, 3, 3]);
    const w = t([1, 1, 3, 3]);
    const info = convTranspose2dInfo(x, w, null, { dilation: 2, outputPadding: 1 });
    expect(ortLimitation(info, 'ConvTranspose')).toMatch(/rejects output_padding \(1\) ≥ stride \(1\) along the height.*dilation \(2\)/);
    const model = singleNodeModel('ConvTranspose', convAttributesToProto(convInfoToOnnx(info, 'ConvTranspose')),
      [{ name: 'X', tensor: x, isData: true }, { name: 'W', tensor: w }], ['Y'], 'inputs');
    await expect(runSingleNodeModel(model)).rejects.toThrow(/output_padding \(1\) may be too large for stride \(1\)/);
    expect(ortLimitation(convTranspose2dInfo(x, w, null, { stride: 2, outputPadding: 1 }), 'ConvTranspose')).toBeNull();
  });
});

/**
 * ONNX-side attributes (auto_pad, output_shape) run by ORT on the original attributes, against our kernel with
 * the options mapping.ts derives. This is what opening a user's node relies on.
 */
describe('ONNX → PyTorch mapping agrees with ONNX Runtime on random auto_pad / output_shape nodes', () => {
  const rng = mulberry32(20240611);

  it('ConvTranspose: 120 random nodes', async () => {
    let compared = 0;
    let limited = 0;
    for (let trial = 0; compared < 120 && trial < 2000; trial++) {
      const k: [number, number] = [randInt(rng, 1, 4), randInt(rng, 1, 4)];
      const s = [randInt(rng, 1, 3), randInt(rng, 1, 3)];
      const d = [randInt(rng, 1, 2), randInt(rng, 1, 2)];
      const inHW: [number, number] = [randInt(rng, 1, 6), randInt(rng, 1, 6)];
      const attrs: OnnxConvAttributes = { strides: s, dilations: d, kernel_shape: k };
      const kind = pick(rng, ['SAME_UPPER', 'SAME_LOWER', 'VALID', 'output_shape', 'output_shape_upper'] as const);
      if (kind === 'output_shape' || kind === 'output_shape_upper') {
        const full = [0, 1].map((a) => s[a] * (inHW[a] - 1) + (k[a] - 1) * d[a] + 1);
        attrs.output_shape = full.map((f) => Math.max(1, f - randInt(rng, 0, 3)));
        if (kind === 'output_shape_upper') attrs.auto_pad = 'SAME_UPPER';
      } else {
        attrs.auto_pad = kind as AutoPad;
      }
      const x = randomTensor(rng, [1, 2, ...inHW]);
      const w = randomTensor(rng, [2, 2, ...k]);
      const opts = onnxToConvTransposeOptions(attrs, k, inHW);
      const limitation = ortNodeLimitation('ConvTranspose', attrs, k, inHW);
      if (limitation) {
        limited++;
        const model = singleNodeModel('ConvTranspose', convAttributesToProto(attrs), [{ name: 'X', tensor: x, isData: true }, { name: 'W', tensor: w }], ['Y'], 'inputs');
        const ort = (await runSingleNodeModel(model)).outputs[0];
        expect(limitation).toMatch(/clamps the padding at 0/);
        expect(ort.shape).not.toEqual(convTranspose2dInfo(x, w, null, opts).outShape);
        continue;
      }
      let ours: Tensor;
      try {
        ours = convTranspose2d(x, w, null, opts);
      } catch {
        continue; // e.g. an output_shape that needs output_padding ≥ stride and dilation: invalid in PyTorch too
      }
      const model = singleNodeModel('ConvTranspose', convAttributesToProto(attrs),
        [{ name: 'X', tensor: x, isData: true }, { name: 'W', tensor: w }], ['Y'], 'inputs');
      const ort = (await runSingleNodeModel(model)).outputs[0];
      expect(ort.shape, JSON.stringify(attrs)).toEqual(ours.shape);
      expect(allCloseMessage(ours.data, ort.data), JSON.stringify({ attrs, inHW })).toBeNull();
      compared++;
    }
    expect(compared).toBe(120);
    expect(limited).toBeGreaterThan(0); // the ORT deviation was met and confirmed, not just assumed
  });

  it('Conv: 120 random auto_pad nodes', async () => {
    for (let i = 0; i < 120; i++) {
      const k: [number, number] = [randInt(rng, 1, 4), randInt(rng, 1, 4)];
      const inHW: [number, number] = [randInt(rng, 4, 9), randInt(rng, 4, 9)];
      const attrs: OnnxConvAttributes = {
        strides: [randInt(rng, 1, 3), randInt(rng, 1, 3)], dilations: [randInt(rng, 1, 2), randInt(rng, 1, 2)],
        auto_pad: pick(rng, ['SAME_UPPER', 'SAME_LOWER', 'VALID'] as const),
      };
      const x = randomTensor(rng, [1, 2, ...inHW]);
      const w = randomTensor(rng, [3, 2, ...k]);
      const model = singleNodeModel('Conv', convAttributesToProto(attrs),
        [{ name: 'X', tensor: x, isData: true }, { name: 'W', tensor: w }], ['Y'], 'inputs');
      if (ortNodeLimitation('Conv', attrs, k, inHW)) {
        await expect(runSingleNodeModel(model)).rejects.toThrow('Dilation not supported');
        continue;
      }
      let ours: Tensor;
      try {
        ours = conv2d(x, w, null, onnxToConvOptions(attrs, k, inHW));
      } catch (err) {
        expect(String(err)).toMatch('larger than the padded input');
        await expect(runSingleNodeModel(model)).rejects.toThrow(); // ORT refuses the same node
        continue;
      }
      const ort = (await runSingleNodeModel(model)).outputs[0];
      expect(ort.shape, JSON.stringify(attrs)).toEqual(ours.shape);
      expect(allCloseMessage(ours.data, ort.data), JSON.stringify({ attrs, inHW })).toBeNull();
    }
  });
});
