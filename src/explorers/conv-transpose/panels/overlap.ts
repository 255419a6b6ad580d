/**
 * Panel 5 — overlap and phase gain. The transposed conv's overlap is in its *output*: how many taps land on
 * each output pixel depends on the pixel's phase (position mod s), and the sum of the weights per phase — the
 * phase gain — predicts the checkerboard from the kernel alone. The ordinary convolution with the same k, s, p
 * has the same overlap pattern in its *input*, where it is harmless: every output pixel still sums one full window.
 */
import { sequentialScale, autoScale } from '../../../views/color.ts';
import { renderHeatmap, type HeatmapHighlight } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { phaseOf } from '../overlap.ts';
import { el, figure, fmt3, panelSection, type Panel, type PanelEnv } from './panel.ts';
import { patchChildren, setText } from '../../../util/dom.ts';

const STORY = `<em>Deconv layers have uneven overlap in the output, conv layers have overlap in the input.</em> When
the kernel size is not divisible by the stride, output pixels of different phases (position mod s) receive
different numbers of taps. What shows in the image is the <strong>phase gain</strong> — the sum of the kernel
weights that reach each phase. A flat input comes out multiplied by it, tiled every s pixels: if the gains
differ, that is a checkerboard. An ordinary convolution has the same uneven counts, but in its input, where they
do no harm: each of its outputs sums one full window.`;

export function createOverlapPanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('overlap', '5 · Overlap and phase gain: where the checkerboard comes from', STORY, []);
  const verdict = el('p', { class: 'ct-verdict', 'data-testid': 'phase-verdict' });
  const cols = el('div', { class: 'ct-two' });
  const left = el('div', { class: 'ct-col' });
  const right = el('div', { class: 'ct-col' });
  left.append(el('h3', {}, 'Transposed convolution — overlap in the output'));
  right.append(el('h3', {}, 'Ordinary convolution (same k, s, p) — overlap in the input'));
  const lf = el('div', { class: 'ct-figs' });
  const rf = el('div', { class: 'ct-figs' });
  left.append(lf);
  right.append(rf);
  cols.append(left, right);
  body.append(verdict, cols);
  const overlapFig = figure(lf, 'overlap', 'taps per output pixel');
  const gainFig = figure(lf, 'gain', 'phase gain (Σ weights per phase)');
  const usageFig = figure(rf, 'usage', 'uses of each input pixel');
  const tapsFig = figure(rf, 'taps', 'taps per output pixel');

  return {
    id: 'overlap',
    el: section,
    render({ results: r, hover }) {
      const i = r.info;
      const outHl: HeatmapHighlight[] = [];
      const gainHl: HeatmapHighlight[] = [];
      if (hover?.grid === 'output' && hover.row < i.outH && hover.col < i.outW) {
        outHl.push({ row: hover.row, col: hover.col });
        gainHl.push({ row: phaseOf(hover.row, i.strideH), col: phaseOf(hover.col, i.strideW) });
      }
      const maxCount = Math.max(1, ...r.overlap);
      const countScale = sequentialScale(0, maxCount, 'cividis');
      renderHeatmap(overlapFig.plot, { values: r.overlap, rows: i.outH, cols: i.outW }, {
        label: 'taps per output pixel of the transposed convolution', scale: countScale, showValues: true, maxWidth: 300, highlights: outHl,
        testId: 'overlap-map', activeCell: hover?.grid === 'output' ? hover : null, onHover: (c) => env.setHover(c && { grid: 'output', ...c }),
        valueFormat: (v) => String(v),
      });
      const gainScale = autoScale(r.phaseGain);
      renderHeatmap(gainFig.plot, { values: r.phaseGain, rows: i.strideH, cols: i.strideW }, {
        label: 'phase gain', scale: gainScale, showValues: true, cellSize: Math.min(48, Math.floor(160 / Math.max(i.strideH, i.strideW))),
        highlights: gainHl, testId: 'phase-gain', valueFormat: fmt3,
      });
      renderHeatmap(usageFig.plot, { values: r.overlap, rows: i.outH, cols: i.outW }, {
        label: 'how many windows of the ordinary convolution use each input pixel', scale: countScale, showValues: true, maxWidth: 300,
        highlights: outHl, testId: 'conv-usage', valueFormat: (v) => String(v),
      });
      const tapScale = sequentialScale(0, Math.max(1, ...r.convTaps), 'cividis');
      renderHeatmap(tapsFig.plot, { values: r.convTaps, rows: i.inH, cols: i.inW }, {
        label: 'taps per output pixel of the ordinary convolution', scale: tapScale, showValues: true, maxWidth: 220, testId: 'conv-taps',
        valueFormat: (v) => String(v),
      });
      setText(overlapFig.caption, `taps per output pixel (${i.outH}×${i.outW})`);
      setText(usageFig.caption, `its input (${i.outH}×${i.outW}): uses of each pixel — the same counts`);
      setText(tapsFig.caption, `its output (${i.inH}×${i.inW}): taps per pixel — ${i.kH * i.kW} inside`);
      renderLegend(overlapFig.legend, countScale, { title: 'taps', width: 140 });
      renderLegend(gainFig.legend, gainScale, { title: 'Σ w', width: 140 });
      renderLegend(tapsFig.legend, tapScale, { title: 'taps', width: 140 });
      const g = Array.from(r.phaseGain);
      const even = r.phaseSpread < 1e-6;
      const divisible = i.kH % i.strideH === 0 && i.kW % i.strideW === 0;
      patchChildren(verdict,
        el('strong', { class: even ? 'ok' : 'bad', 'data-testid': 'phase-spread', 'data-value': String(r.phaseSpread) },
          even ? 'Even phase gains → no checkerboard on a flat input.' : `Uneven phase gains (spread ${fmt3(r.phaseSpread)}) → a checkerboard.`),
        ` Gains per phase: ${g.map(fmt3).join(', ')}. `,
        divisible ? `k is divisible by s, so every phase gets ${i.kH / i.strideH}×${i.kW / i.strideW} taps${even ? '' : ' — but the weights still differ'}.`
          : `k = ${i.kH}×${i.kW} is not divisible by s = ${i.strideH}×${i.strideW}: the phases get ${Array.from(r.phaseTaps).join(', ')} taps.`,
      );
    },
    published: () => ({}),
  };
}
