import { pairMoments, renderScatter } from '../../../views/scatter.ts';
import { channelValues, whitenPair } from '../stats.ts';
import { CHANNEL_COLOURS, fixed, h, patchChildren, setText } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { layerMessage, panelFrame, showStatus } from './frame.ts';

function channelSelect(label: string, testId: string, onChange: (c: number) => void): { el: HTMLElement; select: HTMLSelectElement } {
  const id = `bn-${testId}`;
  const select = h('select', { id, 'data-testid': testId });
  select.addEventListener('change', () => onChange(Number(select.value)));
  return { el: h('span', { class: 'field' }, h('label', { for: id }, label), select), select };
}

export function createScatterPanel(actions: Actions): Panel {
  const frame = panelFrame('scatter', '3 · Zero mean, unit variance — not unit covariance', [
    'Each dot is one position (n, h, w) of the batch: its value in two channels. A common description says BN gives “zero mean ',
    'and unit covariance”. It does give every channel zero mean and unit variance (the diagonal of the table below), but it ',
    'normalises each channel alone, so the correlation between channels — the tilt of the 2σ ellipse — survives untouched. ',
    'Making the covariance the identity is whitening (right, for contrast; BatchNorm does not do it).',
  ]);
  const xSel = channelSelect('x channel', 'scatter-x', (c) => actions.update({ pairA: c }));
  const ySel = channelSelect('y channel', 'scatter-y', (c) => actions.update({ pairB: c }));
  const plots = [0, 1, 2].map(() => h('div', { class: 'scatter-plot' }));
  const captions = [0, 1, 2].map((i) => h('p', { class: 'mono small', 'data-testid': `scatter-caption-${i}` }));
  const titles = ['before: x', 'after BatchNorm: x̂', 'whitening (not BN), for contrast'];
  const row = h('div', { class: 'scatter-row' }, ...plots.map((p, i) => h('figure', {}, h('figcaption', {}, titles[i]), p, captions[i])));
  const table = h('table', { class: 'cov-table mono', 'data-testid': 'cov-table' });
  const tableNote = h('p', { class: 'small muted' });
  frame.body.append(h('div', { class: 'toolbar' }, xSel.el, ySel.el), row,
    h('h3', {}, 'Covariance between channels after BatchNorm (x̂)'), table, tableNote);
  let lastKey = '';
  let lastCov: unknown = null;

  return {
    id: 'scatter',
    el: frame.el,
    render(vm: ViewModel) {
      const { state, results: r } = vm;
      const layer = state.mode === 'train' ? r.train : r.eval;
      showStatus(frame, r.dataError ?? layerMessage(layer?.error, state.mode, layer?.errorParam));
      if (!r.batch || !r.covariance) return;
      for (const s of [xSel.select, ySel.select]) {
        if (s.options.length !== r.names.length || s.options[0]?.text !== r.names[0]) {
          s.replaceChildren(...r.names.map((n, c) => h('option', { value: c }, n)));
        }
      }
      xSel.select.value = String(state.pairA);
      ySel.select.value = String(state.pairB);
      const key = [state.pairA, state.pairB, state.mode].join('|');
      // x̂ and the covariance do not depend on γ/β: skip the redraw while those sliders move.
      if (lastKey === key && lastCov === r.covariance) return;
      lastKey = key;
      lastCov = r.covariance;
      const a = state.pairA;
      const b = state.pairB;
      const C = r.names.length;
      const before = r.covariance.before;
      const after = r.covariance.after;
      const xa = channelValues(r.batch.x, a);
      const xb = channelValues(r.batch.x, b);
      const colour = CHANNEL_COLOURS[a];
      renderScatter(plots[0], { x: xa, y: xb, color: colour }, {
        label: `${r.names[a]} against ${r.names[b]}, before BatchNorm`, xLabel: r.names[a], yLabel: r.names[b], width: 250, height: 250, testId: 'scatter-before',
      });
      setText(captions[0], `ρ = ${fixed(before.corr[a * C + b])} · var ${fixed(before.cov[a * C + a])}, ${fixed(before.cov[b * C + b])}`);
      if (layer?.xhat && after) {
        const ha = channelValues(layer.xhat, a);
        const hb = channelValues(layer.xhat, b);
        renderScatter(plots[1], { x: ha, y: hb, color: colour, xDomain: [-4, 4], yDomain: [-4, 4] }, {
          label: `${r.names[a]} against ${r.names[b]}, after BatchNorm`, xLabel: `x̂ ${r.names[a]}`, yLabel: `x̂ ${r.names[b]}`, width: 250, height: 250, testId: 'scatter-after',
        });
        setText(captions[1], `ρ = ${fixed(after.corr[a * C + b])} · var ${fixed(after.cov[a * C + a])}, ${fixed(after.cov[b * C + b])}`);
        captions[1].dataset.corr = String(after.corr[a * C + b]);
      } else {
        plots[1].replaceChildren(h('p', { class: 'muted' }, 'no normalised values'));
        setText(captions[1], '');
      }
      const w = a !== b ? whitenPair(xa, xb) : null;
      if (w) {
        renderScatter(plots[2], { x: w.x, y: w.y, color: '#777', xDomain: [-4, 4], yDomain: [-4, 4] }, {
          label: 'the same two channels whitened (ZCA), for contrast', xLabel: 'whitened x', yLabel: 'whitened y', width: 250, height: 250, testId: 'scatter-whitened',
        });
        const m = pairMoments(w.x, w.y);
        setText(captions[2], `ρ = ${fixed(m.sxy / Math.sqrt(m.sxx * m.syy))} · var ${fixed(m.sxx)}, ${fixed(m.syy)}`);
      } else {
        plots[2].replaceChildren(h('p', { class: 'muted' }, a === b ? 'choose two different channels' : 'this pair cannot be whitened (a constant or perfectly correlated channel)'));
        setText(captions[2], '');
      }
      if (after) {
        const head = h('tr', {}, h('th', {}, ''), ...r.names.map((n) => h('th', { scope: 'col' }, n)));
        const body = r.names.map((n, i) => h('tr', {}, h('th', { scope: 'row' }, n), ...r.names.map((_, j) => {
          const v = after.cov[i * C + j];
          return h('td', { class: i === j ? 'diag' : Math.abs(v) > 0.1 ? 'offdiag strong' : 'offdiag', 'data-testid': `cov-${i}-${j}` }, fixed(v));
        })));
        // In place: a new batch changes the numbers, not the table (a table remade is laid out anew).
        patchChildren(table, h('thead', {}, head), h('tbody', {}, ...body));
        let maxOff = 0;
        let maxDelta = 0;
        for (let i = 0; i < C; i++) {
          for (let j = 0; j < C; j++) {
            if (i === j) continue;
            maxOff = Math.max(maxOff, Math.abs(after.cov[i * C + j]));
            const d = Math.abs(after.corr[i * C + j] - before.corr[i * C + j]);
            if (Number.isFinite(d)) maxDelta = Math.max(maxDelta, d);
          }
        }
        tableNote.dataset.maxOffDiagonal = String(maxOff);
        tableNote.dataset.maxCorrChange = String(maxDelta);
        setText(tableNote, state.mode === 'train'
          ? `Diagonal: each channel’s variance, σ²/(σ² + eps) ≈ 1. Off the diagonal: the correlations, up to ${fixed(maxOff)} — ` +
            `identical to the input’s (largest change ${maxDelta.toExponential(1)}). Unit covariance would need all of them to be 0.`
          : 'Eval mode normalises with the running statistics, so the diagonal is only near 1 once they match the data; the correlations are unchanged either way.');
      }
    },
  };
}
