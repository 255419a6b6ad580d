/**
 * What the training page exports (JSON, PyTorch, .onnx): the networks as they are now — their current weights,
 * read from the worker that trains them — with an evaluation input and each network's output on it in eval mode.
 * The checkerboard panels export the six upsampler networks (one branch each), the batch-norm panels the plain and
 * the batch-norm classifier (BN with its running statistics, as the page's test accuracy uses it). Runs in the
 * worker; the page asks for it through export-client.ts.
 */
import type { Tensor } from '../../kernels/index.ts';
import type { ExportGraph, ExportOp } from '../../onnx/export-graph.ts';
import {
  BatchNorm2dLayer, Conv2dLayer, ConvTranspose2dLayer, GlobalAvgPoolLayer, PixelShuffleLayer, ReluLayer, ResizeConv2dLayer,
  UpsampleLayer, type Sequential,
} from '../../training/layers.ts';
import type { BnRace } from '../../training/bn-race.ts';
import type { CheckerboardSession } from '../../training/checkerboard.ts';
import { UPSAMPLER_LABELS } from '../../training/models.ts';

const copy = (a: Float32Array) => a.slice();

/**
 * A network's layers as export ops, weights copied (training goes on after the export). A fused resize-conv layer
 * is written as the two layers it stands for (Upsample, then Conv2d), as PyTorch and ONNX have them.
 */
export function networkOps(net: Sequential): ExportOp[] {
  return net.layers.flatMap((l): ExportOp | ExportOp[] => {
    if (l instanceof ResizeConv2dLayer) {
      return [
        { op: 'Upsample', scale: [2, 2], mode: 'nearest' },
        {
          op: 'Conv2d', weight: { shape: [...l.weight.shape], data: copy(l.weight.data) }, bias: l.bias ? copy(l.bias.data) : null,
          options: { padding: l.opts.padding ?? 0, dilation: l.opts.dilation ?? 1, groups: l.opts.groups ?? 1 },
        },
      ];
    }
    if (l instanceof Conv2dLayer || l instanceof ConvTranspose2dLayer) {
      const weight: Tensor = { shape: [...l.weight.shape], data: copy(l.weight.data) };
      const bias = l.bias ? copy(l.bias.data) : null;
      return l instanceof Conv2dLayer
        ? { op: 'Conv2d', weight, bias, options: l.opts }
        : { op: 'ConvTranspose2d', weight, bias, options: l.opts };
    }
    if (l instanceof BatchNorm2dLayer) {
      return {
        op: 'BatchNorm2d', training: false, eps: l.eps, momentum: l.momentum, weight: copy(l.params[0].data), bias: copy(l.params[1].data),
        runningMean: copy(l.runningMean), runningVar: copy(l.runningVar),
      };
    }
    if (l instanceof UpsampleLayer) return { op: 'Upsample', scale: [l.scale, l.scale], mode: l.mode };
    if (l instanceof PixelShuffleLayer) return { op: 'PixelShuffle', factor: l.factor };
    if (l instanceof ReluLayer) return { op: 'ReLU' };
    if (l instanceof GlobalAvgPoolLayer) return { op: 'GlobalAvgPool' };
    throw new Error(`the layer “${l.label}” has no export form`);
  });
}

const firstImages = (t: Tensor, count: number): Tensor => {
  const per = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const n = Math.min(count, t.shape[0]);
  return { shape: [n, ...t.shape.slice(1)], data: t.data.slice(0, n * per) };
};

export function checkerboardExport(s: CheckerboardSession): ExportGraph {
  const input = firstImages(s.evalBatch.input, 1);
  return {
    title: `the six upsampler networks after ${s.step} training steps, on the first evaluation image`,
    input,
    branches: s.contestants.map((c) => ({
      name: c.kind.replace(/-/g, '_'), label: UPSAMPLER_LABELS[c.kind], ops: networkOps(c.net), output: c.net.forward(input, false),
    })),
  };
}

export function raceExport(r: BnRace): ExportGraph {
  const input = firstImages(r.testSet.input, 8);
  return {
    title: `the plain and the batch-norm classifier after ${r.step} training steps (eval mode), on the first test images`,
    input,
    branches: r.racers.map((x) => ({
      name: x.batchNorm ? 'batch_norm' : 'plain',
      label: `${x.batchNorm ? 'with batch norm' : 'plain'}${x.diverged ? ' (diverged: its weights are not finite)' : ''}`,
      ops: networkOps(x.model.net), output: x.model.net.forward(input, false),
    })),
  };
}
