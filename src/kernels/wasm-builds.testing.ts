/**
 * For tests: each wasm build loaded on its own, independently of the back end the rest of the suite runs on.
 * Node 20 hides relaxed SIMD behind a flag that Chromium does not need; it is enabled here so that the relaxed
 * build (the one browsers load) is tested too. A build the engine does not validate is null.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { wasmKernelsFrom } from './backend.ts';
import type { WasmKernels } from './wasm-kernels.ts';

setFlagsFromString('--experimental-wasm-relaxed-simd');

function build(file: string): WasmKernels | null {
  const bytes = new Uint8Array(readFileSync(new URL(`./wasm/build/${file}`, import.meta.url))); // ENOENT: run `npm run build:wasm`
  return WebAssembly.validate(bytes) ? wasmKernelsFrom(bytes) : null;
}

/** [name, kernels or null] for the plain SIMD build, then the relaxed-SIMD one. */
export function loadWasmBuilds(): [string, WasmKernels | null][] {
  return [['simd', build('kernels-simd.wasm')], ['relaxed-simd', build('kernels-relaxed.wasm')]];
}

/** Only the builds this engine runs. */
export function runnableWasmBuilds(): [string, WasmKernels][] {
  return loadWasmBuilds().filter((b): b is [string, WasmKernels] => b[1] !== null);
}
