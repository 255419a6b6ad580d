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
 * The channel/generation bookkeeping is the generic `LatestWinsClient` (latest-wins.ts), shared with the
 * explorer runner.
 */
import type { KernelBackend } from '../kernels/index.ts';
import { LatestWinsClient, type PortLike } from './latest-wins.ts';
import type { KernelRequest, KernelResult, RequestMessage, ResponseMessage } from './protocol.ts';

/** The part of `Worker` the kernel client uses (a fake in tests). */
export type WorkerLike = PortLike<RequestMessage, ResponseMessage>;

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

export class KernelClient {
  private readonly requests: LatestWinsClient<RequestMessage, ResponseMessage>;

  constructor(worker: WorkerLike) {
    this.requests = new LatestWinsClient(worker, 'kernel worker');
  }

  /** Run `request` on `channel`; resolves to null if a newer request on the channel made it obsolete. */
  async run<R extends KernelRequest>(channel: string, request: R, options: RunOptions = {}): Promise<Completed<KernelResult<R>> | null> {
    const reply = await this.requests.send(channel, (generation) => {
      const message: RequestMessage = { channel, generation, request };
      if (options.backend) message.backend = options.backend;
      return message;
    }, options.transfer);
    if (reply === null) return null;
    if (!reply.ok) throw new Error(reply.error);
    return { result: reply.result as KernelResult<R>, generation: reply.generation, ms: reply.ms, backend: reply.backend };
  }

  /** Make everything outstanding on `channel` obsolete (e.g. its view was closed). */
  cancel(channel: string): void {
    this.requests.cancel(channel);
  }

  /** The newest generation requested on `channel` (0 if none). */
  newestGeneration(channel: string): number {
    return this.requests.newestGeneration(channel);
  }

  /** Stop the worker; outstanding requests resolve to null. */
  dispose(): void {
    this.requests.dispose();
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
