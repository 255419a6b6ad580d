/**
 * Panel 4 — the matrix view: the ordinary convolution as a matrix C (one row per input pixel of the transposed
 * conv, one column per output pixel) and the transposed convolution as y = Cᵀ·vec(x) + b. C is built by index
 * arithmetic only; the three ways (scatter kernel, gather kernel, matrix) are compared number by number.
 */
import { autoScale, divergingScale } from '../../../views/color.ts';
import { renderHeatmap, type HeatmapHighlight } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { toDenseTransposed } from '../conv-matrix.ts';
import { el, figure, fmt3, panelSection, type Panel, type PanelEnv } from './panel.ts';

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
  const figs = el('div', { class: 'ct-figs ct-matrix-figs' });
  const note = el('p', { class: 'ct-note', 'data-testid': 'matrix-note' });
  const readout = el('p', { class: 'ct-readout', 'aria-live': 'polite', 'data-testid': 'matrix-readout' });
  body.append(agreement, figs, note, readout);
  const yFig = figure(figs, 'y', 'vec(y)');
  const eq = el('div', { class: 'ct-eq', 'aria-hidden': 'true' }, '=');
  figs.append(eq);
  const ctFig = figure(figs, 'ct', 'Cᵀ');
  const dot = el('div', { class: 'ct-eq', 'aria-hidden': 'true' }, '·');
  figs.append(dot);
  const xFig = figure(figs, 'x', 'vec(x)');

  let agreementValues: Record<string, number> = {};

  return {
    id: 'matrix',
    section,
    render({ results: r, hover }, reason) {
      const i = r.info;
      const m = r.matrix;
      if (reason === 'data') {
        const a = r.agreement;
        agreementValues = { ...a };
        agreement.replaceChildren(
          el('span', { class: 'ct-agree-title' }, 'max |difference| between the three ways: '),
          el('span', { class: 'mono', 'data-testid': 'agree-gather' }, `scatter vs gather ${fmt3(a.gatherVsScatter)}`),
          ' · ',
          el('span', { class: 'mono', 'data-testid': 'agree-matrix' }, `scatter vs matrix ${fmt3(a.matrixVsScatter)}`),
          ' · ',
          el('span', { class: 'mono', 'data-testid': 'agree-gm' }, `gather vs matrix ${fmt3(a.gatherVsMatrix)}`),
          ' ',
          el('strong', { class: a.max < 1e-5 ? 'ok' : 'bad', 'data-testid': 'agree-max', 'data-value': String(a.max) }, a.max < 1e-5 ? `✓ agree (≤ ${fmt3(a.max)})` : `✗ differ by ${fmt3(a.max)}`),
        );
      }
      const drawn = m.rows * m.cols <= MAX_DRAWN;
      figs.hidden = !drawn;
      note.textContent = drawn
        ? `C is ${m.rows}×${m.cols} (${m.value.length} non-zeros of ${(m.rows * m.cols).toLocaleString('en-US')}). Rows of Cᵀ: output pixels (channel-major); columns: input pixels.`
        : `C is ${m.rows}×${m.cols}: too large to draw here (make the input or channels smaller). The comparison above still uses it.`;
      if (!drawn) return;
      // Hover: an output pixel is a row of Cᵀ, an input pixel a column.
      const ctHl: HeatmapHighlight[] = [];
      const yHl: HeatmapHighlight[] = [];
      const xHl: HeatmapHighlight[] = [];
      let text = 'Hover a row of Cᵀ (an output pixel) or a column (an input pixel).';
      if (hover?.grid === 'output' && hover.row < i.outH && hover.col < i.outW) {
        const rowIdx = (r.oc * i.outH + hover.row) * i.outW + hover.col;
        ctHl.push({ row: rowIdx, col: 0, cols: m.rows });
        yHl.push({ row: rowIdx, col: 0 });
        text = `Row ${rowIdx} of Cᵀ = output pixel (${r.oc}, ${hover.row}, ${hover.col}): its non-zeros pick the inputs that reach it.`;
      } else if (hover?.grid === 'input') {
        const colIdx = (r.ic * i.inH + hover.row) * i.inW + hover.col;
        ctHl.push({ row: 0, col: colIdx, rows: m.cols });
        xHl.push({ row: colIdx, col: 0 });
        text = `Column ${colIdx} of Cᵀ = input pixel (${r.ic}, ${hover.row}, ${hover.col}): its non-zeros are the square it paints.`;
      }
      const ct = toDenseTransposed(m);
      let big = 0;
      for (const v of m.value) big = Math.max(big, Math.abs(v));
      const cScale = divergingScale(big);
      const cell = Math.max(1, Math.min(8, Math.floor(620 / m.cols), Math.floor(640 / m.rows)));
      renderHeatmap(ctFig.plot, { values: ct, rows: m.cols, cols: m.rows }, {
        label: 'transposed convolution matrix', scale: cScale, cellSize: cell, renderer: 'canvas', highlights: ctHl, testId: 'matrix-ct',
        onHover: (c) => {
          if (!c) return env.setHover(null);
          // A cell of Cᵀ links to its output pixel (row) — the input pixel (column) is read off the axis.
          const oc = Math.floor(c.row / (i.outH * i.outW));
          const rest = c.row % (i.outH * i.outW);
          if (oc === r.oc) env.setHover({ grid: 'output', row: Math.floor(rest / i.outW), col: rest % i.outW });
        },
      });
      const xScale = autoScale(r.input.data);
      renderHeatmap(xFig.plot, { values: r.input.data, rows: m.rows, cols: 1 }, {
        label: 'vec(x)', scale: xScale, cellSize: cell, renderer: 'canvas', highlights: xHl, testId: 'matrix-x',
      });
      const yScale = autoScale(r.matrixOutput);
      renderHeatmap(yFig.plot, { values: r.matrixOutput, rows: m.cols, cols: 1 }, {
        label: 'vec(y) = Cᵀ·vec(x) + b', scale: yScale, cellSize: cell, renderer: 'canvas', highlights: yHl, testId: 'matrix-y',
      });
      ctFig.caption.textContent = `Cᵀ (${m.cols}×${m.rows})`;
      xFig.caption.textContent = r.bias ? 'vec(x)  + b' : 'vec(x)';
      if (reason === 'data') renderLegend(ctFig.legend, cScale, { title: 'weight in Cᵀ', width: 160 });
      readout.textContent = text;
    },
    published: () => ({ agreement: agreementValues }),
  };
}
