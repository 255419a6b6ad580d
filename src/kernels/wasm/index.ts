/**
 * Entry point of Layer Lab's WebAssembly kernels (AssemblyScript, SIMD128; built twice by
 * scripts/build-wasm.mjs: plain SIMD and relaxed SIMD). No allocator: the JavaScript side
 * (src/kernels/wasm-kernels.ts) lays out every buffer in linear memory above `heapBase()` and passes addresses.
 */
export { padPlanes, padSplit } from './pad';
export { repackWeights } from './repack';
export { convTransposeS2x1 } from './conv-transpose-s2';
export { gatherX4, gatherX1 } from './gather';
export { normalize } from './batch-norm';
export { bnGradSums, bnGradInput, bnMoments } from './batch-norm-backward';
export { normRows, layerNormRows, rmsNormRows } from './norms';
export { resizeNearest, resizeBilinear, pixelShuffle } from './resize';
export { resizeBackward, pixelUnshuffle } from './resize-backward';
export { dotRows, dotGather, im2colRows } from './weight-grad';
export { reluForward, reluBackward } from './relu';

/** First byte the JavaScript side may use (after the module's static data). */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

/** 1 in the relaxed-SIMD build, so callers and tests can tell which build they loaded. */
export function relaxed(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}
