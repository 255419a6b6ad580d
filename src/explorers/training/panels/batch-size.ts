/**
 * Panel "batch size and normalization" (Wu & He 2018, Fig. 1 at toy scale): final held-out accuracy and loss
 * against the batch size, one line per normalization. Runs in the page's training worker, one network per
 * request (DemoRunner), so Stop takes effect after the run in progress.
 */
import { BATCH_SIZES, NORMS, batchSizePlan, type BatchSizePoint, type NormKind } from '../../../training/batch-size.ts';
import { renderLineChart } from '../../../views/line-chart.ts';
import { BN_COLOR, PLAIN_COLOR } from '../colors.ts';
import { el, figure, fmt, panelSection } from '../dom.ts';
import type { TrainRequest, TrainResponse } from '../protocol.ts';
import { DemoRunner } from '../runner.ts';
import type { TrainingState } from '../schema.ts';
import { NORM_NAMES, batchSizeSeries, batchSizeVerdict, pct } from '../batch-size-view.ts';

export const BATCH_SIZE_KEYS = ['seed', 'bsn', 'bslr', 'bsg'] as const satisfies readonly (keyof TrainingState)[];

const NORM_COLORS: Record<NormKind, string> = { bn: BN_COLOR, gn: '#009E73', ln: '#CC79A7', none: PLAIN_COLOR };
const TOTAL = batchSizePlan().length;

export interface BatchSizeDemoHooks {
  send(req: TrainRequest): void;
  state(): TrainingState;
  /** Something shown changed (the page republishes its numbers). */
  changed(): void;
}

export function createBatchSizeDemo(hooks: BatchSizeDemoHooks) {
  const p = panelSection('batch-size', 'Batch size and normalization',
    `Wu &amp; He’s <i>Group Normalization</i> (2018, Fig. 1) trained ResNet-50 at batch sizes 32 down to 2: batch
norm’s error grew sharply at the small batches, group norm’s did not — its statistics come from one sample, never
from the rest of the batch. Here the same experiment at toy scale: the small CNN of the race above (one hidden
block, 8 channels) with <b>BatchNorm</b>, <b>GroupNorm</b> (G from the settings), <b>LayerNorm</b> over [C, H, W]
or <b>no normalization</b>, trained at batch sizes 2, 4, 8, 16 and 32. Every run sees the <b>same number of
training samples</b> (the same images in the same order, one pass), with the learning rate scaled linearly with
the batch size as in the paper (SGD, momentum 0.9), from the same initial weights. Then each network is scored on
256 held-out images — BN with its running statistics (eval mode), as in the paper. 20 networks in all; they run
in the page’s worker, one after another (while it runs, the demos above take turns with it and slow down).`);
  const check = el('p', { class: 'explain' });
  check.innerHTML = `<b>Does the toy show the paper’s shape?</b> Checked on
three fixed seeds at the default settings (src/training/batch-size.test.ts): at batch 2, BN ends below GN on every
seed — lower held-out accuracy, higher loss. But averaged over the seeds BN is no worse at batch 2 than at batch 32,
whose runs (64 steps of 32) vary as much, and GN is flat only on average: a single run of any normalization
moves by several points between batch sizes. So the toy shows a weaker version of Fig. 1, not its clean decline.
The caption below says what <i>this</i> run shows; try other seeds.`;
  const bar = el('div', { class: 'tr-transport', role: 'group', 'aria-label': 'Batch-size experiment controls' });
  const run = el('button', { type: 'button', 'data-testid': 'bs-run' }, 'Run');
  const stop = el('button', { type: 'button', 'data-testid': 'bs-stop' }, 'Stop');
  const progress = el('progress', { max: String(TOTAL), value: '0', 'aria-label': 'runs done' });
  const status = el('span', { class: 'tr-status', 'data-testid': 'bs-status', 'aria-live': 'polite' });
  bar.append(run, stop, progress, status);
  const row = el('div', { class: 'tr-figs' });
  const accFig = figure('held-out accuracy after training, against the batch size');
  const lossFig = figure('held-out cross-entropy after training');
  row.append(accFig.fig, lossFig.fig);
  const caption = el('p', { class: 'tr-readout', 'data-testid': 'bs-caption' });
  const table = el('table', { class: 'tr-table', 'data-testid': 'bs-table' });
  p.body.append(check, bar, row, caption, table);

  let points: BatchSizePoint[] = [];
  let ms = 0;
  /** A network is being trained (a train request is out): Stop shows "stopping" until it is back. */
  let training = false;
  const runner: DemoRunner = new DemoRunner({
    send: hooks.send,
    resetRequest: (gen) => {
      const s = hooks.state();
      points = [];
      ms = 0;
      training = false;
      return { kind: 'batch-size-reset', gen, setup: { samples: Number(s.bsn), lr: s.bslr, groups: Number(s.bsg), seed: s.seed } };
    },
    trainRequest: (gen, steps) => {
      training = true;
      return { kind: 'batch-size-train', gen, steps };
    },
    speed: () => 1,
    stopAt: () => TOTAL,
    changed: () => sync(),
  });

  run.addEventListener('click', () => {
    // A finished experiment starts over (same settings → the same numbers); a stopped one continues.
    if (runner.status === 'finished' || runner.step >= TOTAL) runner.reset();
    runner.run();
  });
  stop.addEventListener('click', () => runner.pause());

  function sync(): void {
    const r = runner;
    run.disabled = r.running || r.status === 'error';
    stop.disabled = !r.running;
    progress.value = r.step;
    const word = r.status === 'error' ? `stopped by an error: ${r.error}` : r.running ? 'running…' : r.status === 'starting' ? 'preparing…'
      : training ? 'stopping after the network in training…' : r.step === 0 ? 'press Run' : r.step >= TOTAL ? 'done' : 'stopped (Run continues)';
    status.textContent = `${r.step} of ${TOTAL} networks trained · ${word}${ms && r.step ? ` · last one ${fmt(ms / 1000, 2)} s` : ''}`;
    hooks.changed();
  }

  function render(): void {
    const s = hooks.state();
    const samples = Number(s.bsn);
    const xDomain: [number, number] = [BATCH_SIZES[0] / 1.25, BATCH_SIZES[BATCH_SIZES.length - 1] * 1.25];
    const chart = (metric: 'accuracy' | 'loss') => ({
      series: NORMS.map((n) => ({ id: n, label: n === 'gn' ? `GN (G = ${s.bsg})` : NORM_NAMES[n], color: NORM_COLORS[n], points: batchSizeSeries(points, n, metric) })),
      dots: NORMS.flatMap((n) => batchSizeSeries(points, n, metric).map(([x, y]) => ({ x, y, color: NORM_COLORS[n], label: `${NORM_NAMES[n]}, batch ${x}: ${metric === 'accuracy' ? `${pct(y)} %` : fmt(y)}` }))),
      xDomain,
    });
    const common = { width: 400, height: 250, xLog: true, xTicks: BATCH_SIZES, xLabel: 'batch size (log₂ scale)' };
    renderLineChart(accFig.plot, chart('accuracy'), { ...common, label: 'held-out accuracy against batch size, one line per normalization', yLabel: 'accuracy (1 = all)', testId: 'bs-acc-chart' });
    renderLineChart(lossFig.plot, chart('loss'), { ...common, label: 'held-out loss against batch size, one line per normalization', yLabel: 'cross-entropy', testId: 'bs-loss-chart' });
    accFig.caption.textContent = `held-out accuracy (256 images, chance 25 %) after ${samples} training samples`;
    caption.textContent = points.length ? batchSizeVerdict(points, TOTAL, samples).text : 'Press Run to train the 20 networks.';
    table.replaceChildren();
    const head = el('tr');
    head.append(el('th', { scope: 'col' }, 'batch'), el('th', { scope: 'col' }, 'steps'), ...NORMS.map((n) => el('th', { scope: 'col' }, `${NORM_NAMES[n]}: accuracy · loss`)));
    table.append(head);
    for (const b of BATCH_SIZES) {
      const at = points.filter((q) => q.batch === b);
      if (at.length === 0) continue;
      const tr = el('tr');
      tr.append(el('th', { scope: 'row' }, String(b)), el('td', {}, String(at[0].steps)));
      for (const n of NORMS) {
        const q = at.find((x) => x.norm === n);
        tr.append(el('td', {}, !q ? '…' : q.diverged ? 'diverged' : `${pct(q.accuracy)} % · ${fmt(q.loss)}`));
      }
      table.append(tr);
    }
  }

  render();

  return {
    section: p.section,
    runner,
    /** Takes the worker's batch-size messages; false for every other message. */
    receive(m: TrainResponse): boolean {
      if (m.kind === 'batch-size') {
        if (m.gen !== runner.gen) return true;
        training = false;
        points.push(...m.snapshot.points);
        if (m.snapshot.points.length) ms = m.snapshot.ms;
        render();
        runner.received(m.gen, m.snapshot.step);
        return true;
      }
      if (m.kind === 'error' && m.about === 'batch-size') {
        if (m.gen === runner.gen) training = false;
        runner.failed(m.gen, m.message);
        return true;
      }
      return false;
    },
    /** A setting of this experiment changed: its numbers no longer match, start again from nothing. */
    settingsChanged(next: TrainingState, prev: TrainingState): void {
      if (BATCH_SIZE_KEYS.some((k) => next[k] !== prev[k])) {
        runner.reset();
        render();
      }
    },
    published(): Record<string, unknown> {
      const v = batchSizeVerdict(points, TOTAL, Number(hooks.state().bsn));
      return { bsStep: runner.step, bsStatus: runner.status, bsPoints: points, bsSummary: v.summaries, bsPaperShape: v.paperShape, bsCaption: caption.textContent };
    },
  };
}
