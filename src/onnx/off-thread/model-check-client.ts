/**
 * `createModelChecker(bytes)`: the model page's checks in a worker of their own (model-check.worker.ts), one job
 * at a time, each with a time budget. Our kernels cannot be interrupted mid-call, so a node that runs past its
 * budget (a hostile stride, a huge dilation) is stopped the only way there is: the worker is ended, the node gets
 * a "check stopped after N s" verdict, and a fresh worker (the model and the sample input sent again) takes the
 * next node. The page never waits on a node; it only receives verdicts.
 *
 * Without `Worker` (Node), or when the worker cannot start, the same engine runs in this thread, without a budget.
 */
import type { Tensor } from '../../kernels/tensor.ts';
import type { ActivationsReply, JobReply, ModelJob, ModelWorkerReply, ModelWorkerRequest } from './model-check-protocol.ts';
import { createModelEngine, type ModelEngine } from './model-engine.ts';
import type { NodeVerdict } from './node-check.ts';

export interface ModelCheckerOptions {
  /** How long one node may take once the worker starts it. */
  budgetMs?: number;
  /** How long the run of the whole model on the sample input may take. */
  activationsBudgetMs?: number;
  /** Makes the worker (tests pass a stand-in); default: model-check.worker.ts. */
  spawn?: () => Worker;
}

export interface ModelChecker {
  /** Run the model once on `feeds`; later checks use the activations that really reach each node. */
  activations(feeds: Record<string, Tensor>): Promise<ActivationsReply>;
  check(index: number, seed: number): Promise<NodeVerdict>;
  /** The activation that reached node `index` in the run on the sample input, or null. */
  input(index: number): Promise<Tensor | null>;
  /** End the worker; jobs not answered yet are dropped (their promises never settle). */
  dispose(): void;
}

export const DEFAULT_BUDGET_MS = 8000;
const DEFAULT_ACTIVATIONS_BUDGET_MS = 60_000;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The verdict of a node whose check ran out of time. */
export function stoppedVerdict(index: number, ms: number): NodeVerdict {
  return {
    index, input: null, inputShape: null, maps: null, stopped: ms,
    problem: `Check stopped after ${seconds(ms)}: this node's work is far beyond its output (a stride, dilation or padding this large ` +
      'makes the kernel loop over positions that receive nothing), so Layer Lab does not open it.',
    result: { kind: 'unavailable', reason: `check stopped after ${seconds(ms)}` },
  };
}

/** A browser's Worker (in Node, ONNX Runtime puts worker_threads' Worker on the global, which is not one). */
function webWorkers(): boolean {
  return typeof Worker === 'function' && typeof (Worker.prototype as Partial<Worker>).addEventListener === 'function';
}

interface Queued { job: ModelJob; resolve: (reply: JobReply) => void }

export function createModelChecker(bytes: Uint8Array, opts: ModelCheckerOptions = {}): ModelChecker {
  const budget = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const activationsBudget = opts.activationsBudgetMs ?? DEFAULT_ACTIVATIONS_BUDGET_MS;
  const queue: Queued[] = [];
  let disposed = false;
  let busy = false;
  let worker: Worker | null = null;
  let inThread: ModelEngine | null = null;
  const spawn = opts.spawn ?? (() => new Worker(new URL('./model-check.worker.ts', import.meta.url), { type: 'module', name: 'layer-lab-model-check' }));
  let useThread = !opts.spawn && !webWorkers();
  /** The sample input, sent again to a fresh worker before its first check. */
  let feeds: Record<string, Tensor> | null = null;
  let workerHasFeeds = false;
  let nextId = 0;
  let current: { id: number; item: Queued; timer: ReturnType<typeof setTimeout> | null } | null = null;

  function endWorker(): void {
    worker?.terminate();
    worker = null;
    workerHasFeeds = false;
  }

  function finish(reply: JobReply): void {
    const c = current;
    current = null;
    busy = false;
    if (c?.timer) clearTimeout(c.timer);
    c?.item.resolve(reply);
    pump();
  }

  function fallBack(reason: string): void {
    console.warn(`Layer Lab: the model's checks run on the main thread (${reason})`);
    useThread = true;
    endWorker();
    const c = current;
    current = null;
    busy = false;
    if (c) queue.unshift(c.item);
    pump();
  }

  function startWorker(): Worker | null {
    if (worker) return worker;
    try {
      worker = spawn();
    } catch (e) {
      fallBack(`the worker could not be started: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    const w = worker;
    /** Whether this worker ever started a job: a failure after that is the job's (a node that exhausted memory), not the script's. */
    let ran = false;
    w.addEventListener('message', (event: MessageEvent<ModelWorkerReply>) => {
      const m = event.data;
      if (w !== worker || !current || m.id !== current.id) return;
      if (m.type === 'started') {
        ran = true;
        const ms = current.item.job.kind === 'activations' ? activationsBudget : budget;
        const { item } = current;
        current.timer = setTimeout(() => {
          endWorker();
          const { job } = item;
          finish(job.kind === 'check' ? { verdict: stoppedVerdict(job.index, ms) } : job.kind === 'input' ? { input: null }
            : { activations: { ok: false, message: `running the whole model on the sample input stopped after ${seconds(ms)}` } });
        }, ms);
        return;
      }
      finish(m);
    });
    w.addEventListener('error', (event) => {
      event.preventDefault();
      if (w !== worker) return;
      if (!ran || !current) {
        fallBack(`the worker failed: ${event.message || 'its script could not be loaded'}`);
        return;
      }
      // The job brought the worker down: that job fails, and a fresh worker takes the next one (never this thread).
      const { job } = current.item;
      const message = `the check worker failed on this node (${event.message || 'it ran out of memory or crashed'})`;
      endWorker();
      finish(job.kind === 'check' ? { verdict: { index: job.index, input: null, inputShape: null, maps: null, problem: `Check failed: ${message}.`, result: { kind: 'error', message } } }
        : job.kind === 'input' ? { input: null } : { activations: { ok: false, message } });
    });
    w.postMessage({ type: 'model', bytes } satisfies ModelWorkerRequest);
    return w;
  }

  function post(w: Worker, job: ModelJob, item: Queued): void {
    const id = ++nextId;
    current = { id, item, timer: null };
    w.postMessage({ type: 'job', id, job } satisfies ModelWorkerRequest);
  }

  function pump(): void {
    if (disposed || busy || queue.length === 0) return;
    busy = true;
    const item = queue.shift()!;
    if (useThread) {
      inThread ??= createModelEngine(bytes);
      void inThread.run(item.job).then((reply) => {
        busy = false;
        if (disposed) return;
        item.resolve(reply);
        pump();
      });
      return;
    }
    const w = startWorker();
    if (!w) return; // fell back: the item is queued again
    if (item.job.kind !== 'activations' && feeds && !workerHasFeeds) {
      // A fresh worker after a stop: the sample input first (its answer is not the page's concern), then the job.
      workerHasFeeds = true;
      queue.unshift(item);
      post(w, { kind: 'activations', feeds }, { job: { kind: 'activations', feeds }, resolve: () => undefined });
      return;
    }
    if (item.job.kind === 'activations') workerHasFeeds = true;
    post(w, item.job, item);
  }

  function enqueue(job: ModelJob): Promise<JobReply> {
    return new Promise((resolve) => {
      queue.push({ job, resolve });
      pump();
    });
  }

  return {
    async activations(f) {
      feeds = f;
      const reply = await enqueue({ kind: 'activations', feeds: f });
      if (!reply.activations?.ok) feeds = null;
      return reply.activations ?? { ok: false, message: 'no answer' };
    },
    async check(index, seed) {
      const reply = await enqueue({ kind: 'check', index, seed });
      return reply.verdict ?? stoppedVerdict(index, budget);
    },
    async input(index) {
      return (await enqueue({ kind: 'input', index })).input ?? null;
    },
    dispose() {
      disposed = true;
      queue.length = 0;
      if (current?.timer) clearTimeout(current.timer);
      current = null;
      endWorker();
    },
  };
}
