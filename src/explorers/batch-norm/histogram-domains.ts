import type { BnResults } from './compute.ts';
import type { ChannelStats } from '../../analysis/moments.ts';
import type { Stage } from './view-model.ts';

/** Symmetric domains snap to these half-widths, so a γ drag changes the bars, not the axis, most of the time. */
const STEPS = [4, 6, 10, 20, 50, 100, 200, 500, 1000];

function snapSymmetric(maxAbs: number): [number, number] {
  const m = STEPS.find((s) => s >= maxAbs) ?? Math.ceil(maxAbs);
  return [-m, m];
}

/**
 * The values worth an axis: per channel min…max clipped to μ ± 4σ (edge filters have long tails that would squeeze
 * every histogram into one bar), joined over channels. Values beyond are counted and reported beside the histogram.
 */
function extentOf(s: ChannelStats | null): [number, number] {
  if (!s) return [-1, 1];
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < s.min.length; c++) {
    const a = Math.max(s.min[c], s.mean[c] - 4 * s.std[c]);
    const b = Math.min(s.max[c], s.mean[c] + 4 * s.std[c]);
    if (Number.isFinite(a)) lo = Math.min(lo, a);
    if (Number.isFinite(b)) hi = Math.max(hi, b);
  }
  return lo <= hi ? [lo, hi] : [-1, 1];
}

/** Nice bounds around [lo, hi] with a little room (input values have no natural centre). */
function niceRange(lo: number, hi: number): [number, number] {
  if (lo === hi) return [lo - 1, hi + 1];
  const span = hi - lo;
  const step = 10 ** Math.floor(Math.log10(span)) / 2;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

/** One x domain per histogram column, shared by all channels so they can be compared at a glance. */
export function histogramDomains(r: BnResults, mode: 'train' | 'eval'): Record<Stage, [number, number]> {
  const layer = mode === 'train' ? r.train : r.eval;
  const inExt = extentOf(r.inputStats);
  const xhatExt = extentOf(layer?.xhatStats ?? null);
  const outExt = extentOf(layer?.outputStats ?? null);
  return {
    input: niceRange(inExt[0], inExt[1]),
    xhat: snapSymmetric(Math.max(Math.abs(xhatExt[0]), Math.abs(xhatExt[1]))),
    output: snapSymmetric(Math.max(Math.abs(outExt[0]), Math.abs(outExt[1]))),
  };
}

/** The union of two domains (used while dragging: never shrink under the user's hand). */
export function unionDomain(a: [number, number], b: [number, number]): [number, number] {
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}
