/** Demo 2, panel "learning-rate sweep": final loss and steps-to-target against the learning rate, both models. */
import type { Panel } from '../../runtime/panel.ts';
import { renderLineChart } from '../../../views/line-chart.ts';
import type { SweepPoint } from '../../../training/bn-race.ts';
import { BN_COLOR, PLAIN_COLOR } from '../colors.ts';
import { el, figure, fmt, panelSection } from '../dom.ts';
import { DIVERGED_Y, largestWorkingLr, sweepSeries } from '../view-model.ts';

export interface SweepView {
  points: SweepPoint[];
  total: number;
  running: boolean;
  error: string | null;
  lrs: number[];
  steps: number;
  target: number;
}

export function createSweepPanel(onRun: () => void) {
  const p = panelSection('lr-sweep', 'Learning-rate sweep',
    `Fresh networks trained for a fixed number of steps at each learning rate (same seed and batches for every rate),
with and without batch norm. Left: the final loss (mean of the last 20 batches; runs that diverged are drawn at the
top). Right: how many steps the loss took to fall below the target. The line above the table says, from the sweep
on screen, the largest rate at which each network reached the target. Runs in a second worker, so the demos above
keep going.`);
  const bar = el('div', { class: 'tr-transport' });
  const run = el('button', { type: 'button', 'data-testid': 'sweep-run' }, 'Run sweep');
  run.addEventListener('click', onRun);
  const status = el('span', { class: 'tr-status', 'data-testid': 'sweep-status', 'aria-live': 'polite' });
  bar.append(run, status);
  const row = el('div', { class: 'tr-figs' });
  const lossFig = figure('final training loss vs learning rate');
  const stepsFig = figure('steps to reach the target loss');
  row.append(lossFig.fig, stepsFig.fig);
  const table = el('table', { class: 'tr-table', 'data-testid': 'sweep-table' });
  p.body.append(bar, row, table);

  function render(v: SweepView, currentLr: number): void {
    run.disabled = v.running;
    status.textContent = v.error ? `error: ${v.error}`
      : v.running ? `running: ${v.points.length} of ${v.total} learning rates done…`
      : v.points.length ? `done: ${v.points.length} learning rates × ${v.steps} steps` : `${v.lrs.length} learning rates from ${v.lrs[0]} to ${v.lrs[v.lrs.length - 1]}, ${v.steps} steps each`;
    const plain = sweepSeries(v.points, 'plain');
    const bn = sweepSeries(v.points, 'bn');
    const xDomain: [number, number] = [v.lrs[0], v.lrs[v.lrs.length - 1]];
    renderLineChart(lossFig.plot, {
      series: [
        { id: 'plain', label: 'plain', color: PLAIN_COLOR, points: plain.line },
        { id: 'bn', label: 'with BN', color: BN_COLOR, points: bn.line },
      ],
      dots: [
        ...plain.line.map(([x, y]) => ({ x, y, color: PLAIN_COLOR })), ...bn.line.map(([x, y]) => ({ x, y, color: BN_COLOR })),
        ...plain.diverged.map(([x, y]) => ({ x, y, color: PLAIN_COLOR, r: 5, label: `plain diverged at lr ${x}` })),
        ...bn.diverged.map(([x, y]) => ({ x, y, color: BN_COLOR, r: 5, label: `BN diverged at lr ${x}` })),
      ],
      vLines: [{ x: currentLr, label: 'demo’s rate' }],
      xDomain, yDomain: [0.005, DIVERGED_Y],
    }, { label: 'final training loss against learning rate, with and without batch norm', width: 420, height: 250, xLog: true, yLog: true, xLabel: 'learning rate', yLabel: 'final loss', testId: 'sweep-loss-chart' });
    const reached = (w: 'plain' | 'bn') => v.points.filter((q) => q.stepsToTarget[w] !== null).sort((a, b) => a.lr - b.lr).map((q) => [q.lr, q.stepsToTarget[w]!] as const);
    renderLineChart(stepsFig.plot, {
      series: [{ id: 'plain', label: 'plain', color: PLAIN_COLOR, points: reached('plain') }, { id: 'bn', label: 'with BN', color: BN_COLOR, points: reached('bn') }],
      dots: [...reached('plain').map(([x, y]) => ({ x, y, color: PLAIN_COLOR })), ...reached('bn').map(([x, y]) => ({ x, y, color: BN_COLOR }))],
      xDomain, yDomain: [0, v.steps],
    }, { label: `steps until the loss fell below ${v.target}`, width: 360, height: 250, xLog: true, xLabel: 'learning rate', yLabel: `steps to loss < ${v.target}` });
    stepsFig.caption.textContent = `steps until the 20-step mean loss fell below ${v.target} (missing = never within ${v.steps})`;
    table.replaceChildren();
    const head = el('tr');
    for (const t of ['learning rate', 'plain: final loss', 'BN: final loss', 'plain: steps to target', 'BN: steps to target']) head.append(el('th', { scope: 'col' }, t));
    table.append(head);
    for (const q of [...v.points].sort((a, b) => a.lr - b.lr)) {
      const r = el('tr');
      const show = (x: number) => (Number.isNaN(x) ? 'diverged' : fmt(x));
      r.append(el('th', { scope: 'row' }, String(q.lr)), el('td', {}, show(q.finalLoss.plain)), el('td', {}, show(q.finalLoss.bn)),
        el('td', {}, q.stepsToTarget.plain === null ? '—' : String(q.stepsToTarget.plain)), el('td', {}, q.stepsToTarget.bn === null ? '—' : String(q.stepsToTarget.bn)));
      table.append(r);
    }
    if (!v.running && v.points.length === v.total && v.total > 0) {
      const summary = el('caption', {}, `Largest rate that reached loss < ${v.target}: plain ${largestWorkingLr(v.points, 'plain') ?? 'none'}, with BN ${largestWorkingLr(v.points, 'bn') ?? 'none'}.`);
      summary.setAttribute('data-testid', 'sweep-summary');
      table.prepend(summary);
    }
  }

  const panel: Panel<{ sweep: SweepView; lr2: number }> = { id: 'lr-sweep', el: p.section, render: (v) => render(v.sweep, v.lr2) };
  return panel;
}
