/**
 * A worker stand-in that runs an explorer program in this thread: the fallback when a Worker cannot be created
 * or its script does not load (an old engine, a blocked worker URL), and the way tests drive the whole
 * host ⇄ runner path in Node. Messages are delivered asynchronously, each in its own task, as a worker's would
 * be, so the runner's latest-wins logic behaves the same; nothing is copied (same thread, no transfer needed).
 */
import type { ExplorerProgram, ExplorerReply, ExplorerRequest } from './protocol.ts';
import { serveExplorer } from './host.ts';
import type { PortLike } from './latest-wins.ts';

type Listener<T> = (event: MessageEvent<T>) => void;

export function inThreadPort<S, I, R>(program: ExplorerProgram<S, I, R>): PortLike<ExplorerRequest<S>, ExplorerReply> {
  const toHost: Listener<ExplorerRequest<S>>[] = [];
  const toPage: Listener<ExplorerReply>[] = [];
  let terminated = false;
  const deliver = <T>(listeners: Listener<T>[], data: T): void => {
    setTimeout(() => {
      if (terminated) return;
      for (const l of listeners) l({ data } as MessageEvent<T>);
    }, 0);
  };
  serveExplorer<S, I, R>({
    addEventListener: (_type, listener) => toHost.push(listener),
    postMessage: (message) => deliver(toPage, message),
    sameThread: true,
  }, program);
  return {
    postMessage: (message) => deliver(toHost, message),
    addEventListener(type: 'message' | 'error', listener: Listener<ExplorerReply> | ((event: ErrorEvent) => void)): void {
      // The program's own errors come back as replies; there is no script to fail to load.
      if (type === 'message') toPage.push(listener as Listener<ExplorerReply>);
    },
    terminate: () => {
      terminated = true;
    },
  };
}
