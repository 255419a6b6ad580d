/// <reference lib="webworker" />
/**
 * The training page's Web Worker: every step of every demo runs here, so the page stays responsive. Requests are
 * handled one at a time, in order (a train request never overlaps a reset of the same demo).
 */
import { createTrainingHandler } from './handler.ts';
import type { TrainRequest, TrainResponse } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createTrainingHandler(
  (msg: TrainResponse, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []),
  async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },
);

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<TrainRequest>) => {
  queue = queue.then(() => handle(e.data));
};
