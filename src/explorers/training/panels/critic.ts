/**
 * Demo 1, panel "checkerboards in the gradients": what a strided-conv critic (a discriminator's first layers)
 * sends back to the generator's output. Its backward pass is a transposed convolution, so the gradient has the
 * stride-periodic pattern even when the image is smooth.
 */
import type { Panel } from '../../runtime/panel.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { divergingScale, finiteExtent } from '../../../views/color.ts';
import { UPSAMPLER_LABELS } from '../../../training/models.ts';
import { el, figure, fmt, panelSection } from '../dom.ts';
import type { BoardView } from './checkerboard.ts';

export function createCriticPanel() {
  const p = panelSection('critic-gradient', 'Checkerboards in the gradients of a strided conv',
    `The other half of the story (Odena et al., 2016). A critic — Conv k×k stride s · ReLU · Conv k×k stride s ·
ReLU · mean, random weights — scores the output of the network chosen in the settings. The gradient of that score
with respect to the image is computed by our backward kernels: the input gradient of a strided conv2d <i>is</i> a
transposed convolution, with the same uneven overlap. So a generator trained through such a critic is pushed towards
checkerboards even when its own upsampler has none. Switch the critic’s stride between 2 and 1.`);
  const row = el('div', { class: 'tr-figs' });
  const grad = figure('∂ critic score / ∂ image');
  const legend = el('div');
  grad.fig.append(legend);
  const readout = el('div', { class: 'tr-readout', 'data-testid': 'critic-readout' });
  row.append(grad.fig, readout);
  p.body.append(row);

  function render(v: BoardView): void {
    const c = v.critic;
    if (!c) return;
    const [lo, hi] = finiteExtent(c.gradient);
    const scale = divergingScale(Math.max(-lo, hi));
    renderHeatmap(grad.plot, { values: c.gradient, rows: v.crop, cols: v.crop }, {
      label: `gradient of a stride-${c.stride} critic with respect to the ${UPSAMPLER_LABELS[c.view]} output`, scale, cellSize: v.crop <= 32 ? 6 : 3, cellBorders: false, testId: 'critic-gradient',
    });
    renderLegend(legend, scale, { title: 'gradient', width: 200 });
    grad.caption.textContent = `∂ score / ∂ image, critic k${c.kernel} stride ${c.stride}, on the ${UPSAMPLER_LABELS[c.view]} output`;
    readout.innerHTML = '';
    const line = (label: string, value: string, id: string) => {
      const d = el('p', {}, `${label}: `);
      d.append(el('b', { 'data-testid': id }, value));
      readout.append(d);
    };
    line(`artifact score of this gradient (period ${c.period})`, fmt(c.score), 'critic-score');
    line('the same critic with stride 1', fmt(c.stride1Score), 'critic-stride1-score');
    readout.append(el('p', { class: 'tr-hint' }, c.stride === 2
      ? `Stride 2 scores ${fmt(c.score / Math.max(c.stride1Score, 1e-12), 2)}× the stride-1 critic: the pattern is in the backward pass.`
      : 'With stride 1 every input pixel is reached by the same taps: no stride-periodic pattern.'));
  }

  const panel: Panel<{ board: BoardView }> = { id: 'critic-gradient', el: p.section, render: (v) => render(v.board) };
  return panel;
}
