/**
 * Canvas bitmaps kept across redraws (heatmaps, scatter dots): reallocated only to grow or to drop below half. A
 * canvas's new size costs a context reset and a new backing store whatever the size, and a figure that changes
 * size a little on every step would pay it each time. A bitmap larger than the drawing is
 * cleared outside it, and the canvas's CSS size follows its bitmap.
 */

/** Give `canvas` a bitmap of at least w × h; returns true if it was reallocated (and so is blank). */
export function fitBitmap(canvas: HTMLCanvasElement, w: number, h: number): boolean {
  const fits = canvas.width >= w && canvas.height >= h && canvas.width <= 2 * w && canvas.height <= 2 * h;
  if (fits) return false;
  // Either write reallocates the bitmap; writing a dimension with the value it has would do it a second time.
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

export function setCssSize(canvas: HTMLCanvasElement, width: number, height: number): void {
  const w = `${width}px`;
  const h = `${height}px`;
  if (canvas.style.width !== w) canvas.style.width = w;
  if (canvas.style.height !== h) canvas.style.height = h;
}

/** A bitmap for a `width` × `height` CSS-px drawing at device resolution `dpr`, its CSS size following the bitmap. */
export function fitDeviceBitmap(canvas: HTMLCanvasElement, width: number, height: number, dpr: number): void {
  fitBitmap(canvas, Math.ceil(width * dpr), Math.ceil(height * dpr));
  setCssSize(canvas, canvas.width / dpr, canvas.height / dpr);
}
