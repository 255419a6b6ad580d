/**
 * A node's input and output feature maps on its card: the first channels of each (node-check.ts keeps them,
 * sampled to at most 48 × 48), one small heatmap per channel. Drawn when the user opens the card's "feature maps",
 * so thousands of cards cost nothing until looked at.
 */
import type { FeatureMaps } from '../../onnx/off-thread/node-check.ts';
import { renderHeatmap } from '../../views/heatmap.ts';

function side(title: string, maps: FeatureMaps, testId: string): HTMLElement {
  const fig = document.createElement('figure');
  fig.className = 'mp-maps-side';
  fig.dataset.testid = testId;
  const cap = document.createElement('figcaption');
  const [, c = 1, h = 1, w = 1] = maps.shape;
  const sampled = maps.channels[0]?.step > 1 ? `, every ${maps.channels[0].step}th value` : '';
  cap.textContent = `${title}: channels 0–${maps.channels.length - 1} of ${c}, ${h}×${w}${sampled}`;
  const grid = document.createElement('div');
  grid.className = 'mp-maps-grid';
  for (const ch of maps.channels) {
    const cell = document.createElement('div');
    grid.append(cell);
    renderHeatmap(cell, { values: ch.values, rows: ch.rows, cols: ch.cols }, {
      label: `${title}, channel ${ch.channel}`, maxWidth: 96, cellBorders: false, showValues: false,
    });
  }
  fig.append(cap, grid);
  return fig;
}

export function renderFeatureMaps(el: HTMLElement, maps: { input: FeatureMaps; output: FeatureMaps }): void {
  el.replaceChildren(side('input', maps.input, 'maps-input'), side('output', maps.output, 'maps-output'));
}
