import { renderLineChart, type Point } from '../../../views/line-chart.ts';
import { MAX_STEPS } from '../schema.ts';
import { TARGET_BATCHES } from '../results.ts';
import { CHANNEL_COLOURS, fixed, fmt, h, patchChildren, setAttr, setProp, setText, slider } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { layerMessage, panelFrame, showStatus } from './frame.ts';

/** How many steps the buttons add, respecting the replay limit. */
export function stepPatch(state: ViewModel['state'], by: number): Partial<ViewModel['state']> {
  // After a distribution shift, new steps train on the shifted data (the second phase of the replay).
  if (state.shift > 0 || state.shiftSteps > 0) return { shiftSteps: Math.min(MAX_STEPS, state.shiftSteps + by) };
  return { steps: Math.min(MAX_STEPS, state.steps + by) };
}

export function createRunningPanel(actions: Actions): Panel {
  const frame = panelFrame('running-stats', '6 · Training vs eval: running statistics', [
    'In training mode BN normalises with the batch’s own statistics and, as a side effect, updates running averages: ',
    'running ← (1 − momentum)·running + momentum·batch (the variance update uses the unbiased N·H·W/(N·H·W − 1) estimate). ',
    'Eval mode normalises with those running averages instead, so one image’s output no longer depends on the others in its batch. ',
    'Each step is a training-mode forward pass on a fresh batch; watch the running values approach what they converge to (dashed).',
  ]);
  let latest: ViewModel | null = null;
  const step = h('button', { type: 'button', class: 'primary', 'data-testid': 'step' }, 'Step (one training batch)');
  const run = h('button', { type: 'button', 'data-testid': 'run-100' }, 'Run 100 steps');
  const reset = h('button', { type: 'button', 'data-testid': 'reset-running' }, 'Reset running stats');
  step.addEventListener('click', () => latest && actions.update(stepPatch(latest.state, 1)));
  run.addEventListener('click', () => latest && actions.update(stepPatch(latest.state, 100)));
  reset.addEventListener('click', () => actions.update({ steps: 0, shiftSteps: 0 }));
  const momentum = slider({
    label: 'momentum', min: 0, max: 1, step: 0.01, value: 0.1, testId: 'momentum',
    onInput: (v) => actions.update({ momentum: v }, 'replace'),
    onCommit: (v) => actions.update({ momentum: v }),
  });
  const count = h('span', { class: 'mono', 'data-testid': 'step-count', 'aria-live': 'polite' });
  const meanChart = h('div');
  const varChart = h('div');
  const table = h('table', { class: 'param-table mono', 'data-testid': 'running-table' });
  const compare = h('p', { class: 'callout', 'data-testid': 'train-eval' });
  const diff = h('strong', { class: 'mono', 'data-testid': 'train-eval-diff' });
  frame.body.append(
    h('div', { class: 'toolbar' }, step, run, reset, count),
    momentum.el,
    h('div', { class: 'chart-row' }, meanChart, varChart),
    h('p', { class: 'small muted' }, 'Grey dots: the batch statistic each step fed in. Large dot: the running value now. Dashed: the average batch statistic over ' + TARGET_BATCHES + ' other batches — where the running value settles.'),
    compare, table);

  return {
    id: 'running-stats',
    el: frame.el,
    render(vm: ViewModel) {
      latest = vm;
      const { state, results: r } = vm;
      momentum.set(state.momentum);
      showStatus(frame, r.dataError ?? layerMessage(r.running?.error, 'train', r.running?.errorParam));
      const total = state.steps + state.shiftSteps;
      setText(count, state.shiftSteps > 0 ? `${state.steps} steps, then ${state.shiftSteps} on shifted data` : `${total} step${total === 1 ? '' : 's'}`);
      const full = (state.shift > 0 || state.shiftSteps > 0 ? state.shiftSteps : state.steps) >= MAX_STEPS;
      setProp(step, 'disabled', full);
      setProp(run, 'disabled', full);
      const run_ = r.running;
      if (!run_) return;
      const c = state.channel;
      const tr = run_.trace;
      const K = tr.means.length;
      const at = run_.shiftAt;
      const targetLine = (pick: (t: { mean: Float64Array; variance: Float64Array }) => number): Point[] => {
        const t0 = pick(run_.target);
        const end = Math.max(10, K - 1);
        if (at === null || !run_.targetShifted) return [[0, t0], [end, t0]];
        const t1 = pick(run_.targetShifted);
        return [[0, t0], [at, t0], [at, t1], [end, t1]];
      };
      const colour = CHANNEL_COLOURS[c];
      const chart = (el: HTMLElement, which: 'mean' | 'var') => {
        const series = which === 'mean' ? tr.means : tr.vars;
        const batch = which === 'mean' ? tr.batchMeans : tr.batchVars;
        renderLineChart(el, {
          series: [
            { id: 'running', label: `running ${which}`, color: colour, points: series.map((v, k) => [k, v[c]] as Point) },
            { id: 'target', label: 'converges to', dashed: true, color: '#555', points: targetLine((t) => (which === 'mean' ? t.mean[c] : t.variance[c])) },
          ],
          dots: [
            ...(K <= 301 ? batch.map((v, k) => ({ x: k + 1, y: v[c], color: '#9aa0a6', r: 1.8, label: `batch ${which} seen at step ${k + 1}` })) : []),
            { x: K - 1, y: series[K - 1][c], color: colour, r: 4.5, label: `now: ${fmt(series[K - 1][c], 4)}` },
          ],
          vLines: at !== null ? [{ x: at, label: 'shift' }] : [],
          xDomain: [0, Math.max(10, K - 1)],
        }, {
          label: `Running ${which} of ${r.names[c]} over ${K - 1} steps`, width: 380, height: 190, xLabel: 'training steps',
          yLabel: which === 'mean' ? 'mean' : 'variance', testId: `running-${which}-chart`,
        });
      };
      chart(meanChart, 'mean');
      chart(varChart, 'var');
      const target = run_.targetShifted ?? run_.target;
      const head = h('tr', {}, h('th', {}, 'channel'), h('th', {}, 'running mean'), h('th', {}, 'converges to'),
        h('th', {}, 'running var'), h('th', {}, 'converges to'), h('th', {}, 'this batch: mean, var'));
      const rows = r.names.map((n, k) => h('tr', { class: k === c ? 'selected' : null },
        h('th', { scope: 'row' }, n),
        h('td', { 'data-testid': `running-mean-${k}` }, fixed(run_.mean[k], 4)), h('td', {}, fixed(target.mean[k], 4)),
        h('td', { 'data-testid': `running-var-${k}` }, fmt(run_.variance[k], 4)), h('td', {}, fmt(target.variance[k], 4)),
        h('td', {}, r.train?.mean ? `${fixed(r.train.mean[k], 4)}, ${fmt(r.train.variance![k], 4)}` : '—')));
      patchChildren(table, h('thead', {}, head), h('tbody', {}, ...rows));
      setText(diff, r.trainEvalMaxDiff === null ? '—' : fmt(r.trainEvalMaxDiff, 3));
      setAttr(diff, 'data-value', String(r.trainEvalMaxDiff));
      const typical = r.trainEvalMeanDiff;
      patchChildren(compare,
        'On the batch shown, train output (batch statistics) vs eval output (running statistics), same γ and β: max |difference| = ',
        diff, `, mean |difference| = ${fmt(typical, 3)}. `,
        total === 0
          ? 'No steps yet: the running statistics are PyTorch’s initial mean 0 and variance 1, so eval barely normalises at all.'
          : `After ${total} steps the typical gap is ${typical !== null && typical < 0.15 ? 'small' : 'still large'}; it never reaches 0, because one batch’s ` +
            'statistics are not the average (and the largest gap sits on an outlier pixel, far from the mean).',
        ` You are in ${state.mode} mode: the other panels show the ${state.mode === 'train' ? 'batch-statistics' : 'running-statistics'} output.`);
    },
  };
}
