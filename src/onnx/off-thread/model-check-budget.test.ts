import { describe, expect, it, vi } from 'vitest';
import type { ModelWorkerReply, ModelWorkerRequest } from './model-check-protocol.ts';
import { createModelChecker } from './model-check-client.ts';
import type { NodeVerdict } from './node-check.ts';

/** A stand-in worker: it records what it is sent and answers as `answer` says (or never, for a node stuck in a kernel). */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  sent: ModelWorkerRequest[] = [];
  terminated = false;
  constructor(private answer: (w: FakeWorker, m: ModelWorkerRequest) => void) {
    super();
    FakeWorker.made.push(this);
  }
  postMessage(m: ModelWorkerRequest): void {
    this.sent.push(m);
    queueMicrotask(() => this.answer(this, m));
  }
  reply(data: ModelWorkerReply): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  terminate(): void {
    this.terminated = true;
  }
}

const ok = (index: number): NodeVerdict => ({ index, result: { kind: 'compared', ok: true, maxAbsDiff: 0, oursMs: 0, ortMs: 0, outputs: ['Y'] }, input: 'real', inputShape: [1, 1, 2, 2], problem: null, maps: null });

/** Node 1 never finishes (a stride of 1e11); every other job is answered at once. */
const stuckOnOne = (w: FakeWorker, m: ModelWorkerRequest) => {
  if (m.type !== 'job' || w.terminated) return;
  w.reply({ type: 'started', id: m.id });
  if (m.job.kind === 'check' && m.job.index === 1) return;
  w.reply(m.job.kind === 'check' ? { type: 'done', id: m.id, verdict: ok(m.job.index) } : { type: 'done', id: m.id, activations: { ok: true, nodes: 3 } });
};

describe('createModelChecker: the time budget', () => {
  it('a node past its budget is stopped: its worker ends, the next node runs in a fresh one that gets the model and the sample again', async () => {
    vi.useFakeTimers();
    FakeWorker.made = [];
    const checker = createModelChecker(new Uint8Array([1, 2, 3]), { budgetMs: 5000, spawn: () => new FakeWorker(stuckOnOne) as unknown as Worker });
    const feeds = { x: { shape: [1, 1, 2, 2], data: new Float32Array(4) } };
    const ran = checker.activations(feeds);
    await vi.advanceTimersByTimeAsync(0);
    expect(await ran).toEqual({ ok: true, nodes: 3 });
    const verdicts = [0, 1, 2].map((i) => checker.check(i, i + 1));
    await vi.advanceTimersByTimeAsync(4999);
    expect(FakeWorker.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const [v0, v1, v2] = await Promise.all(verdicts);
    expect(v0.result).toMatchObject({ kind: 'compared', ok: true });
    expect(v1).toMatchObject({ index: 1, stopped: 5000, result: { kind: 'unavailable', reason: 'check stopped after 5 s' } });
    expect(v2).toMatchObject({ index: 2, input: 'real', result: { kind: 'compared', ok: true } });
    const [first, fresh] = FakeWorker.made;
    expect(first.terminated).toBe(true);
    expect(fresh.terminated).toBe(false);
    // The fresh worker: the model's bytes, the sample input's run, then node 2.
    expect(fresh.sent.map((m) => (m.type === 'model' ? 'model' : m.job.kind))).toEqual(['model', 'activations', 'check']);
    checker.dispose();
    expect(fresh.terminated).toBe(true);
    vi.useRealTimers();
  });

  it('the budget runs from when the worker starts the job: loading the model and ORT does not count', async () => {
    vi.useFakeTimers();
    let start: (() => void) | null = null;
    const slowStart = (w: FakeWorker, m: ModelWorkerRequest) => {
      if (m.type !== 'job' || m.job.kind !== 'check') return;
      const { id } = m;
      // The worker is busy loading for 20 s before it starts the node; the node then takes 1 s.
      start = () => {
        w.reply({ type: 'started', id });
        setTimeout(() => w.reply({ type: 'done', id, verdict: ok(0) }), 1000);
      };
      setTimeout(() => start!(), 20_000);
    };
    const checker = createModelChecker(new Uint8Array([1]), { budgetMs: 5000, spawn: () => new FakeWorker(slowStart) as unknown as Worker });
    const v = checker.check(0, 1);
    await vi.advanceTimersByTimeAsync(21_000);
    expect(await v).toMatchObject({ index: 0, result: { kind: 'compared', ok: true } });
    checker.dispose();
    vi.useRealTimers();
  });

  it('a worker that dies on a node (out of memory): that node fails, the next runs in a fresh worker, never on the page\'s thread', async () => {
    FakeWorker.made = [];
    const diesOnOne = (w: FakeWorker, m: ModelWorkerRequest) => {
      if (m.type !== 'job' || m.job.kind !== 'check') return;
      w.reply({ type: 'started', id: m.id });
      if (m.job.index === 1) w.dispatchEvent(Object.assign(new Event('error'), { message: 'Out of memory' }));
      else w.reply({ type: 'done', id: m.id, verdict: ok(m.job.index) });
    };
    const checker = createModelChecker(new Uint8Array([1]), { spawn: () => new FakeWorker(diesOnOne) as unknown as Worker });
    const [v0, v1, v2] = await Promise.all([0, 1, 2].map((i) => checker.check(i, 1)));
    expect(v0.result.kind).toBe('compared');
    expect(v1).toMatchObject({ index: 1, result: { kind: 'error', message: 'the check worker failed on this node (Out of memory)' } });
    expect(v1.stopped).toBeUndefined();
    expect(v2.result.kind).toBe('compared');
    expect(FakeWorker.made).toHaveLength(2);
    checker.dispose();
  });
});
