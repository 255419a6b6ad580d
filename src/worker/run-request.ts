/** Executes kernel requests on the current thread: the worker's body, testable without a worker. */
import {
  batchNorm2d, conv2d, convTranspose2d, pixelShuffle, upsample2d, type BatchNormResult, type Tensor,
} from '../kernels/index.ts';
import type { KernelRequest } from './protocol.ts';

/** Run one request on this thread's kernels (validation errors propagate with params.ts's message). */
export function runKernelRequest(request: KernelRequest): Tensor | BatchNormResult {
  switch (request.op) {
    case 'convTranspose2d':
      return convTranspose2d(request.input, request.weight, request.bias, request.opts);
    case 'conv2d':
      return conv2d(request.input, request.weight, request.bias, request.opts);
    case 'batchNorm2d':
      return batchNorm2d(request.input, request.opts);
    case 'upsample2d':
      return upsample2d(request.input, request.opts);
    case 'pixelShuffle':
      return pixelShuffle(request.input, request.upscaleFactor);
    default:
      throw new Error(`unknown kernel op: ${JSON.stringify((request as { op?: unknown }).op)}`);
  }
}

/** The buffers of a result, for the transfer list (every result array is freshly allocated by the kernels). */
export function resultBuffers(result: Tensor | BatchNormResult): ArrayBuffer[] {
  const arrays = 'output' in result
    ? [result.output.data, result.runningMean, result.runningVar, result.batchMean, result.batchVar]
    : [result.data];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}
