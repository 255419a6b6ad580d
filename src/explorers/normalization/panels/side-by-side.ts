import { divergingScale } from '../../../views/color.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderHistogram } from '../../../views/histogram.ts';
import { el as h, patchChildren } from '../../../util/dom.ts';
import type { Tensor } from '../../../kernels/index.ts';
import { NORM_NAMES, NORMS, type NormId } from '../schema.ts';
import type { Panel, View } from '../view.ts';
import { keyedMaps, num, panelFrame, table } from './frame.ts';

const list = (v: readonly number[]) => v.map((x) => num(x, 2)).join(', ');

/** One map (sample s, channel c) of an [N, C, H, W] tensor. */
function map(t: Tensor, s: number, c: number) {
  const [, C, H, W] = t.shape;
  return { values: t.data.subarray((s * C + c) * H * W, (s * C + c + 1) * H * W), rows: H, cols: W };
}

const BINS = 32;
/** Histogram domain: normalised outputs live in a few units around 0. */
const DOMAIN: [number, number] = [-4, 4];

/** Counts of channel c's values (over N·H·W) in BINS even bins over DOMAIN, as fractions; outliers in the end bins. */
function channelCounts(t: Tensor, c: number): Float64Array {
  const [n, C, H, W] = t.shape;
  const hw = H * W;
  const counts = new Float64Array(BINS);
  for (let s = 0; s < n; s++) {
    const base = (s * C + c) * hw;
    for (let i = 0; i < hw; i++) {
      const b = Math.floor(((t.data[base + i] - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0])) * BINS);
      counts[Math.max(0, Math.min(BINS - 1, b))] += 1 / (n * hw);
    }
  }
  return counts;
}

/**
 * "All five side by side": each norm (without γ, β) on the same batch — the output's per-channel and per-sample
 * means and stds, what it removed (computed: compute.ts `summarise`), and one sample's maps after each.
 */
export function createSideBySidePanel(): Panel {
  const frame = panelFrame('side-by-side', '2 · All five side by side',
    'The same batch through each normalization (no affine). Which means and spreads come out 0 and 1 shows what each one ' +
    'removed; the maps below are one sample’s channels after each, on one colour scale.',
    NORMS.map((k) => [k, `${NORM_NAMES[k]}:`] as [string, string]));
  const stats = h('div', { class: 'nm-scroll' });
  const sentences = h('ul', { class: 'nm-removed', 'data-testid': 'removed' });
  const maps = h('div', { class: 'nm-maps', 'data-testid': 'side-maps' });
  const hists = h('div', { class: 'nm-maps', 'data-testid': 'side-histograms' });
  frame.body.append(stats, sentences, h('h3', {}, 'Each channel’s output values (over the batch), mean ± σ marked'), hists,
    h('h3', {}, 'One sample’s maps after each'), maps);
  const cell = keyedMaps();
  return {
    id: 'side-by-side',
    el: frame.el,
    render(v: View, reason) {
      if (reason === 'hover') return; // the probe is drawn by the grid and the cube only
      const r = v.results;
      frame.status(r.dataError);
      if (!r.x || !r.outputs || !r.summary) return;
      const sum = r.summary;
      patchChildren(stats, table('Output statistics per norm (per channel over N·H·W, per sample over C·H·W)',
        ['norm', 'channel means', 'channel stds', 'sample means', 'sample stds'],
        NORMS.map((k) => ({ id: `stats-${k}`, current: k === v.state.norm, cells: [NORM_NAMES[k], list(sum[k].channelMean), list(sum[k].channelStd), list(sum[k].sampleMean), list(sum[k].sampleStd)] }))));
      patchChildren(sentences, ...NORMS.map((k) => h('li', { 'data-testid': `removed-${k}` }, h('strong', {}, `${NORM_NAMES[k]} removes `), sum[k].removed)));
      const s = Math.min(v.state.sample, r.x.shape[0] - 1);
      const c = r.x.shape[1];
      let max = 0;
      for (const k of NORMS) for (const x of r.outputs[k].data) max = Math.max(max, Math.abs(x));
      const scale = divergingScale(max || 1);
      let inMax = 0;
      for (const x of r.x.data) inMax = Math.max(inMax, Math.abs(x));
      const rows: [string, Tensor, ReturnType<typeof divergingScale>][] = [
        ['input', r.x, divergingScale(inMax || 1)], ...NORMS.map((k: NormId) => [NORM_NAMES[k], r.outputs![k], scale] as [string, Tensor, ReturnType<typeof divergingScale>]),
      ];
      const children: HTMLElement[] = [h('div', { class: 'nm-map-head' }, `sample ${s}`), ...r.names.map((name) => h('div', { class: 'nm-map-head' }, name))];
      for (const [label, t, sc] of rows) {
        children.push(h('div', { class: 'nm-map-label' }, label));
        for (let ch = 0; ch < c; ch++) {
          const e = cell(`${label}|${ch}`);
          renderHeatmap(e, map(t, s, ch), { label: `${label}, sample ${s}, ${r.names[ch]}`, scale: sc, cellSize: 9 });
          children.push(e);
        }
      }
      maps.style.gridTemplateColumns = `auto repeat(${c}, auto)`;
      patchChildren(maps, ...children);
      const histChildren: HTMLElement[] = [h('div', { class: 'nm-map-head' }, ''), ...r.names.map((name) => h('div', { class: 'nm-map-head' }, name))];
      for (const k of NORMS) {
        histChildren.push(h('div', { class: 'nm-map-label' }, NORM_NAMES[k]));
        for (let ch = 0; ch < c; ch++) {
          const e = cell(`hist|${k}|${ch}`);
          renderHistogram(e, {
            main: { counts: channelCounts(r.outputs[k], ch), lo: DOMAIN[0], hi: DOMAIN[1] }, domain: DOMAIN,
            mean: sum[k].channelMean[ch], std: sum[k].channelStd[ch],
          }, { label: `${NORM_NAMES[k]} output, ${r.names[ch]}`, width: 150, height: 56, ticks: 3 });
          histChildren.push(e);
        }
      }
      hists.style.gridTemplateColumns = `auto repeat(${c}, auto)`;
      patchChildren(hists, ...histChildren);
    },
    published: () => ({}),
  };
}
