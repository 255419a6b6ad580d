/**
 * Linked hover: one hovered pixel, in whichever grid the pointer (or keyboard) is on, and what it corresponds to
 * in every other grid. Pure index arithmetic on the validated ConvInfo, so it is testable and identical in every
 * view.
 */
import type { ConvInfo } from '../../kernels/index.ts';

export type HoverGrid = 'input' | 'output' | 'padded' | 'kernel';
export interface Hover {
  grid: HoverGrid;
  row: number;
  col: number;
}

export interface Term {
  ic: number;
  ih: number;
  iw: number;
  kh: number;
  kw: number;
  x: number;
  w: number;
}

/** The square (bounding box of the taps) that input pixel (ih, iw) paints in the output; it may be clipped. */
export function paintedSquare(info: ConvInfo, ih: number, iw: number) {
  return {
    row: ih * info.strideH - info.padTop,
    col: iw * info.strideW - info.padLeft,
    rows: info.dilationH * (info.kH - 1) + 1,
    cols: info.dilationW * (info.kW - 1) + 1,
  };
}

/** Output cells that input pixel (ih, iw) actually writes (each tap once; with dilation there are gaps). */
export function paintedCells(info: ConvInfo, ih: number, iw: number): { row: number; col: number; kh: number; kw: number }[] {
  const out = [];
  for (let kh = 0; kh < info.kH; kh++) {
    const row = ih * info.strideH - info.padTop + kh * info.dilationH;
    if (row < 0 || row >= info.outH) continue;
    for (let kw = 0; kw < info.kW; kw++) {
      const col = iw * info.strideW - info.padLeft + kw * info.dilationW;
      if (col >= 0 && col < info.outW) out.push({ row, col, kh, kw });
    }
  }
  return out;
}

/**
 * The input·weight terms that sum (with the bias) to output pixel (oh, ow) of channel oc:
 * every (ic in oc's group, kh, kw) with oh = ih·s − pad_top + kh·d for a valid ih (same for the width).
 * weight: `[Cin, Cout/groups, kH, kW]`, input `[1, Cin, H, W]`.
 */
export function termsFor(info: ConvInfo, input: Float32Array, weight: Float32Array, oc: number, oh: number, ow: number): Term[] {
  const terms: Term[] = [];
  const g = Math.floor(oc / info.outPerGroup);
  const ocg = oc % info.outPerGroup;
  for (let icg = 0; icg < info.inPerGroup; icg++) {
    const ic = g * info.inPerGroup + icg;
    for (let kh = 0; kh < info.kH; kh++) {
      const nh = oh + info.padTop - kh * info.dilationH;
      if (nh < 0 || nh % info.strideH !== 0) continue;
      const ih = nh / info.strideH;
      if (ih >= info.inH) continue;
      for (let kw = 0; kw < info.kW; kw++) {
        const nw = ow + info.padLeft - kw * info.dilationW;
        if (nw < 0 || nw % info.strideW !== 0) continue;
        const iw = nw / info.strideW;
        if (iw >= info.inW) continue;
        terms.push({
          ic, ih, iw, kh, kw,
          x: input[(ic * info.inH + ih) * info.inW + iw],
          w: weight[((ic * info.outPerGroup + ocg) * info.kH + kh) * info.kW + kw],
        });
      }
    }
  }
  return terms;
}

/** In the zero-inserted grid, output (oh, ow) is the flipped kernel's window with top-left (oh, ow). */
export function gatherWindow(info: ConvInfo, oh: number, ow: number) {
  return { row: oh, col: ow, rows: info.dilationH * (info.kH - 1) + 1, cols: info.dilationW * (info.kW - 1) + 1 };
}

/** Where input pixel (ih, iw) sits in the zero-inserted grid. */
export function paddedOf(info: ConvInfo, border: readonly number[], ih: number, iw: number) {
  return { row: ih * info.strideH + border[0], col: iw * info.strideW + border[1] };
}

/** The input pixel at zero-inserted cell (r, c), or null for an inserted or border zero. */
export function inputOfPadded(info: ConvInfo, border: readonly number[], r: number, c: number): { row: number; col: number } | null {
  const a = r - border[0];
  const b = c - border[1];
  if (a < 0 || b < 0 || a % info.strideH !== 0 || b % info.strideW !== 0) return null;
  const row = a / info.strideH;
  const col = b / info.strideW;
  return row < info.inH && col < info.inW ? { row, col } : null;
}

/**
 * Resolve any hover to the pixel it means in the input and/or output grid:
 * input → that input pixel; output → that output pixel; padded → the input pixel there (if real);
 * kernel → no pixel (views highlight the tap).
 */
export function resolveHover(info: ConvInfo, border: readonly number[], h: Hover | null): { input: { row: number; col: number } | null; output: { row: number; col: number } | null } {
  if (!h) return { input: null, output: null };
  if (h.grid === 'input') return { input: { row: h.row, col: h.col }, output: null };
  if (h.grid === 'output') return { input: null, output: { row: h.row, col: h.col } };
  if (h.grid === 'padded') {
    // Hovering the gather grid means "the output pixel whose window starts here" when it is one.
    const out = h.row < info.outH && h.col < info.outW ? { row: h.row, col: h.col } : null;
    return { input: inputOfPadded(info, border, h.row, h.col), output: out };
  }
  return { input: null, output: null };
}
