/**
 * Panel 8 — "transpose is not inverse": conv2d then the transposed conv with the same weights gives CᵀC·u,
 * not u; the least-squares inverse (where small enough) shows what undoing the convolution would really take.
 */
import { autoScale } from '../../../views/color.ts';
import { renderHeatmap } from '../../../views/heatmap.ts';
import { renderLegend } from '../../../views/legend.ts';
import { el, figure, fmt3, panelSection, planeOf, type Panel, type PanelEnv } from './panel.ts';
import { patchChildren, setText } from '../../../util/dom.ts';

const STORY = `“Deconvolution” is an <em>ambiguous name</em> for this layer: it does not undo a
convolution. Take an image u, convolve it (y = C·u, our <code>conv2d</code>), then apply the transposed convolution
with the same weights (our <code>convTranspose2d</code>): you get C<sup>T</sup>C·u, which is not u — not even after
the best single rescaling. Undoing C takes its (pseudo-)inverse û = C<sup>T</sup>(CC<sup>T</sup>)<sup>−1</sup>·y, a
different, dense operator; with stride 1 and “same” padding C is square and û is u again, with stride s > 1 the
convolution throws information away and û is only the <em>minimum-norm</em> image consistent with y: of all the
images that convolve to y, the one with the smallest ‖û‖ — not the closest to u, which y alone cannot tell.`;

export function createNotInversePanel(env: PanelEnv): Panel {
  const { section, body } = panelSection('not-inverse', '8 · Transpose is not inverse: why “deconvolution” is a misnomer', STORY, ['Conv', 'ConvTranspose']);
  const figs = el('div', { class: 'ct-figs' });
  const facts = el('div', { class: 'ct-facts', 'data-testid': 'not-inverse-facts' });
  body.append(figs, facts);
  const uFig = figure(figs, 'u', 'u');
  const yFig = figure(figs, 'y', 'y = C·u (conv2d)');
  const backFig = figure(figs, 'back', 'CᵀC·u (conv2d, then transposed conv)');
  const lsqFig = figure(figs, 'lsq', 'û = least-squares inverse');
  let published: Record<string, unknown> = {};

  return {
    id: 'not-inverse',
    el: section,
    render({ results: r, hover }, reason) {
      const n = r.notInverse;
      const i = r.info;
      const oc = r.oc;
      const u = planeOf(n.u.data, oc, i.outH, i.outW);
      const back = planeOf(n.back.data, oc, i.outH, i.outW);
      const y = planeOf(n.y.data, r.ic, i.inH, i.inW);
      const active = hover?.grid === 'output' && hover.row < i.outH && hover.col < i.outW ? [{ row: hover.row, col: hover.col }] : [];
      const hoverOut = (c: { row: number; col: number } | null) => env.setHover(c && { grid: 'output', ...c });
      const uScale = autoScale(u);
      const opts = { maxWidth: 230, highlights: active, onHover: hoverOut };
      renderHeatmap(uFig.plot, { values: u, rows: i.outH, cols: i.outW }, { ...opts, label: 'u', scale: uScale, testId: 'ni-u' });
      renderHeatmap(yFig.plot, { values: y, rows: i.inH, cols: i.inW }, { label: 'y', scale: autoScale(y), maxWidth: 160, testId: 'ni-y' });
      renderHeatmap(backFig.plot, { values: back, rows: i.outH, cols: i.outW }, { ...opts, label: 'CᵀCu', scale: autoScale(back), testId: 'ni-back' });
      const lsq = n.lsq;
      lsqFig.fig.hidden = 'skipped' in lsq;
      if (!('skipped' in lsq)) {
        renderHeatmap(lsqFig.plot, { values: planeOf(lsq.estimate, oc, i.outH, i.outW), rows: i.outH, cols: i.outW }, { ...opts, label: 'least-squares inverse', scale: uScale, testId: 'ni-lsq' });
      }
      if (reason === 'hover') return;
      setText(uFig.caption, `u (${i.outH}×${i.outW}, the input preset at the output size)`);
      renderLegend(uFig.legend, uScale, { title: 'u and û (same scale)', width: 160 });
      const pct = (v: number) => `${(v * 100).toPrecision(3)} %`;
      const rows: [string, string, string][] = [
        ['‖CᵀCu − u‖ / ‖u‖', pct(n.backError), 'ni-back-error'],
        [`after the best rescaling (×${fmt3(n.bestScale)})`, pct(n.scaledBackError), 'ni-scaled-error'],
      ];
      if ('skipped' in lsq) rows.push(['least-squares inverse', lsq.skipped, 'ni-lsq-skipped']);
      else {
        rows.push(['‖û − u‖ / ‖u‖', pct(lsq.error) + (n.square ? ' (C is square: û recovers u)' : ' (stride > 1 discards detail)'), 'ni-lsq-error']);
        rows.push(['‖C·û − y‖ / ‖y‖', lsq.residual.toExponential(1) + ' (û explains y exactly)', 'ni-lsq-residual']);
      }
      const table = el('table', { class: 'ct-facts-table' });
      for (const [k, v, id] of rows) {
        const tr = el('tr', { 'data-testid': id });
        tr.append(el('th', { scope: 'row' }, k), el('td', { class: 'mono' }, v));
        table.append(tr);
      }
      patchChildren(facts, table);
      published = {
        notInverse: {
          backError: n.backError, scaledBackError: n.scaledBackError, square: n.square,
          lsqError: 'skipped' in lsq ? null : lsq.error, lsqResidual: 'skipped' in lsq ? null : lsq.residual,
        },
      };
    },
    published: () => published,
  };
}
