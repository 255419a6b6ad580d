/**
 * Sending a result again without sending what did not change. The explorers' compute functions memoise their
 * expensive parts (the checkerboard shoot-out, batch statistics, running-statistics traces …) and hand back the
 * very same objects while their inputs stay the same. `pack` replaces every sub-object that is *identical* (===)
 * to the one at the same place in the previous result with a path; `unpack`, on the other side, puts the
 * previous result's object back there. So
 *
 * - structured clone copies only what is new (a stride change clones the shoot-out once; moving another slider
 *   does not clone it again), and
 * - the receiver sees the same identity the sender did: a panel that skips its redraw when `results.covariance`
 *   is the object it drew last time still can, as it did when compute ran on the main thread.
 *
 * Both sides must walk the same sequence of results: the sender packs against the last result it sent on a
 * channel, the receiver unpacks against the last one it received there (delivered or stale), and both forget
 * the baseline after an error. Only plain objects and arrays are walked; typed arrays and everything else are
 * leaves (reused when identical, else copied whole).
 */

/** A path of property names and array indices from the result's root. */
export type Path = (string | number)[];

export interface Packed {
  /** The result with reused sub-objects left out (null in their place). */
  value: unknown;
  /** Where to put the previous result's objects back; `[]` means the whole result is the previous one. */
  reused: Path[];
}

/** A plain object (`{}` or `Object.create(null)`), the only objects besides arrays that results are walked into. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Pack `next` against `previous` (the last result sent on this channel, or null). */
export function pack(next: unknown, previous: unknown): Packed {
  const reused: Path[] = [];
  const walk = (n: unknown, p: unknown, path: Path): unknown => {
    if (typeof n === 'object' && n !== null && n === p) {
      reused.push(path);
      return null;
    }
    if (Array.isArray(n) && Array.isArray(p)) return n.map((v, i) => walk(v, p[i], [...path, i]));
    if (isPlainObject(n) && isPlainObject(p)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(n)) out[key] = walk(n[key], p[key], [...path, key]);
      return out;
    }
    return n;
  };
  return { value: walk(next, previous, []), reused };
}

function at(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) v = (v as Record<string | number, unknown> | null)?.[key];
  return v;
}

/**
 * Rebuild a packed result against `previous` (the last result received on this channel). `value` is modified
 * in place (it is the receiver's own fresh copy). Throws if a path does not lead anywhere in either tree: the two
 * sides then disagree about the baseline, and guessing would show wrong numbers.
 */
export function unpack<T>(packed: Packed, previous: T | null): T {
  let root = packed.value;
  for (const path of packed.reused) {
    const old = at(previous, path);
    if (old === undefined) throw new Error(`reused result part ${JSON.stringify(path)} is missing on the receiving side`);
    if (path.length === 0) {
      root = old;
      continue;
    }
    const parent = at(root, path.slice(0, -1));
    if (typeof parent !== 'object' || parent === null) throw new Error(`reused result part ${JSON.stringify(path)} has no parent`);
    (parent as Record<string | number, unknown>)[path[path.length - 1]] = old;
  }
  // The protocol's contract: the sender packed a T, so what comes back together is a T.
  return root as T;
}
