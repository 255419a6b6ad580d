/**
 * `checkOffThread(req, ours)`: the same CrossCheckResult as `crossCheck` (src/onnx), computed by ONNX Runtime in
 * a dedicated worker, so the ORT session creation and run (tens of ms on this project's machines, more with
 * software rendering competing for the cores) never sit between a slider move and its repaint.
 *
 * One worker for the page, started on the first check (ORT loads lazily there, as it did in the page). If
 * `Worker` is missing, the worker cannot start, or it fails (e.g. its script or ORT's wasm cannot load), the
 * outstanding checks and every later one run in this thread instead — the badge still shows a real result.
 */
import type { SingleNodeModel } from '../builder.ts';
import { crossCheck, crossCheckModel, type CrossCheckRequest, type CrossCheckResult, type OursRun } from '../cross-check.ts';
import type { CheckRunner } from '../open-model.ts';
import { noteOrtLoaded } from '../ort-loader.ts';
import type { CheckReplyMessage, CheckRequestMessage } from './onnx-check-protocol.ts';

type Job = { req: CrossCheckRequest; ours?: OursRun } | { model: SingleNodeModel; ours: OursRun };
type Pending = Job & { resolve: (r: CrossCheckResult) => void };

const inThread = (job: Job): Promise<CrossCheckResult> => ('model' in job ? crossCheckModel(job.model, job.ours) : crossCheck(job.req, job.ours));

let worker: Worker | null = null;
/** Set once the worker is given up on: checks run in this thread from then on. */
let failed = typeof Worker !== 'function';
let nextId = 0;
const pending = new Map<number, Pending>();

function giveUp(reason: string): void {
  if (failed) return;
  failed = true;
  console.warn(`Layer Lab: ONNX Runtime checks run on the main thread (${reason})`);
  worker?.terminate();
  worker = null;
  const outstanding = [...pending.values()];
  pending.clear();
  for (const p of outstanding) void inThread(p).then(p.resolve);
}

function start(): Worker | null {
  if (worker || failed) return worker;
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

function send(job: Job): Promise<CrossCheckResult> {
  const w = start();
  if (!w) return inThread(job);
  return new Promise((resolve) => {
    const id = ++nextId;
    pending.set(id, { ...job, resolve });
    const message: CheckRequestMessage = { id, ...job };
    try {
      w.postMessage(message); // copies the tensors: the page keeps drawing from its own
    } catch (e) {
      pending.delete(id);
      resolve({ kind: 'error', message: `the check could not be sent to its worker: ${e instanceof Error ? e.message : String(e)}` });
    }
  });
}

/** Cross-check in the worker (or, after a failure, here). Never rejects, like `crossCheck`. */
export const checkOffThread = (req: CrossCheckRequest, ours?: OursRun): Promise<CrossCheckResult> => send(ours ? { req, ours } : { req });

/** For `crossCheckLayer`: both of its ONNX Runtime paths in the worker. */
export const offThreadRunner: CheckRunner = {
  check: checkOffThread,
  checkModel: (model, ours) => send({ model, ours }),
};
