/**
 * Latest-wins logic of the kernel client, driven by a fake worker whose replies the test sends by hand,
 * in any order, so every interleaving of requests and results can be staged.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../kernels/index.ts';
import { KernelClient, type WorkerLike } from './client.ts';
import type { KernelRequest, RequestMessage, ResponseMessage } from './protocol.ts';

class FakeWorker implements WorkerLike {
  readonly sent: { message: RequestMessage; transfer: Transferable[] }[] = [];
  terminated = false;
  private onMessage: ((event: MessageEvent<ResponseMessage>) => void)[] = [];
  private onError: ((event: ErrorEvent) => void)[] = [];

  postMessage(message: RequestMessage, transfer: Transferable[]): void {
    this.sent.push({ message, transfer });
  }

  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<ResponseMessage>) => void) | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.onMessage.push(listener as (event: MessageEvent<ResponseMessage>) => void);
    else this.onError.push(listener as (event: ErrorEvent) => void);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Answer the i-th sent message with a tensor holding `value`, or with an error. */
  reply(i: number, value: number | Error): void {
    const { channel, generation } = this.sent[i].message;
    const data: ResponseMessage = value instanceof Error
      ? { channel, generation, ok: false, error: value.message }
      : { channel, generation, ok: true, result: { shape: [1], data: Float32Array.of(value) }, ms: 0.5, backend: 'wasm' };
    for (const l of this.onMessage) l({ data } as MessageEvent<ResponseMessage>);
  }

  crash(message: string): void {
    for (const l of this.onError) l({ message } as ErrorEvent);
  }
}

const input: Tensor = { shape: [1, 1, 1, 1], data: Float32Array.of(1) };
const request = (scale: number) => ({ op: 'upsample2d', input, opts: { scale, mode: 'nearest' } }) satisfies KernelRequest;
const flush = () => new Promise((r) => setTimeout(r, 0));
const valueOf = (done: { result: Tensor } | null): number | null => (done ? done.result.data[0] : null);

describe('KernelClient (latest wins per channel)', () => {
  it('delivers a lone request with its generation, kernel time and backend', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const p = client.run('out', request(2));
    expect(worker.sent).toHaveLength(1);
    expect(worker.sent[0].message).toMatchObject({ channel: 'out', generation: 1, request: request(2) });
    worker.reply(0, 42);
    await expect(p).resolves.toMatchObject({ generation: 1, ms: 0.5, backend: 'wasm', result: { data: Float32Array.of(42) } });
  });

  it('keeps one request in flight per channel; a newer request replaces the waiting one, which is never sent', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const first = client.run('out', request(1));
    const second = client.run('out', request(2));
    const third = client.run('out', request(3));
    expect(worker.sent).toHaveLength(1); // only the first went out
    await expect(second).resolves.toBeNull(); // replaced while waiting
    worker.reply(0, 1);
    await expect(first).resolves.toBeNull(); // finished, but generation 3 was requested since: stale
    expect(worker.sent).toHaveLength(2);
    expect(worker.sent[1].message.generation).toBe(3);
    worker.reply(1, 3);
    expect(valueOf(await third)).toBe(3);
  });

  it('drops a stale result even when it arrives, and delivers the newest', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const results: (number | null)[] = [];
    const track = (p: Promise<{ result: Tensor } | null>) => p.then((d) => results.push(valueOf(d)));
    const a = track(client.run('out', request(1)));
    worker.reply(0, 1);
    await a;
    const b = track(client.run('out', request(2)));
    const c = track(client.run('out', request(3)));
    worker.reply(1, 2);
    await flush();
    worker.reply(2, 3);
    await Promise.all([b, c]);
    expect(results).toEqual([1, null, 3]);
    expect(client.newestGeneration('out')).toBe(3);
  });

  it('channels are independent: a request on one never supersedes another', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const left = client.run('left', request(1));
    const right = client.run('right', request(2));
    expect(worker.sent.map((s) => s.message.channel)).toEqual(['left', 'right']);
    worker.reply(1, 20);
    worker.reply(0, 10);
    expect(valueOf(await left)).toBe(10);
    expect(valueOf(await right)).toBe(20);
  });

  it('rejects with the kernel error message for the newest request, but drops errors of stale ones', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const bad = client.run('out', request(0));
    worker.reply(0, new Error('invalid scale: 0 (must be a positive finite number or a pair of them)'));
    await expect(bad).rejects.toThrow('invalid scale: 0 (must be a positive finite number or a pair of them)');
    const staleBad = client.run('out', request(0));
    const good = client.run('out', request(2));
    worker.reply(1, new Error('invalid scale: 0'));
    await expect(staleBad).resolves.toBeNull();
    worker.reply(2, 7);
    expect(valueOf(await good)).toBe(7);
  });

  it('ignores replies it did not ask for (unknown channel, old or repeated generation)', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const p = client.run('out', request(1));
    worker.sent.push({ message: { channel: 'nobody', generation: 99, request: request(1) }, transfer: [] });
    worker.reply(1, 5); // unknown channel
    worker.sent.push({ message: { channel: 'out', generation: 0, request: request(1) }, transfer: [] });
    worker.reply(2, 6); // wrong generation
    worker.reply(0, 1);
    worker.reply(0, 2); // duplicate
    expect(valueOf(await p)).toBe(1);
  });

  it('cancel(channel) makes the in-flight result stale and drops the waiting request', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const inFlight = client.run('out', request(1));
    const waiting = client.run('out', request(2));
    client.cancel('out');
    await expect(waiting).resolves.toBeNull();
    worker.reply(0, 1);
    await expect(inFlight).resolves.toBeNull();
    expect(worker.sent).toHaveLength(1);
  });

  it('passes the transfer list and the backend choice through to the worker', () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const data = new Float32Array(4);
    void client.run('out', { op: 'pixelShuffle', input: { shape: [1, 4, 1, 1], data }, upscaleFactor: 2 }, { transfer: [data.buffer], backend: 'js' });
    expect(worker.sent[0].transfer).toEqual([data.buffer]);
    expect(worker.sent[0].message.backend).toBe('js');
  });

  it('a crashed worker rejects what is outstanding and every later request', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const inFlight = client.run('out', request(1));
    const waiting = client.run('out', request(2));
    worker.crash('out of memory');
    await expect(inFlight).rejects.toThrow('out of memory');
    await expect(waiting).rejects.toThrow('out of memory');
    await expect(client.run('out', request(3))).rejects.toThrow('out of memory');
  });

  it('dispose() terminates the worker; outstanding requests resolve to null', async () => {
    const worker = new FakeWorker();
    const client = new KernelClient(worker);
    const p = client.run('out', request(1));
    client.dispose();
    expect(worker.terminated).toBe(true);
    await expect(p).resolves.toBeNull();
    await expect(client.run('out', request(1))).rejects.toThrow('kernel worker disposed');
  });
});
