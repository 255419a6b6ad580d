/**
 * A worker stand-in for tests: serves a program with the real host (host.ts), every message copied with
 * structuredClone as postMessage does and the buffers the host transfers moved — so results, packing, identity
 * reuse and transfer behave as in the browser. `crash()` stages a worker that failed to load or crashed.
 */
import { serveExplorer } from './host.ts';
import type { ExplorerProgram, ExplorerReply, ExplorerRequest } from './protocol.ts';
import type { ExplorerPort } from './runner.ts';

type Listener<T> = (event: MessageEvent<T>) => void;

/** A worker stand-in: serves `program` with the real host, every message structured-cloned, in its own task. */
export class ClonedWorker<S, I, R> implements ExplorerPort<S> {
  readonly posted: ExplorerRequest<S>[] = [];
  private readonly toHost: Listener<ExplorerRequest<S>>[] = [];
  private readonly toPage: Listener<ExplorerReply>[] = [];
  private readonly onError: ((event: ErrorEvent) => void)[] = [];
  terminated = false;

  constructor(program: ExplorerProgram<S, I, R>) {
    serveExplorer<S, I, R>({
      addEventListener: (_t, l) => this.toHost.push(l),
      postMessage: (message, transfer) => {
        // Throws DataCloneError for functions, as postMessage would; transferred buffers leave the host empty.
        const data = structuredClone(message, { transfer });
        setTimeout(() => !this.terminated && this.toPage.forEach((l) => l({ data } as MessageEvent<ExplorerReply>)), 0);
      },
    }, program);
  }

  postMessage(message: ExplorerRequest<S>): void {
    this.posted.push(message);
    const data = structuredClone(message);
    setTimeout(() => !this.terminated && this.toHost.forEach((l) => l({ data } as MessageEvent<ExplorerRequest<S>>)), 0);
  }

  addEventListener(type: 'message' | 'error', listener: Listener<ExplorerReply> | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.toPage.push(listener as Listener<ExplorerReply>);
    else this.onError.push(listener as (event: ErrorEvent) => void);
  }

  crash(message?: string): void {
    this.onError.forEach((l) => l({ message } as ErrorEvent));
  }

  terminate(): void {
    this.terminated = true;
  }

  computes(): number {
    return this.posted.filter((m) => m.kind === 'compute').length;
  }
}
