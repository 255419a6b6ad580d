/** Panel 7 — the output (or the overlap map) as a 3-D surface; the checkerboard becomes a field of spikes. */
import { autoScale, sequentialScale } from '../../../views/color.ts';
import { lazyView } from '../../../views/lazy-view.ts';
import { webglSupport } from '../../../views/webgl.ts';
import { renderLegend } from '../../../views/legend.ts';
import type { ConvTransposeState } from '../schema.ts';
import { el, panelSection, planeOf, type Panel, type PanelEnv } from './panel.ts';

const STORY = `The same output as a landscape: height and colour are the value. With uneven phase gains a smooth
input turns into rows of ridges every s pixels — the checkerboard, in relief. Drag to orbit, scroll to zoom;
hovering the surface highlights the pixel in every other view, and hovering any 2-D view moves the marker here.`;

export function createHeightFieldPanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('height-field', '7 · Height field', STORY, []);
  const controls = el('div', { class: 'ct-inline-controls' });
  const label = el('label', {}, 'surface of ');
  const select = el('select', { 'data-testid': 'hf-source' });
  select.append(el('option', { value: 'output' }, 'the output'), el('option', { value: 'overlap' }, 'the overlap map'));
  label.append(select);
  controls.append(label);
  select.addEventListener('change', () => env.store.update({ hfSource: select.value as ConvTransposeState['hfSource'] }));
  const row = el('div', { class: 'ct-figs' });
  const host = el('div', { class: 'ct-hf', 'data-testid': 'height-field' });
  const legend = el('div', { class: 'ct-legend' });
  row.append(host, legend);
  body.append(controls, row);
  let shape = { rows: 0, cols: 0 };
  // three.js arrives with the first drawing of this panel, not with the page.
  const view = lazyView(() => import('../../../views/height-field.ts'));

  return {
    id: 'height-field',
    el: section,
    render({ state, results: r, hover }, reason) {
      const i = r.info;
      const active = hover?.grid === 'output' && hover.row < i.outH && hover.col < i.outW ? { row: hover.row, col: hover.col } : null;
      if (reason === 'hover') {
        view.get()?.setHeightFieldActiveCell(host, active);
        return;
      }
      select.value = state.hfSource;
      const values = state.hfSource === 'overlap' ? r.overlap : planeOf(r.output.data, r.oc, i.outH, i.outW);
      const scale = state.hfSource === 'overlap' ? sequentialScale(0, Math.max(1, ...r.overlap), 'cividis') : autoScale(values);
      shape = { rows: i.outH, cols: i.outW };
      const label = state.hfSource === 'overlap' ? 'overlap map' : `output channel ${r.oc}`;
      view.draw((hf) => hf.renderHeightField(host, { values, rows: i.outH, cols: i.outW }, {
        label, scale, width: 520, height: 340, activeCell: active, testId: 'height-field-canvas',
        onHover: (c) => env.setHover(c && { grid: 'output', ...c }),
      }));
      renderLegend(legend, scale, { title: state.hfSource === 'overlap' ? 'taps' : 'y' });
    },
    published: () => ({ heightField: { ...shape, webgl: webglSupport().available } }),
    dispose: () => view.get()?.disposeHeightField(host),
  };
}
