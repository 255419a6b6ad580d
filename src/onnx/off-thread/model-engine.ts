/**
 * What the model-check worker does with a model, as a plain object (the worker wraps it in messages; without
 * workers, the client runs it in this thread): hold the model, run it once on the sample input for real
 * activations, check nodes one at a time.
 */
import type { Tensor } from '../../kernels/tensor.ts';
import { layerInputs } from '../activations.ts';
import { readOnnxModel } from '../reader.ts';
import type { JobReply, ModelJob } from './model-check-protocol.ts';
import { checkNode } from './node-check.ts';

export interface ModelEngine {
  run(job: ModelJob): Promise<JobReply>;
}

export function createModelEngine(bytes: Uint8Array): ModelEngine {
  const { model, summary } = readOnnxModel(bytes);
  const seeded = new Set(summary.layers.filter((l) => l.seededParams.length > 0).map((l) => l.index));
  const runnable = summary.layers.filter((l) => !l.problem).map((l) => l.index);
  let activations = new Map<number, Tensor>();
  return {
    async run(job) {
      if (job.kind === 'check') {
        return { verdict: await checkNode(model, job.index, activations.get(job.index) ?? null, job.seed, seeded.has(job.index)) };
      }
      if (job.kind === 'input') return { input: activations.get(job.index) ?? null };
      activations = new Map();
      try {
        activations = await layerInputs(model, bytes, job.feeds, runnable);
        return { activations: { ok: true, nodes: activations.size } };
      } catch (err) {
        return { activations: { ok: false, message: err instanceof Error ? err.message : String(err) } };
      }
    },
  };
}
