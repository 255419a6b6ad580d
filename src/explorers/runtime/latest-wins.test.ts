/**
 * The generic latest-wins client (the kernel client's own tests cover the per-channel interleavings through
 * KernelClient): side messages keep their order, a request that cannot be sent fails alone, and a dead port is
 * reported as WorkerFailedError so callers can fall back.
 */
import { describe, expect, it } from 'vitest';
import { LatestWinsClient, WorkerFailedError, type PortLike } from './latest-wins.ts';

type Out = { kind: 'side'; n: number } | { kind: 'req'; channel: string; generation: number; payload: unknown };
type In = { channel: string; generation: number; value: number };

class FakePort implements PortLike<Out, In> {
  readonly sent: Out[] = [];
  private onMessage: ((event: MessageEvent<In>) => void)[] = [];
  private onError: ((event: ErrorEvent) => void)[] = [];
  postMessage(message: Out): void {
    structuredClone(message); // throws DataCloneError like a real port
    this.sent.push(message);
  }
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<In>) => void) | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.onMessage.push(listener as (event: MessageEvent<In>) => void);
    else this.onError.push(listener as (event: ErrorEvent) => void);
  }
  terminate(): void {}
  answer(i: number, value: number): void {
    const m = this.sent[i];
    if (m.kind !== 'req') throw new Error('not a request');
    for (const l of this.onMessage) l({ data: { channel: m.channel, generation: m.generation, value } } as MessageEvent<In>);
  }
  crash(): void {
    for (const l of this.onError) l({} as ErrorEvent);
  }
}

const req = (payload: unknown) => (generation: number): Out => ({ kind: 'req', channel: 'c', generation, payload });

describe('LatestWinsClient', () => {
  it('post() goes out at once, in order with requests; send() hands back the reply as it came', async () => {
    const port = new FakePort();
    const client = new LatestWinsClient(port);
    client.post({ kind: 'side', n: 1 });
    const p = client.send('c', req('a'));
    client.post({ kind: 'side', n: 2 });
    expect(port.sent.map((m) => m.kind)).toEqual(['side', 'req', 'side']);
    port.answer(1, 7);
    await expect(p).resolves.toEqual({ channel: 'c', generation: 1, value: 7 });
  });

  it('a request that cannot be cloned fails alone with the reason; the next one is sent', async () => {
    const port = new FakePort();
    const client = new LatestWinsClient(port, 'test worker');
    await expect(client.send('c', req(() => 1))).rejects.toThrow(/^could not send to the test worker: /);
    const ok = client.send('c', req('fine'));
    port.answer(0, 1);
    await expect(ok).resolves.toMatchObject({ value: 1 });
    expect(client.failed()).toBeNull();
  });

  it('a failed port rejects with WorkerFailedError (named after the worker) and stops sending', async () => {
    const port = new FakePort();
    const client = new LatestWinsClient(port, 'test worker');
    const p = client.send('c', req('a'));
    port.crash();
    const error = await p.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerFailedError);
    expect((error as Error).message).toBe('test worker failed');
    client.post({ kind: 'side', n: 3 });
    expect(port.sent).toHaveLength(1);
    await expect(client.send('c', req('b'))).rejects.toBeInstanceOf(WorkerFailedError);
  });
});
