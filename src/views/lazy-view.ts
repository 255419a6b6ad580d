/**
 * A view module loaded on first use. The 3-D views pull in three.js, the largest library the app has: a page or an
 * embed that shows no 3-D panel should not download it before its first drawing. `draw(fn)` runs now when the
 * module is there, else once it arrives — and only the latest call, since each carries the whole drawing.
 */
export interface LazyView<M> {
  /** The module, once loaded. */
  get(): M | null;
  draw(fn: (m: M) => void): void;
}

export function lazyView<M>(load: () => Promise<M>): LazyView<M> {
  let mod: M | null = null;
  let pending: ((m: M) => void) | null = null;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void load().then((m) => {
      mod = m;
      const fn = pending;
      pending = null;
      fn?.(m);
    });
  };
  return {
    get: () => mod,
    draw(fn) {
      if (mod) fn(mod);
      else {
        pending = fn;
        start();
      }
    },
  };
}
