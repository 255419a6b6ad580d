/**
 * WebAssembly path of ReLU and its backward pass (kernels in wasm/relu.ts; formulas and the JavaScript loops in
 * backward/relu.ts): copy in, one branch-free pass in place, copy out. Null (nothing written) when the arrays do
 * not fit wasm memory.
 */
import type { WasmKernels } from './wasm-kernels.ts';

export function reluWasm(wasm: WasmKernels, x: Float32Array): Float32Array | null {
  const m = wasm.mem;
  m.reset();
  const at = m.alloc(x.length);
  if (!m.commit()) return null;
  const f32 = m.f32;
  f32.set(x, at >> 2);
  wasm.k.reluForward(at, at, x.length);
  return m.copyOut(at, x.length);
}

export function reluBackwardWasm(wasm: WasmKernels, x: Float32Array, g: Float32Array): Float32Array | null {
  const m = wasm.mem;
  m.reset();
  const xAt = m.alloc(x.length);
  const gAt = m.alloc(g.length);
  if (!m.commit()) return null;
  const f32 = m.f32;
  f32.set(x, xAt >> 2);
  f32.set(g, gAt >> 2);
  wasm.k.reluBackward(xAt, gAt, gAt, x.length);
  return m.copyOut(gAt, g.length);
}
