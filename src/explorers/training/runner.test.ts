import { describe, expect, it } from 'vitest';
import { DemoRunner } from './runner.ts';
import type { TrainRequest } from './protocol.ts';

function setup(stop = 12, speed = 5) {
  const sent: TrainRequest[] = [];
  const r = new DemoRunner({
    send: (q) => sent.push(q),
    resetRequest: (gen) => ({ kind: 'bn-reset', gen, setup: { depth: 1, lr: 0.1, seed: 1 } }),
    trainRequest: (gen, steps) => ({ kind: 'bn-train', gen, steps, lr: 0.1 }),
    speed: () => speed,
    stopAt: () => stop,
    changed: () => {},
  });
  return { r, sent };
}

describe('DemoRunner', () => {
  it('keeps one request in flight and stops exactly at the stop step', () => {
    const { r, sent } = setup();
    r.reset();
    r.run(); // still starting: nothing more is sent until the reset snapshot arrives
    expect(sent.map((q) => q.kind)).toEqual(['bn-reset']);
    r.received(r.gen, 0);
    expect(sent[1]).toMatchObject({ kind: 'bn-train', steps: 5 });
    r.received(r.gen, 5);
    r.received(r.gen, 10);
    expect(sent[3]).toMatchObject({ steps: 2 });
    r.received(r.gen, 12);
    expect(r.status).toBe('finished');
    expect(sent).toHaveLength(4);
  });

  it('drops replies of an older generation after a reset', () => {
    const { r, sent } = setup();
    r.reset();
    const old = r.gen;
    r.received(old, 0);
    r.stepOnce();
    r.reset();
    expect(r.received(old, 1)).toBe(false);
    expect(r.step).toBe(0);
    expect(sent.at(-1)!.kind).toBe('bn-reset');
  });

  it('pause takes effect after the chunk in flight; an error stops the run and is kept', () => {
    const { r, sent } = setup(100);
    r.reset();
    r.received(r.gen, 0);
    r.run();
    r.pause();
    r.received(r.gen, 5);
    expect(sent).toHaveLength(2);
    expect(r.status).toBe('paused');
    r.run();
    r.failed(r.gen, 'boom');
    expect(r.status).toBe('error');
    expect(r.error).toBe('boom');
    expect(r.running).toBe(false);
  });
});
