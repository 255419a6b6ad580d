/**
 * ONNX Runtime parity badges for the normalization page: each panel's `.parity-slot[data-op]` checks the kernel
 * behind its numbers against a one-node model (LayerNormalization-17, InstanceNormalization, GroupNormalization-21,
 * RMSNormalization-23, BatchNormalization) through the shared slots (parity-slots.ts). Checks run once a result
 * is on screen and the controls have rested.
 */
import type { CrossCheckRequest } from '../../onnx/index.ts';
import { createParitySlots, type SlotCheck } from '../parity-slots.ts';
import type { NormResults } from './compute.ts';
import { NORMS, type NormId, type NormState } from './schema.ts';
import type { PanelId } from './view.ts';

/** The request that checks norm `k` on `x` (with γ, β when given), as the page computed it. */
export function normRequest(k: NormId, x: NormResults['x'] & object, g: number, eps: number, weight: Float32Array | null = null, bias: Float32Array | null = null): CrossCheckRequest {
  const [, c, h, w] = x.shape;
  const hw = h * w;
  const each = (v: Float32Array | null) => (v ? Float32Array.from({ length: c * hw }, (_, i) => v[Math.floor(i / hw)]) : null);
  const normalizedShape = [c, h, w];
  switch (k) {
    case 'bn': return { op: 'BatchNormalization', input: x, options: { training: true, eps, weight: weight ?? undefined, bias: bias ?? undefined } };
    case 'ln': return { op: 'LayerNormalization', input: x, options: { normalizedShape, eps, weight: each(weight), bias: each(bias) } };
    case 'in': return { op: 'InstanceNormalization', input: x, options: { eps, weight, bias } };
    case 'gn': return { op: 'GroupNormalization', input: x, options: { numGroups: g, eps, weight, bias } };
    case 'rms': return { op: 'RMSNormalization', input: x, options: { normalizedShape, eps, weight: each(weight) } };
  }
}

export function parityRequests(panel: PanelId, r: NormResults, s: NormState): Record<string, SlotCheck | string> {
  const x = r.x;
  if (!x) return {};
  const one = (k: NormId, input = x): SlotCheck => ({ req: normRequest(k, input, s.g, s.eps) });
  // The numbers the panel shows, compared as they are (the check then times nothing of ours: ms NaN, as batch norm's pitfalls).
  const shown = (k: NormId, t: { shape: number[]; data: Float32Array } | null, w: Float32Array | null = null, b: Float32Array | null = null): SlotCheck =>
    (t ? { req: normRequest(k, x, s.g, s.eps, w, b), ours: { outputs: [t], ms: NaN } } : { req: normRequest(k, x, s.g, s.eps, w, b) });
  switch (panel) {
    case 'share':
    case 'cube': return { norm: shown(s.norm, r.chosen, r.weight, r.bias) };
    case 'side-by-side': return Object.fromEntries(NORMS.map((k) => [k, shown(k, r.outputs?.[k] ?? null)]));
    case 'knob': return { 'group-norm': one('gn'), 'layer-norm': one('ln'), 'instance-norm': one('in') };
    case 'batch': {
      const b = r.batchDependence;
      if (!b) return {};
      return {
        'batch-norm': one('bn', b.swapped),
        'instance-norm-eval': { req: { op: 'InstanceNormalization', input: x, options: { eps: s.eps, useInputStats: false, runningMean: b.running.inMean, runningVar: b.running.inVar } } },
      };
    }
    case 'rms': return { 'rms-norm': one('rms'), 'layer-norm': one('ln') };
  }
}

export function createParity(sections: { id: PanelId; el: HTMLElement }[], onChange: () => void) {
  const slots = createParitySlots(onChange);
  return {
    update(r: NormResults, s: NormState) {
      for (const sec of sections) {
        slots.check(sec.id, sec.el, parityRequests(sec.id, r, s), (op) => r.dataError ?? `nothing to check for ${op} yet`);
      }
    },
    published: slots.published,
  };
}
