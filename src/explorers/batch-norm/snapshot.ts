/**
 * What each panel of the batch-norm page exports (JSON, PyTorch, .onnx):
 * - most panels: BatchNorm2d on the shown batch, in the page's mode. In training mode (the default) that is
 *   BatchNormalization with `training_mode = 1`, normalising with the batch's statistics and returning the updated
 *   running statistics — the numbers the page shows, not an eval layer's.
 * - the folding panel: the folded conv next to the conv + eval-mode BN it replaces, on the panel's RGB crops.
 * - the running-statistics panel: the shown batch through the layer in training and in eval mode (the panel's
 *   comparison), and the running statistics after every step with the batch statistics each step saw, so the
 *   PyTorch script replays PyTorch's update step by step and checks it against the page's trace.
 */
import type { ExportGraph, ExportOp } from '../../onnx/export-graph.ts';
import type { LayerSnapshot, SnapshotSources } from '../types.ts';
import type { BnResults } from './compute.ts';
import type { BnState } from './schema.ts';

export interface Shown {
  results: BnResults;
  state: BnState;
}

function bnOp(r: BnResults, s: BnState, training: boolean): ExportOp & { op: 'BatchNorm2d' } {
  return {
    op: 'BatchNorm2d', training, eps: s.eps, momentum: s.momentum, weight: Float32Array.from(s.gamma), bias: Float32Array.from(s.beta),
    runningMean: r.running!.mean, runningVar: r.running!.variance,
  };
}

export function layerSnapshot({ results: r, state: s }: Shown): ExportGraph | null {
  const layer = s.mode === 'train' ? r.train : r.eval;
  if (!r.batch || !r.running || !layer?.output) return null;
  return {
    title: `BatchNorm2d in ${s.mode === 'train' ? 'training' : 'eval'} mode on the shown batch`,
    input: r.batch.x,
    branches: [{ name: 'layer', label: `BatchNorm2d (${s.mode})`, ops: [bnOp(r, s, s.mode === 'train')], output: layer.output }],
  };
}

export function foldingSnapshot({ results: r, state: s }: Shown): ExportGraph | null {
  const f = r.folding;
  if (!f || 'error' in f || !r.running) return null;
  return {
    title: 'batch norm folded into the conv before it (eval mode), next to the conv + batch norm it replaces',
    input: f.rgb,
    branches: [
      { name: 'folded', label: 'the folded conv', ops: [{ op: 'Conv2d', weight: f.folded.weight, bias: f.folded.bias, options: {} }], output: f.foldedOut },
      {
        name: 'unfolded', label: 'conv, then BatchNorm2d (eval)',
        ops: [{ op: 'Conv2d', weight: f.conv.weight, bias: f.conv.bias, options: {} }, bnOp(r, s, false)],
        output: f.unfoldedOut,
      },
    ],
    extra: { maxDiffFoldedVsUnfolded: f.maxDiff },
  };
}

export function runningSnapshot({ results: r, state: s }: Shown): ExportGraph | null {
  if (!r.batch || !r.running || !r.train?.output || !r.eval?.output) return null;
  const t = r.running.trace;
  const [n, , h, w] = r.batch.x.shape;
  return {
    title: `the running statistics after ${t.means.length - 1} training steps, and the shown batch in training and eval mode`,
    input: r.batch.x,
    branches: [
      { name: 'train', label: 'BatchNorm2d in training mode (batch statistics)', ops: [bnOp(r, s, true)], output: r.train.output },
      { name: 'eval', label: 'BatchNorm2d in eval mode (running statistics)', ops: [bnOp(r, s, false)], output: r.eval.output },
    ],
    replay: {
      momentum: t.momentum, valuesPerChannel: n * h * w,
      means: t.means, vars: t.vars, batchMeans: t.batchMeans, batchVars: t.batchVars,
    },
  };
}

/** The page's export sources, read from what is on screen. */
export function batchNormSnapshots(shown: () => Shown | null): SnapshotSources {
  const from = (f: (s: Shown) => LayerSnapshot | null) => () => {
    const s = shown();
    return s ? f(s) : null;
  };
  return { folding: from(foldingSnapshot), 'running-stats': from(runningSnapshot), '*': from(layerSnapshot) };
}
