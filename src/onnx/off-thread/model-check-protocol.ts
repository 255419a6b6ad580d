/**
 * Messages between the model page and the model-check worker (model-check.worker.ts): the page sends the file's
 * bytes once, then jobs one at a time; the worker says when it starts each job (the page's time budget runs from
 * there, so reading the file and loading ONNX Runtime do not count against a node) and answers each with its result.
 */
import type { Tensor } from '../../kernels/tensor.ts';
import type { NodeVerdict } from './node-check.ts';

export type ModelJob =
  /** Run the whole model once on these feeds and keep what reaches each layer node (real activations). */
  | { kind: 'activations'; feeds: Record<string, Tensor> }
  /** Check one node: on its real activation when there is one, else on a seeded random input. */
  | { kind: 'check'; index: number; seed: number }
  /** The activation that reached a node in the last run (for "Open in explorer"). */
  | { kind: 'input'; index: number };

export type ActivationsReply = { ok: true; nodes: number } | { ok: false; message: string };

export type ModelWorkerRequest =
  | { type: 'model'; bytes: Uint8Array }
  | { type: 'job'; id: number; job: ModelJob };

export type ModelWorkerReply =
  | { type: 'started'; id: number }
  | ({ type: 'done'; id: number } & JobReply);

export interface JobReply { verdict?: NodeVerdict; activations?: ActivationsReply; input?: Tensor | null }
