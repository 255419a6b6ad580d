/**
 * Colour scales shared by every view. Only colour-blind-safe schemes: viridis / cividis for magnitudes
 * (perceptually uniform, readable in greyscale) and ColorBrewer's RdBu for signed values, centred on zero so
 * that white always means 0 and the two hues mean the two signs.
 */
import { interpolateCividis, interpolateGreys, interpolateRdBu, interpolateViridis, rgb } from 'd3';

export type SequentialScheme = 'viridis' | 'cividis' | 'greys';

/** A value → CSS colour map plus what the legend needs to draw it. */
export interface ColorScale {
  (value: number): string;
  kind: 'sequential' | 'diverging';
  /** The values mapped to the two ends of the ramp. */
  domain: [number, number];
  /** The ramp itself, t ∈ [0, 1] → colour; legends sample it. */
  interpolator: (t: number) => string;
}

const NAN_COLOR = '#bdbdbd';

// One function per ramp for the app's lifetime, so that sampled tables can be cached by it (rampTable).
const greysBlackToWhite = (t: number) => interpolateGreys(1 - t);
const rdBuBlueToRed = (t: number) => interpolateRdBu(1 - t);

const tables = new WeakMap<(t: number) => string, Uint8Array>();

/**
 * The ramp sampled at 256 points as RGB bytes (index 3·k), for canvas and texture drawing without parsing a
 * colour per cell. Sampled once per ramp and shared, so a panel of many maps does not rebuild it per map.
 */
export function rampTable(interpolator: (t: number) => string): Uint8Array {
  let t = tables.get(interpolator);
  if (!t) {
    t = new Uint8Array(256 * 3);
    for (let i = 0; i < 256; i++) {
      const c = rgb(interpolator(i / 255));
      t[i * 3] = c.r;
      t[i * 3 + 1] = c.g;
      t[i * 3 + 2] = c.b;
    }
    tables.set(interpolator, t);
  }
  return t;
}

function clamp01(t: number): number {
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** Sequential scale for magnitudes (counts, |FFT|, pixel values). A zero-width domain maps to the middle. */
export function sequentialScale(min: number, max: number, scheme: SequentialScheme = 'viridis'): ColorScale {
  // greys runs black → white so photographs look like photographs.
  const interpolator = scheme === 'cividis' ? interpolateCividis : scheme === 'greys' ? greysBlackToWhite : interpolateViridis;
  const span = max - min;
  const f = ((v: number) => {
    if (!Number.isFinite(v)) return NAN_COLOR;
    return interpolator(span > 0 ? clamp01((v - min) / span) : 0.5);
  }) as ColorScale;
  f.kind = 'sequential';
  f.domain = [min, max];
  f.interpolator = interpolator;
  return f;
}

/** RdBu reversed so that negative is blue and positive is red; symmetric around 0 with half-width `maxAbs`. */
export function divergingScale(maxAbs: number): ColorScale {
  const m = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;
  const interpolator = rdBuBlueToRed;
  const f = ((v: number) => {
    if (!Number.isFinite(v)) return NAN_COLOR;
    return interpolator(clamp01((v + m) / (2 * m)));
  }) as ColorScale;
  f.kind = 'diverging';
  f.domain = [-m, m];
  f.interpolator = interpolator;
  return f;
}

/** Smallest and largest finite value (NaN/±Inf skipped); [0, 0] for no finite values. */
export function finiteExtent(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * The scale a heatmap of `data` should use: diverging around 0 when any value is negative (weights,
 * differences), otherwise sequential from 0 (or the minimum, when `fromZero` is false).
 */
export function autoScale(data: ArrayLike<number>, opts: { fromZero?: boolean; scheme?: SequentialScheme } = {}): ColorScale {
  const [lo, hi] = finiteExtent(data);
  if (lo < 0) return divergingScale(Math.max(-lo, hi));
  return sequentialScale(opts.fromZero === false ? lo : Math.min(0, lo), hi, opts.scheme);
}

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function textColorOn(background: string): string {
  const c = rgb(background);
  const lin = (u: number) => {
    const s = u / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  return l > 0.36 ? '#111111' : '#ffffff';
}
