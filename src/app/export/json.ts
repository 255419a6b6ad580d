import type { LayerSnapshot } from '../../explorers/types.ts';
import type { Tensor } from '../../kernels/index.ts';

/** JSON of the explorer's state and what the panel shows (tensors as {shape, data}); NaN/Inf become null. */
export function snapshotJson(s: LayerSnapshot, state: unknown): string {
  const replacer = (_key: string, v: unknown) => {
    if (v instanceof Float32Array || v instanceof Float64Array) return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    return v;
  };
  return JSON.stringify({ format: 'layer-lab/v2', state, panel: s }, replacer, 1);
}

export function tensorFromJson(v: { shape: number[]; data: (number | null)[] }): Tensor {
  return { shape: v.shape, data: Float32Array.from(v.data, (x) => (x === null ? NaN : x)) };
}
