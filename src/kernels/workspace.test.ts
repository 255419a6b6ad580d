import { describe, expect, it } from 'vitest';
import { activeWasm, ready } from './backend.ts';
import { conv2d } from './conv2d.ts';
import { activeWorkspace, Workspace } from './workspace.ts';

describe('Workspace', () => {
  it('hands out distinct arrays within a step and the same ones, in order, the next step', () => {
    const ws = new Workspace();
    const first = ws.run(() => [ws.take(4), ws.take(4), ws.take(8)]);
    expect(new Set(first).size).toBe(3);
    const second = ws.run(() => [ws.take(4), ws.take(4), ws.take(8)]);
    second.forEach((a, i) => expect(a).toBe(first[i]));
    expect(ws.heldFloats).toBe(16);
  });

  it('replaces a slot whose length changed, and drops slots a shorter step did not reach', () => {
    const ws = new Workspace();
    const [a, b] = ws.run(() => [ws.take(4), ws.take(6)]);
    const [c] = ws.run(() => [ws.take(5)]);
    expect(c).not.toBe(a);
    expect(c).not.toBe(b);
    expect(c.length).toBe(5);
    expect(ws.heldFloats).toBe(5);
  });

  it('is active only inside its run, also when the step throws; runs nest', () => {
    const ws = new Workspace();
    const other = new Workspace();
    expect(activeWorkspace()).toBeNull();
    expect(() => ws.run(() => {
      ws.take(3);
      throw new Error('step failed');
    })).toThrow('step failed');
    expect(activeWorkspace()).toBeNull();
    ws.run(() => {
      const a = ws.take(2);
      const b = ws.run(() => ws.take(2)); // the same step: a new slot, not `a` again
      expect(b).not.toBe(a);
      other.run(() => expect(activeWorkspace()).toBe(other));
      expect(activeWorkspace()).toBe(ws);
    });
    expect(ws.heldFloats).toBe(4);
  });

  it('gives kernel results that are fresh outside a run and reused inside one, with the same values', async () => {
    await ready();
    const x = { shape: [2, 3, 9, 7], data: Float32Array.from({ length: 378 }, (_, i) => Math.sin(i)) };
    const w = { shape: [4, 3, 3, 3], data: Float32Array.from({ length: 108 }, (_, i) => Math.cos(i)) };
    const plain = conv2d(x, w, null, { padding: 1 });
    expect(conv2d(x, w, null, { padding: 1 }).data).not.toBe(plain.data);
    const ws = new Workspace();
    const a = ws.run(() => conv2d(x, w, null, { padding: 1 }));
    const b = ws.run(() => conv2d(x, w, null, { padding: 1 }));
    expect(a.data).toEqual(plain.data);
    expect(b.data).toEqual(plain.data);
    // Reuse happens where the result comes out of WebAssembly memory; the JavaScript kernels allocate.
    if (activeWasm()) expect(b.data).toBe(a.data);
    else expect(ws.heldFloats).toBe(0);
  });
});
