/**
 * What a panel shows, as a small network for export: one input and one or more branches (a chain of layers each),
 * with the outputs the page computed. A single layer is one branch of one op; the checkerboard shoot-out is four
 * branches; a trained network is one branch of many ops. The .onnx, the PyTorch script and the JSON are all
 * written from this one description, and `traceBranch` replays it with our kernels so the exporters read every
 * shape from the same info functions the kernels validate with.
 */
import {
  batchNorm2d, conv2d, convTranspose2d, globalAvgPool, pixelShuffle, relu, upsample2d,
  type ConvOptions, type ConvTransposeOptions, type Tensor,
} from '../kernels/index.ts';
import { conv2dInfo, convTranspose2dInfo, type ConvInfo } from '../kernels/params.ts';

export type ExportOp =
  | { op: 'ConvTranspose2d'; weight: Tensor; bias: Float32Array | null; options: ConvTransposeOptions }
  | { op: 'Conv2d'; weight: Tensor; bias: Float32Array | null; options: ConvOptions }
  | {
      op: 'BatchNorm2d';
      /** Training normalises with the batch's statistics and updates the running ones (PyTorch's `train()`). */
      training: boolean;
      eps: number;
      momentum: number;
      weight: Float32Array;
      bias: Float32Array;
      runningMean: Float32Array;
      runningVar: Float32Array;
    }
  | { op: 'Upsample'; scale: [number, number]; mode: 'nearest' | 'bilinear' }
  | { op: 'PixelShuffle'; factor: number }
  | { op: 'ReLU' }
  | { op: 'GlobalAvgPool' };

export interface ExportBranch {
  /** A Python/ONNX identifier: lower-case letters, digits and underscores. */
  name: string;
  /** What the panel calls it, e.g. "nearest resize, then conv". */
  label: string;
  ops: ExportOp[];
  /** The branch's output as the page computed it. */
  output: Tensor;
}

export interface ExportGraph {
  /** What is exported, in the panel's words (the file's description). */
  title: string;
  input: Tensor;
  branches: ExportBranch[];
  /** Further numbers the panel shows (JSON only), e.g. artifact scores. */
  extra?: Record<string, unknown>;
  /** A BatchNorm's running statistics step by step, as the panel plots them (JSON and the PyTorch script). */
  replay?: RunningReplay;
}

/**
 * Running statistics after every training step (entry 0: before the first) and the batch statistics each step
 * saw (biased variance, over `valuesPerChannel` = N·H·W values per channel).
 */
export interface RunningReplay {
  momentum: number;
  valuesPerChannel: number;
  means: Float32Array[];
  vars: Float32Array[];
  batchMeans: Float32Array[];
  batchVars: Float32Array[];
}

/** One op replayed: its input and output, the conv info (conv ops) and the updated running stats (training BN). */
export interface TracedOp {
  op: ExportOp;
  x: Tensor;
  y: Tensor;
  conv?: ConvInfo;
  running?: { mean: Float32Array; variance: Float32Array };
}

/** Replay a branch with our kernels (which validate every op exactly as the page did). */
export function traceBranch(input: Tensor, ops: readonly ExportOp[]): TracedOp[] {
  const out: TracedOp[] = [];
  let x = input;
  for (const op of ops) {
    let t: TracedOp;
    switch (op.op) {
      case 'ConvTranspose2d':
        t = { op, x, y: convTranspose2d(x, op.weight, op.bias, op.options), conv: convTranspose2dInfo(x, op.weight, op.bias, op.options) };
        break;
      case 'Conv2d':
        t = { op, x, y: conv2d(x, op.weight, op.bias, op.options), conv: conv2dInfo(x, op.weight, op.bias, op.options) };
        break;
      case 'BatchNorm2d': {
        const r = batchNorm2d(x, op);
        t = { op, x, y: r.output };
        if (op.training && r.runningMean && r.runningVar) t.running = { mean: r.runningMean, variance: r.runningVar };
        break;
      }
      case 'Upsample':
        t = { op, x, y: upsample2d(x, { scale: op.scale, mode: op.mode }) };
        break;
      case 'PixelShuffle':
        t = { op, x, y: pixelShuffle(x, op.factor) };
        break;
      case 'ReLU':
        t = { op, x, y: relu(x) };
        break;
      case 'GlobalAvgPool':
        t = { op, x, y: globalAvgPool(x) };
        break;
    }
    out.push(t);
    x = t.y;
  }
  return out;
}

/** The graph's output names: "Y" for a single branch, "Y_<branch>" for several. */
export function outputName(g: ExportGraph, branch: ExportBranch): string {
  return g.branches.length === 1 ? 'Y' : `Y_${branch.name}`;
}

/** A single layer as a graph (most panels show one). */
export function singleLayer(title: string, input: Tensor, op: ExportOp, output: Tensor): ExportGraph {
  return { title, input, branches: [{ name: 'layer', label: op.op, ops: [op], output }] };
}
