/**
 * Figure-first embeds: the embedded page is scaled to fit its frame. The content is laid out wider than the frame
 * by 1/k and drawn at scale k, so it fills the frame's width exactly and, where it can, its height: text and figures
 * shrink together instead of the figure being cut off below the fold. Pointer coordinates stay right (every view
 * maps them through getBoundingClientRect, which includes the transform).
 */

/** Below this the text is too small to read; the frame scrolls instead. */
export const MIN_SCALE = 0.45;

/**
 * The largest scale k that fits content of `heightAt(width)` into a `frameW × frameH` frame when it is laid out at
 * `frameW / k` and drawn at k. A wider layout is never taller, so "fits" is monotone in k and a bisection finds it;
 * never above 1 (no enlarging) nor below MIN_SCALE (there the frame scrolls).
 */
export function fitScale(frameW: number, frameH: number, heightAt: (width: number) => number): number {
  const fits = (k: number) => heightAt(frameW / k) * k <= frameH + 0.5;
  if (fits(1)) return 1;
  if (!fits(MIN_SCALE)) return MIN_SCALE;
  let lo = MIN_SCALE;
  let hi = 1;
  for (let i = 0; i < 7 && hi - lo > 0.005; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Keep `content` scaled to the window while `active()`; returns a function that stops and restores it. */
export function fitToFrame(content: HTMLElement, active: () => boolean): () => void {
  let frame = 0;
  let applied = { k: 1, w: 0, h: 0 };
  const reset = () => {
    content.style.removeProperty('transform');
    content.style.removeProperty('transform-origin');
    content.style.removeProperty('width');
    document.documentElement.style.removeProperty('--embed-scale');
  };
  const measure = () => {
    frame = 0;
    if (!active()) {
      reset();
      return;
    }
    const w = window.innerWidth;
    const h = window.innerHeight;
    const k = fitScale(w, h, (width) => {
      content.style.width = `${width}px`;
      return content.scrollHeight;
    });
    content.style.width = `${w / k}px`;
    content.style.transformOrigin = '0 0';
    content.style.transform = k === 1 ? '' : `scale(${k})`;
    document.documentElement.style.setProperty('--embed-scale', String(k));
    applied = { k, w, h };
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(measure);
  };
  // Content changes (a panel drawn, an image loaded) and frame changes both refit; our own width writes change the
  // content's box too, so a refit is only scheduled when the window or the content's natural height moved.
  let lastHeight = -1;
  const ro = new ResizeObserver(() => {
    const height = content.scrollHeight;
    if (height === lastHeight && applied.w === window.innerWidth && applied.h === window.innerHeight) return;
    lastHeight = height;
    schedule();
  });
  ro.observe(content);
  window.addEventListener('resize', schedule);
  schedule();
  return () => {
    ro.disconnect();
    window.removeEventListener('resize', schedule);
    if (frame) cancelAnimationFrame(frame);
    reset();
  };
}
