/**
 * `checkOffThread(req, ours)`: the same CrossCheckResult as `crossCheck` (src/onnx), computed by ONNX Runtime in
 * a dedicated worker, so the ORT session creation and run (tens of ms on this project's machines, more with
 * software rendering competing for the cores) never sit between a slider move and its repaint.
 *
 * One worker for the page, started on the first check (ORT loads lazily there, as it did in the page). If
 * `Worker` is missing, the worker cannot start, or it fails (e.g. its script or ORT's wasm cannot load), the
 * outstanding checks and every later one run in this thread instead — the badge still shows a real result.
 */
import { crossCheck, type CrossCheckRequest, type CrossCheckResult, type OursRun } from '../onnx/cross-check.ts';
import { noteOrtLoaded } from '../onnx/ort-loader.ts';
import type { CheckReplyMessage, CheckRequestMessage } from './onnx-check-protocol.ts';

interface Pending {
  req: CrossCheckRequest;
  ours?: OursRun;
  resolve: (r: CrossCheckResult) => void;
}

let worker: Worker | null = null;
/** Set once the worker is given up on: checks run in this thread from then on. */
let inThread = typeof Worker !== 'function';
let nextId = 0;
const pending = new Map<number, Pending>();

function giveUp(reason: string): void {
  if (inThread) return;
  inThread = true;
  console.warn(`Layer Lab: ONNX Runtime checks run on the main thread (${reason})`);
  worker?.terminate();
  worker = null;
  const outstanding = [...pending.values()];
  pending.clear();
  for (const p of outstanding) void crossCheck(p.req, p.ours).then(p.resolve);
}

function start(): Worker | null {
  if (worker || inThread) return worker;
  try {
    worker = new Worker(new URL('./onnx-check.worker.ts', import.meta.url), { type: 'module', name: 'layer-lab-onnx-check' });
  } catch (e) {
    giveUp(`the worker could not be started: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  worker.addEventListener('message', (event: MessageEvent<CheckReplyMessage>) => {
    const { id, result, ortLoaded } = event.data;
    if (ortLoaded) noteOrtLoaded();
    const p = pending.get(id);
    pending.delete(id);
    p?.resolve(result);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    giveUp(`the worker failed: ${event.message || 'its script could not be loaded'}`);
  });
  worker.addEventListener('messageerror', () => giveUp('a reply could not be read'));
  return worker;
}

/** Cross-check in the worker (or, after a failure, here). Never rejects, like `crossCheck`. */
export function checkOffThread(req: CrossCheckRequest, ours?: OursRun): Promise<CrossCheckResult> {
  const w = start();
  if (!w) return crossCheck(req, ours);
  return new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, { req, ours, resolve });
    const message: CheckRequestMessage = ours ? { id, req, ours } : { id, req };
    try {
      w.postMessage(message); // copies the tensors: the page keeps drawing from its own
    } catch (e) {
      pending.delete(id);
      resolve({ kind: 'error', message: `the check could not be sent to its worker: ${e instanceof Error ? e.message : String(e)}` });
    }
  });
}
