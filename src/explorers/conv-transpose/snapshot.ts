/**
 * What each panel of the transposed-conv page exports (JSON, PyTorch, .onnx): the layer with its weights, input
 * and output — and for the checkerboard shoot-out all four upsamplers, on the shoot-out's own image with the
 * shown kernel, each with the output the panel plots.
 */
import type { Tensor } from '../../kernels/index.ts';
import { singleLayer, type ExportBranch, type ExportGraph } from '../../onnx/export-graph.ts';
import type { SnapshotSources } from '../types.ts';
import type { LayerResults } from './compute.ts';
import type { ConvTransposeState } from './schema.ts';
import { equalSizeTransposePadding, subPixelWeights, type UpsamplerId } from './upsamplers.ts';

const LABELS: Record<UpsamplerId, string> = {
  transposed: 'transposed conv',
  nearest: 'nearest resize, then conv',
  bilinear: 'bilinear resize, then conv',
  subpixel: 'sub-pixel conv (conv, then PixelShuffle)',
};

export function layerSnapshot(r: LayerResults): ExportGraph {
  return singleLayer('the transposed convolution of the page', r.input,
    { op: 'ConvTranspose2d', weight: r.weight, bias: r.bias, options: r.options }, r.output);
}

/** The shoot-out's four upsamplers as one graph with four outputs, or null while it has none to show. */
export function shootoutSnapshot(r: LayerResults, state: ConvTransposeState): ExportGraph | null {
  const s = r.shootout;
  if ('error' in s) return null;
  const x: Tensor = { shape: [1, 1, s.sourceRows, s.sourceCols], data: s.source };
  const w: Tensor = { shape: [1, 1, s.kernel.kH, s.kernel.kW], data: s.kernel.data };
  const d: [number, number] = [r.info.dilationH, r.info.dilationW];
  const [sh, sw] = s.stride;
  const same = (k: number, dd: number) => [Math.floor(dd * (k - 1) / 2), dd * (k - 1) - Math.floor(dd * (k - 1) / 2)];
  const [t, b] = same(w.shape[2], d[0]);
  const [l, rr] = same(w.shape[3], d[1]);
  const branch = (id: UpsamplerId): ExportBranch['ops'] => {
    switch (id) {
      case 'transposed': {
        const ph = equalSizeTransposePadding(s.kernel.kH, sh, d[0]);
        const pw = equalSizeTransposePadding(s.kernel.kW, sw, d[1]);
        return [{ op: 'ConvTranspose2d', weight: w, bias: null, options: {
          stride: [sh, sw], dilation: d, padding: [ph.begin, pw.begin, ph.end, pw.end], outputPadding: [ph.outputPadding, pw.outputPadding],
        } }];
      }
      case 'nearest':
      case 'bilinear':
        return [
          { op: 'Upsample', scale: [sh, sw], mode: id },
          { op: 'Conv2d', weight: w, bias: null, options: { dilation: d, padding: [t, l, b, rr] } },
        ];
      case 'subpixel': {
        const sp = subPixelWeights(s.kernel, sh, d, state.icnr);
        return [{ op: 'Conv2d', weight: sp.weight, bias: null, options: { padding: sp.padding } }, { op: 'PixelShuffle', factor: sh }];
      }
    }
  };
  return {
    title: `the checkerboard shoot-out: ${s.entries.length} ways to upsample ×${sh}${sh === sw ? '' : `×${sw}`} with one ${s.kernel.kH}×${s.kernel.kW} kernel`,
    input: x,
    branches: s.entries.map((e) => ({
      name: e.id, label: `${LABELS[e.id]}${e.id === 'subpixel' && state.icnr ? ' (ICNR: all sub-kernels equal)' : ''}`,
      ops: branch(e.id), output: { shape: [1, 1, s.rows, s.cols], data: e.output },
    })),
    extra: {
      artifactScores: Object.fromEntries(s.entries.map((e) => [e.id, e.score])),
      rmsDifferenceFromBilinear: Object.fromEntries(s.entries.map((e) => [e.id, e.rmsDiff])),
      ...(s.subPixelNote ? { subPixelNote: s.subPixelNote } : {}),
    },
  };
}

/** The page's export sources: the shoot-out panel has its own, every other panel the layer. */
export function convTransposeSnapshots(current: () => LayerResults | null, state: () => ConvTransposeState): SnapshotSources {
  return {
    checkerboard: () => {
      const r = current();
      return r ? shootoutSnapshot(r, state()) : null;
    },
    '*': () => {
      const r = current();
      return r ? layerSnapshot(r) : null;
    },
  };
}
