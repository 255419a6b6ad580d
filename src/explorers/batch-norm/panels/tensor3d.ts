import { divergingScale } from '../../../views/color.ts';
import { robustMaxAbs } from '../stats.ts';
import { renderLegend } from '../../../views/legend.ts';
import { lazyView } from '../../../views/lazy-view.ts';
import { CHANNEL_COLOURS, h, segmented, setAttr, setText } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { layerMessage, panelFrame, showStatus } from './frame.ts';

export function createTensor3dPanel(actions: Actions): Panel {
  const frame = panelFrame('tensor-3d', '4 · The batch as a tensor: what “per channel” means', [
    'The whole N×C×H×W batch in 3-D: each channel is one floor holding its N maps. The boxed floor is the selected channel — ',
    'all N·H·W numbers that share one mean and one variance. BatchNorm2d averages across the batch and across space, ',
    'never across channels (the thin vertical box: one sample’s C maps, which are never averaged together). ',
    'Drag or use the arrow keys to orbit; click a floor (or press 1–4) to select its channel.',
  ]);
  const stage = segmented({
    label: 'show', testId: 'stage3d',
    options: [{ value: 'input', text: 'input x' }, { value: 'output', text: 'output y' }],
    onSelect: (v) => actions.update({ stage3d: v }),
  });
  const chips = h('div', { class: 'chips' });
  const view = h('div', { class: 'tensor-view', 'data-testid': 'tensor-3d' });
  // three.js arrives with the first drawing of this panel, not with the page.
  const tiles = lazyView(() => import('../../../views/tensor-tiles.ts'));
  const legend = h('div');
  const caption = h('p', { class: 'small muted', 'data-testid': 'tensor-caption' });
  frame.body.append(h('div', { class: 'toolbar' }, stage.el, chips), view, h('div', { class: 'legend-row' }, legend, caption));
  let lastData: unknown = null;
  let lastKey = '';

  return {
    id: 'tensor-3d',
    el: frame.el,
    render(vm: ViewModel) {
      const { state, results: r } = vm;
      const layer = state.mode === 'train' ? r.train : r.eval;
      const t = state.stage3d === 'input' ? r.batch?.x : layer?.output;
      showStatus(frame, r.dataError ?? (state.stage3d === 'output' ? layerMessage(layer?.error, state.mode, layer?.errorParam) : null));
      stage.set(state.stage3d);
      if (chips.childElementCount !== r.names.length) {
        chips.replaceChildren(...r.names.map((_, c) => {
          const b = h('button', { type: 'button', class: 'channel-chip', 'data-testid': `tensor-channel-${c}` });
          b.addEventListener('click', () => actions.selectChannel(c));
          return b;
        }));
      }
      r.names.forEach((n, c) => {
        const b = chips.children[c] as HTMLButtonElement;
        setText(b, n);
        b.style.setProperty('--swatch', CHANNEL_COLOURS[c]);
        setAttr(b, 'aria-pressed', String(c === state.channel));
      });
      if (!t) return;
      const key = `${state.channel}|${state.sample}|${state.stage3d}`;
      if (t === lastData && key === lastKey) return;
      lastData = t;
      lastKey = key;
      const scale = divergingScale(robustMaxAbs(t.data));
      const [N, C, H, W] = t.shape as [number, number, number, number];
      const label = state.stage3d === 'input' ? 'BatchNorm input batch' : 'BatchNorm output batch';
      const names = r.names;
      tiles.draw((m) => m.renderTensorTiles(view, { shape: [N, C, H, W], values: t.data }, {
        label, scale, selectedChannel: state.channel, selectedSample: Math.min(state.sample, N - 1),
        width: 700, height: 360, channelNames: names, onSelectChannel: (c) => actions.selectChannel(c), testId: 'tensor-canvas',
      }));
      renderLegend(legend, scale, { title: state.stage3d === 'input' ? 'x (all tiles)' : 'y (all tiles)', width: 220 });
      setText(caption, `${N} samples × ${C} channels × ${H}×${W}. Boxed: channel “${r.names[state.channel]}”, ` +
        `${(N * H * W).toLocaleString('en-US')} values → one μ, one σ². Vertical box: sample ${Math.min(state.sample, N - 1)} (shown in panel 2).`);
    },
    dispose() {
      tiles.get()?.disposeTensorTiles(view);
    },
  };
}
