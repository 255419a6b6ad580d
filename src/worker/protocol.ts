/**
 * Messages between the kernel worker (kernel-worker.ts) and its client (client.ts). Tensors travel as
 * `{shape, data}`; result buffers are always transferred back (they are fresh), request buffers only when
 * the caller lists them in `transfer` (transferring detaches the caller's copy). Types only, so that the
 * client does not pull the kernels into the main thread's bundle.
 */
import type {
  BatchNormOptions, BatchNormResult, ConvOptions, ConvTransposeOptions, KernelBackend, Tensor, UpsampleOptions,
} from '../kernels/index.ts';

export type KernelRequest =
  | { op: 'convTranspose2d'; input: Tensor; weight: Tensor; bias: Float32Array | null; opts?: ConvTransposeOptions }
  | { op: 'conv2d'; input: Tensor; weight: Tensor; bias: Float32Array | null; opts?: ConvOptions }
  | { op: 'batchNorm2d'; input: Tensor; opts: BatchNormOptions }
  | { op: 'upsample2d'; input: Tensor; opts: UpsampleOptions }
  | { op: 'pixelShuffle'; input: Tensor; upscaleFactor: number };

/** What each request computes: batch norm returns its statistics too, every other op one tensor. */
export type KernelResult<R extends KernelRequest> = R extends { op: 'batchNorm2d' } ? BatchNormResult : Tensor;

export interface RequestMessage {
  channel: string;
  generation: number;
  /** Switch the worker's kernels before running (e.g. to compare the JS and wasm paths); omitted = keep. */
  backend?: KernelBackend;
  request: KernelRequest;
}

export type ResponseMessage =
  | { channel: string; generation: number; ok: true; result: Tensor | BatchNormResult; ms: number; backend: KernelBackend }
  | { channel: string; generation: number; ok: false; error: string };
