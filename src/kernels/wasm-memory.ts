/**
 * The WebAssembly module's linear memory, managed from JavaScript. The module has no allocator: each call
 * lays its buffers out from `heapBase` (a bump layout, reset every call), grows the memory when the layout
 * does not fit, and never shrinks it, so repeated calls reuse the same pages. Growing detaches the old
 * ArrayBuffer, so the typed-array views are re-created whenever `memory.buffer` has changed.
 *
 * A layout is never allowed past WASM_MEMORY_LIMIT: the kernels compute addresses in i32, so a layout near
 * 2 GiB would wrap; `commit` refuses instead (the caller then runs the JavaScript kernels). Since linear memory
 * cannot shrink, backend.ts drops an instance whose memory grew past WASM_RETAIN_LIMIT after the call.
 */

import { activeWorkspace } from './workspace.ts';

const PAGE = 65536;
/** Largest linear memory a call may lay out (1 GiB): far below the 2 GiB where i32 byte addresses wrap. */
export const WASM_MEMORY_LIMIT = 2 ** 30;
/** Memory kept between calls; an instance that grew past this is replaced by a fresh one after the call. */
export const WASM_RETAIN_LIMIT = 64 * 2 ** 20;
/** Region alignment; also leaves room for the kernels' whole-vector reads and writes past a region's end. */
const ALIGN = 64;

export class WasmMemory {
  private f32View: Float32Array;
  private i32View: Int32Array;
  private end: number;

  constructor(private readonly memory: WebAssembly.Memory, private readonly heapBase: number) {
    this.f32View = new Float32Array(memory.buffer);
    this.i32View = new Int32Array(memory.buffer);
    this.end = heapBase;
  }

  /** Start a new layout; earlier regions may be overwritten from now on. */
  reset(): void {
    this.end = this.heapBase;
  }

  /** Reserve `floats` 32-bit slots (plus vector slack) and return the region's byte address. */
  alloc(floats: number): number {
    const at = this.end;
    this.end = Math.ceil((at + floats * 4 + 16) / ALIGN) * ALIGN;
    return at;
  }

  /**
   * Make every region allocated since `reset()` addressable (grows the memory if needed). False, with nothing
   * grown, when the layout would pass WASM_MEMORY_LIMIT or the engine cannot grow the memory that far.
   */
  commit(): boolean {
    if (!(this.end <= WASM_MEMORY_LIMIT)) return false;
    const have = this.memory.buffer.byteLength;
    if (this.end > have) {
      try {
        this.memory.grow(Math.ceil((this.end - have) / PAGE));
      } catch {
        return false;
      }
    }
    this.refreshViews();
    return true;
  }

  get f32(): Float32Array {
    this.refreshViews();
    return this.f32View;
  }

  get i32(): Int32Array {
    this.refreshViews();
    return this.i32View;
  }

  /**
   * An array holding the `floats` floats at byte address `at`: the result a kernel call returns — the active
   * workspace's array for this result when a step is running (workspace.ts), else a new one, made as
   * `new Float32Array(view)`, which V8 allocates without zero-filling (`slice()` or `new Float32Array(n)` and `set`
   * measured slower on the memory-bound resize benchmark). A fresh array's cost is mostly the allocator's (first-touch
   * page faults), which is why training steps use a workspace.
   */
  copyOut(at: number, floats: number): Float32Array {
    const view = this.f32.subarray(at >> 2, (at >> 2) + floats);
    const workspace = activeWorkspace();
    if (workspace === null) return new Float32Array(view);
    const out = workspace.take(floats);
    out.set(view);
    return out;
  }

  /** Current size of the linear memory in bytes (for tests and diagnostics). */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  private refreshViews(): void {
    if (this.f32View.buffer !== this.memory.buffer) {
      this.f32View = new Float32Array(this.memory.buffer);
      this.i32View = new Int32Array(this.memory.buffer);
    }
  }
}
