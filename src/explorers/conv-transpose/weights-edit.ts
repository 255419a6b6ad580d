/**
 * Editing the kernel keeps everything else: a cell edit turns the current weights (preset or not) into custom
 * weights, and a shape change carries custom weights over — each (in, out, row, column) that exists in both
 * shapes keeps its value, new cells are 0.
 */
export type Shape4 = readonly [number, number, number, number];

export function remapWeights(data: ArrayLike<number>, from: Shape4, to: Shape4): number[] {
  const out = new Array<number>(to[0] * to[1] * to[2] * to[3]).fill(0);
  for (let a = 0; a < Math.min(from[0], to[0]); a++) {
    for (let b = 0; b < Math.min(from[1], to[1]); b++) {
      for (let r = 0; r < Math.min(from[2], to[2]); r++) {
        for (let c = 0; c < Math.min(from[3], to[3]); c++) {
          out[((a * to[1] + b) * to[2] + r) * to[3] + c] = data[((a * from[1] + b) * from[2] + r) * from[3] + c] ?? 0;
        }
      }
    }
  }
  return out;
}

/** Round for the URL: 4 significant digits are plenty for a hand-edited weight. */
export function roundWeight(v: number): number {
  return Number(v.toPrecision(4));
}
