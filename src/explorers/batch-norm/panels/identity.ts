import { maxAbsDiff } from '../../../kernels/index.ts';
import { renderHistogram } from '../../../views/histogram.ts';
import { channelValues, histogram } from '../stats.ts';
import { CHANNEL_COLOURS, fixed, fmt, h, patchChildren, setAttr, setProp, setText, slider } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { layerMessage, panelFrame, showStatus } from './frame.ts';

export function createIdentityPanel(actions: Actions): Panel {
  const frame = panelFrame('identity', '5 · Why γ and β: the network chooses how much normalisation it wants', [
    'Normalising could destroy information a layer needs — say, that one channel is usually large. γ and β give it back: ',
    'with γ = √(σ² + eps) and β = μ the output is exactly the input. So a network can learn anything from “full ',
    'normalisation” (γ = 1, β = 0) to “none”, per channel. The slider walks that line: y = (1 − t)·x + t·x̂.',
  ]);
  const amount = slider({
    label: 'normalisation amount t', min: 0, max: 1, step: 0.01, value: 1, testId: 'amount',
    onInput: (v) => actions.update({ amount: v }, 'replace'),
    onCommit: (v) => actions.update({ amount: v }),
  });
  const ends = h('div', { class: 'amount-ends small muted' }, h('span', {}, 't = 0: no normalisation (y = x)'), h('span', {}, 't = 1: full (y = x̂)'));
  const setIdentity = h('button', { type: 'button', class: 'primary', 'data-testid': 'identity-apply' }, 'Set γ = √(σ² + eps), β = μ on the sliders');
  const setFull = h('button', { type: 'button', 'data-testid': 'identity-full' }, 'Back to γ = 1, β = 0');
  const copyBlend = h('button', { type: 'button', 'data-testid': 'identity-copy-blend' }, 'Copy this blend to the sliders');
  const plot = h('div', { class: 'identity-plot' });
  const plotCaption = h('p', { class: 'small muted' });
  const readouts = h('div', { class: 'readouts' });
  const idDiff = h('strong', { class: 'big mono', 'data-testid': 'identity-max-diff' });
  const blendDiff = h('strong', { class: 'mono', 'data-testid': 'blend-max-diff' });
  const slidersDiff = h('strong', { class: 'mono', 'data-testid': 'sliders-max-diff' });
  readouts.append(
    h('p', {}, 'With γ = √(σ² + eps), β = μ: max |y − x| = ', idDiff),
    h('p', {}, 'At t: max |y − ((1 − t)·x + t·x̂)| = ', blendDiff),
    h('p', {}, 'With the γ/β sliders as they are now: max |y − x| = ', slidersDiff));
  const table = h('table', { class: 'param-table mono', 'data-testid': 'identity-table' });
  const note = h('p', { class: 'small muted' });
  frame.body.append(h('div', { class: 'identity-layout' },
    h('div', {}, amount.el, ends, h('div', { class: 'button-row' }, setIdentity, setFull, copyBlend), readouts, note),
    h('div', {}, plot, plotCaption)), table);
  let latest: ViewModel | null = null;

  setIdentity.addEventListener('click', () => {
    const id = latest?.results.identity;
    if (id) actions.update({ gamma: Array.from(id.gamma), beta: Array.from(id.beta), amount: 0, linked: false });
  });
  setFull.addEventListener('click', () => {
    const C = latest?.results.names.length ?? 4;
    actions.update({ gamma: new Array(C).fill(1), beta: new Array(C).fill(0), amount: 1 });
  });
  copyBlend.addEventListener('click', () => {
    const b = latest?.results.identity?.blend;
    if (b) actions.update({ gamma: Array.from(b.gamma), beta: Array.from(b.beta), linked: false });
  });

  return {
    id: 'identity',
    el: frame.el,
    render(vm: ViewModel) {
      latest = vm;
      const { state, results: r } = vm;
      const layer = state.mode === 'train' ? r.train : r.eval;
      showStatus(frame, r.dataError ?? layerMessage(layer?.error, state.mode, layer?.errorParam));
      amount.set(state.amount);
      const id = r.identity;
      for (const b of [setIdentity, copyBlend]) setProp(b, 'disabled', !id);
      if (!id || !r.batch || !r.inputStats) return;
      const c = state.channel;
      const x = r.batch.x;
      setText(idDiff, fmt(id.maxDiff, 2));
      setAttr(idDiff, 'data-value', String(id.maxDiff));
      setText(blendDiff, fmt(id.blend.maxDiffFromMix, 2));
      const sd = layer?.output ? maxAbsDiff(layer.output.data, x.data) : NaN;
      setText(slidersDiff, fmt(sd, 2));
      setAttr(slidersDiff, 'data-value', String(sd));
      const xs = channelValues(x, c);
      const ys = channelValues(id.blend.output, c);
      const lo = Math.min(r.inputStats.min[c], id.blend.stats.min[c], -3);
      const hi = Math.max(r.inputStats.max[c], id.blend.stats.max[c], 3);
      renderHistogram(plot, {
        main: histogram(ys, lo, hi, 48), ghost: histogram(xs, lo, hi, 48),
        mean: id.blend.stats.mean[c], std: id.blend.stats.std[c], domain: [lo, hi],
      }, { label: `${r.names[c]}: output at t = ${fmt(state.amount)} against the input`, width: 360, height: 130, color: CHANNEL_COLOURS[c], ticks: 6 });
      setText(plotCaption, `Channel “${r.names[c]}” at t = ${fmt(state.amount)}: bars = output, dashed outline = input x. ` +
        `μ ${fixed(id.blend.stats.mean[c])}, σ ${fixed(id.blend.stats.std[c])} (input: μ ${fixed(r.inputStats.mean[c])}, σ ${fixed(r.inputStats.std[c])}).`);
      const head = h('tr', {}, h('th', {}, 'channel'), h('th', {}, 'μ used'), h('th', {}, 'σ² used'),
        h('th', {}, 'identity γ = √(σ²+eps)'), h('th', {}, 'identity β = μ'), h('th', {}, `γ(t)`), h('th', {}, `β(t)`), h('th', {}, 'output μ, σ at t'));
      const rows = r.names.map((n, k) => h('tr', { class: k === c ? 'selected' : null },
        h('th', { scope: 'row' }, n), h('td', {}, fixed(layer!.mean![k])), h('td', {}, fmt(layer!.variance![k], 4)),
        h('td', {}, fmt(id.gamma[k], 4)), h('td', {}, fmt(id.beta[k], 4)), h('td', {}, fmt(id.blend.gamma[k], 4)), h('td', {}, fmt(id.blend.beta[k], 4)),
        h('td', {}, `${fixed(id.blend.stats.mean[k])}, ${fixed(id.blend.stats.std[k])}`)));
      patchChildren(table, h('thead', {}, head), h('tbody', {}, ...rows));
      setText(note, state.mode === 'train'
        ? 'Training mode: μ and σ² are this batch’s, so these γ, β undo exactly this batch. A network keeps one γ, β for all batches; ' +
          'one that wants no normalisation learns roughly the typical σ and μ, and the running statistics make eval mode match.'
        : 'Eval mode: μ and σ² are the running statistics, so γ = √(running var + eps), β = running mean undo the layer for every input.');
    },
  };
}
