import { describe, expect, it } from 'vitest';
import { convTranspose2dInfo } from '../../kernels/index.ts';
import { defaults } from '../../state/schema.ts';
import { adaptLayer } from './adapt.ts';
import { convTransposeSchema, type ConvTransposeState } from './schema.ts';

const start = defaults(convTransposeSchema) as ConvTransposeState;

describe('adaptLayer(state, patch)', () => {
  it('stride 2 → 1 from the defaults lowers output padding 1 → 0, with a note', () => {
    const r = adaptLayer(start, { sH: 1, sW: 1 });
    expect(r.patch).toEqual({ sH: 1, sW: 1, opH: 0, opW: 0 });
    expect(r.note).toMatch(/output padding \(height\) lowered from 1 to 0: it must be smaller than stride \(1\) or dilation \(1\)/);
  });

  it('leaves valid combinations alone', () => {
    expect(adaptLayer(start, { sH: 3 })).toEqual({ patch: { sH: 3 }, note: null });
    expect(adaptLayer({ ...start, dH: 2 }, { sH: 1 })).toEqual({ patch: { sH: 1 }, note: null });
  });

  it('never adapts an edit of the output padding itself (its error stays visible)', () => {
    expect(adaptLayer(start, { opH: 3 })).toEqual({ patch: { opH: 3 }, note: null });
  });

  it('every adapted layer is accepted by the kernel library', () => {
    for (const s of [1, 2, 3, 4]) for (const d of [1, 2, 3]) for (const op of [0, 1, 2, 3]) {
      const state = { ...start, opH: op, opW: op };
      const { patch } = adaptLayer(state, { sH: s, sW: s, dH: d, dW: d });
      const next = { ...state, ...patch };
      const x = { shape: [1, 1, 8, 8], data: new Float32Array(64) };
      const w = { shape: [1, 1, 3, 3], data: new Float32Array(9) };
      expect(() => convTranspose2dInfo(x, w, null, {
        stride: [next.sH, next.sW], dilation: [next.dH, next.dW], padding: 1, outputPadding: [next.opH, next.opW],
      })).not.toThrow();
    }
  });
});
