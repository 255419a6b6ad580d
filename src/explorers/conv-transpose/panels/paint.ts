/**
 * Panel 2 — the scatter ("paint") view: every input pixel paints a copy of the kernel, scaled by its value, onto
 * a kernel-sized square of the output; overlapping paint adds up. Linked hover in both directions, the terms of
 * any output pixel, kernel editing, and a step-through animation of the painting.
 */
import { autoScale, type ColorScale } from '../../../views/color.ts';
import { renderHeatmap, type HeatmapHighlight } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { renderTermList } from '../../../views/term-list.ts';
import { partialOutput } from '../compute.ts';
import { attachKernelDrag, kernelOffset, renderKernelFields, setWeight } from '../kernel-editor.ts';
import { paintedCells, paintedSquare, termsFor } from '../links.ts';
import { everyNth } from '../../../util/ordinal.ts';
import { el, figure, fmt3, panelSection, planeOf, type Panel, type PanelEnv, type RenderInput } from './panel.ts';
import { setAttr, setProp, setText } from '../../../util/dom.ts';

const STORY = `<strong>Scatter view.</strong> Each input pixel <em>“paints” a square</em> in the larger output: it
stamps a copy of the kernel, multiplied by its own value, onto the output, moving <var>s</var> output pixels for
every step in the input. Where stamps overlap, the paint adds up. Hover an input pixel to see its square; hover an
output pixel to see the input·weight terms that sum to it. Drag a kernel cell up or down, or type a weight, to
edit the kernel.`;

export function createPaintPanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('paint', '2 · Paint: each input pixel stamps the kernel', STORY, ['ConvTranspose']);
  const figs = el('div', { class: 'ct-figs' });
  const anim = el('div', { class: 'ct-anim', role: 'group', 'aria-label': 'step-through animation' });
  const play = el('button', { type: 'button', 'data-testid': 'anim-play', 'aria-pressed': 'false' }, 'Play');
  const step = el('button', { type: 'button', 'data-testid': 'anim-step' }, 'Step');
  const reset = el('button', { type: 'button', 'data-testid': 'anim-reset' }, 'Show all');
  const speedLabel = el('label', { class: 'ct-inline' }, 'speed ');
  const speed = el('input', { type: 'range', min: '0.5', max: '20', step: '0.5', 'data-testid': 'anim-speed', 'aria-label': 'animation speed, steps per second' });
  const speedOut = el('output', { class: 'mono' });
  speedLabel.append(speed, speedOut);
  const status = el('span', { class: 'ct-anim-status mono', 'data-testid': 'anim-status', 'aria-live': 'polite' });
  anim.append(play, step, reset, speedLabel, status);
  const readout = el('p', { class: 'ct-readout', 'data-testid': 'paint-readout', 'aria-live': 'polite' });
  const terms = el('div', { class: 'ct-terms' });
  body.append(anim, figs, readout, terms);

  const inputFig = figure(figs, 'input', 'input x');
  const kernelFig = figure(figs, 'kernel', 'kernel w (drag a cell, or type)');
  const fields = el('div', { class: 'ct-kernel-fields', 'data-testid': 'kernel-fields' });
  kernelFig.fig.append(fields);
  const outputFig = figure(figs, 'output', 'output y');

  let last: RenderInput | null = null;
  let animStep: number | null = null; // null: the full output
  let timer: number | null = null;

  const detachDrag = attachKernelDrag(kernelFig.plot, () => {
    if (!last) return null;
    return { results: last.results, store: env.store, offset: kernelOffset(last.results.info, last.results.ic, last.results.oc).offset };
  });

  const stop = () => {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
    setText(play, 'Play'); // runs with every new layer: written only when it changes
    setAttr(play, 'aria-pressed', 'false');
  };
  const total = () => (last ? last.results.info.inH * last.results.info.inW : 0);
  const advance = () => {
    if (!last) return;
    const next = (animStep ?? 0) + 1;
    if (next >= total()) {
      animStep = null;
      stop();
    } else animStep = next;
    draw('data');
  };
  const start = () => {
    if (!last) return;
    if (animStep === null) animStep = 0;
    // Reduced motion: the user asked for it, so it runs, but no faster than one step a second.
    const rate = env.reducedMotion ? Math.min(1, last.state.speed) : last.state.speed;
    timer = window.setInterval(advance, 1000 / rate);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    draw('data');
  };
  play.addEventListener('click', () => (timer === null ? start() : stop()));
  step.addEventListener('click', () => {
    stop();
    if (animStep === null) {
      // The first step shows the first input pixel painting its square onto an otherwise empty output.
      animStep = 0;
      draw('data');
    } else advance();
  });
  reset.addEventListener('click', () => {
    stop();
    animStep = null;
    draw('data');
  });
  speed.addEventListener('input', () => env.store.update({ speed: speed.valueAsNumber }, 'replace'));
  speed.addEventListener('change', () => env.store.update({ speed: speed.valueAsNumber }, 'push'));

  let outScale: ColorScale | null = null;

  function draw(reason: 'data' | 'hover'): void {
    if (!last) return;
    const { state, results: r, hover } = last;
    const i = r.info;
    const { offset, ic: kIc } = kernelOffset(i, r.ic, r.oc);
    const x = planeOf(r.input.data, r.ic, i.inH, i.inW);
    const kernel = r.weight.data.subarray(offset, offset + i.kH * i.kW);
    const fullOut = planeOf(r.output.data, r.oc, i.outH, i.outW);
    if (reason === 'data' || !outScale) outScale = autoScale(fullOut);
    const shownOut = animStep === null ? fullOut : planeOf(partialOutput(r, animStep + 1).data, r.oc, i.outH, i.outW);

    const inHl: HeatmapHighlight[] = [];
    const kHl: HeatmapHighlight[] = [];
    const outHl: HeatmapHighlight[] = [];
    let text = 'Hover (or focus and use the arrow keys on) any grid to link the views.';
    let termData = null;
    const painter = animStep !== null ? { row: Math.floor(animStep / i.inW), col: animStep % i.inW } : hover?.grid === 'input' ? hover : null;
    if (painter) {
      inHl.push({ row: painter.row, col: painter.col });
      const sq = paintedSquare(i, painter.row, painter.col);
      outHl.push({ ...sq, style: 'primary' });
      if (i.dilationH > 1 || i.dilationW > 1) for (const c of paintedCells(i, painter.row, painter.col)) outHl.push({ row: c.row, col: c.col, style: 'dot' });
      kHl.push({ row: 0, col: 0, rows: i.kH, cols: i.kW, style: 'secondary' });
      const v = x[painter.row * i.inW + painter.col];
      text = `x[${painter.row}, ${painter.col}] = ${fmt3(v)} paints ${fmt3(v)} × kernel onto output rows ${sq.row}…${sq.row + sq.rows - 1}, ` +
        `columns ${sq.col}…${sq.col + sq.cols - 1}` + (sq.row < 0 || sq.col < 0 || sq.row + sq.rows > i.outH || sq.col + sq.cols > i.outW ? ' (partly cropped by padding)' : '') + '.';
    } else if (hover?.grid === 'output' || hover?.grid === 'padded') {
      const oh = hover.row;
      const ow = hover.col;
      if (oh < i.outH && ow < i.outW) {
        outHl.push({ row: oh, col: ow });
        const all = termsFor(i, r.input.data, r.weight.data, r.oc, oh, ow);
        for (const t of all) {
          if (t.ic === r.ic) inHl.push({ row: t.ih, col: t.iw, style: 'dot' });
          if (t.ic === kIc) kHl.push({ row: t.kh, col: t.kw, style: 'dot' });
        }
        const value = fullOut[oh * i.outW + ow];
        termData = {
          target: `y[${oh}, ${ow}]`,
          terms: all.map((t) => ({ label: `${fmt3(t.x)}·${fmt3(t.w)}`, value: t.x * t.w, detail: `x[${t.ic}, ${t.ih}, ${t.iw}] · w[${t.ic}, ${r.oc % i.outPerGroup}, ${t.kh}, ${t.kw}]` })),
          bias: r.bias ? r.bias[r.oc] : null,
          total: value,
        };
        text = `y[${oh}, ${ow}] is a sum of ${all.length} input·weight term${all.length === 1 ? '' : 's'} (phase ${oh % i.strideH}, ${ow % i.strideW}).`;
      }
    } else if (hover?.grid === 'kernel') {
      kHl.push({ row: hover.row, col: hover.col });
      let n = 0;
      for (let ih = 0; ih < i.inH; ih++) {
        for (let iw = 0; iw < i.inW; iw++) {
          const oh = ih * i.strideH - i.padTop + hover.row * i.dilationH;
          const ow = iw * i.strideW - i.padLeft + hover.col * i.dilationW;
          if (oh >= 0 && oh < i.outH && ow >= 0 && ow < i.outW) {
            outHl.push({ row: oh, col: ow, style: 'dot' });
            n++;
          }
        }
      }
      text = `Tap w[${hover.row}, ${hover.col}] lands on ${n} output pixels, ${everyNth(i.strideH, 'row')} and ${everyNth(i.strideW, 'column')}.`;
    }

    const inScale = autoScale(x);
    renderHeatmap(inputFig.plot, { values: x, rows: i.inH, cols: i.inW }, {
      label: `input channel ${r.ic}`, scale: inScale, showValues: true, maxWidth: 260, highlights: inHl, testId: 'paint-input',
      activeCell: hover?.grid === 'input' ? hover : null, onHover: (c) => env.setHover(c && { grid: 'input', ...c }),
    });
    const kScale = autoScale(kernel);
    renderHeatmap(kernelFig.plot, { values: kernel, rows: i.kH, cols: i.kW }, {
      label: `kernel w[${kIc}, ${r.oc % i.outPerGroup}]`, scale: kScale, showValues: true, cellSize: Math.min(40, Math.floor(200 / Math.max(i.kH, i.kW))),
      highlights: kHl, testId: 'paint-kernel', activeCell: hover?.grid === 'kernel' ? hover : null,
      onHover: (c) => env.setHover(c && { grid: 'kernel', ...c }),
    });
    renderHeatmap(outputFig.plot, { values: shownOut, rows: i.outH, cols: i.outW }, {
      label: `output channel ${r.oc}`, scale: outScale, showValues: true, maxWidth: 380, highlights: outHl, testId: 'paint-output',
      activeCell: hover?.grid === 'output' ? hover : null, onHover: (c) => env.setHover(c && { grid: 'output', ...c }),
    });
    if (reason === 'data') {
      setText(inputFig.caption, `input x, channel ${r.ic} (${i.inH}×${i.inW})`);
      setText(outputFig.caption, `output y, channel ${r.oc} (${i.outH}×${i.outW})${animStep === null ? '' : ' — painting…'}`);
      renderLegend(inputFig.legend, inScale, { title: 'x' });
      renderLegend(kernelFig.legend, kScale, { title: 'w', width: 150 });
      renderLegend(outputFig.legend, outScale, { title: 'y' });
      renderKernelFields(fields, r, offset, (index, value) => last && setWeight(env.store, last.results, index, value, 'push'));
      setProp(speed, 'value', String(state.speed));
      setText(speedOut, ` ${state.speed}/s`);
    }
    setText(status, animStep === null ? `all ${total()} input pixels painted` : `pixel ${animStep + 1} / ${total()}`);
    setText(readout, text);
    renderTermList(terms, termData, { empty: 'Hover an output pixel to list the products that sum to it.', testId: 'paint-terms' });
  }

  return {
    id: 'paint',
    el: section,
    render(input, reason) {
      const shapeChanged = last && (last.results.info.inH !== input.results.info.inH || last.results.info.inW !== input.results.info.inW);
      last = input;
      if (shapeChanged) {
        stop();
        animStep = null;
      }
      draw(reason);
    },
    published: () => ({ animStep }),
    dispose() {
      stop();
      detachDrag();
    },
  };
}
