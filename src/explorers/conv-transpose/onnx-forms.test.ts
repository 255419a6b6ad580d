import { describe, expect, it } from 'vitest';
import { convTranspose2dInfo, tensor, type ConvTransposeOptions } from '../../kernels/index.ts';
import { onnxForms } from './onnx-forms.ts';

function forms(h: number, k: number, opts: ConvTransposeOptions) {
  const info = convTranspose2dInfo(tensor([1, 1, h, h]), tensor([1, 1, k, k]), null, opts);
  return Object.fromEntries(onnxForms(info).map((f) => [f.name, f]));
}

describe('onnxForms', () => {
  it('k3 s2 p1 op1 (×2 exactly): pads, both SAME modes and output_shape all express it', () => {
    const f = forms(8, 3, { stride: 2, padding: 1, outputPadding: 1 });
    expect(f.pads.attrs.pads).toEqual([1, 1, 1, 1]);
    expect(f.pads.attrs.output_padding).toEqual([1, 1]);
    expect([f.SAME_UPPER.expresses, f.SAME_LOWER.expresses, f.output_shape.expresses]).toEqual([true, true, true]);
  });

  it('no padding (17×17 from 8×8): SAME cannot (it always gives in·stride), output_shape can', () => {
    const f = forms(8, 3, { stride: 2 });
    expect(f.SAME_UPPER.expresses).toBe(false);
    expect(f.SAME_UPPER.note).toContain('16×16');
    expect(f.output_shape.expresses).toBe(true);
  });

  it('odd total padding at the beginning: SAME_LOWER and output_shape, not SAME_UPPER', () => {
    const f = forms(8, 3, { stride: 2, padding: [1, 1, 0, 0] });
    expect(f.SAME_UPPER.expresses).toBe(false);
    expect(f.SAME_UPPER.note).toContain('shifted');
    expect(f.SAME_LOWER.expresses).toBe(true);
    expect(f.output_shape.expresses).toBe(true);
  });

  it('odd total padding at the end: SAME_UPPER only', () => {
    const f = forms(8, 3, { stride: 2, padding: [0, 0, 1, 1] });
    expect([f.SAME_UPPER.expresses, f.SAME_LOWER.expresses, f.output_shape.expresses]).toEqual([true, false, false]);
  });
});
