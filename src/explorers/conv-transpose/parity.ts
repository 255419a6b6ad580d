/**
 * ONNX Runtime parity badges: each panel's `.parity-slot[data-op]` gets the cross-check of the op it computes
 * (src/onnx crossCheck, one latest-wins checker per slot, ORT loaded lazily on first use). A result that
 * arrives after newer data is dropped (generation number).
 */
import { conv2d, type Tensor } from '../../kernels/index.ts';
import { crossCheckLayer, type CrossCheckRequest, type OursRun } from '../../onnx/index.ts';
import { createParitySlots } from '../parity-slots.ts';
import { offThreadRunner } from '../../onnx/off-thread/onnx-check-client.ts';
import type { NodeAsWritten } from '../model/as-written.ts';
import type { LayerResults } from './compute.ts';
import type { PanelId } from './panels/panel.ts';
import type { ConvTransposeState } from './schema.ts';
import { equalSizeTransposePadding, subPixelWeights } from './upsamplers.ts';

interface SlotRequest {
  req: CrossCheckRequest;
  ours?: OursRun;
  /** The user's .onnx node this layer is: ONNX Runtime runs it as written in the file (on req.input) instead. */
  node?: NodeAsWritten;
}

/** What each panel's slot checks, keyed by op; a string is why there is nothing to check. */
export function parityRequests(panel: PanelId, r: LayerResults, state: ConvTransposeState, node?: NodeAsWritten | null): Record<string, SlotRequest | string> {
  const layer: CrossCheckRequest = { op: 'ConvTranspose', input: r.input, weight: r.weight, bias: r.bias, options: r.options };
  const i = r.info;
  switch (panel) {
    case 'paint':
      return { ConvTranspose: { req: layer, ...(node ? { node } : {}) } };
    case 'matrix':
      // The matrix way's numbers against ORT (its time is not comparable, so none is given).
      return { ConvTranspose: { req: layer, ours: { outputs: [{ shape: r.output.shape, data: r.matrixOutput }], ms: NaN } } };
    case 'zero-insertion':
      return { Conv: { req: { op: 'Conv', input: r.gather.padded, weight: r.gather.flipped, bias: r.bias, options: { dilation: [i.dilationH, i.dilationW], groups: i.groups } } } };
    case 'not-inverse': {
      const n = r.notInverse;
      const opts = { stride: [i.strideH, i.strideW] as [number, number], dilation: [i.dilationH, i.dilationW] as [number, number], groups: i.groups };
      const padding: [number, number, number, number] = [i.padTop, i.padLeft, i.padBottom, i.padRight];
      return {
        Conv: { req: { op: 'Conv', input: n.u, weight: r.weight, bias: null, options: { ...opts, padding } } },
        ConvTranspose: { req: { op: 'ConvTranspose', input: n.y, weight: r.weight, bias: null, options: { ...opts, padding, outputPadding: [i.outPadH, i.outPadW] } } },
      };
    }
    case 'checkerboard': {
      const s = r.shootout;
      if ('error' in s) return { ConvTranspose: s.error, Resize: s.error, DepthToSpace: s.error };
      const x: Tensor = { shape: [1, 1, s.sourceRows, s.sourceCols], data: s.source };
      const k: Tensor = { shape: [1, 1, s.kernel.kH, s.kernel.kW], data: s.kernel.data };
      const d: [number, number] = [i.dilationH, i.dilationW];
      const ph = equalSizeTransposePadding(s.kernel.kH, s.stride[0], d[0]);
      const pw = equalSizeTransposePadding(s.kernel.kW, s.stride[1], d[1]);
      const out: Record<string, SlotRequest | string> = {
        ConvTranspose: { req: { op: 'ConvTranspose', input: x, weight: k, bias: null, options: {
          stride: s.stride, dilation: d, padding: [ph.begin, pw.begin, ph.end, pw.end], outputPadding: [ph.outputPadding, pw.outputPadding],
        } } },
        Resize: { req: { op: 'Resize', input: x, options: { scale: s.stride, mode: 'bilinear' } } },
        DepthToSpace: s.subPixelNote ?? '',
      };
      if (!s.subPixelNote) {
        const sp = subPixelWeights(s.kernel, s.stride[0], d, state.icnr);
        out.DepthToSpace = { req: { op: 'DepthToSpace', input: conv2d(x, sp.weight, null, { padding: sp.padding }), upscaleFactor: s.stride[0] } };
      }
      return out;
    }
    default:
      return {};
  }
}

export interface ParityBadges {
  update(panel: PanelId, section: HTMLElement, requests: Record<string, SlotRequest | string>): void;
  published(): Record<string, Record<string, string>>;
}

export function createParityBadges(onChange: () => void, enabled: boolean): ParityBadges {
  const slots = createParitySlots(onChange, enabled);
  return {
    update(panel, section, requests) {
      slots.check(panel, section, requests, (op) => `${op} is not computed for this configuration`,
        // The file's own node goes straight to ORT (a slider drag may run a few; stale results are dropped).
        (r, latest) => (r.node ? crossCheckLayer(r.node.model, r.node.layer, r.req.input, r.ours, offThreadRunner) : latest(r.req, r.ours)));
    },
    published: slots.published,
  };
}
