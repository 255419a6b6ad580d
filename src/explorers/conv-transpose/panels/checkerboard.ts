/**
 * Panel 6 — the checkerboard shoot-out: ×s upsampling of one image by (a) transposed conv, (b) nearest resize +
 * conv, (c) bilinear resize + conv, (d) sub-pixel conv + PixelShuffle, each with its difference from a smooth
 * reference, its artifact score and its spectrum, where a checkerboard is a set of sharp peaks at the
 * stride-periodic frequencies (marked).
 */
import { divergingScale, finiteExtent, sequentialScale } from '../../../views/color.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import type { ConvTransposeState } from '../schema.ts';
import type { Shootout } from '../shootout.ts';
import type { UpsamplerId } from '../upsamplers.ts';
import { el, figure, fmt3, panelSection, type Panel, type PanelEnv } from './panel.ts';
import { setAttr, setText } from '../../../util/dom.ts';

const STORY = `<em>Uneven overlap leads to the problem of checkerboard artifacts</em>, and the usual cure is
<em>resize-convolution instead of transposed convolution</em> (Odena, Dumoulin &amp; Olah, Distill 2016). Here the
same kernel upsamples the same image four ways to the same size. The <strong>artifact score</strong> is the share of
the image's spectral energy sitting exactly at the stride-periodic frequencies (a·N/s, b·N/s) — the marked bins
in each spectrum. Resizing first spreads every input pixel evenly before the convolution, so (b) and (c) have no
such peaks. Sub-pixel convolution (d) with independent sub-kernels <em>is</em> a transposed convolution; ICNR
initialisation (all sub-kernels equal) removes the checkerboard at the start of training.`;

const LABELS: Record<UpsamplerId, string> = {
  transposed: '(a) transposed conv',
  nearest: '(b) nearest resize + conv',
  bilinear: '(c) bilinear resize + conv',
  subpixel: '(d) sub-pixel conv + PixelShuffle',
};

export function createCheckerboardPanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('checkerboard', '6 · Checkerboard shoot-out: resize-convolution instead', STORY, ['ConvTranspose', 'Resize', 'DepthToSpace']);
  const controls = el('div', { class: 'ct-inline-controls', role: 'group', 'aria-label': 'shoot-out options' });
  const srcLabel = el('label', {}, 'image ');
  const src = el('select', { 'data-testid': 'shoot-source' });
  src.append(el('option', { value: 'image' }, 'the photograph'), el('option', { value: 'input' }, 'the input preset'));
  srcLabel.append(src);
  const sizeLabel = el('label', {}, 'size ');
  const size = el('select', { 'data-testid': 'shoot-size' });
  for (const n of [16, 32, 48, 64, 96]) size.append(el('option', { value: String(n) }, `${n}×${n}`));
  sizeLabel.append(size);
  const icnrLabel = el('label', {});
  const icnr = el('input', { type: 'checkbox', 'data-testid': 'shoot-icnr' });
  icnrLabel.append(icnr, ' ICNR sub-kernels for (d)');
  controls.append(srcLabel, sizeLabel, icnrLabel);
  src.addEventListener('change', () => env.store.update({ shootSource: src.value as ConvTransposeState['shootSource'] }));
  size.addEventListener('change', () => env.store.update({ shootSize: Number(size.value) }));
  icnr.addEventListener('change', () => env.store.update({ icnr: icnr.checked }));
  const status = el('p', { class: 'ct-note', 'data-testid': 'shoot-status' });
  const refRow = el('div', { class: 'ct-figs' });
  const grid = el('div', { class: 'ct-shoot', 'data-testid': 'shoot-grid' });
  body.append(controls, status, refRow, grid);
  const srcFig = figure(refRow, 'src', 'input image');
  const refFig = figure(refRow, 'ref', 'smooth reference');
  const scoreBox = el('div', { class: 'ct-scores', 'data-testid': 'shoot-scores' });
  refRow.append(scoreBox);

  let scores: Record<string, number> = {};

  function drawShootout(s: Shootout): void {
    const side = 190;
    const cell = side / Math.max(s.rows, s.cols);
    const [lo, hi] = finiteExtent(s.source);
    const grey = sequentialScale(lo, hi, 'greys');
    renderHeatmap(srcFig.plot, { values: s.source, rows: s.sourceRows, cols: s.sourceCols }, {
      label: 'shoot-out input', scale: grey, cellSize: side / 2 / s.sourceRows, cellBorders: false,
    });
    setText(srcFig.caption, `input ${s.sourceRows}×${s.sourceCols}`);
    renderHeatmap(refFig.plot, { values: s.reference, rows: s.rows, cols: s.cols }, {
      label: 'bilinear reference', scale: grey, cellSize: cell, cellBorders: false,
    });
    setText(refFig.caption, `bilinear ×${s.stride.join('×')} (no kernel): the smooth reference`);
    let maxDiff = 0;
    for (const e of s.entries) maxDiff = Math.max(maxDiff, ...finiteExtent(e.diff).map(Math.abs));
    const diffScale = divergingScale(maxDiff);
    let maxSpec = 0;
    for (const e of s.entries) maxSpec = Math.max(maxSpec, finiteExtent(e.spectrum)[1]);
    const specScale = sequentialScale(0, maxSpec, 'viridis');
    const peaks = s.peaks.map((p) => ({ row: p.u - 4, col: p.v - 4, rows: 9, cols: 9, style: 'primary' as const }));
    scores = {};
    for (const e of s.entries) {
      scores[e.id] = e.score;
      let col = grid.querySelector<HTMLElement>(`:scope > div[data-id="${e.id}"]`);
      if (!col) {
        col = el('div', { class: 'ct-shoot-col', 'data-id': e.id, 'data-testid': `shoot-${e.id}` });
        col.append(el('h3'), el('p', { class: 'ct-score' }));
        grid.append(col);
      }
      setText(col.querySelector('h3')!, LABELS[e.id]);
      const scoreEl = col.querySelector<HTMLElement>('.ct-score')!;
      setAttr(scoreEl, 'data-value', String(e.score));
      setAttr(scoreEl, 'data-testid', `score-${e.id}`);
      setText(scoreEl, `artifact score ${(e.score * 100).toPrecision(3)} %`);
      const [olo, ohi] = finiteExtent(e.output);
      renderHeatmap(figure(col, 'out', 'output').plot, { values: e.output, rows: s.rows, cols: s.cols }, {
        label: `${LABELS[e.id]} output`, scale: sequentialScale(olo, ohi, 'greys'), cellSize: cell, cellBorders: false,
      });
      renderHeatmap(figure(col, 'diff', s.zeroDc ? 'output (kernel sums to 0)' : `difference to reference (rms ${fmt3(e.rmsDiff)})`).plot,
        { values: e.diff, rows: s.rows, cols: s.cols }, { label: `${LABELS[e.id]} difference`, scale: diffScale, cellSize: cell, cellBorders: false });
      renderHeatmap(figure(col, 'fft', '|FFT| (log); stride-periodic bins marked').plot, { values: e.spectrum, rows: s.rows, cols: s.cols }, {
        label: `${LABELS[e.id]} spectrum`, scale: specScale, cellSize: cell, cellBorders: false, highlights: peaks, testId: `fft-${e.id}`,
      });
    }
    for (const stale of grid.querySelectorAll<HTMLElement>(':scope > div[data-id]')) {
      if (!s.entries.some((e) => e.id === stale.dataset.id)) stale.remove();
    }
    const ranked = [...s.entries].sort((a, b) => b.score - a.score);
    scoreBox.replaceChildren(
      el('h3', {}, 'artifact score'),
      ...ranked.map((e) => el('p', { class: 'mono' }, `${(e.score * 100).toPrecision(3).padStart(6)} %  ${LABELS[e.id]}`)),
    );
    renderLegend(scoreBox, diffScale, { title: 'difference to reference' });
  }

  return {
    id: 'checkerboard',
    el: section,
    render({ state, results: r }, reason) {
      if (reason === 'hover') return;
      src.value = state.shootSource;
      size.value = String(state.shootSize);
      icnr.checked = state.icnr;
      if ('error' in r.shootout) {
        setText(status, `Shoot-out: ${r.shootout.error}.`);
        return;
      }
      const s = r.shootout;
      const k = s.kernel;
      setText(status, `Kernel: the ${k.kH}×${k.kW} kernel of channel pair (${r.ic}, ${r.oc}); ×${s.stride.join('×')}, dilation ${r.info.dilationH}×${r.info.dilationW}; ` +
        `padding chosen so every output is exactly ${s.rows}×${s.cols}.` + (s.subPixelNote ? ` (d) is not shown: ${s.subPixelNote}.` : '') +
        (s.zeroDc ? ' This kernel sums to 0, so outputs are compared with 0 rather than with the reference.' : ''));
      drawShootout(s);
    },
    published: () => ({ artifactScores: scores }),
  };
}
