/**
 * Main-thread client of the kernel worker with latest-wins semantics per *channel* (one channel per thing
 * on screen that a request fills, e.g. 'convT-output'):
 *
 * - each request gets a generation number (increasing across the client);
 * - a channel has at most one request in flight and at most one waiting; a new request replaces the waiting
 *   one, which then resolves to `null` without ever being computed (no queue of outdated work builds up);
 * - a result is delivered only if its generation is still the newest requested on its channel; otherwise it
 *   is stale and its promise resolves to `null` (errors of stale requests are dropped the same way).
 *
 * So a caller writes `const done = await client.run('out', request); if (!done) return;` and never renders
 * an outdated result. Kernel errors (params.ts validation messages) reject the promise with that message.
 */
import type { KernelBackend } from '../kernels/index.ts';
import type { KernelRequest, KernelResult, RequestMessage, ResponseMessage } from './protocol.ts';

/** The part of `Worker` the client uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: RequestMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ResponseMessage>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export interface Completed<T> {
  result: T;
  generation: number;
  /** Kernel time inside the worker (excludes messaging). */
  ms: number;
  backend: KernelBackend;
}

export interface RunOptions {
  /** Request buffers to hand over instead of copying (the caller's arrays become unusable). */
  transfer?: Transferable[];
  /** Kernel backend the worker should use for this and later requests. */
  backend?: KernelBackend;
}

interface Waiting {
  generation: number;
  message: RequestMessage;
  transfer: Transferable[];
  settle: (response: ResponseMessage | null) => void;
}

interface Channel {
  newest: number;
  inFlight: Waiting | null;
  next: Waiting | null;
}

export class KernelClient {
  private generation = 0;
  private readonly channels = new Map<string, Channel>();
  private failure: string | null = null;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (event) => this.receive(event.data));
    worker.addEventListener('error', (event) => this.fail(event.message || 'kernel worker failed'));
  }

  /** Run `request` on `channel`; resolves to null if a newer request on the channel made it obsolete. */
  run<R extends KernelRequest>(channel: string, request: R, options: RunOptions = {}): Promise<Completed<KernelResult<R>> | null> {
    if (this.failure !== null) return Promise.reject(new Error(this.failure));
    const generation = ++this.generation;
    const ch = this.channel(channel);
    ch.newest = generation;
    const message: RequestMessage = { channel, generation, request };
    if (options.backend) message.backend = options.backend;
    return new Promise<Completed<KernelResult<R>> | null>((resolve, reject) => {
      const settle = (response: ResponseMessage | null): void => {
        if (response === null) resolve(null);
        else if (response.ok) {
          resolve({ result: response.result as KernelResult<R>, generation, ms: response.ms, backend: response.backend });
        } else reject(new Error(response.error));
      };
      const waiting: Waiting = { generation, message, transfer: options.transfer ?? [], settle };
      ch.next?.settle(null); // replaced before it was sent: never computed
      ch.next = waiting;
      this.pump(ch);
    });
  }

  /** Make everything outstanding on `channel` obsolete (e.g. its view was closed). */
  cancel(channel: string): void {
    const ch = this.channels.get(channel);
    if (!ch) return;
    ch.newest = ++this.generation;
    ch.next?.settle(null);
    ch.next = null;
  }

  /** The newest generation requested on `channel` (0 if none). */
  newestGeneration(channel: string): number {
    return this.channels.get(channel)?.newest ?? 0;
  }

  /** Stop the worker; outstanding requests resolve to null. */
  dispose(): void {
    for (const ch of this.channels.values()) {
      ch.inFlight?.settle(null);
      ch.next?.settle(null);
      ch.inFlight = ch.next = null;
    }
    this.failure = 'kernel worker disposed';
    this.worker.terminate();
  }

  private channel(name: string): Channel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = { newest: 0, inFlight: null, next: null };
      this.channels.set(name, ch);
    }
    return ch;
  }

  private pump(ch: Channel): void {
    if (ch.inFlight || !ch.next) return;
    ch.inFlight = ch.next;
    ch.next = null;
    this.worker.postMessage(ch.inFlight.message, ch.inFlight.transfer);
  }

  private receive(response: ResponseMessage): void {
    const ch = this.channels.get(response.channel);
    const waiting = ch?.inFlight;
    if (!ch || !waiting || waiting.generation !== response.generation) return; // not ours (any more)
    ch.inFlight = null;
    waiting.settle(response.generation === ch.newest ? response : null);
    this.pump(ch);
  }

  private fail(message: string): void {
    this.failure = message;
    for (const ch of this.channels.values()) {
      const outstanding = [ch.inFlight, ch.next];
      ch.inFlight = ch.next = null;
      for (const w of outstanding) w?.settle({ channel: w.message.channel, generation: w.generation, ok: false, error: message });
    }
  }
}

/** Start the real worker (module worker; Vite bundles it with the wasm kernels it loads). */
export function spawnKernelWorker(): Worker {
  return new Worker(new URL('./kernel-worker.ts', import.meta.url), { type: 'module', name: 'layer-lab-kernels' });
}

/** A client on a fresh worker. */
export function createKernelClient(): KernelClient {
  return new KernelClient(spawnKernelWorker() as unknown as WorkerLike);
}
