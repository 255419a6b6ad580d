/**
 * The worker's body in Node: kernel-worker.ts is imported with a fake `self`, sent messages as the browser
 * would, and its replies checked (results, transferred buffers, params.ts error messages, backend choice).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { convTranspose2d, setBackend, tensor, type Tensor } from '../kernels/index.ts';
import type { RequestMessage, ResponseMessage } from './protocol.ts';

const posted: { message: ResponseMessage; transfer: ArrayBuffer[] }[] = [];
let listener: ((event: MessageEvent<RequestMessage>) => void) | null = null;

beforeAll(async () => {
  vi.stubGlobal('self', {
    addEventListener: (_type: string, l: (event: MessageEvent<RequestMessage>) => void) => { listener = l; },
    postMessage: (message: ResponseMessage, transfer: ArrayBuffer[]) => posted.push({ message, transfer }),
  });
  await import('./kernel-worker.ts');
});
afterAll(() => {
  vi.unstubAllGlobals();
  setBackend(process.env.LAYERLAB_KERNELS === 'js' ? 'js' : 'wasm');
});

async function send(message: RequestMessage): Promise<{ message: ResponseMessage; transfer: ArrayBuffer[] }> {
  const before = posted.length;
  listener!({ data: message } as MessageEvent<RequestMessage>);
  await vi.waitFor(() => expect(posted.length).toBe(before + 1));
  return posted[before];
}

describe('kernel worker', () => {
  const x = tensor([1, 2, 3, 3], Float32Array.from({ length: 18 }, (_, i) => i / 7));
  const w = tensor([2, 3, 2, 2], Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)));

  it('answers a request with the kernel result, transferring its buffer', async () => {
    const { message, transfer } = await send({ channel: 'c', generation: 4, request: { op: 'convTranspose2d', input: x, weight: w, bias: null, opts: { stride: 2 } } });
    expect(message.ok).toBe(true);
    if (!message.ok) return;
    const expected = convTranspose2d(x, w, null, { stride: 2 });
    expect((message.result as Tensor).shape).toEqual(expected.shape);
    expect((message.result as Tensor).data).toEqual(expected.data);
    expect(message).toMatchObject({ channel: 'c', generation: 4 });
    expect(transfer).toEqual([(message.result as Tensor).data.buffer]);
  });

  it('replies with the params.ts message for bad input', async () => {
    const { message } = await send({ channel: 'c', generation: 5, request: { op: 'convTranspose2d', input: x, weight: w, bias: null, opts: { stride: 0 } } });
    expect(message).toEqual({ channel: 'c', generation: 5, ok: false, error: 'invalid stride: 0 (must be a positive integer)' });
  });

  it('switches backend on request and reports which one ran', async () => {
    const js = await send({ channel: 'c', generation: 6, backend: 'js', request: { op: 'pixelShuffle', input: tensor([1, 4, 1, 1], [1, 2, 3, 4]), upscaleFactor: 2 } });
    expect(js.message).toMatchObject({ ok: true, backend: 'js' });
    const wasm = await send({ channel: 'c', generation: 7, backend: 'wasm', request: { op: 'batchNorm2d', input: x, opts: { training: true } } });
    expect(wasm.message).toMatchObject({ ok: true, backend: 'wasm' });
    expect(wasm.message.ok && 'output' in wasm.message.result).toBe(true);
    expect(wasm.transfer).toHaveLength(3); // output, batch mean, batch var
  });
});
