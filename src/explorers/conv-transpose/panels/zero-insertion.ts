/**
 * Panel 3 — the gather view: the same output as an ordinary stride-1 convolution of the flipped kernel over the
 * input with s − 1 zeros inserted between pixels and a d·(k − 1) − pad border. Computed by our conv2d kernel.
 */
import { autoScale } from '../../../views/color.ts';
import { renderHeatmap, type HeatmapHighlight } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { gatherWindow, inputOfPadded, paddedOf } from '../links.ts';
import { kernelOffset } from '../kernel-editor.ts';
import { el, figure, fmt3, panelSection, planeOf, type Panel, type PanelEnv } from './panel.ts';
import { setText } from '../../../util/dom.ts';

const STORY = `<strong>Gather view.</strong> <em>The transpose of a non-padded convolution is equivalent to convolving
a zero-padded input</em>: insert <var>s</var> − 1 zeros between neighbouring input pixels, add a border of
d·(k − 1) − pad zeros (a negative border crops), rotate the kernel by 180° and slide it one pixel at a time.
Because only every s-th position holds a real input value, the kernel moves just 1/s of an input pixel per step —
hence the name <em>fractionally strided convolution</em>. Hover an output pixel to see its window.`;

export function createZeroInsertionPanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('zero-insertion', '3 · Zero insertion: a plain convolution in disguise', STORY, ['Conv']);
  const facts = el('p', { class: 'ct-facts', 'data-testid': 'zero-facts' });
  const figs = el('div', { class: 'ct-figs' });
  const readout = el('p', { class: 'ct-readout', 'aria-live': 'polite', 'data-testid': 'zero-readout' });
  body.append(facts, figs, readout);
  const paddedFig = figure(figs, 'padded', 'zero-inserted, bordered input');
  const flippedFig = figure(figs, 'flipped', 'kernel rotated 180°');
  const outFig = figure(figs, 'out', 'stride-1 convolution = output');

  return {
    id: 'zero-insertion',
    el: section,
    render({ results: r, hover }) {
      const i = r.info;
      const z = r.gather;
      const [, , hz, wz] = z.padded.shape;
      const padded = planeOf(z.padded.data, r.ic, hz, wz);
      const { offset } = kernelOffset(i, r.ic, r.oc);
      // The flipped kernel shown is the same (ic, oc) pair, rotated: read it from the transposed weight directly.
      const plane = i.kH * i.kW;
      const flipped = new Float32Array(plane);
      for (let k = 0; k < plane; k++) flipped[k] = r.weight.data[offset + plane - 1 - k];
      const out = planeOf(z.output.data, r.oc, i.outH, i.outW);

      const pHl: HeatmapHighlight[] = [];
      const kHl: HeatmapHighlight[] = [];
      const oHl: HeatmapHighlight[] = [];
      let text = 'Hover an output pixel: its value is the flipped kernel times the window under it.';
      const h = hover;
      if (h && (h.grid === 'output' || (h.grid === 'padded' && h.row < i.outH && h.col < i.outW))) {
        const win = gatherWindow(i, h.row, h.col);
        pHl.push({ ...win, style: 'primary' });
        oHl.push({ row: h.row, col: h.col });
        let real = 0;
        for (let a = 0; a < i.kH; a++) {
          for (let b = 0; b < i.kW; b++) {
            const pr = h.row + a * i.dilationH;
            const pc = h.col + b * i.dilationW;
            if (inputOfPadded(i, z.border, pr, pc)) {
              real++;
              pHl.push({ row: pr, col: pc, style: 'dot' });
              kHl.push({ row: a, col: b, style: 'dot' });
            }
          }
        }
        text = `y[${h.row}, ${h.col}] = ${fmt3(out[h.row * i.outW + h.col])}: the ${i.kH}×${i.kW} window covers ${real} real input pixel${real === 1 ? '' : 's'} and ${i.kH * i.kW - real} inserted or border zero${i.kH * i.kW - real === 1 ? '' : 's'}.`;
      } else if (h?.grid === 'input') {
        const p = paddedOf(i, z.border, h.row, h.col);
        pHl.push({ row: p.row, col: p.col });
        text = `x[${h.row}, ${h.col}] sits at row ${p.row}, column ${p.col} of the zero-inserted grid.`;
      }
      const pScale = autoScale(padded);
      renderHeatmap(paddedFig.plot, { values: padded, rows: hz, cols: wz }, {
        label: 'zero-inserted input', scale: pScale, maxWidth: 380, highlights: pHl, testId: 'zero-padded',
        faded: (row, col) => inputOfPadded(i, z.border, row, col) === null,
        activeCell: h?.grid === 'padded' ? h : null, onHover: (c) => env.setHover(c && { grid: 'padded', ...c }),
      });
      const kScale = autoScale(flipped);
      renderHeatmap(flippedFig.plot, { values: flipped, rows: i.kH, cols: i.kW }, {
        label: 'flipped kernel', scale: kScale, showValues: true, cellSize: Math.min(36, Math.floor(180 / Math.max(i.kH, i.kW))), highlights: kHl, testId: 'zero-kernel',
      });
      const oScale = autoScale(out);
      renderHeatmap(outFig.plot, { values: out, rows: i.outH, cols: i.outW }, {
        label: 'gather output', scale: oScale, maxWidth: 300, highlights: oHl, testId: 'zero-output',
        activeCell: h?.grid === 'output' ? h : null, onHover: (c) => env.setHover(c && { grid: 'output', ...c }),
      });
      setText(readout, text);
      const [bt, bl, bb, br] = z.border;
      setText(paddedFig.caption, `input with ${i.strideH - 1}×${i.strideW - 1} zeros inserted, border ${bt}/${bl}/${bb}/${br} (${hz}×${wz})`);
      renderLegend(paddedFig.legend, pScale, { title: 'value (pale = inserted zero)' });
      renderLegend(flippedFig.legend, kScale, { title: 'w rotated', width: 140 });
      renderLegend(outFig.legend, oScale, { title: 'y' });
      facts.innerHTML = '';
      facts.append(
        `zeros between pixels: s − 1 = ${i.strideH - 1} (rows), ${i.strideW - 1} (columns) · border d·(k − 1) − pad: `,
        el('span', { class: 'mono' }, `top ${bt}, left ${bl}, bottom ${bb} (+ output_padding), right ${br}`),
        ` · kernel step: 1/${i.strideH} of an input row per output row — a stride of 1/${i.strideH}`,
        i.strideH !== i.strideW ? ` (1/${i.strideW} across)` : '',
        '.',
      );
    },
  };
}
