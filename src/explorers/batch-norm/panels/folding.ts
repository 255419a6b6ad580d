import { divergingScale } from '../../../views/color.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { FEATURE_DESCRIPTIONS } from '../feature-conv.ts';
import { fmt, h, patchChildren, setAttr, setText } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { panelFrame, showStatus } from './frame.ts';

const RGB = ['R', 'G', 'B'];
const ROWS = ['W (conv)', 'W′ (folded)'] as const;

export function createFoldingPanel(actions: Actions): Panel {
  const frame = panelFrame('folding', '8 · Folding BN into the conv for inference', [
    'In eval mode BatchNorm is a fixed affine map per channel, so a conv followed by BN is just another conv: scale each ',
    'output channel’s weights and rewrite its bias. Deployed networks do this (PyTorch’s fuse_conv_bn_eval, ONNX optimisers) ',
    'to save a pass over the data. Below, the fixed feature conv and this page’s BN (running statistics, γ, β, eps) are folded and both paths run.',
  ]);
  const formula = h('div', { class: 'formula mono', 'data-testid': 'fold-formula' });
  const kernels = h('div', { class: 'fold-kernels' });
  const diff = h('strong', { class: 'big mono', 'data-testid': 'fold-max-diff' });
  const result = h('p', { class: 'callout' });
  const note = h('p', { class: 'small muted', 'data-testid': 'fold-note' });
  const learn = h('button', { type: 'button', 'data-testid': 'fold-learn' }, 'Learn running statistics (100 steps)');
  learn.addEventListener('click', () => actions.update({ steps: 100 }));
  const untrained = h('p', { class: 'callout', hidden: true }, 'No training steps yet: the running statistics are PyTorch’s initial mean 0 and variance 1, so the fold only multiplies by γ. ', learn);
  frame.body.append(untrained, formula, kernels, result, note);
  // A second badge: the folded layer is a Conv, checked against ONNX Runtime too.
  frame.parity.after(h('div', { class: 'parity-slot', 'data-op': 'conv' }));
  /** The heatmaps' containers: [original, folded][input channel]. */
  let cells: HTMLElement[][] = [];

  return {
    id: 'folding',
    el: frame.el,
    render(vm: ViewModel) {
      const { state, results: r } = vm;
      const f = r.folding;
      if (!f || 'error' in f) {
        showStatus(frame, r.dataError ?? (f && 'error' in f ? f.error : null));
        return;
      }
      showStatus(frame, null);
      untrained.hidden = state.steps + state.shiftSteps > 0;
      const c = state.channel;
      const rm = r.running!.mean[c];
      const rv = r.running!.variance[c];
      const g = state.gamma[c];
      const b = state.beta[c];
      const s = f.folded.scale[c];
      const name = r.names[c] ?? `channel ${c}`;
      patchChildren(formula,
        h('p', {}, `s_c = γ_c / √(running_var_c + eps)   b′_c = s_c · (b_c − running_mean_c) + β_c   W′_c = s_c · W_c`),
        h('p', {}, `channel “${f.fromPhotos ? name : `conv channel ${c}`}”: s = ${fmt(g, 4)} / √(${fmt(rv, 4)} + ${fmt(state.eps)}) = ${fmt(s, 5)}`),
        h('p', {}, `b′ = ${fmt(s, 5)} · (${fmt(f.conv.bias[c], 4)} − ${fmt(rm, 4)}) + ${fmt(b, 4)} = ${fmt(f.folded.bias[c], 5)}`));
      // Original and folded 3×3 kernels of the selected output channel, per input colour.
      const w = f.conv.weight;
      const wf = f.folded.weight;
      const per = w.shape[2] * w.shape[3];
      // The grids are made once (per input-channel count) and redrawn in place: a heatmap made anew each time
      // allocates fresh canvases (≈ 1 ms each here), and this panel redraws with every new batch.
      if (cells.length !== 2 || cells[0].length !== w.shape[1]) {
        cells = [0, 1].map(() => RGB.slice(0, w.shape[1]).map(() => h('div', { class: 'fold-cell' })));
        kernels.replaceChildren(...ROWS.map((label, k) => h('div', { class: 'fold-row' }, h('span', { class: 'fold-label' }, label),
          ...cells[k].map((cell, ic) => h('figure', {}, cell, h('figcaption', { class: 'small muted' }, `input ${RGB[ic]}`))))));
      }
      ROWS.forEach((label, k) => {
        const t = k === 0 ? w : wf;
        const base = c * w.shape[1] * per;
        let m = 0;
        for (let i = 0; i < w.shape[1] * per; i++) m = Math.max(m, Math.abs(t.data[base + i]));
        const scale = divergingScale(m);
        cells[k].forEach((cell, ic) => {
          renderHeatmap(cell, { values: t.data.subarray(base + ic * per, base + (ic + 1) * per), rows: w.shape[2], cols: w.shape[3] }, {
            label: `${label}, output channel ${c}, input ${RGB[ic]}`, scale, cellSize: 34, showValues: true,
            valueFormat: (v) => fmt(v, 2),
          });
        });
      });
      setText(diff, fmt(f.maxDiff, 2));
      setAttr(diff, 'data-value', String(f.maxDiff));
      patchChildren(result, 'conv → BN (eval) against the folded conv, on all ',
        `${f.unfoldedOut.data.length.toLocaleString('en-US')} outputs: max |difference| = `, diff,
        ` (outputs up to ${fmt(f.maxAbsOutput)} in size; the difference is float32 rounding).`);
      setText(note, [
        `Conv channel ${c}: ${FEATURE_DESCRIPTIONS[c]}.`,
        f.fromPhotos ? '' : ' Synthetic feature maps have no conv in front of them, so this panel feeds the sample photographs through the fixed conv.',
        state.mode === 'train' ? ' Folding uses the running statistics even though the page is in training mode: in training the batch statistics change every batch, so there is nothing fixed to fold.' : '',
      ].join(''));
    },
  };
}
