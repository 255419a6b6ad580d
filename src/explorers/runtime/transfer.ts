/**
 * Sending a worker's result without the structured-clone copy of its tensors.
 *
 * postMessage copies every typed array it is not told to transfer: the worker serialises it into the message
 * and the page allocates and fills a new buffer for it. On these machines fresh memory is the expensive part —
 * the first write to each new page costs ≈ 20 µs (measured in Chromium: filling a new 72 KB Float32Array takes
 * 0.3–0.5 ms, filling an old one 0.006 ms) — and a new batch in the batch-norm explorer sends eleven 72 KB
 * tensors: posting them took 7–20 ms in the worker, and the page paid again to receive them.
 *
 * Transferring moves a buffer instead (no copy on either side) but empties it in the sender, so only a buffer
 * nothing in the worker reads again may go as is. Those are marked where they are made (`resultOnly`): a kernel
 * output that goes straight into the result and into no cache. Every other large array in the result — the
 * compute's memos keep batches, x̂ and conv outputs for the next pass — is copied once into a fresh buffer in the
 * worker and that copy is transferred: one copy instead of the serialiser's and the page's.
 *
 * Small arrays (per-channel vectors, trace entries) travel as before: the clone is cheaper than a transfer's
 * bookkeeping for a few floats, and there can be thousands of them.
 */

import { isPlainObject } from './reuse.ts';

/** Buffers that belong to a result alone: transferred without a copy. */
const resultOnlyBuffers = new WeakSet<ArrayBufferLike>();

/** Arrays smaller than this travel in the structured clone. */
export const TRANSFER_MIN_BYTES = 8 * 1024;

/**
 * Mark `array` as owned by the result it is put in: nothing else holds it, and the code that made it never reads
 * it again (it is not memoised, not cached, not the input of a later pass). Returns `array`.
 */
export function resultOnly<T extends ArrayBufferView>(array: T): T {
  resultOnlyBuffers.add(array.buffer);
  return array;
}

/** A typed array (not a DataView) whose buffer is an ordinary, non-shared ArrayBuffer. */
function isTransferableArray(v: unknown): v is Float32Array | Float64Array | Int32Array | Uint8Array {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && v.buffer instanceof ArrayBuffer;
}

export interface HandedOver<T> {
  /** `value` with every large array that may not be transferred as is replaced by its copy. */
  value: T;
  /** The transfer list for postMessage. */
  transfer: ArrayBuffer[];
}

/**
 * Prepare `value` (plain objects, arrays, typed arrays and primitives, as reuse.ts walks them) for a postMessage
 * that moves its large arrays instead of cloning them. `value` itself is not modified: objects on the way to a
 * copied array are rebuilt. An array that appears more than once (one batch in two panels) is copied once and
 * arrives as one array, as the structured clone would have kept it.
 */
export function handOver<T>(value: T): HandedOver<T> {
  const transfer = new Set<ArrayBuffer>();
  /** What each array or object already became: shared parts stay shared (one copy, one rebuilt object). */
  const done = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (done.has(v)) return done.get(v);
    let out: unknown = v;
    if (isTransferableArray(v)) {
      const buffer = v.buffer as ArrayBuffer;
      if (v.byteLength < TRANSFER_MIN_BYTES) {
        // cloned with the message
      } else if (resultOnlyBuffers.has(buffer) && v.byteOffset === 0 && v.byteLength === buffer.byteLength) {
        // As is only when the array is its whole buffer: a view would take the rest of the buffer with it.
        transfer.add(buffer);
      } else {
        out = v.slice();
        transfer.add((out as typeof v).buffer as ArrayBuffer);
      }
    } else if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const w = walk(v[i]);
        if (w !== v[i]) (copy ??= v.slice())[i] = w;
      }
      out = copy ?? v;
    } else if (isPlainObject(v)) {
      let copy: Record<string, unknown> | null = null;
      for (const key of Object.keys(v)) {
        const w = walk(v[key]);
        if (w !== v[key]) (copy ??= { ...v })[key] = w;
      }
      out = copy ?? v;
    }
    done.set(v, out);
    return out;
  };
  return { value: walk(value) as T, transfer: [...transfer] };
}
