/**
 * Demo 1, panels "learned checkerboard" (the six networks' outputs as they train) and "artifact score" (the
 * explorer's spectral measure over training steps, all upsamplers on one chart).
 */
import type { Panel } from '../../runtime/panel.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderLineChart } from '../../../views/line-chart.ts';
import { sequentialScale } from '../../../views/color.ts';
import { UPSAMPLER_LABELS, UPSAMPLERS, type UpsamplerKind } from '../../../training/models.ts';
import { UPSAMPLER_COLORS } from '../colors.ts';
import { el, figure, fmt, panelSection } from '../dom.ts';
import type { CheckerboardSnapshot } from '../protocol.ts';
import type { Transport } from '../transport.ts';
import { scoreClaim } from '../view-model.ts';

/** Everything the page has received for the current run (histories appended snapshot by snapshot). */
export interface BoardView {
  step: number;
  crop: number;
  factor: number;
  targetScore: number;
  input: Float32Array | null;
  target: Float32Array | null;
  outputs: Map<UpsamplerKind, Float32Array>;
  history: Map<UpsamplerKind, { step: number; loss: number; score: number }[]>;
  trainLoss: Map<UpsamplerKind, number>;
  critic: CheckerboardSnapshot['critic'] | null;
  ms: number;
}

export function emptyBoard(): BoardView {
  return { step: 0, crop: 32, factor: 4, targetScore: NaN, input: null, target: null, outputs: new Map(), history: new Map(), trainLoss: new Map(), critic: null, ms: 0 };
}

export function applyBoardSnapshot(v: BoardView, s: CheckerboardSnapshot): void {
  v.step = s.step;
  v.crop = s.crop;
  v.factor = s.factor;
  v.targetScore = s.targetScore;
  if (s.input) v.input = s.input;
  if (s.target) v.target = s.target;
  for (const c of s.contestants) {
    v.outputs.set(c.kind, c.output);
    v.trainLoss.set(c.kind, c.trainLoss);
    v.history.set(c.kind, [...(v.history.get(c.kind) ?? []), ...c.history]);
  }
  v.critic = s.critic;
  v.ms = s.ms;
}

export function latestScores(v: BoardView): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, h] of v.history) if (h.length) out[k] = h[h.length - 1].score;
  return out;
}

const GREYS = sequentialScale(-1, 1, 'greys');

export function createBoardPanels(transport: Transport) {
  const run = panelSection('checkerboard-training', '1 · The learned checkerboard',
    `Six copies of one tiny network — Conv3×3 · ReLU · [×2 upsampler · ReLU] · ×2 upsampler — learn to paint a
photograph back from a 4× smaller version (Adam, MSE, identical batches and seeds). Only the upsampler differs:
<b>transposed conv k3 s2</b> (uneven overlap), <b>k4 s2</b> (even overlap), <b>nearest</b> or <b>bilinear
resize-convolution</b>, and <b>sub-pixel conv</b> (PixelShuffle) with and without <b>ICNR</b> initialisation.
The outputs below are for the same held-out crop.`);
  run.body.append(transport.element);
  const images = el('div', { class: 'tr-figs', 'data-testid': 'board-images' });
  run.body.append(images);
  const inputFig = figure('input (4× smaller)');
  const targetFig = figure('target');
  images.append(inputFig.fig, targetFig.fig);
  const outFigs = new Map(UPSAMPLERS.map((k) => {
    const f = figure(UPSAMPLER_LABELS[k], { 'data-upsampler': k });
    f.fig.style.setProperty('--series', UPSAMPLER_COLORS[k]);
    f.fig.classList.add('tr-series-fig');
    images.append(f.fig);
    return [k, f] as const;
  }));

  const score = panelSection('artifact-score', 'Artifact score over training',
    `The transposed-convolution explorer’s checkerboard measure — the share of an image’s spectral energy at the
stride-periodic frequencies (here period 4: two ×2 stages) — of each network’s output on the held-out crops, every
10 steps (log scale). The dashed line is the score of the true photographs: a network whose score stays far above
it paints a pattern the photographs do not have. The line under the table ranks this run’s scores against it.`);
  const charts = el('div', { class: 'tr-figs' });
  const scoreFig = figure('artifact score (share of energy at stride-periodic frequencies)');
  const lossFig = figure('held-out MSE');
  charts.append(scoreFig.fig, lossFig.fig);
  const table = el('table', { class: 'tr-table', 'data-testid': 'score-table' });
  const claim = el('p', { class: 'tr-claim', 'data-testid': 'score-claim' });
  score.body.append(charts, table, claim);

  function renderRun(v: BoardView): void {
    const cell = v.crop <= 32 ? 5 : 3;
    if (v.input) {
      const n = v.crop / v.factor;
      renderHeatmap(inputFig.plot, { values: v.input, rows: n, cols: n }, { label: 'input, 4× smaller', scale: GREYS, cellSize: cell * v.factor, cellBorders: false });
    }
    if (v.target) renderHeatmap(targetFig.plot, { values: v.target, rows: v.crop, cols: v.crop }, { label: 'target photograph crop', scale: GREYS, cellSize: cell, cellBorders: false });
    for (const [k, f] of outFigs) {
      const out = v.outputs.get(k);
      if (!out) continue;
      renderHeatmap(f.plot, { values: out, rows: v.crop, cols: v.crop }, { label: `output of the ${UPSAMPLER_LABELS[k]} network`, scale: GREYS, cellSize: cell, cellBorders: false, testId: `board-out-${k}` });
      const h = v.history.get(k);
      const last = h?.[h.length - 1];
      f.caption.textContent = `${UPSAMPLER_LABELS[k]} · score ${last ? fmt(last.score) : '—'} · MSE ${last ? fmt(last.loss) : '—'}`;
    }
  }

  function renderScore(v: BoardView): void {
    const series = UPSAMPLERS.map((k) => ({
      id: k, label: UPSAMPLER_LABELS[k], color: UPSAMPLER_COLORS[k],
      points: (v.history.get(k) ?? []).map((p) => [p.step, Math.max(p.score, 1e-5)] as const),
    }));
    const lastStep = Math.max(10, v.step);
    renderLineChart(scoreFig.plot, {
      series: [...series, { id: 'target', label: 'photographs', color: '#666', dashed: true, points: [[0, v.targetScore], [lastStep, v.targetScore]] }],
      xDomain: [0, lastStep],
    }, { label: 'artifact score of each upsampler over training steps', width: 560, height: 260, xLabel: 'step', yLabel: 'artifact score', yLog: true, testId: 'score-chart' });
    renderLineChart(lossFig.plot, {
      series: UPSAMPLERS.map((k) => ({ id: k, color: UPSAMPLER_COLORS[k], points: (v.history.get(k) ?? []).map((p) => [p.step, p.loss] as const) })),
      xDomain: [0, lastStep],
    }, { label: 'held-out mean squared error over training steps', width: 300, height: 260, xLabel: 'step', yLabel: 'MSE', yLog: true });
    table.replaceChildren();
    const head = el('tr');
    for (const t of ['upsampler', 'score now', 'score at step 0', 'held-out MSE', 'batch MSE']) head.append(el('th', { scope: 'col' }, t));
    table.append(head);
    for (const k of UPSAMPLERS) {
      const h = v.history.get(k) ?? [];
      const row = el('tr', { 'data-upsampler': k });
      row.append(el('th', { scope: 'row' }, UPSAMPLER_LABELS[k]), el('td', {}, h.length ? fmt(h[h.length - 1].score) : '—'),
        el('td', {}, h.length ? fmt(h[0].score) : '—'), el('td', {}, h.length ? fmt(h[h.length - 1].loss) : '—'), el('td', {}, fmt(v.trainLoss.get(k) ?? NaN)));
      table.append(row);
    }
    const photoRow = el('tr');
    photoRow.append(el('th', { scope: 'row' }, 'the photographs themselves'), el('td', {}, fmt(v.targetScore)), el('td'), el('td'), el('td'));
    table.append(photoRow);
    claim.textContent = scoreClaim(v.step, v.targetScore,
      UPSAMPLERS.map((k) => ({ label: UPSAMPLER_LABELS[k], score: v.history.get(k)?.at(-1)?.score ?? NaN })));
  }

  const panels: Panel<{ board: BoardView }>[] = [
    { id: 'checkerboard-training', el: run.section, render: (v) => renderRun(v.board) },
    { id: 'artifact-score', el: score.section, render: (v) => renderScore(v.board) },
  ];
  return panels;
}
