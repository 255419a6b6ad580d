import { divergingScale } from '../../../views/color.ts';
import { renderHeatmap, type HeatmapHighlight } from '../../../views/heatmap.ts';
import { el as h, patchChildren } from '../../../util/dom.ts';
import { NORM_NAMES } from '../schema.ts';
import type { Actions, Panel } from '../view.ts';
import { num, panelFrame } from './frame.ts';

/** The rows of the flat grid in `group`, as runs of consecutive rows (BN's channel is one row per sample). */
function runs(groupOfRow: readonly number[], group: number): { row: number; rows: number }[] {
  const out: { row: number; rows: number }[] = [];
  groupOfRow.forEach((g, r) => {
    if (g !== group) return;
    const last = out[out.length - 1];
    if (last && last.row + last.rows === r) last.rows++;
    else out.push({ row: r, rows: 1 });
  });
  return out;
}

/**
 * "Which values share statistics": the N × C × (H·W) input as N·C rows (sample-major: row n·C + c) of H·W
 * values. The cells that share one μ, σ² with the probed cell are outlined, the rest faded. Pointer or arrow keys
 * probe a cell; below the grid, its group's statistics from the kernels' moments and the cell's value before and
 * after the norm.
 */
export function createSharePanel(actions: Actions): Panel {
  const frame = panelFrame('share', '1 · Which values share statistics',
    'The batch as a flat N·C × (H·W) grid: one row per (sample, channel), one column per position. The outlined cells share ' +
    'one mean and variance under the chosen normalization; hover a cell, or focus the grid and use the arrow keys.',
    ['norm']);
  const grid = h('div', { class: 'nm-grid', 'data-testid': 'share-grid' });
  const info = h('div', { class: 'nm-probe', 'data-testid': 'share-probe', 'aria-live': 'polite' });
  frame.body.append(grid, info);
  let published: Record<string, unknown> = {};
  return {
    id: 'share',
    el: frame.el,
    render(v) {
      const r = v.results;
      frame.status(r.dataError);
      if (!r.x || !r.stats || !r.chosen) return;
      const [n, c, hh, ww] = r.x.shape;
      const hw = hh * ww;
      const probe = v.probe && v.probe.row < n * c && v.probe.col < hw ? v.probe : { row: v.state.sample * c, col: 0 };
      const group = r.stats.groupOfRow[probe.row];
      const inGroup = new Set(r.stats.groupOfRow.map((g, row) => (g === group ? row : -1)));
      const highlights: HeatmapHighlight[] = runs(r.stats.groupOfRow, group).map((run) => ({ ...run, col: 0, cols: hw, style: 'primary' }));
      highlights.push({ row: probe.row, col: probe.col, style: 'dot' });
      let max = 0;
      for (const x of r.x.data) max = Math.max(max, Math.abs(x));
      renderHeatmap(grid, { values: r.x.data, rows: n * c, cols: hw }, {
        label: `input batch, ${n} samples × ${c} channels as rows, ${hw} positions as columns; ${NORM_NAMES[v.state.norm]} groups outlined`,
        scale: divergingScale(max || 1), maxWidth: 560, highlights,
        faded: (row) => !inGroup.has(row), activeCell: probe, onHover: (cell) => actions.probe(cell), testId: 'share-heatmap',
      });
      const s = Math.floor(probe.row / c);
      const ch = probe.row % c;
      const i = probe.row * hw + probe.col;
      const mean = r.stats.mean[group];
      const variance = r.stats.variance[group];
      const rms = v.state.norm === 'rms';
      published = { group, mean, variance, meanSquare: r.stats.meanSquare[group], count: r.stats.count, x: r.x.data[i], y: r.chosen.data[i] };
      patchChildren(info,
        h('p', {}, `Sample ${s}, channel ${ch} (${r.names[ch]}), position (${Math.floor(probe.col / ww)}, ${probe.col % ww}): x = ${num(r.x.data[i])}, ` +
          `${NORM_NAMES[v.state.norm]} output ${num(r.chosen.data[i])}.`),
        h('p', {}, `It shares statistics with ${r.stats.count} values — ${r.stats.describe[group]}: ` +
          (rms ? `mean square ${num(r.stats.meanSquare[group], 4)} (RMSNorm divides by √(mean square + eps); the mean ${num(mean, 4)} is not subtracted)`
            : `μ = ${num(mean, 4)}, σ² = ${num(variance, 4)}`) + '.'),
        h('p', { class: 'small' }, `${r.stats.mean.length} groups in all (${n} samples, ${c} channels, G = ${v.state.g}).`));
    },
    published: () => ({ probe: published }),
  };
}
