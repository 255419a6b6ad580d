/**
 * Loads ONNX Runtime Web once, on first use, never on page load.
 *
 * Browser: `import('onnxruntime-web/wasm')` (the CPU/wasm build only, ≈ 70 KB of JS with the Emscripten glue
 * inlined) and its `ort-wasm-simd-threaded.wasm`, imported with `?url` so that Vite emits it into our own
 * build output: the page fetches it from our origin, never from a CDN. One thread (no SharedArrayBuffer,
 * no cross-origin isolation needed; a second thread gains nothing on a machine with few cores).
 * A Content-Security-Policy must allow 'wasm-unsafe-eval' to compile it; 'unsafe-eval' is not needed.
 *
 * Node (Vitest, scripts): `import('onnxruntime-web')` resolves to ORT's Node build, which finds its wasm by itself.
 */
import type * as OrtModule from 'onnxruntime-web';

export type Ort = typeof OrtModule;

let loading: Promise<Ort> | null = null;
let loaded = false;

async function loadInBrowser(): Promise<Ort> {
  const [ort, wasm] = await Promise.all([
    import('onnxruntime-web/wasm'),
    import('onnxruntime-web/ort-wasm-simd-threaded.wasm?url'),
  ]);
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = { wasm: new URL(wasm.default, globalThis.location.href).href };
  return ort;
}

/**
 * A specifier Vite cannot see through, so the browser build does not bundle ORT's Node/WebGPU build (400 KB of JS
 * and a 28 MB wasm) for a branch it never takes. Node resolves it to ORT's Node build.
 */
const NODE_ORT_SPECIFIER = ['onnxruntime', 'web'].join('-');

async function loadInNode(): Promise<Ort> {
  const ort = (await import(/* @vite-ignore */ NODE_ORT_SPECIFIER)) as Ort;
  ort.env.wasm.numThreads = 1;
  return ort;
}

/** Node (Vitest, benchmark scripts) or a browser page / worker. */
function runsInNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** ONNX Runtime, loading it on the first call. A failed load is retried on the next call. */
export function loadOrt(): Promise<Ort> {
  loading ??= (runsInNode() ? loadInNode() : loadInBrowser()).then(
    (ort) => {
      loaded = true;
      return ort;
    },
    (err: unknown) => {
      loading = null;
      throw new Error(`ONNX Runtime could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    },
  );
  return loading;
}

/** True once ONNX Runtime has finished loading (the badge shows "loading ONNX Runtime…" until then). */
export function isOrtLoaded(): boolean {
  return loaded;
}

/** ONNX Runtime has loaded where the checks run (the check worker): the page need not load its own copy. */
export function noteOrtLoaded(): void {
  loaded = true;
}
