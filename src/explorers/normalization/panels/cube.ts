import { divergingScale } from '../../../views/color.ts';
import { lazyView } from '../../../views/lazy-view.ts';
import { el as h, setText } from '../../../util/dom.ts';
import { NORM_NAMES } from '../schema.ts';
import type { Actions, Panel, View } from '../view.ts';
import { panelFrame } from './frame.ts';

/**
 * The same batch as a 3-D cube (Wu & He's Fig. 2, alive): one floor per channel holding its N maps; the maps that
 * share the probed cell's μ and σ² under the chosen norm are opaque, the rest faded. The probe is the flat grid's.
 */
export function createCubePanel(actions: Actions): Panel {
  const frame = panelFrame('cube', '1b · The same batch as a cube',
    'Each channel is one floor of N maps. Opaque: the maps that share one mean and variance with the probed cell ' +
    '(BatchNorm: a floor; LayerNorm and RMSNorm: one sample through every floor; InstanceNorm: one map; GroupNorm: ' +
    'one sample through C/G floors). Drag or use the arrow keys to orbit; click a map (or press 1–C) to probe its channel.',
    ['norm']);
  const view = h('div', { class: 'tensor-view', 'data-testid': 'cube' });
  // three.js arrives with the first drawing of this panel, not with the page.
  const tiles = lazyView(() => import('../../../views/tensor-tiles.ts'));
  const caption = h('p', { class: 'small', 'data-testid': 'cube-caption' });
  frame.body.append(view, caption);
  return {
    id: 'cube',
    el: frame.el,
    render(v: View) {
      const r = v.results;
      frame.status(r.dataError);
      if (!r.x || !r.stats) return;
      const [N, C, H, W] = r.x.shape as [number, number, number, number];
      const row = v.probe && v.probe.row < N * C ? v.probe.row : v.state.sample * C;
      const n = Math.floor(row / C);
      const c = row % C;
      const stats = r.stats;
      const group = stats.groupOfRow[row];
      let max = 0;
      for (const x of r.x.data) max = Math.max(max, Math.abs(x));
      const label = `input batch, ${NORM_NAMES[v.state.norm]} groups`;
      const values = r.x.data;
      const names = r.names;
      tiles.draw((m) => m.renderTensorTiles(view, { shape: [N, C, H, W], values }, {
        label, scale: divergingScale(max || 1), selectedChannel: c, selectedSample: n,
        shared: (nn, cc) => stats.groupOfRow[nn * C + cc] === group, width: 640, height: 340, channelNames: names,
        onSelectChannel: (ch) => actions.probe({ row: n * C + ch, col: 0 }), testId: 'cube-canvas',
      }));
      setText(caption, `${NORM_NAMES[v.state.norm]}: opaque — ${stats.describe[group]}, ${stats.count.toLocaleString('en-US')} values → one μ, one σ².`);
    },
    dispose() {
      tiles.get()?.disposeTensorTiles(view);
    },
  };
}
