/**
 * Which ONNX ConvTranspose attribute sets express the current layer. Explicit `pads` always do; `auto_pad`
 * SAME_UPPER / SAME_LOWER and `output_shape` do only for some paddings. Each alternative is translated back with
 * the app's one ONNX → PyTorch mapping (src/onnx/mapping.ts) and validated by params.ts, then compared with the
 * layer: same output size and same leading padding means the same numbers (the output is a window of the full
 * transposed convolution that starts at the leading padding).
 */
import { convTranspose2dInfo, type ConvInfo, type Tensor } from '../../kernels/index.ts';
import { convInfoToOnnx, onnxToConvTransposeOptions, type OnnxConvAttributes } from '../../onnx/mapping.ts';

export interface OnnxForm {
  name: 'pads' | 'SAME_UPPER' | 'SAME_LOWER' | 'output_shape';
  attrs: OnnxConvAttributes;
  /** Does this attribute set reproduce the layer? */
  expresses: boolean;
  /** Why not, in numbers (or what it would give). */
  note: string;
}

/** What an ONNX attribute set gives for this input and kernel: begin pads and output size, or the refusal. */
function realise(attrs: OnnxConvAttributes, info: ConvInfo): { padTop: number; padLeft: number; outH: number; outW: number } | string {
  try {
    const opts = onnxToConvTransposeOptions(attrs, [info.kH, info.kW], [info.inH, info.inW]);
    const x: Tensor = { shape: [1, info.inChannels, info.inH, info.inW], data: new Float32Array(info.inChannels * info.inH * info.inW) };
    const w: Tensor = {
      shape: [info.inChannels, info.outPerGroup, info.kH, info.kW],
      data: new Float32Array(info.inChannels * info.outPerGroup * info.kH * info.kW),
    };
    const r = convTranspose2dInfo(x, w, null, opts);
    return { padTop: r.padTop, padLeft: r.padLeft, outH: r.outH, outW: r.outW };
  } catch (err) {
    return (err as Error).message;
  }
}

export function onnxForms(info: ConvInfo): OnnxForm[] {
  const explicit = convInfoToOnnx(info, 'ConvTranspose');
  const base: OnnxConvAttributes = { ...explicit };
  delete base.pads;
  const forms: OnnxForm[] = [{ name: 'pads', attrs: explicit, expresses: true, note: 'explicit begin/end padding always works' }];
  const candidates: [OnnxForm['name'], OnnxConvAttributes][] = [
    ['SAME_UPPER', { ...base, auto_pad: 'SAME_UPPER' }],
    ['SAME_LOWER', { ...base, auto_pad: 'SAME_LOWER' }],
    ['output_shape', { ...base, output_shape: [info.outH, info.outW] }],
  ];
  for (const [name, attrs] of candidates) {
    const r = realise(attrs, info);
    if (typeof r === 'string') {
      forms.push({ name, attrs, expresses: false, note: r });
      continue;
    }
    const same = r.outH === info.outH && r.outW === info.outW && r.padTop === info.padTop && r.padLeft === info.padLeft;
    let note: string;
    if (same) note = 'gives the same output';
    else if (r.outH !== info.outH || r.outW !== info.outW) note = `would give ${r.outH}×${r.outW} (needs output = input·stride = ${info.inH * info.strideH}×${info.inW * info.strideW})`;
    else note = `same size, but pads begin at (${r.padTop}, ${r.padLeft}) instead of (${info.padTop}, ${info.padLeft}): shifted by one pixel`;
    forms.push({ name, attrs, expresses: same, note });
  }
  return forms;
}
