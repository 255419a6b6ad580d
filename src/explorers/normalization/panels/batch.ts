import { el as h, patchChildren, setText } from '../../../util/dom.ts';
import { RUNNING_STEPS } from '../compute.ts';
import { NORM_NAMES, NORMS } from '../schema.ts';
import type { Actions, Panel, View } from '../view.ts';
import { num, panelFrame, sci, table } from './frame.ts';

/**
 * "Batch dependence": sample 0's output under each norm when the other N − 1 samples are swapped (only BN's
 * moves), the spread of BN's batch mean against N, and train vs eval.
 */
export function createBatchPanel(actions: Actions): Panel {
  const frame = panelFrame('batch', '4 · Batch dependence',
    'Sample 0 stays; the other N − 1 samples are replaced by another draw. Only BatchNorm computes its statistics across ' +
    'the batch, so only its output for sample 0 moves. Its batch mean is noisier the smaller the batch, and in eval mode it ' +
    'uses running statistics instead — as InstanceNorm does when it tracks them.',
    [['batch-norm', 'BatchNorm (swapped batch):'], ['instance-norm-eval', 'InstanceNorm, eval with running statistics:']]);
  const swap = h('button', { type: 'button', 'data-testid': 'swap-rest' }, 'Swap the rest of the batch');
  const note = h('span', { class: 'small', 'data-testid': 'swap-note' });
  const change = h('div', { class: 'nm-scroll' });
  const spread = h('div', { class: 'nm-scroll' });
  const modes = h('div', { class: 'nm-scroll' });
  frame.body.append(h('div', { class: 'button-row' }, swap, note), change, spread, modes);
  let current = 0;
  swap.addEventListener('click', () => actions.update({ swap: current + 1 }));
  return {
    id: 'batch',
    el: frame.el,
    render(v: View, reason) {
      if (reason === 'hover') return; // the probe is drawn by the grid and the cube only
      current = v.state.swap;
      const r = v.results;
      frame.status(r.dataError);
      const b = r.batchDependence;
      if (!b) return;
      setText(note, v.state.n === 1 ? 'N = 1: there is no rest of the batch.' : `rest of the batch: draw ${v.state.swap} → ${v.state.swap + 1}`);
      patchChildren(change, table('Sample 0’s output: max |change| when the other samples are swapped',
        ['norm', 'max |Δ output of sample 0|'], NORMS.map((k) => ({ id: `change-${k}`, cells: [NORM_NAMES[k], sci(b.change[k])] }))));
      patchChildren(spread, table('BatchNorm’s batch mean: its spread over 24 batches, by batch size (mean over channels)',
        ['N', 'std of the batch mean'], b.spread.map((p) => ({ id: `spread-${p.n}`, current: p.n === v.state.n, cells: [String(p.n), num(p.std, 4)] }))));
      patchChildren(modes, table(`Train vs eval: max |train − eval| on this batch (running statistics after ${RUNNING_STEPS} training steps, momentum 0.1)`,
        ['norm', 'max |train − eval|'], [
          ...NORMS.map((k) => ({ id: `mode-${k}`, cells: [k === 'in' ? 'InstanceNorm (PyTorch default: no running stats)' : NORM_NAMES[k], sci(b.trainEval[k])] })),
          { id: 'mode-inTracked', cells: ['InstanceNorm (track_running_stats=True)', sci(b.trainEval.inTracked)] },
        ]));
    },
  };
}
