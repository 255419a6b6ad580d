import type { Tensor } from '../../../kernels/tensor.ts';
import { renderHistogram, peakFraction } from '../../../views/histogram.ts';
import { buildHash } from '../../../state/route.ts';
import { channelHistogram, type Histogram } from '../stats.ts';
import { CHANNEL_COLOURS, fixed, h, setAttr, setText } from '../ui.ts';
import type { Actions, Panel, Stage, ViewModel } from '../view-model.ts';
import { layerMessage, panelFrame, showStatus } from './frame.ts';

export const HISTOGRAM_BINS = 40;
const STAGES: { stage: Stage; title: string; formula: string }[] = [
  { stage: 'input', title: 'input x', formula: 'the batch as it arrives' },
  { stage: 'xhat', title: 'normalised x̂', formula: 'x̂ = (x − μ) / √(σ² + eps)' },
  { stage: 'output', title: 'output y', formula: 'y = γ · x̂ + β' },
];

/**
 * Histograms already binned, per tensor (results are never modified): a γ move leaves the input and x̂ tensors as
 * they were, so their eight histograms are not binned again.
 */
const binned = new WeakMap<Tensor['data'], Map<string, Histogram>>();

function binnedChannel(t: Tensor, c: number, lo: number, hi: number): Histogram {
  let forTensor = binned.get(t.data);
  if (!forTensor) binned.set(t.data, (forTensor = new Map()));
  const key = `${c}|${lo}|${hi}`;
  let h = forTensor.get(key);
  if (!h) forTensor.set(key, (h = channelHistogram(t, c, lo, hi, HISTOGRAM_BINS)));
  return h;
}

/** The histograms of every channel at every stage, binned on the shared column domains. */
export function stageHistograms(vm: ViewModel): Record<Stage, (Histogram | null)[]> {
  const r = vm.results;
  const layer = vm.state.mode === 'train' ? r.train : r.eval;
  const tensors = { input: r.batch?.x ?? null, xhat: layer?.xhat ?? null, output: layer?.output ?? null };
  const out = {} as Record<Stage, (Histogram | null)[]>;
  for (const { stage } of STAGES) {
    const t = tensors[stage];
    const [lo, hi] = vm.domains?.[stage] ?? [-1, 1];
    out[stage] = r.names.map((_, c) => (t ? binnedChannel(t, c, lo, hi) : null));
  }
  return out;
}

export function createHistogramsPanel(actions: Actions): Panel {
  const frame = panelFrame('histograms', '1 · Every channel, normalised on its own', [
    'Each row is one channel of the batch: all N·H·W of its values. BatchNorm2d computes one mean μ and one variance σ² ',
    'per channel, subtracts and divides, then scales by γ and shifts by β. The black line is the mean, the shaded band ±1 σ. ',
    'Move γ or β on the left: the dashed outline keeps the previous histogram while the slider moves. ',
    'Each column’s axis spans μ ± 4σ of every channel; “n outside” under a histogram counts the values beyond it.',
  ]);
  const head = h('div', { class: 'hist-row hist-head' }, h('span', {}, 'channel'),
    ...STAGES.map((s) => h('span', {}, h('strong', {}, s.title), h('br'), h('span', { class: 'mono muted' }, s.formula))));
  const grid = h('div', { class: 'hist-grid', role: 'table', 'aria-label': 'Histograms per channel and stage' }, head);
  const consistency = h('p', { class: 'callout', 'data-testid': 'consistency' });
  const overTraining = h('p', { class: 'small muted' }, 'Over a whole training run — a deep layer’s inputs drifting without BN, and the learning rate BN tolerates — see the ',
    h('a', { href: buildHash('training') }, 'training page'), '.');
  frame.body.append(grid, consistency, overTraining);
  const rows: { row: HTMLElement; name: HTMLButtonElement; cells: Record<Stage, { plot: HTMLElement; stat: HTMLElement }> }[] = [];

  function ensureRows(names: string[]): void {
    while (rows.length < names.length) {
      const c = rows.length;
      const name = h('button', { type: 'button', class: 'channel-name', 'data-testid': `hist-channel-${c}` });
      name.addEventListener('click', () => actions.selectChannel(c));
      const cells = {} as Record<Stage, { plot: HTMLElement; stat: HTMLElement }>;
      const row = h('div', { class: 'hist-row', role: 'row' }, h('span', { role: 'rowheader' }, name));
      for (const { stage } of STAGES) {
        const plot = h('div', { class: 'hist-plot' });
        const stat = h('p', { class: 'hist-stat mono', 'data-testid': `hist-stat-${stage}-${c}` });
        cells[stage] = { plot, stat };
        row.append(h('div', { role: 'cell' }, plot, stat));
      }
      grid.append(row);
      rows.push({ row, name, cells });
    }
  }

  return {
    id: 'histograms',
    el: frame.el,
    render(vm) {
      const r = vm.results;
      const layer = vm.state.mode === 'train' ? r.train : r.eval;
      showStatus(frame, r.dataError ?? layerMessage(layer?.error, vm.state.mode, layer?.errorParam));
      if (!r.batch || !r.inputStats) return;
      ensureRows(r.names);
      const hists = stageHistograms(vm);
      const stats = { input: r.inputStats, xhat: layer?.xhatStats ?? null, output: layer?.outputStats ?? null };
      const yMax = Object.fromEntries(STAGES.map(({ stage }) => [stage,
        Math.max(1e-9, ...hists[stage].map((s) => (s ? peakFraction(s) : 0)), ...(vm.ghost?.[stage] ?? []).map((s) => (s ? peakFraction(s) : 0)))])) as Record<Stage, number>;
      r.names.forEach((name, c) => {
        const row = rows[c];
        setText(row.name, name);
        setAttr(row.name, 'aria-pressed', String(c === vm.state.channel));
        if (row.name.style.getPropertyValue('--swatch') !== CHANNEL_COLOURS[c]) row.name.style.setProperty('--swatch', CHANNEL_COLOURS[c]);
        for (const { stage, title } of STAGES) {
          const s = stats[stage];
          const main = hists[stage][c];
          const cell = row.cells[stage];
          if (!main || !s) {
            cell.plot.replaceChildren();
            setText(cell.stat, '—');
            continue;
          }
          renderHistogram(cell.plot, {
            main, ghost: vm.ghost?.[stage][c] ?? null, mean: s.mean[c], std: s.std[c],
            domain: vm.domains![stage], yMax: yMax[stage],
          }, { label: `${name}, ${title}`, width: 236, height: 78, color: CHANNEL_COLOURS[c], emphasis: c === vm.state.channel });
          const outside = main.outside > 0 ? ` · ${main.outside} outside` : '';
          setText(cell.stat, `μ ${fixed(s.mean[c])} · σ ${fixed(s.std[c])}${outside}`);
          // Written only when changed: the eleven cells a γ move leaves alone should cost the browser nothing.
          setAttr(cell.stat, 'title', main.outside > 0 ? `${main.outside} values lie beyond the axis (it shows μ ± 4σ of every channel)` : '');
          setAttr(cell.stat, 'data-mean', String(s.mean[c]));
          setAttr(cell.stat, 'data-std', String(s.std[c]));
        }
      });
      // The "consistency between layers" claim: whatever comes in, training-mode output has mean β and spread |γ|.
      const inS = r.inputStats;
      const outS = r.train?.outputStats;
      const range = (a: Float64Array) => `${fixed(Math.min(...a))} to ${fixed(Math.max(...a))}`;
      if (outS) {
        setText(consistency,
          `Consistency: the input channels’ means run from ${range(inS.mean)} and their spreads from ${range(inS.std)}. ` +
          `In training mode every output channel c has mean β_c and spread |γ_c|·√(σ²/(σ²+eps)) whatever arrives ` +
          `(here means ${range(outS.mean)}, spreads ${range(outS.std)}) — so the next layer sees steady per-channel ` +
          'statistics even when earlier layers or the data change (try the distribution shift). That steadiness is what ' +
          'the original BN paper (Ioffe & Szegedy, 2015) calls reducing “internal covariate shift”; whether that is why BN speeds up training is ' +
          'disputed (Santurkar et al., 2018, found BN helps mainly by smoothing the loss landscape). This page shows the ' +
          'steadiness itself, not a training speed-up.');
      } else {
        setText(consistency, 'Training mode cannot normalise this batch (see the message above), so the consistency numbers are not available.');
      }
    },
  };
}
