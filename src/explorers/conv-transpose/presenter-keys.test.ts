import { describe, expect, it } from 'vitest';
import { createStore } from '../../state/store.ts';
import { defaults } from '../../state/schema.ts';
import { convTransposePresenter, keepLength, outLength } from './presenter-keys.ts';
import { convTransposeSchema } from './schema.ts';

const page = () => ({ querySelector: () => null }) as unknown as HTMLElement;
const size = (s: ReturnType<typeof defaults<typeof convTransposeSchema>>) => [
  outLength(s.inH, s.sH, s.pT + s.pB, s.dH, s.kH, s.opH), outLength(s.inW, s.sW, s.pL + s.pR, s.dW, s.kW, s.opW),
];

describe('transposed-conv presenter keys', () => {
  it('stride − then + from the defaults returns exactly to the defaults (16×16, output padding 1)', () => {
    const store = createStore(defaults(convTransposeSchema));
    const keys = convTransposePresenter(store, page());
    keys.step(-1);
    expect(store.get()).toMatchObject({ sH: 1, sW: 1, opH: 0, opW: 0 });
    keys.step(1);
    expect(store.get()).toEqual(defaults(convTransposeSchema));
    expect(size(store.get())).toEqual([16, 16]);
  });

  it('a longer walk (+ + − − − +) comes back to the layer it started from', () => {
    const store = createStore(defaults(convTransposeSchema));
    const keys = convTransposePresenter(store, page());
    for (const d of [1, 1, -1, -1, -1, 1] as const) keys.step(d);
    expect(store.get()).toEqual(defaults(convTransposeSchema));
  });

  it('with "keep the output size" on, every stride from 1 to 4 keeps 16×16 (input size and output padding adapt)', () => {
    const store = createStore(defaults(convTransposeSchema));
    const keys = convTransposePresenter(store, page());
    keys.keys![0].run('o');
    const seen: [number, number, number][] = [];
    for (const d of [-1, 1, 1, 1] as const) {
      keys.step(d);
      const s = store.get();
      expect(size(s)).toEqual([16, 16]);
      seen.push([s.sH, s.inH, s.opH]);
    }
    expect(seen).toEqual([[1, 16, 0], [2, 8, 1], [3, 6, 0], [4, 4, 3]]);
  });

  it('keepLength refuses an input size outside the page\'s limits', () => {
    expect(keepLength(16, 2, 2, 1, 3)).toEqual({ inLen: 8, outPad: 1 });
    expect(keepLength(40, 1, 2, 1, 3)).toBeNull(); // would need a 40-pixel input (at most 24)
  });

  it('the stride stays within 1–4 and says so', () => {
    const store = createStore({ ...defaults(convTransposeSchema), sH: 4, sW: 4, opH: 0, opW: 0 });
    const keys = convTransposePresenter(store, page());
    expect(keys.step(1)).toMatch(/stride stays 4/);
  });
});
