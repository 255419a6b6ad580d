/**
 * Runs single-node models in ONNX Runtime Web. Sessions are cached by a hash of the model bytes (models built
 * with parameters as inputs depend only on the attributes, so slider moves reuse one session), and runs are
 * serialised: ORT's wasm backend is single-threaded here and concurrent runs would only queue inside it while
 * making each timing meaningless.
 */
import type * as OrtModule from 'onnxruntime-web';
import type { Tensor } from '../kernels/tensor.ts';
import type { SingleNodeModel } from './builder.ts';
import { loadOrt } from './ort-loader.ts';

export interface OrtRun {
  /** One tensor per `model.outputNames`, copied out of ORT. */
  outputs: Tensor[];
  /** Wall time of `session.run` alone (warm: a new session gets one untimed run first). */
  ms: number;
}

/** Sessions kept alive; each holds its own wasm memory, so keep few. */
const MAX_SESSIONS = 8;
const sessions = new Map<string, Promise<OrtModule.InferenceSession>>();
let queue: Promise<unknown> = Promise.resolve();

/** FNV-1a over the bytes, two differently seeded 32-bit lanes plus the length: a cache key, not a checksum. */
export function modelKey(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193);
    b = Math.imul(b ^ bytes[i], 0x5bd1e995);
  }
  return `${bytes.length}:${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
}

function serialize<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function session(ort: typeof OrtModule, bytes: Uint8Array): Promise<{ s: OrtModule.InferenceSession; fresh: boolean }> {
  const key = modelKey(bytes);
  const cached = sessions.get(key);
  if (cached) {
    sessions.delete(key); // re-insert: Map order is our LRU order
    sessions.set(key, cached);
    return { s: await cached, fresh: false };
  }
  const created = ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  sessions.set(key, created);
  created.catch(() => sessions.delete(key));
  while (sessions.size > MAX_SESSIONS) {
    const [oldKey, old] = sessions.entries().next().value as [string, Promise<OrtModule.InferenceSession>];
    sessions.delete(oldKey);
    old.then((s) => s.release()).catch(() => undefined);
  }
  return { s: await created, fresh: true };
}

/** Why ORT failed, without its long "failed to call OrtRun(). ERROR_CODE: 2, ERROR_MESSAGE:" prefix. */
export function ortErrorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const status = /Status Message: (.*)$/s.exec(text);
  return (status ? status[1] : text.replace(/^.*ERROR_MESSAGE: /s, '')).trim();
}

/** Timed runs per check, ORT's and our kernel's (cross-check.ts, timeKernel); the fastest counts. */
export const TIMED_RUNS = 3;

/** Run a single-node model on its feeds. Rejects with ORT's own message when ORT refuses the model or the run. */
export function runSingleNodeModel(model: SingleNodeModel): Promise<OrtRun> {
  return serialize(async () => {
    const ort = await loadOrt();
    const { s, fresh } = await session(ort, model.bytes);
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, t] of Object.entries(model.feeds)) feeds[name] = new ort.Tensor('float32', t.data, t.shape);
    if (fresh) await s.run(feeds, model.outputNames);
    // The fastest of a few runs, like our kernel's (cross-check.ts, timeKernel): one run can be preempted.
    let ms = Infinity;
    let result!: OrtModule.InferenceSession.OnnxValueMapType;
    for (let i = 0; i < TIMED_RUNS; i++) {
      if (i > 0) for (const t of Object.values(result)) t.dispose();
      const start = performance.now();
      result = await s.run(feeds, model.outputNames);
      ms = Math.min(ms, performance.now() - start);
    }
    const outputs = model.outputNames.map((name) => {
      const t = result[name];
      const data = new Float32Array(t.data as Float32Array);
      t.dispose();
      return { shape: t.dims.map(Number), data };
    });
    return { outputs, ms };
  });
}

/** Release every cached session (tests; or a page that wants its memory back). */
/** Run a whole model once (no timing runs): for a user's model, which may be far larger than one node. */
export function runModelOnce(bytes: Uint8Array, feeds: Record<string, Tensor>, outputNames: string[]): Promise<Tensor[]> {
  return serialize(async () => {
    const ort = await loadOrt();
    const { s } = await session(ort, bytes);
    const ortFeeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.shape);
    const result = await s.run(ortFeeds, outputNames);
    return outputNames.map((name) => {
      const t = result[name];
      const data = new Float32Array(t.data as Float32Array);
      t.dispose();
      return { shape: t.dims.map(Number), data };
    });
  });
}

export async function releaseOrtSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.all(all.map((p) => p.then((s) => s.release()).catch(() => undefined)));
}
