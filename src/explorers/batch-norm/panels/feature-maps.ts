import { divergingScale, type ColorScale } from '../../../views/color.ts';
import { robustMaxAbs as maxAbs } from '../stats.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import type { Tensor } from '../../../kernels/index.ts';
import { CHANNEL_COLOURS, h, segmented, setAttr, setProp, setText } from '../ui.ts';
import type { Actions, Panel, ViewModel } from '../view-model.ts';
import { layerMessage, panelFrame, showStatus } from './frame.ts';

/** The RGB pixels a sample was cut from (with the conv's 1-pixel margin), so "feature map" has a picture. */
function drawCrop(canvas: HTMLCanvasElement, rgb: Tensor | null, n: number, size: number): void {
  if (!rgb) return;
  const [, , H, W] = rgb.shape;
  // The image below covers every pixel; re-setting an unchanged size would only reallocate the bitmap.
  setProp(canvas, 'width', W);
  setProp(canvas, 'height', H);
  canvas.style.width = `${size}px`;
  canvas.style.height = `${(size * H) / W}px`;
  setAttr(canvas, 'aria-label', `the photograph crop behind sample ${n}`);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(W, H);
  const plane = H * W;
  const base = n * 3 * plane;
  for (let i = 0; i < plane; i++) {
    // Shifted data can leave [0, 1]; clamp only for display.
    for (let k = 0; k < 3; k++) img.data[i * 4 + k] = Math.round(Math.min(1, Math.max(0, rgb.data[base + k * plane + i])) * 255);
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function plane(t: Tensor, n: number, c: number): Float32Array {
  const [, C, H, W] = t.shape;
  return t.data.subarray((n * C + c) * H * W, (n * C + c + 1) * H * W);
}


export function createFeatureMapsPanel(actions: Actions): Panel {
  const frame = panelFrame('feature-maps', '2 · Feature maps before and after', [
    'One sample of the batch, every channel, before and after BatchNorm (y = γ·x̂ + β). With one shared colour scale ',
    'you see the channels arrive on very different scales and leave on a common one; per-map scales show that the ',
    'pattern inside each map is untouched — BN is an affine change per channel, not a filter. Blue is negative, red positive, white 0.',
  ]);
  const sampleLabel = h('label', { for: 'bn-sample' }, 'sample');
  const sampleInput = h('input', { id: 'bn-sample', type: 'number', min: 0, max: 31, step: 1, 'data-testid': 'sample-number', class: 'num' });
  const prev = h('button', { type: 'button', 'aria-label': 'previous sample', 'data-testid': 'sample-prev' }, '‹');
  const next = h('button', { type: 'button', 'aria-label': 'next sample', 'data-testid': 'sample-next' }, '›');
  let current = { sample: 0, n: 1 };
  prev.addEventListener('click', () => actions.update({ sample: Math.max(0, current.sample - 1) }));
  next.addEventListener('click', () => actions.update({ sample: Math.min(current.n - 1, current.sample + 1) }));
  sampleInput.addEventListener('change', () => {
    const v = Number(sampleInput.value);
    if (Number.isInteger(v) && v >= 0 && v < current.n) actions.update({ sample: v });
    else sampleInput.value = String(current.sample);
  });
  const colour = segmented({
    label: 'colour scale', testId: 'colour-scale',
    options: [{ value: 'shared', text: 'shared scale' }, { value: 'per-map', text: 'per-map scales' }],
    onSelect: (v) => actions.update({ colour: v }),
  });
  const origin = h('span', { class: 'muted', 'data-testid': 'sample-origin' });
  const toolbar = h('div', { class: 'toolbar' }, sampleLabel, prev, sampleInput, next, colour.el, origin);
  const crop = h('canvas', { class: 'fm-crop', 'data-testid': 'sample-crop', role: 'img' });
  const cropFigure = h('figure', { class: 'fm-source' }, h('figcaption', { class: 'small' }, 'source pixels'), crop);
  const grid = h('div', { class: 'fm-grid', role: 'group', 'aria-label': 'feature maps of one sample, before and after' });
  const legend = h('div', { class: 'fm-legend' });
  frame.body.append(toolbar, h('div', { class: 'fm-layout' }, cropFigure, grid), legend);
  const columns: { name: HTMLButtonElement; before: HTMLElement; after: HTMLElement; legBefore: HTMLElement; legAfter: HTMLElement }[] = [];
  const stageLabels = [h('span', { class: 'fm-stage' }, 'before (x)'), h('span', { class: 'fm-stage' }, 'after (y = γ·x̂ + β)')];
  stageLabels.forEach((l, i) => {
    l.style.gridColumn = '1';
    l.style.gridRow = String(i + 2);
  });
  grid.append(stageLabels[0], stageLabels[1]);

  return {
    id: 'feature-maps',
    el: frame.el,
    render(vm: ViewModel) {
      const { state, results: r } = vm;
      const layer = state.mode === 'train' ? r.train : r.eval;
      showStatus(frame, r.dataError ?? layerMessage(layer?.error, state.mode, layer?.errorParam));
      if (!r.batch) return;
      const x = r.batch.x;
      const y = layer?.output ?? null;
      const n = Math.min(state.sample, x.shape[0] - 1);
      current = { sample: n, n: x.shape[0] };
      setProp(sampleInput, 'max', String(x.shape[0] - 1));
      if (document.activeElement !== sampleInput) sampleInput.value = String(n);
      setProp(prev, 'disabled', n === 0);
      setProp(next, 'disabled', n === x.shape[0] - 1);
      colour.set(state.colour);
      setText(origin, r.batch.origin[n] ? `crop of ${r.batch.origin[n]}` : `synthetic sample ${n}`);
      // Colour half-widths ignore a few extreme pixels (|μ| + 3.5σ at most): values beyond saturate.
      const [, C, H, W] = x.shape;
      const before = r.names.map((_, c) => plane(x, n, c));
      const after = r.names.map((_, c) => (y ? plane(y, n, c) : null));
      const shared = divergingScale(Math.max(...before.map(maxAbs), ...after.map((a) => (a ? maxAbs(a) : 0))));
      const scaleFor = (a: Float32Array): ColorScale => (state.colour === 'shared' ? shared : divergingScale(maxAbs(a)));
      while (columns.length < C) {
        const c = columns.length;
        const name = h('button', { type: 'button', class: 'channel-name', 'data-testid': `fm-channel-${c}` });
        name.addEventListener('click', () => actions.selectChannel(c));
        const col = { name, before: h('div', { class: 'fm-cell' }), after: h('div', { class: 'fm-cell' }), legBefore: h('div'), legAfter: h('div') };
        // Grid rows: channel names, then "before" maps, then "after" maps; one column per channel.
        grid.style.setProperty('--channels', String(c + 1));
        name.style.gridRow = '1';
        const before = h('div', { class: 'fm-slot' }, col.before, col.legBefore);
        const after = h('div', { class: 'fm-slot' }, col.after, col.legAfter);
        name.style.gridColumn = before.style.gridColumn = after.style.gridColumn = String(c + 2);
        before.style.gridRow = '2';
        after.style.gridRow = '3';
        grid.append(name, before, after);
        columns.push(col);
      }
      const size = Math.max(96, Math.min(150, 6 * W));
      r.names.forEach((nm, c) => {
        const col = columns[c];
        setText(col.name, nm);
        setAttr(col.name, 'aria-pressed', String(c === state.channel));
        col.name.style.setProperty('--swatch', CHANNEL_COLOURS[c]);
        const common = { maxWidth: size, cellBorders: false, onClick: () => actions.selectChannel(c) };
        const mark = c === state.channel ? [{ row: 0, col: 0, rows: H, cols: W }] : [];
        renderHeatmap(col.before, { values: before[c], rows: H, cols: W }, {
          ...common, label: `${nm}, sample ${n}, before BatchNorm`, scale: scaleFor(before[c]), testId: `fm-before-${c}`, highlights: mark,
        });
        const a = after[c];
        if (a) {
          renderHeatmap(col.after, { values: a, rows: H, cols: W }, {
            ...common, label: `${nm}, sample ${n}, after BatchNorm`, scale: scaleFor(a), testId: `fm-after-${c}`, highlights: mark,
          });
        } else {
          col.after.replaceChildren(h('p', { class: 'muted small' }, 'no output'));
        }
        if (state.colour === 'per-map') {
          renderLegend(col.legBefore, scaleFor(before[c]), { title: '', width: size });
          if (a) renderLegend(col.legAfter, scaleFor(a), { title: '', width: size });
        } else {
          col.legBefore.replaceChildren();
          col.legAfter.replaceChildren();
        }
      });
      drawCrop(crop, r.batch.rgb, n, size);
      cropFigure.hidden = !r.batch.rgb;
      if (state.colour === 'shared') renderLegend(legend, shared, { title: 'one colour scale for every map, before and after', width: 320, testId: 'fm-legend' });
      else legend.replaceChildren();
    },
  };
}
