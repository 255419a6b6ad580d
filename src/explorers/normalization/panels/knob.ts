import { el as h, patchChildren, setAttr, setProp, setText } from '../../../util/dom.ts';
import { groupChoices } from '../schema.ts';
import type { Actions, Panel, View } from '../view.ts';
import { panelFrame, sci, table } from './frame.ts';

/**
 * "One knob from LayerNorm to InstanceNorm": GroupNorm's G over the divisors of C, with max |GN − LN| and
 * max |GN − IN| (no affine) at every G — zero (to float32 rounding) at G = 1 and G = C respectively.
 */
export function createKnobPanel(actions: Actions): Panel {
  const frame = panelFrame('knob', '3 · One knob from LayerNorm to InstanceNorm',
    'GroupNorm splits the C channels of each sample into G groups. At G = 1 the one group is the whole sample — LayerNorm ' +
    'over [C, H, W]; at G = C each group is one map — InstanceNorm. The slider takes G through the divisors of C.',
    [['group-norm', 'GroupNorm:'], ['layer-norm', 'LayerNorm:'], ['instance-norm', 'InstanceNorm:']]);
  const range = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, id: 'nm-knob-g', 'data-testid': 'knob-g', 'aria-valuetext': 'G = 1' });
  const shown = h('output', { for: 'nm-knob-g', 'data-testid': 'knob-g-value' }, 'G = 1');
  const claims = h('p', { class: 'nm-claims', 'data-testid': 'knob-claims' });
  const rows = h('div', { class: 'nm-scroll' });
  frame.body.append(h('div', { class: 'slider-row nm-knob' }, h('label', { for: 'nm-knob-g' }, 'groups G'), range, shown), claims, rows);
  let divisors: number[] = [1];
  const pick = (history: 'replace' | 'push') => actions.update({ g: divisors[Number(range.value)] ?? 1 }, history);
  range.addEventListener('input', () => pick('replace'));
  range.addEventListener('change', () => pick('push'));
  return {
    id: 'knob',
    el: frame.el,
    render(v: View, reason) {
      if (reason === 'hover') return; // the probe is drawn by the grid and the cube only
      const r = v.results;
      frame.status(r.dataError);
      divisors = groupChoices(v.state.c);
      setProp(range, 'max', String(divisors.length - 1));
      setProp(range, 'value', String(Math.max(0, divisors.indexOf(v.state.g))));
      setAttr(range, 'aria-valuetext', `G = ${v.state.g}`);
      setText(shown, `G = ${v.state.g}`);
      const k = r.knob;
      if (!k) return;
      setText(claims, `G = 1: max |GN − LN| = ${sci(k.atOne)}.  G = C = ${v.state.c}: max |GN − IN| = ${sci(k.atC)}.`);
      patchChildren(rows, table('Distance of GroupNorm to LayerNorm and InstanceNorm (max |difference| over the batch)',
        ['G', 'channels per group', 'max |GN − LN|', 'max |GN − IN|'],
        k.points.map((p) => ({ id: `knob-${p.g}`, current: p.g === v.state.g, cells: [String(p.g), String(v.state.c / p.g), sci(p.toLN), sci(p.toIN)] }))));
    },
  };
}
