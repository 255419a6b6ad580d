import { renderLineChart, type Point } from '../../../views/line-chart.ts';
import { bnSchema } from '../schema.ts';
import { SPREAD_BATCHES } from '../results.ts';
import { CHANNEL_COLOURS, fixed, fmt, h, patchChildren, setAttr, setText } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { panelFrame, showStatus } from './frame.ts';
import { stepPatch } from './running.ts';

function card(title: string, testId: string, ...children: (Node | string)[]): HTMLElement {
  return h('article', { class: 'pitfall', 'data-testid': testId }, h('h3', {}, title), ...children);
}

function button(text: string, testId: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', 'data-testid': testId }, text);
  b.addEventListener('click', onClick);
  return b;
}

export function createPitfallsPanel(actions: Actions): Panel {
  const frame = panelFrame('pitfalls', '7 · Where batch normalisation goes wrong', [
    'Four failure modes, each computed live by the same kernel on the current data.',
  ]);
  let latest: ViewModel | null = null;
  const d = () => bnSchema;

  // (a) one value per channel
  const oneInput = h('p', { class: 'mono small' });
  const oneError = h('p', { class: 'kernel-error mono', 'data-testid': 'pitfall-one-error' });
  const oneEval = h('p', { class: 'mono small', 'data-testid': 'pitfall-one-eval' });
  const cardOne = card('One value per channel in training', 'pitfall-one',
    h('p', { class: 'small' }, 'A batch of one 1×1 map has a single value per channel: its variance is undefined, and PyTorch refuses it in ',
      'training mode. Eval mode, which uses the running statistics, accepts it. The kernel on the first pixel of sample 0:'),
    oneInput, h('p', { class: 'small' }, 'training mode →'), oneError, oneEval,
    h('div', { class: 'button-row' },
      button('Try it on the whole page (N = 1, 1×1, training)', 'try-batch-of-one', () => actions.update({ n: 1, size: 1, mode: 'train' })),
      button('Back to N = 8, 24×24', 'undo-batch-of-one', () => actions.update({ n: d().n.default, size: d().size.default }))));

  // (b) tiny batches, noisy statistics
  const spreadChart = h('div');
  const spreadText = h('p', { class: 'small', 'data-testid': 'pitfall-spread-text' });
  const cardSpread = card('Tiny batches make noisy statistics', 'pitfall-spread',
    h('p', { class: 'small' }, 'The batch mean is an estimate. How much it jumps between batches (' + SPREAD_BATCHES + ' batches per size) falls roughly like 1/√N; ',
      'with a small N, training normalises every batch a little differently — and eval, with running statistics, differs more from training.'),
    spreadChart, spreadText);

  // (c) stale running statistics after a distribution shift
  const staleTable = h('table', { class: 'param-table mono', 'data-testid': 'pitfall-stale-table' });
  const staleText = h('p', { class: 'small', 'data-testid': 'pitfall-stale-text' });
  const cardStale = card('Eval with stale running statistics after a distribution shift', 'pitfall-stale',
    h('p', { class: 'small' }, 'The running statistics remember the data they were learned on. When the data changes — new camera, new lighting — ',
      'eval mode keeps normalising with the old values, and the output drifts away from mean β and spread |γ|. Training mode would not notice.'),
    h('div', { class: 'button-row' },
      button('Learn running stats (100 steps)', 'stale-learn', () => latest && actions.update({ steps: Math.max(latest.state.steps, 100) })),
      button('Shift the data (1.5)', 'stale-shift', () => actions.update({ shift: 1.5, mode: 'eval' })),
      button('Re-learn: 100 steps on the shifted data', 'stale-relearn', () => latest && actions.update(stepPatch({ ...latest.state, shift: Math.max(latest.state.shift, 0.1) }, 100))),
      button('Remove the shift', 'stale-unshift', () => actions.update({ shift: 0, shiftSteps: 0 }))),
    staleTable, staleText);

  // (d) eps dominating tiny variances
  const epsChart = h('div');
  const epsText = h('p', { class: 'small', 'data-testid': 'pitfall-eps-text' });
  const cardEps = card('eps dominating when the variance is tiny', 'pitfall-eps',
    h('p', { class: 'small' }, 'x̂ = (x − μ)/√(σ² + eps) has spread √(σ²/(σ² + eps)), not 1: fine while σ² ≫ eps, but a channel whose variance is ',
      'near eps is squashed towards 0. The curve is the kernel run on the selected channel rescaled to each variance; dots are the channels as they are.'),
    h('div', { class: 'button-row' },
      button('Try eps = 0.01', 'eps-big', () => actions.update({ eps: 0.01 })),
      button('Back to eps = 1e-5', 'eps-default', () => actions.update({ eps: 1e-5 }))),
    epsChart, epsText);

  frame.body.append(h('div', { class: 'pitfall-grid' }, cardOne, cardSpread, cardStale, cardEps));

  return {
    id: 'pitfalls',
    el: frame.el,
    render(vm: ViewModel) {
      latest = vm;
      const { state, results: r } = vm;
      showStatus(frame, r.dataError);
      const p = r.pitfalls;
      if (!p || !r.running) return;
      const c = state.channel;

      setText(oneInput, `input [1, ${r.names.length}, 1, 1] = [${Array.from(p.one.input.data, (v) => fixed(v)).join(', ')}]`);
      setText(oneError, p.one.trainError ?? '(no error — unexpected)');
      setText(oneEval, p.one.evalOutput
        ? `eval mode → [${Array.from(p.one.evalOutput, (v) => fixed(v)).join(', ')}] (normalised with the running statistics)`
        : `eval mode → ${p.one.evalError}`);

      const pts = p.spread.filter((s) => s.meanSpread);
      const ref = pts[0];
      const series: { id: string; points: Point[]; color: string; label: string; dashed?: boolean }[] = [
        { id: 'spread', label: 'spread of the batch mean', color: CHANNEL_COLOURS[c], points: pts.map((s) => [s.n, s.meanSpread![c]] as Point) },
      ];
      if (ref) series.push({ id: 'ref', label: '∝ 1/√N', dashed: true, color: '#555', points: pts.map((s) => [s.n, (ref.meanSpread![c] * Math.sqrt(ref.n)) / Math.sqrt(s.n)] as Point) });
      const now = p.spread.find((s) => s.n === state.n);
      const nearest = pts.reduce((best, s) => (Math.abs(Math.log(s.n / state.n)) < Math.abs(Math.log(best.n / state.n)) ? s : best), pts[0] ?? p.spread[0]);
      renderLineChart(spreadChart, {
        series,
        dots: nearest?.meanSpread ? [{ x: nearest.n, y: nearest.meanSpread[c], color: CHANNEL_COLOURS[c], r: 5, label: `N = ${nearest.n}` }] : [],
      }, { label: `Spread of the batch mean of ${r.names[c]} against batch size`, width: 340, height: 180, xLog: true, yLog: true, xLabel: 'batch size N', yLabel: 'spread of μ_B', testId: 'spread-chart' });
      const refused = p.spread.find((s) => s.error);
      setText(spreadText, (pts.length >= 2
        ? `Channel “${r.names[c]}”: spread of μ_B is ${fmt(pts[0].meanSpread![c])} at N = ${pts[0].n} and ${fmt(pts[pts.length - 1].meanSpread![c])} at N = ${pts[pts.length - 1].n}` +
          (now?.meanSpread ? `; at your N = ${state.n}: ${fmt(now.meanSpread[c])}.` : '.')
        : 'Not enough batch sizes could be measured.') + (refused ? ` N = ${refused.n} is refused in training (${refused.error}).` : ''));

      const ev = r.eval?.outputStats;
      const tr = r.train?.outputStats;
      const head = h('tr', {}, h('th', {}, 'channel'), h('th', {}, 'running mean'), h('th', {}, 'batch mean'),
        h('th', {}, 'eval out μ, σ'), h('th', {}, 'train out μ, σ'));
      const rows = r.names.map((n, k) => h('tr', { class: k === c ? 'selected' : null }, h('th', { scope: 'row' }, n),
        h('td', {}, fixed(r.running!.mean[k])), h('td', {}, r.inputStats ? fixed(r.inputStats.mean[k]) : '—'),
        h('td', { 'data-testid': `stale-eval-${k}` }, ev ? `${fixed(ev.mean[k])}, ${fixed(ev.std[k])}` : '—'),
        h('td', {}, tr ? `${fixed(tr.mean[k])}, ${fixed(tr.std[k])}` : '—')));
      patchChildren(staleTable, h('thead', {}, head), h('tbody', {}, ...rows));
      let worst = 0;
      if (ev) for (let k = 0; k < r.names.length; k++) worst = Math.max(worst, Math.abs(ev.mean[k] - state.beta[k]));
      setAttr(staleText, 'data-worst-mean-error', String(worst));
      setText(staleText, `Shift ${fmt(state.shift)}; running statistics from ${state.steps} steps on the original data` +
        (state.shiftSteps > 0 ? ` and ${state.shiftSteps} on the shifted data` : '') +
        `. Eval output means are off from β by up to ${fmt(worst)}` + (worst > 0.5 ? ' — stale.' : ' — in step with the data.'));

      // The dots are training-mode numbers from the kernel: the batch variance and the spread of its x̂.
      const layer = r.train;
      const pe = p.eps;
      renderLineChart(epsChart, {
        series: [{ id: 'eps', label: 'spread of x̂', color: CHANNEL_COLOURS[c], points: pe.map((q) => [q.variance, q.std] as Point) }],
        dots: layer?.variance && layer.xhatStats ? Array.from(layer.variance, (v, k) => ({
          x: Math.max(v, 1e-10), y: layer.xhatStats!.std[k], color: CHANNEL_COLOURS[k], r: k === c ? 5.5 : 4, label: `${r.names[k]}: σ² = ${fmt(v)}`,
        })) : [],
        vLines: [{ x: state.eps, label: 'σ² = eps' }],
        yDomain: [0, 1.08],
      }, { label: `Spread of x̂ against the channel variance, eps = ${fmt(state.eps)}`, width: 340, height: 180, xLog: true, xLabel: 'channel variance σ²', yLabel: 'spread of x̂', testId: 'eps-chart' });
      if (layer?.variance && layer.xhatStats) {
        const v = layer.variance[c];
        setText(epsText, `Channel “${r.names[c]}”: σ² = ${fmt(v)}, eps = ${fmt(state.eps)} → spread of x̂ = ${fixed(layer.xhatStats.std[c], 4)} ` +
          `(√(σ²/(σ²+eps)) = ${fixed(Math.sqrt(v / (v + state.eps)), 4)}).`);
      } else setText(epsText, '');
    },
  };
}
