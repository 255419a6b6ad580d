/**
 * Panel 4 — the matrix view: the ordinary convolution as a matrix C (one row per input pixel of the transposed
 * conv, one column per output pixel) and the transposed convolution as y = Cᵀ·vec(x) + b. C is built by index
 * arithmetic only; the three ways (scatter kernel, gather kernel, matrix) are compared number by number.
 */
import { autoScale, divergingScale } from '../../../views/color.ts';
import { renderHeatmap, type HeatmapHighlight } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { toDense } from '../../../analysis/conv-matrix.ts';
import { el, fmt3, panelSection, type Panel, type PanelEnv } from './panel.ts';
import { patchChildren, setText } from '../../../util/dom.ts';

const STORY = `<strong>Matrix view.</strong> An ordinary convolution is a matrix <var>C</var>: each row holds the
kernel's weights at the positions one output pixel reads. The transposed convolution multiplies by
<var>C</var><sup>T</sup> — that is where the name comes from — so each input pixel's column of
<var>C</var><sup>T</sup> is exactly the square it paints. Below, the output computed three independent ways:
scatter (our <code>convTranspose2d</code>), gather (zero insertion + our <code>conv2d</code>) and
<var>C</var><sup>T</sup>·vec(x) with C built by index arithmetic alone.`;

/** Draw matrices up to this many cells (the comparison uses C at any size). */
const MAX_DRAWN = 120_000;

export function createMatrixPanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('matrix', '4 · Matrix: the transpose of a convolution', STORY, ['ConvTranspose']);
  const agreement = el('div', { class: 'ct-agreement', 'data-testid': 'agreement' });
  // Layout: vec(x) as a column left of C, so row i of C (input pixel i's square) sits next to x_i; below C,
  // yᵀ = vec(x)ᵀ·C as a row: y = Cᵀ·vec(x) read sideways, every output pixel under its column.
  const grid = el('div', { class: 'ct-matrix-grid' });
  const xCell = el('div', { class: 'ct-m-x' });
  const cCell = el('div', { class: 'ct-m-c' });
  const yLabel = el('div', { class: 'ct-m-ylabel' });
  const yCell = el('div', { class: 'ct-m-y' });
  grid.append(el('div', { class: 'ct-m-corner' }), el('div', { class: 'ct-m-title' }), xCell, cCell, yLabel, yCell);
  const legend = el('div', { class: 'ct-legend' });
  const note = el('p', { class: 'ct-note', 'data-testid': 'matrix-note' });
  const readout = el('p', { class: 'ct-readout', 'aria-live': 'polite', 'data-testid': 'matrix-readout' });
  body.append(agreement, grid, legend, note, readout);

  let agreementValues: Record<string, number> = {};

  return {
    id: 'matrix',
    el: section,
    render({ results: r, hover }, reason) {
      const i = r.info;
      const m = r.matrix;
      if (reason === 'data') {
        const a = r.agreement;
        agreementValues = { ...a };
        patchChildren(agreement,
          el('span', { class: 'ct-agree-title' }, 'max |difference| between the three ways: '),
          el('span', { class: 'mono', 'data-testid': 'agree-gather' }, `scatter vs gather ${fmt3(a.gatherVsScatter)}`),
          ' · ',
          el('span', { class: 'mono', 'data-testid': 'agree-matrix' }, `scatter vs matrix ${fmt3(a.matrixVsScatter)}`),
          ' · ',
          el('span', { class: 'mono', 'data-testid': 'agree-gm' }, `gather vs matrix ${fmt3(a.gatherVsMatrix)}`),
          ' ',
          el('strong', { class: a.max < 1e-5 ? 'ok' : 'bad', 'data-testid': 'agree-max', 'data-value': String(a.max) },
            a.max < 1e-5 ? `✓ agree (max ${fmt3(a.max)})` : `✗ differ by ${fmt3(a.max)}`),
        );
      }
      const drawn = m.rows * m.cols <= MAX_DRAWN;
      grid.hidden = !drawn;
      legend.hidden = !drawn;
      setText(note, drawn
        ? `C is ${m.rows}×${m.cols}, ${m.value.length} non-zeros out of ${(m.rows * m.cols).toLocaleString('en-US')}: one row per input pixel of the ` +
          'transposed conv (= output pixel of the ordinary conv), one column per output pixel, channel-major. Cᵀ is the same picture turned on its side.'
        : `C is ${m.rows}×${m.cols}: too large to draw here (make the input or channels smaller). The comparison above still uses it.`);
      if (!drawn) return;
      // Fractional cells are fine (the canvas is scaled); the vectors are drawn a few cells thick so they stay visible.
      const cell = Math.max(1, Math.min(12, 880 / m.cols, 420 / m.rows));
      const thick = Math.max(1, Math.ceil(8 / cell));
      const xWide = new Float32Array(m.rows * thick);
      for (let k = 0; k < xWide.length; k++) xWide[k] = r.input.data[Math.floor(k / thick)];
      const yTall = new Float32Array(m.cols * thick);
      for (let k = 0; k < yTall.length; k++) yTall[k] = r.matrixOutput[k % m.cols];
      const cHl: HeatmapHighlight[] = [];
      const yHl: HeatmapHighlight[] = [];
      const xHl: HeatmapHighlight[] = [];
      let text = 'Hover a row of C (an input pixel) or a column (an output pixel), or any pixel in the other views.';
      if (hover?.grid === 'output' && hover.row < i.outH && hover.col < i.outW) {
        const col = (r.oc * i.outH + hover.row) * i.outW + hover.col;
        cHl.push({ row: 0, col, rows: m.rows });
        yHl.push({ row: 0, col, rows: thick });
        text = `Column ${col} of C = row ${col} of Cᵀ = output pixel (${r.oc}, ${hover.row}, ${hover.col}): its non-zeros pick the input pixels that reach it.`;
      } else if (hover?.grid === 'input') {
        const row = (r.ic * i.inH + hover.row) * i.inW + hover.col;
        cHl.push({ row, col: 0, cols: m.cols });
        xHl.push({ row, col: 0, cols: thick });
        text = `Row ${row} of C = column ${row} of Cᵀ = input pixel (${r.ic}, ${hover.row}, ${hover.col}): its non-zeros are the square it paints.`;
      }
      const dense = toDense(m);
      let big = 0;
      for (const v of m.value) big = Math.max(big, Math.abs(v));
      const cScale = divergingScale(big);
      
      const toPixel = (c: { row: number; col: number } | null, axis: 'row' | 'col') => {
        if (!c) return env.setHover(null);
        if (axis === 'col') {
          const oc = Math.floor(c.col / (i.outH * i.outW));
          const rest = c.col % (i.outH * i.outW);
          if (oc === r.oc) env.setHover({ grid: 'output', row: Math.floor(rest / i.outW), col: rest % i.outW });
        } else {
          const ic = Math.floor(c.row / (i.inH * i.inW));
          const rest = c.row % (i.inH * i.inW);
          if (ic === r.ic) env.setHover({ grid: 'input', row: Math.floor(rest / i.inW), col: rest % i.inW });
        }
      };
      renderHeatmap(cCell, { values: dense, rows: m.rows, cols: m.cols }, {
        label: 'convolution matrix C', scale: cScale, cellSize: cell, cellBorders: false, highlights: cHl, testId: 'matrix-c',
        onHover: (c) => toPixel(c, 'col'),
      });
      renderHeatmap(xCell, { values: xWide, rows: m.rows, cols: thick }, {
        label: 'vec(x)', scale: autoScale(r.input.data), cellSize: cell, cellBorders: false, highlights: xHl, testId: 'matrix-x',
        onHover: (c) => toPixel(c, 'row'),
      });
      renderHeatmap(yCell, { values: yTall, rows: thick, cols: m.cols }, {
        label: 'vec(y) = Cᵀ·vec(x) + b', scale: autoScale(r.matrixOutput), cellSize: cell, cellBorders: false, highlights: yHl, testId: 'matrix-y',
        onHover: (c) => toPixel(c, 'col'),
      });
      setText(grid.children[1], `C (${m.rows}×${m.cols}) — row i is where input pixel i paints`);
      setText(yLabel, r.bias ? 'yᵀ = xᵀC + b' : 'yᵀ = xᵀC');
      setText(grid.children[0], 'x');
      if (reason === 'data') renderLegend(legend, cScale, { title: 'weight in C', width: 160 });
      setText(readout, text);
    },
    published: () => ({ agreement: agreementValues }),
  };
}
