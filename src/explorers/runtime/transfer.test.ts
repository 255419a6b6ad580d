/** handOver: large arrays move instead of being cloned, and nothing the worker keeps is emptied. */
import { describe, expect, it } from 'vitest';
import { handOver, resultOnly, TRANSFER_MIN_BYTES } from './transfer.ts';

const LARGE = TRANSFER_MIN_BYTES / 4; // floats
const ramp = (n: number, from = 0) => Float32Array.from({ length: n }, (_, i) => from + i);
/** A worker's postMessage with a transfer list, as the page receives it. */
const send = <T>(h: { value: T; transfer: ArrayBuffer[] }): T => structuredClone(h.value, { transfer: h.transfer });
const detached = (a: ArrayBufferView) => a.buffer.byteLength === 0;

describe('handOver', () => {
  it('moves a result-only array without copying it, and it arrives intact', () => {
    const out = resultOnly(ramp(LARGE, 5));
    const h = handOver({ output: { shape: [1, LARGE], data: out } });
    expect(h.transfer).toEqual([out.buffer]);
    expect(h.value.output.data).toBe(out);
    const received = send(h);
    expect(received.output.data).toEqual(ramp(LARGE, 5));
    expect(detached(out)).toBe(true); // gone from the worker: it was the result's alone
  });

  it('copies a large array the worker keeps (a memo), transfers the copy, and leaves the original whole', () => {
    const cached = ramp(LARGE, 1);
    const result = { batch: { x: { shape: [LARGE], data: cached } }, n: 3 };
    const h = handOver(result);
    expect(h.value.batch.x.data).not.toBe(cached);
    expect(h.transfer).toEqual([h.value.batch.x.data.buffer]);
    const received = send(h);
    expect(received).toEqual({ batch: { x: { shape: [LARGE], data: ramp(LARGE, 1) } }, n: 3 });
    expect(detached(cached)).toBe(false);
    expect(cached).toEqual(ramp(LARGE, 1));
  });

  it('does not modify the value it is given: objects on the way to a copy are rebuilt, others kept', () => {
    const cached = ramp(LARGE);
    const untouched = { small: new Float32Array([1, 2, 3]), label: 'γ' };
    const result = { a: { t: { data: cached } }, b: untouched, list: [untouched, { data: cached }] };
    const h = handOver(result);
    expect(result.a.t.data).toBe(cached);
    expect(result.list[1]).toEqual({ data: cached });
    expect(h.value.a).not.toBe(result.a);
    expect(h.value.b).toBe(untouched);
    expect(h.value.list).not.toBe(result.list);
    expect(h.value.list[0]).toBe(untouched);
  });

  it('keeps shared parts shared: one array or object in two places is copied once and arrives as one', () => {
    const rgb = { shape: [LARGE], data: ramp(LARGE) };
    const h = handOver({ batch: { rgb }, folding: { rgb } });
    expect(h.transfer).toHaveLength(1);
    expect(h.value.folding.rgb).toBe(h.value.batch.rgb);
    const received = send(h);
    expect(received.folding.rgb).toBe(received.batch.rgb);
    expect(received.batch.rgb.data).toEqual(ramp(LARGE));
  });

  it('never transfers a buffer a view shares with other data, even when it is marked', () => {
    const pool = resultOnly(ramp(3 * LARGE));
    const crop = pool.subarray(LARGE, 2 * LARGE);
    const h = handOver({ crop });
    expect(h.transfer).not.toContain(pool.buffer);
    expect(send(h).crop).toEqual(ramp(LARGE, LARGE));
    expect(detached(pool)).toBe(false);
  });

  it('leaves small arrays to the clone, marked or not (per-channel vectors, trace entries)', () => {
    const means = resultOnly(new Float32Array([1, 2, 3, 4]));
    const trace = Array.from({ length: 100 }, (_, i) => new Float32Array([i, i + 1]));
    const h = handOver({ means, trace });
    expect(h.transfer).toEqual([]);
    expect(h.value.means).toBe(means);
    expect(h.value.trace).toBe(trace);
    expect(send(h).trace[99]).toEqual(new Float32Array([99, 100]));
  });

  it('handles every typed-array type and leaves primitives, null and non-plain leaves as they are', () => {
    const f64 = new Float64Array(LARGE);
    const i32 = resultOnly(new Int32Array(LARGE).fill(-7));
    const h = handOver({ f64, i32, s: 'x', n: null, d: 1.5, when: new Date(0) });
    expect(h.transfer).toHaveLength(2);
    const received = send(h);
    expect(received.i32[LARGE - 1]).toBe(-7);
    expect(received.f64).toHaveLength(LARGE);
    expect(received.when).toEqual(new Date(0));
    expect(detached(f64)).toBe(false);
  });
});
