/** Panel 1 — the output-size formula with the current numbers, the PyTorch call and the ONNX attribute forms. */
import { select } from 'd3';
import { renderFormula, type FormulaRow } from '../../../views/formula.ts';
import type { LayerResults } from '../compute.ts';
import type { OnnxForm } from '../onnx-forms.ts';
import { el, panelSection, type Panel } from './panel.ts';
import { setText, writeAttrs } from '../../../util/dom.ts';
import { convTranspose2dCall, type ConvTransposeCall } from '../../../onnx/pytorch-call.ts';

const STORY = `A transposed convolution maps a small grid to a larger one — <em>“a sort of upsampling”</em>. Each of the
H input rows moves the kernel s output rows further, the kernel itself spans d·(k − 1) + 1 rows, padding crops
rows from both ends and <code>output_padding</code> adds rows at the end (it only picks between sizes that the
same ordinary convolution would map back to H).`;

function formulaRows(r: LayerResults): FormulaRow[] {
  const i = r.info;
  const row = (id: string, axis: 'H' | 'W', n: number, s: number, pb: number, pe: number, d: number, k: number, op: number, out: number): FormulaRow => ({
    id,
    label: `${axis}_out`,
    symbolic: `(${axis} − 1)·s − pad_begin − pad_end + d·(k − 1) + output_padding + 1`,
    substituted: `(${n} − 1)·${s} − ${pb} − ${pe} + ${d}·(${k} − 1) + ${op} + 1`,
    result: String(out),
  });
  return [
    row('h', 'H', i.inH, i.strideH, i.padTop, i.padBottom, i.dilationH, i.kH, i.outPadH, i.outH),
    row('w', 'W', i.inW, i.strideW, i.padLeft, i.padRight, i.dilationW, i.kW, i.outPadW, i.outW),
  ];
}

function torchCall(r: LayerResults): ConvTransposeCall {
  const i = r.info;
  return convTranspose2dCall({
    inChannels: i.inChannels, outChannels: i.outChannels, kernelSize: [i.kH, i.kW], stride: [i.strideH, i.strideW],
    padding: [i.padTop, i.padLeft, i.padBottom, i.padRight], outputPadding: [i.outPadH, i.outPadW],
    dilation: [i.dilationH, i.dilationW], groups: i.groups, bias: r.bias !== null,
  });
}

function attrText(f: OnnxForm): string {
  const a = f.attrs;
  const parts: string[] = [];
  if (a.auto_pad) parts.push(`auto_pad="${a.auto_pad}"`);
  if (a.pads) parts.push(`pads=[${a.pads.join(', ')}]`);
  if (a.output_shape) parts.push(`output_shape=[${a.output_shape.join(', ')}]`);
  parts.push(`output_padding=[${(a.output_padding ?? [0, 0]).join(', ')}]`);
  parts.push(`strides=[${(a.strides ?? [1, 1]).join(', ')}]`);
  if (a.dilations && a.dilations.some((d) => d !== 1)) parts.push(`dilations=[${a.dilations.join(', ')}]`);
  if (a.group && a.group !== 1) parts.push(`group=${a.group}`);
  return parts.join(' ');
}

export function createShapePanel(): Panel {
  const { section, body } = panelSection('shape', '1 · Shape: why the output is bigger', STORY, []);
  const formula = el('div', { class: 'ct-formula', 'data-testid': 'shape-formula' });
  // Both lines can be wider than the panel: they scroll, so they must be reachable by keyboard.
  const shapes = el('p', { class: 'ct-shapes mono', 'data-testid': 'shape-summary', tabindex: '0' });
  const torch = el('p', { class: 'ct-code mono', 'data-testid': 'shape-torch', tabindex: '0' });
  const torchNote = el('p', { class: 'ct-note' });
  const onnxHead = el('h3', {}, 'The same layer in ONNX (ConvTranspose)');
  const onnx = el('table', { class: 'ct-onnx', 'data-testid': 'shape-onnx' });
  body.append(formula, shapes, torch, torchNote, onnxHead, onnx);
  return {
    id: 'shape',
    el: section,
    render({ results: r }, reason) {
      if (reason === 'hover') return;
      const i = r.info;
      renderFormula(formula, formulaRows(r), { caption: 'Output size (PyTorch ConvTranspose2d docs; ONNX ConvTranspose with explicit pads)' });
      // Only what changed is rewritten (util/dom.ts): this panel is redrawn on every step.
      setText(shapes, `input [1, ${i.inChannels}, ${i.inH}, ${i.inW}]  ·  weight [${i.inChannels}, ${i.outPerGroup}, ${i.kH}, ${i.kW}]  →  output [1, ${i.outChannels}, ${i.outH}, ${i.outW}]`);
      const call = torchCall(r);
      setText(torch, call.call);
      const crop = call.crop;
      setText(torchNote, crop === null ? '' :
        'PyTorch’s ConvTranspose2d pads symmetrically only: this begin/end padding is the call above followed by cropping ' +
        `${crop.top} top, ${crop.bottom} bottom, ${crop.left} left and ${crop.right} right — or one ONNX node with explicit pads.`);
      const rows = select(onnx).selectAll<HTMLTableRowElement, OnnxForm>('tr').data(r.onnx, (f) => f.name)
        .join((enter) => {
          const tr = enter.append('tr');
          tr.append('th').attr('scope', 'row');
          tr.append('td').attr('class', 'verdict');
          tr.append('td').attr('class', 'mono attrs');
          tr.append('td').attr('class', 'note');
          return tr;
        })
        .call(writeAttrs, { 'data-testid': (f: OnnxForm) => `onnx-${f.name}`, 'data-expresses': (f: OnnxForm) => String(f.expresses) });
      rows.select<HTMLElement>('th').each(function (f) { setText(this, f.name === 'pads' ? 'explicit pads' : f.name === 'output_shape' ? 'output_shape' : `auto_pad ${f.name}`); });
      rows.select<HTMLElement>('td.verdict').each(function (f) { setText(this, f.expresses ? '✓ same' : '✗ differs'); })
        .each(function (f) { this.classList.toggle('ok', f.expresses); this.classList.toggle('bad', !f.expresses); });
      rows.select<HTMLElement>('td.attrs').each(function (f) { setText(this, attrText(f)); });
      rows.select<HTMLElement>('td.note').each(function (f) { setText(this, f.note); });
    },
    published: () => ({}),
  };
}
