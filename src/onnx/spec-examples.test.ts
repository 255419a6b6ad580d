/**
 * The ONNX operator spec's own examples (Operators.md / the onnx backend test cases, extracted by
 * scripts/gen_onnx_spec_cases.py), run three ways: expected arrays vs ONNX Runtime on the original node,
 * and expected arrays vs our kernels with the attributes mapped by mapping.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  allCloseMessage, batchNorm2d, conv2d, convTranspose2d, pixelShuffle, upsample2d, type Tensor,
} from '../kernels/index.ts';
import { readBatchNormAttributes, readConvAttributes, NodeAttributes } from './attributes.ts';
import { singleNodeModel } from './builder.ts';
import {
  onnxToBatchNorm, onnxToConvOptions, onnxToConvTransposeOptions, onnxToPixelShuffle, onnxToUpsample,
} from './mapping.ts';
import { releaseOrtSessions, runSingleNodeModel } from './ort-runner.ts';
import { SPEC_CASES, type SpecCase } from './testing/spec-cases.ts';

afterAll(releaseOrtSessions);

const hw = (t: Tensor): [number, number] => [t.shape[2], t.shape[3]];

function expectClose(actual: Tensor, expected: Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(allCloseMessage(actual.data, expected.data)).toBeNull();
}

/** Our kernels on a spec case, with its attributes translated by mapping.ts. */
function runOurs(c: SpecCase): Tensor[] {
  const [x, w, b] = c.inputs;
  switch (c.op) {
    case 'ConvTranspose':
      return [convTranspose2d(x, w, b?.data ?? null, onnxToConvTransposeOptions(readConvAttributes(c.node), hw(w), hw(x)))];
    case 'Conv':
      return [conv2d(x, w, b?.data ?? null, onnxToConvOptions(readConvAttributes(c.node), hw(w), hw(x)))];
    case 'BatchNormalization': {
      const { eps, momentum, training } = onnxToBatchNorm(readBatchNormAttributes(c.node));
      const [, scale, bias, mean, variance] = c.inputs;
      const r = batchNorm2d(x, { weight: scale.data, bias: bias.data, runningMean: mean.data, runningVar: variance.data, eps, momentum, training });
      if (!training) return [r.output];
      // ONNX's running_var uses the biased batch variance; ours (PyTorch's) the unbiased one. Undo the n/(n−1).
      const onnxVar = r.runningVar!.map((_, ch) => (1 - momentum) * variance.data[ch] + momentum * r.batchVar![ch]);
      return [r.output, { shape: [r.runningMean!.length], data: r.runningMean! }, { shape: [onnxVar.length], data: onnxVar }];
    }
    case 'DepthToSpace': {
      const at = new NodeAttributes(c.node);
      return [pixelShuffle(x, onnxToPixelShuffle({ blocksize: at.int('blocksize')!, mode: at.string('mode') }))];
    }
    case 'Resize': {
      const at = new NodeAttributes(c.node);
      const opts = onnxToUpsample({
        mode: at.string('mode') as 'nearest' | 'linear',
        coordinate_transformation_mode: at.string('coordinate_transformation_mode') ?? 'half_pixel',
        nearest_mode: at.string('nearest_mode') ?? 'round_prefer_floor',
        scales: Array.from(c.inputs[1].data),
      });
      return [upsample2d(x, opts.alignCorners === undefined ? { scale: opts.scale, mode: opts.mode } : opts)];
    }
    default:
      throw new Error(`no kernel for ${c.op}`);
  }
}

/** Which spec examples have no PyTorch counterpart, and the reason mapping.ts gives. */
const NOT_PYTORCH: Record<string, RegExp> = {
  test_depthtospace_example: /mode DCR .*PixelShuffle is mode CRD/,
  test_resize_upsample_scales_nearest: /half_pixel \/ round_prefer_floor is not PyTorch's nearest/,
  test_resize_downsample_scales_nearest: /half_pixel \/ round_prefer_floor is not PyTorch's nearest/,
};

/**
 * Examples whose expected output in onnx 1.12 is not what ONNX Runtime, PyTorch and we compute, and why.
 * For these the test asserts that ORT and our kernel agree with each other and both differ from the example.
 */
const EXAMPLE_DISAGREES: Record<string, string> = {
  test_resize_downsample_scales_linear_align_corners:
    'onnx 1.12 computes this example with length_resized = in·scale = 2.4 instead of the integer output length 2 ' +
    '(align_corners: x·(in − 1)/(out − 1)); ORT and PyTorch use 2 and give [1, 4], the example says [1, 3.142857]',
};

describe('ONNX spec examples', () => {
  it('covers every op we map, with the padding/auto_pad/output_shape examples', () => {
    const names = SPEC_CASES.map((c) => c.name);
    for (const n of ['test_convtranspose_output_shape', 'test_convtranspose_autopad_same', 'test_convtranspose_kernel_shape',
      'test_convtranspose_pads', 'test_convtranspose_dilations', 'test_conv_with_autopad_same',
      'test_conv_with_strides_and_asymmetric_padding', 'test_batchnorm_epsilon_training_mode', 'test_depthtospace_crd_mode_example',
      'test_resize_downsample_scales_linear_align_corners']) {
      expect(names).toContain(n);
    }
  });

  it('test_batchnorm_example_training_mode: PyTorch\'s unbiased running_var really differs from ONNX\'s', () => {
    const c = SPEC_CASES.find((s) => s.name === 'test_batchnorm_example_training_mode')!;
    const [x, weight, bias, runningMean, runningVar] = c.inputs;
    const ours = batchNorm2d(x, { weight: weight.data, bias: bias.data, runningMean: runningMean.data, runningVar: runningVar.data, training: true, momentum: 0.1 });
    expect(allCloseMessage(ours.runningVar!, c.outputs[2].data)).not.toBeNull();
  });

  for (const c of SPEC_CASES) {
    it(`${c.name}: ONNX Runtime on the original node reproduces the spec's output`, async () => {
      const inputs = c.node.inputs.map((name, i) => (name ? { name, tensor: c.inputs[c.node.inputs.slice(0, i).filter(Boolean).length] } : null));
      const model = singleNodeModel(c.op, c.node.attributes, inputs, c.node.outputs, 'inputs');
      const run = await runSingleNodeModel(model);
      if (EXAMPLE_DISAGREES[c.name]) {
        expect(allCloseMessage(run.outputs[0].data, c.outputs[0].data)).not.toBeNull();
        expectClose(run.outputs[0], runOurs(c)[0]);
        return;
      }
      c.outputs.forEach((expected, i) => expectClose(run.outputs[i], expected));
    });

    if (NOT_PYTORCH[c.name]) {
      it(`${c.name}: has no PyTorch counterpart and mapping.ts says why`, () => {
        expect(() => runOurs(c)).toThrow(NOT_PYTORCH[c.name]);
      });
    } else if (!EXAMPLE_DISAGREES[c.name]) {
      it(`${c.name}: our kernel with the mapped attributes reproduces the spec's output`, () => {
        const ours = runOurs(c);
        c.outputs.forEach((expected, i) => expectClose(ours[i], expected));
      });
    }
  }
});
