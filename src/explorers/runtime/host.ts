/**
 * The worker side of an explorer's compute: waits for the WebAssembly kernels once (`ready()`; without SIMD the
 * JavaScript kernels are used), then answers every `compute` message with the program's result, packed against
 * the previous result on that channel (reuse.ts), its large arrays moved rather than cloned (transfer.ts).
 * Messages are handled strictly in arrival order, so an `inputs` message applies to every compute sent after it.
 * Latest-wins bookkeeping is the runner's: this side answers everything it gets (the runner sends at most one
 * compute per channel at a time).
 *
 * The same function serves a real worker (`self`) and, as fallback, an in-page stand-in (in-thread-port.ts).
 */
import { getBackend, ready } from '../../kernels/index.ts';
import type { ExplorerProgram, ExplorerReply, ExplorerRequest } from './protocol.ts';
import { pack, unpack } from './reuse.ts';
import { handOver } from './transfer.ts';

/** The part of a worker's global scope the host uses. */
export interface HostScope<S> {
  addEventListener(type: 'message', listener: (event: MessageEvent<ExplorerRequest<S>>) => void): void;
  postMessage(message: ExplorerReply, transfer: Transferable[]): void;
  /** The page's own thread (the in-page fallback): nothing is cloned, so nothing needs handing over. */
  sameThread?: boolean;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function serveExplorer<S, I, R>(scope: HostScope<S>, program: ExplorerProgram<S, I, R>): void {
  /** The last result sent per channel: the baseline the next one is packed against. */
  const previous = new Map<string, R>();
  let inputs: I | null = null;

  const handle = (message: ExplorerRequest<S>): void => {
    if (message.kind === 'inputs') {
      inputs = unpack<I>(message.packed, inputs);
      program.setInputs(inputs);
      return;
    }
    const { channel, generation } = message;
    let reply: ExplorerReply;
    try {
      const start = performance.now();
      const result = program.compute(message.state, message.detail);
      const ms = performance.now() - start;
      try {
        const packed = pack(result, previous.get(channel) ?? null);
        // Large arrays move to the page instead of being cloned (transfer.ts).
        const { value, transfer } = scope.sameThread ? { value: packed.value, transfer: [] } : handOver(packed.value);
        scope.postMessage({ channel, generation, ok: true, packed: { ...packed, value }, ms, backend: getBackend() }, transfer);
        previous.set(channel, result);
        return;
      } catch (e) {
        // Not structured-cloneable (a function or class instance slipped into the results): say so, do not hang.
        reply = { channel, generation, ok: false, error: `the results could not be sent from the worker: ${messageOf(e)}` };
      }
    } catch (e) {
      reply = { channel, generation, ok: false, error: messageOf(e) };
    }
    previous.delete(channel); // the receiver forgets its baseline on an error reply too
    scope.postMessage(reply, []);
  };

  // One chain for every message: the kernels load first, then messages run in the order they came.
  let queue: Promise<void> = ready();
  scope.addEventListener('message', (event) => {
    const message = event.data;
    queue = queue.then(() => handle(message)).catch((e: unknown) => {
      // Only setInputs can get here (compute errors are replies); keep serving later messages.
      console.error(`explorer worker: ${messageOf(e)}`);
    });
  });
}
