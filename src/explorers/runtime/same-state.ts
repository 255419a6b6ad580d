/**
 * Whether two explorer states hold the same values (own keys; arrays element by element). A keyboard step on a
 * range slider fires `input` and then `change` in one task — the first a 'replace', the second a 'push' of the
 * very same values — and the explorers use this to send the worker one request for both, not two.
 */
export function sameState<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as (keyof T)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue(a[k], b[k]));
}

/** One state field's values the same (arrays element by element). */
export function sameValue(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return Object.is(x, y);
}
