/**
 * Worker entry: ONNX Runtime cross-checks off the main thread (started by onnx-check-client.ts). Building the
 * one-node model, creating ORT's session (a few to tens of ms each time the weights change), running it and
 * comparing all happen here, so a parity badge never delays a slider's repaint. Messages are answered in order
 * (ort-runner.ts serialises runs anyway); crossCheck never throws, so every request gets a reply.
 */
import { ready } from '../../kernels/index.ts';
import { crossCheck, crossCheckModel } from '../cross-check.ts';
import { isOrtLoaded } from '../ort-loader.ts';
import type { CheckReplyMessage, CheckRequestMessage } from './onnx-check-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// Our side runs here only when the page did not send its own outputs; it uses the same (wasm) kernels as the page.
let queue: Promise<unknown> = ready();
scope.addEventListener('message', (event: MessageEvent<CheckRequestMessage>) => {
  const message = event.data;
  queue = queue.then(async () => {
    const result = 'model' in message ? await crossCheckModel(message.model, message.ours) : await crossCheck(message.req, message.ours);
    const { id } = message;
    const reply: CheckReplyMessage = { id, result, ortLoaded: isOrtLoaded() };
    scope.postMessage(reply);
  });
});
