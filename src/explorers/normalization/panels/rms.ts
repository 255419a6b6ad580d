import { divergingScale } from '../../../views/color.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { el as h, patchChildren, setText } from '../../../util/dom.ts';
import type { Tensor } from '../../../kernels/index.ts';
import type { Panel, View } from '../view.ts';
import { keyedMaps, num, panelFrame, sci, table } from './frame.ts';

/** "RMSNorm vs LayerNorm": one sample after both (no affine), their difference, and every sample's mean. */
export function createRmsPanel(): Panel {
  const frame = panelFrame('rms', '5 · RMSNorm vs LayerNorm',
    'RMSNorm divides each sample by its root mean square and does not subtract the mean. Where a sample’s mean is far from ' +
    'zero, the two differ by about that mean over the sample’s spread; where it is near zero they nearly agree.',
    [['rms-norm', 'RMSNorm:'], ['layer-norm', 'LayerNorm:']]);
  const claim = h('p', { class: 'nm-claims', 'data-testid': 'rms-claim' });
  const maps = h('div', { class: 'nm-maps', 'data-testid': 'rms-maps' });
  const means = h('div', { class: 'nm-scroll' });
  frame.body.append(claim, maps, means);
  const cell = keyedMaps();
  return {
    id: 'rms',
    el: frame.el,
    render(v: View, reason) {
      if (reason === 'hover') return; // the probe is drawn by the grid and the cube only
      const r = v.results;
      frame.status(r.dataError);
      if (!r.x || !r.outputs || !r.rms) return;
      const [, c, H, W] = r.x.shape;
      const s = Math.min(v.state.sample, r.x.shape[0] - 1);
      const ln = r.outputs.ln;
      const rms = r.outputs.rms;
      const diff: Tensor = { shape: ln.shape, data: rms.data.map((x, i) => x - ln.data[i]) };
      setText(claim, `max |RMSNorm − LayerNorm| over the batch = ${num(r.rms.maxDiff)}; LayerNorm’s per-sample means are all ${sci(Math.max(...r.rms.sampleMeanLN.map(Math.abs)))} or less, RMSNorm’s range ${num(Math.min(...r.rms.sampleMeanRMS), 2)} … ${num(Math.max(...r.rms.sampleMeanRMS), 2)}.`);
      let max = 0;
      for (const t of [ln, rms, diff]) for (const x of t.data) max = Math.max(max, Math.abs(x));
      const scale = divergingScale(max || 1);
      const children: HTMLElement[] = [h('div', { class: 'nm-map-head' }, `sample ${s}`), ...r.names.map((n) => h('div', { class: 'nm-map-head' }, n))];
      for (const [label, t] of [['LayerNorm', ln], ['RMSNorm', rms], ['RMS − LN', diff]] as const) {
        children.push(h('div', { class: 'nm-map-label' }, label));
        for (let ch = 0; ch < c; ch++) {
          const e = cell(`${label}|${ch}`);
          const o = (s * c + ch) * H * W;
          renderHeatmap(e, { values: t.data.subarray(o, o + H * W), rows: H, cols: W }, { label: `${label}, sample ${s}, ${r.names[ch]}`, scale, cellSize: 9 });
          children.push(e);
        }
      }
      maps.style.gridTemplateColumns = `auto repeat(${c}, auto)`;
      patchChildren(maps, ...children);
      patchChildren(means, table('Per-sample means (over C·H·W)', ['sample', 'input', 'LayerNorm', 'RMSNorm', 'RMS of LayerNorm'],
        r.rms.sampleMeanIn.map((m, i) => ({ id: `rms-sample-${i}`, current: i === s, cells: [String(i), num(m), num(r.rms!.sampleMeanLN[i]), num(r.rms!.sampleMeanRMS[i]), num(r.rms!.rmsOfLN[i])] }))));
    },
  };
}
