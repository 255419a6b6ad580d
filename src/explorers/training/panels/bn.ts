/**
 * Demo 2, panels "batch norm and the learning rate" (the race at the chosen rate) and "a deep layer's input"
 * (activation histograms over training, per block, with and without BN).
 */
import type { Panel } from '../../runtime/panel.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderHistogram } from '../../../views/histogram.ts';
import { renderLineChart } from '../../../views/line-chart.ts';
import { sequentialScale } from '../../../views/color.ts';
import { CHANCE_LOSS } from '../../../training/bn-race.ts';
import { histogram } from '../../../training/stats.ts';
import { BN_COLOR, PLAIN_COLOR } from '../colors.ts';
import { el, figure, fmt, panelSection } from '../dom.ts';
import type { BnSnapshot } from '../protocol.ts';
import type { Transport } from '../transport.ts';
import { TARGET_LOSS } from '../../../training/presets.ts';
import { activationStrip, raceClaim, raceVerdict, REACH_WINDOW, smoothedLoss, stdRatio, stdSeries, type ActivationRecord } from '../view-model.ts';

export interface RacerView {
  losses: number[];
  activations: ActivationRecord[];
  diverged: boolean;
  test: { loss: number; accuracy: number };
}

export interface RaceView {
  step: number;
  lr: number;
  depth: number;
  plain: RacerView;
  bn: RacerView;
  ms: number;
}

const emptyRacer = (): RacerView => ({ losses: [], activations: [], diverged: false, test: { loss: NaN, accuracy: NaN } });

export function emptyRace(lr: number, depth: number): RaceView {
  return { step: 0, lr, depth, plain: emptyRacer(), bn: emptyRacer(), ms: 0 };
}

export function applyRaceSnapshot(v: RaceView, s: BnSnapshot): void {
  v.step = s.step;
  v.ms = s.ms;
  for (const r of s.racers) {
    const target = r.batchNorm ? v.bn : v.plain;
    target.losses.length = s.from;
    target.losses.push(...r.losses);
    target.activations.push(...r.activations);
    target.diverged = r.diverged;
    target.test = r.test;
  }
}

export function createBnPanels(transport: Transport) {
  const race = panelSection('bn-race', '2 · Batch norm and the learning rate',
    `The same small CNN — Conv3×3 [· BatchNorm2d] · ReLU, repeated, then a 1×1 conv and global average pooling — with
and without batch norm, trained side by side on identical batches (SGD, momentum 0.9, He initialisation) to tell the
orientation of noisy gratings (4 classes; random contrast and brightness, so the raw inputs are neither centred nor
scaled). Set the learning rate in the settings (or with [ ] in presenter mode) and press Run. Whether batch norm
<i>allows a higher learning rate</i> is not written here in advance: the sentence under the chart says what this run
shows — whether each network diverged, when its training loss (mean of ${REACH_WINDOW} batches) first went under
${TARGET_LOSS}, whether it stayed there, and its held-out accuracy.`);
  race.body.append(transport.element);
  const row = el('div', { class: 'tr-figs' });
  const lossFig = figure('training loss (mean of every 5 steps)');
  const readout = el('div', { class: 'tr-readout', 'data-testid': 'bn-readout' });
  row.append(lossFig.fig, readout);
  race.body.append(row);

  const drift = panelSection('activations', 'A deep layer’s input during training',
    `“Reducing internal covariate shift”: each block’s ReLU output is the next conv’s input. Every 10 steps we take
a sample of it; each strip is its histogram over time (x: step, y: value, colour: share of the non-zero values; exact
zeros — ReLU’s doing — are counted separately). The claim is that without BN the deeper blocks’ distribution spreads
out and moves as the weights change, while with BN each block’s input keeps nearly the same shape; the caption under
the first chart measures it for this run (the deep layer’s spread now against step 0). BN’s γ and β are learned, so
its input may still move — by the network’s choice, not as a side effect of the layers below.`);
  const strips = el('div', { class: 'tr-strips', 'data-testid': 'activation-strips' });
  /** Each strip's heatmap and range caption: [block][plain, BN]. */
  let stripCells: { plot: HTMLElement; range: HTMLElement }[][] = [];
  const driftRow = el('div', { class: 'tr-figs' });
  const stdFig = figure('standard deviation of the deep layer’s input');
  const histFig = figure('its histogram now (bars) and at step 0 (outline)');
  const histBn = figure('');
  stdFig.caption.classList.add('tr-narrow');
  const hists = el('div', { class: 'tr-figs' });
  hists.append(histFig.fig, histBn.fig);
  driftRow.append(stdFig.fig, hists);
  drift.body.append(driftRow, strips);

  function renderRace(v: RaceView): void {
    const pts = (r: RacerView) => smoothedLoss(r.losses.map((x) => (Number.isFinite(x) ? Math.min(x, 10) : 10)), 5);
    renderLineChart(lossFig.plot, {
      series: [
        { id: 'plain', label: 'plain', color: PLAIN_COLOR, points: pts(v.plain) },
        { id: 'bn', label: 'with BatchNorm2d', color: BN_COLOR, points: pts(v.bn) },
        { id: 'chance', label: 'chance (ln 4)', color: '#777', dashed: true, points: [[0, CHANCE_LOSS], [Math.max(5, v.step), CHANCE_LOSS]] },
      ],
      xDomain: [0, Math.max(5, v.step)],
    }, { label: `training loss with and without batch norm at learning rate ${v.lr}`, width: 560, height: 260, xLabel: 'step', yLabel: 'cross-entropy', yLog: true, testId: 'bn-loss-chart' });
    readout.replaceChildren();
    for (const [name, r, id] of [['plain', v.plain, 'plain'], ['with BatchNorm2d', v.bn, 'bn']] as const) {
      const p = el('p', {}, `${name}: `);
      p.append(el('b', { 'data-testid': `bn-loss-${id}` }, raceVerdict(r)));
      if (Number.isFinite(r.test.accuracy)) p.append(` · held-out accuracy ${fmt(100 * r.test.accuracy)} %`);
      readout.append(p);
    }
    readout.append(el('p', { class: 'tr-hint' }, `learning rate ${v.lr} · ${v.depth + 1} conv blocks · loss = mean of the last 20 batches`));
    readout.append(el('p', { class: 'tr-claim', 'data-testid': 'bn-claim' }, raceClaim(v, TARGET_LOSS)));
  }

  function renderDrift(v: RaceView): void {
    const deep = Math.max(0, v.depth - 1);
    renderLineChart(stdFig.plot, {
      series: [
        { id: 'plain', label: 'plain', color: PLAIN_COLOR, points: stdSeries(v.plain.activations, deep).filter((p) => Number.isFinite(p[1]) && p[1] > 0) },
        { id: 'bn', label: 'with BN', color: BN_COLOR, points: stdSeries(v.bn.activations, deep).filter((p) => Number.isFinite(p[1]) && p[1] > 0) },
      ],
    }, { label: `standard deviation of block ${deep}'s output over training`, width: 330, height: 220, xLabel: 'step', yLabel: 'std', yLog: true, testId: 'drift-chart' });
    const ratio = (x: number) => (Number.isFinite(x) ? `×${fmt(x)}` : '—');
    stdFig.caption.textContent = `std of block ${deep}’s output (input of conv ${deep + 1}) now, against step 0: ${ratio(stdRatio(v.plain.activations, deep))} without BN, ${ratio(stdRatio(v.bn.activations, deep))} with BN`;
    for (const [fig, r, name, color] of [[histFig, v.plain, 'plain', PLAIN_COLOR], [histBn, v.bn, 'with BN', BN_COLOR]] as const) {
      const acts = r.activations;
      if (acts.length === 0) continue;
      const first = acts[0].blocks[deep];
      const last = acts[acts.length - 1].blocks[deep];
      let hi = 0;
      for (const s of [first, last]) for (const x of s.sample) if (Number.isFinite(x)) hi = Math.max(hi, x);
      hi = hi || 1;
      const series = (s: typeof first) => ({ counts: histogram(s.sample, 30, 0, hi).map((c) => c / Math.max(1, s.sample.length)), lo: 0, hi });
      renderHistogram(fig.plot, { main: series(last), ghost: series(first), mean: last.mean, std: last.std, domain: [0, hi] },
        { label: `${name}: block ${deep} output now and at step 0`, width: 250, height: 150, color });
      fig.caption.textContent = `${name}: now mean ${fmt(last.mean)}, std ${fmt(last.std)} · step 0: ${fmt(first.mean)}, ${fmt(first.std)}`;
    }
    const blocks = v.plain.activations[0]?.blocks.length ?? 0;
    // The strips are made once per block count and redrawn in place: a heatmap made anew allocates fresh canvases
    // (≈ 1 ms each here) on every update of a run.
    if (stripCells.length !== blocks) {
      stripCells = [];
      const head = el('div', { class: 'tr-strip-row tr-strip-head' });
      head.append(el('span'), el('span', {}, 'plain'), el('span', {}, 'with BatchNorm2d'));
      strips.replaceChildren(head);
      for (let b = 0; b < blocks; b++) {
        const row = el('div', { class: 'tr-strip-row' });
        row.append(el('span', { class: 'tr-strip-label' }, b === blocks - 1 ? `block ${b} → head` : `block ${b} → conv ${b + 1}`));
        const pair = [0, 1].map(() => ({ plot: el('div'), range: el('span', { class: 'tr-strip-range' }) }));
        for (const c of pair) {
          const strip = el('div', { class: 'tr-strip' });
          strip.append(c.plot, c.range);
          row.append(strip);
        }
        strips.append(row);
        stripCells.push(pair);
      }
    }
    for (let b = 0; b < blocks; b++) {
      ([[v.plain, 'plain'], [v.bn, 'BN']] as const).forEach(([r, name], k) => {
        const s = activationStrip(r.activations, b);
        let peak = 0;
        for (let i = 0; i < s.grid.values.length; i++) peak = Math.max(peak, s.grid.values[i]);
        const { plot, range } = stripCells[b][k];
        renderHeatmap(plot, s.grid, {
          label: `${name}, block ${b} output histogram over training (non-zero values, 0 to ${fmt(s.hi)})`, scale: sequentialScale(0, peak || 1, 'viridis'),
          cellSize: Math.min(8, Math.max(3, Math.floor(240 / Math.max(1, s.grid.cols)))), cellBorders: false,
        });
        const last = r.activations[r.activations.length - 1]?.blocks[b];
        range.textContent = `0 … ${fmt(s.hi)}${last ? ` · zeros now ${Math.round(100 * last.zeros)} %` : ''}`;
      });
    }
  }

  const panels: Panel<{ race: RaceView }>[] = [
    { id: 'bn-race', el: race.section, render: (v) => renderRace(v.race) },
    { id: 'activations', el: drift.section, render: (v) => renderDrift(v.race) },
  ];
  return panels;
}
