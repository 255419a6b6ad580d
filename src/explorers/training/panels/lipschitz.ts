/** Panel "Lipschitz constant": the operator norm of the configured (transposed) conv by power iteration. */
import type { Panel } from '../../runtime/panel.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderLineChart } from '../../../views/line-chart.ts';
import { el, figure, fmt, panelSection } from '../dom.ts';
import type { LipschitzResult } from '../protocol.ts';

export function createLipschitzPanel() {
  const p = panelSection('lipschitz', '3 · The layer’s Lipschitz constant',
    `How much can this layer stretch its input? Its Lipschitz constant is the operator norm ‖A‖₂ = max ‖A·x‖/‖x‖, the
largest singular value of the layer’s matrix. We find it by power iteration that only calls the forward kernel and
its adjoint — for a transposed conv the adjoint is a conv2d, the relation the transposed-convolution explorer shows —
and, while the matrix is small enough to write down, check it against the dense matrix’s largest singular value
(Jacobi, no kernel involved). Spectral normalisation divides the weight by σ, making the layer 1-Lipschitz; PyTorch’s
<code>spectral_norm</code> divides by σ of the weight <i>reshaped to a matrix</i>, which is a different number.
The norm depends on the input size (borders) as well as on kernel, stride and dilation. Power iteration creeps up
on σ from below; when the top two singular values are close — common for convolutions — it needs many iterations.`);
  const row = el('div', { class: 'tr-figs' });
  const readout = el('div', { class: 'tr-readout', 'data-testid': 'lipschitz-readout' });
  const histFig = figure('power iteration: estimate of σ per iteration');
  const wFig = figure('weight (channel 0 → 0)');
  row.append(readout, histFig.fig, wFig.fig);
  const error = el('p', { class: 'error-message', role: 'alert', 'data-testid': 'lipschitz-error' });
  error.hidden = true;
  p.body.append(error, row);

  function render(r: LipschitzResult | null, message: string | null): void {
    error.hidden = message === null;
    error.textContent = message ?? '';
    row.classList.toggle('stale', message !== null);
    if (!r) return;
    readout.replaceChildren();
    const line = (label: string, value: string, id: string, note = '') => {
      const d = el('p', {}, `${label}: `);
      d.append(el('b', { 'data-testid': id }, value));
      if (note) d.append(` ${note}`);
      readout.append(d);
    };
    line('σ (power iteration)', fmt(r.sigma, 6), 'lipschitz-sigma', `after ${r.iterations} iterations${r.converged ? ' (steady over the last 10)' : ' (iteration budget reached; still rising)'}`);
    if ('sigma' in r.dense) {
      line('σ of the dense matrix', fmt(r.dense.sigma, 6), 'lipschitz-dense', `· relative difference ${fmt(Math.abs(r.sigma - r.dense.sigma) / Math.max(r.dense.sigma, 1e-30), 2)}`);
    } else {
      line('dense check', 'skipped', 'lipschitz-dense', `(${r.dense.skipped})`);
    }
    line('σ of the reshaped weight (torch spectral_norm)', fmt(r.reshapedSigma, 4), 'lipschitz-reshaped');
    if (r.normalisedSigma !== null) line('σ after dividing the weight by σ', fmt(r.normalisedSigma, 6), 'lipschitz-normalised');
    readout.append(el('p', { class: 'tr-hint' }, `output shape [${r.outShape.join(', ')}]`));
    renderLineChart(histFig.plot, { series: [{ id: 'sigma', color: '#0072B2', points: r.history.map((s, i) => [i + 1, s] as const) }] },
      { label: 'power iteration estimates of the largest singular value', width: 380, height: 200, xLabel: 'iteration', yLabel: 'σ estimate', testId: 'lipschitz-chart' });
    const [, , kh, kw] = r.weight.shape;
    renderHeatmap(wFig.plot, { values: r.weight.data.subarray(0, kh * kw), rows: kh, cols: kw }, { label: 'weight of channel 0 to 0', showValues: kh <= 5, maxWidth: 160 });
  }

  const panel: Panel<{ lipschitz: LipschitzResult | null; lipschitzError: string | null }> = {
    id: 'lipschitz', el: p.section, render: (v) => render(v.lipschitz, v.lipschitzError),
  };
  return panel;
}
