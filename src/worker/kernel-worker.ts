/**
 * The kernel worker: runs kernel requests off the main thread so sliders stay responsive while a layer
 * computes. It waits for the WebAssembly kernels once (`ready()`; without SIMD it keeps the JavaScript
 * kernels), runs each request, and transfers the result buffers back. Latest-wins bookkeeping lives in the
 * client; this side answers every message it gets, in order.
 *
 * Start it with `new Worker(new URL('./kernel-worker.ts', import.meta.url), { type: 'module' })` (see
 * `spawnKernelWorker` in client.ts); Vite bundles it and the .wasm files it fetches from our own origin.
 */
import { getBackend, ready, setBackend } from '../kernels/index.ts';
import type { RequestMessage, ResponseMessage } from './protocol.ts';
import { resultBuffers, runKernelRequest } from './run-request.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function handle(message: RequestMessage): Promise<void> {
  const { channel, generation } = message;
  let response: ResponseMessage;
  let transfer: ArrayBuffer[] = [];
  try {
    if (message.backend) setBackend(message.backend);
    await ready();
    const start = performance.now();
    const result = runKernelRequest(message.request);
    const ms = performance.now() - start;
    response = { channel, generation, ok: true, result, ms, backend: getBackend() };
    transfer = resultBuffers(result);
  } catch (e) {
    response = { channel, generation, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(response, transfer);
}

scope.addEventListener('message', (event: MessageEvent<RequestMessage>) => {
  void handle(event.data);
});
void ready(); // start loading the wasm kernels before the first request arrives
