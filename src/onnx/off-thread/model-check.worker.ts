/**
 * Worker entry: the model page's checks (model-check-client.ts). It holds the user's model, runs it once in ONNX
 * Runtime on the sample input, and checks one node per job (model-engine.ts). Everything a node costs — our kernel
 * and ORT — happens here, so a node whose work is out of all proportion (a stride of 10⁹) blocks this worker, never
 * the page; the page's time budget then ends the worker and starts a fresh one for the next node.
 */
import { ready } from '../../kernels/index.ts';
import { loadOrt } from '../ort-loader.ts';
import type { ModelWorkerReply, ModelWorkerRequest } from './model-check-protocol.ts';
import { createModelEngine, type ModelEngine } from './model-engine.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let engine: ModelEngine | null = null;
// Loading our wasm kernels and ORT happens before the first job starts, so it does not count against a node's budget.
let queue: Promise<unknown> = Promise.all([ready(), loadOrt()]);

scope.addEventListener('message', (event: MessageEvent<ModelWorkerRequest>) => {
  const message = event.data;
  queue = queue.catch(() => undefined).then(async () => {
    if (message.type === 'model') {
      engine = createModelEngine(message.bytes);
      return;
    }
    const { id, job } = message;
    scope.postMessage({ type: 'started', id } satisfies ModelWorkerReply);
    if (!engine) throw new Error('no model was sent before the job');
    const reply = await engine.run(job);
    scope.postMessage({ type: 'done', id, ...reply } satisfies ModelWorkerReply);
  });
});
