/**
 * Which implementation the public kernels run: the WebAssembly SIMD kernels when they are loaded, the
 * typed-array JavaScript kernels otherwise (engines without SIMD, before loading finishes, or on request).
 * The public API stays synchronous; `ready()` lets callers wait for the fast path.
 *
 * Loading: two builds of the same AssemblyScript source, relaxed SIMD (fused multiply-add) and plain SIMD128;
 * the first one `WebAssembly.validate` accepts is used. Browsers fetch them from our own origin (Vite emits
 * the files referenced by `new URL(…, import.meta.url)`); Node reads them from disk synchronously on first
 * use, so tests and benchmarks get the wasm path without awaiting anything.
 * In Node, `LAYERLAB_KERNELS=js` (or `wasm`) selects the initial backend (`npm test` runs the kernel tests
 * under both).
 */
import { ParamError } from './param-error.ts';
import { WasmKernels, type KernelExports, type WasmVariant } from './wasm-kernels.ts';
import { WASM_RETAIN_LIMIT } from './wasm-memory.ts';

export type KernelBackend = 'js' | 'wasm';

export interface BackendStatus {
  /** What was asked for (`setBackend`, or LAYERLAB_KERNELS in Node; default 'wasm'). */
  requested: KernelBackend;
  /** What the kernels run right now. */
  active: KernelBackend;
  /** The wasm build in use, once loaded. */
  variant: WasmVariant | null;
  /** Why the wasm path is unavailable, if loading failed (e.g. no SIMD support, file not built). */
  error: string | null;
  /** Size of the wasm linear memory: it grows to the largest call so far and is reused after that. */
  wasmMemoryBytes: number | null;
}

// Literal `new URL(…, import.meta.url)` expressions, so that Vite bundles the files as assets.
const builds = (): URL[] => [
  new URL('./wasm/build/kernels-relaxed.wasm', import.meta.url),
  new URL('./wasm/build/kernels-simd.wasm', import.meta.url),
];
const imports = {
  env: {
    abort(): never {
      throw new Error('wasm kernel aborted');
    },
  },
};

let requested: KernelBackend | null = null;
let kernels: WasmKernels | null = null;
/** The compiled module `kernels` came from, for a fresh instance when its memory has grown too large. */
let compiled: WebAssembly.Module | null = null;
let renewing = false;
let failure: string | null = null;
let loading: Promise<void> | null = null;

function nodeProcess(): NodeJS.Process | null {
  const p = (globalThis as { process?: NodeJS.Process }).process;
  return p && typeof p.getBuiltinModule === 'function' && p.versions?.node ? p : null;
}

function checkBackend(value: unknown, source: string): KernelBackend {
  if (value === 'js' || value === 'wasm') return value;
  throw new ParamError('backend', `invalid kernel backend${source}: ${JSON.stringify(value)} (must be "js" or "wasm")`);
}

function requestedBackend(): KernelBackend {
  if (requested === null) {
    const fromEnv = nodeProcess()?.env.LAYERLAB_KERNELS;
    requested = fromEnv ? checkBackend(fromEnv, ' in LAYERLAB_KERNELS') : 'wasm';
  }
  return requested;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Instantiate one build synchronously (Node; tests that compare the builds directly). */
export function wasmKernelsFrom(bytes: BufferSource): WasmKernels {
  return kernelsOf(new WebAssembly.Module(bytes));
}

function kernelsOf(module: WebAssembly.Module): WasmKernels {
  const instance = new WebAssembly.Instance(module, imports);
  return new WasmKernels(instance.exports as unknown as KernelExports);
}

function loadSync(node: NodeJS.Process): WasmKernels {
  const fs = node.getBuiltinModule('node:fs');
  const problems: string[] = [];
  for (const url of builds()) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(fs.readFileSync(url));
    } catch (e) {
      problems.push(`${url.pathname.split('/').pop()} not readable (run \`npm run build:wasm\`): ${message(e)}`);
      continue;
    }
    if (!WebAssembly.validate(bytes)) {
      problems.push(`${url.pathname.split('/').pop()} not supported by this engine`);
      continue;
    }
    compiled = new WebAssembly.Module(bytes);
    return kernelsOf(compiled);
  }
  throw new Error(problems.join('; '));
}

async function loadAsync(): Promise<WasmKernels> {
  const problems: string[] = [];
  for (const url of builds()) {
    const response = await fetch(url);
    if (!response.ok) {
      problems.push(`${url.pathname} HTTP ${response.status}`);
      continue;
    }
    const bytes = await response.arrayBuffer();
    if (!WebAssembly.validate(bytes)) {
      problems.push(`${url.pathname.split('/').pop()} not supported by this engine`);
      continue;
    }
    const { module, instance } = await WebAssembly.instantiate(bytes, imports);
    compiled = module;
    return new WasmKernels(instance.exports as unknown as KernelExports);
  }
  throw new Error(problems.join('; '));
}

function startLoading(): Promise<void> {
  if (loading) return loading;
  const node = nodeProcess();
  if (node) {
    try {
      kernels = loadSync(node);
    } catch (e) {
      failure = message(e);
    }
    loading = Promise.resolve();
  } else {
    loading = loadAsync().then(
      (k) => {
        kernels = k;
      },
      (e: unknown) => {
        failure = message(e);
      },
    );
  }
  return loading;
}

/** The loaded wasm kernels if the wasm backend is requested and ready, else null (→ JavaScript kernels). */
export function activeWasm(): WasmKernels | null {
  if (requestedBackend() !== 'wasm') return null;
  if (loading === null) void startLoading();
  return kernels;
}

/** Quiet time after a big call before its instance is replaced, so a burst of big calls reuses one memory. */
const RENEW_AFTER_MS = 200;
let renewTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Called by the public kernels after a wasm call. Linear memory cannot shrink, so an instance whose memory grew
 * past WASM_RETAIN_LIMIT (one big layer) is replaced by a fresh instance of the same module once no kernel call
 * has come for RENEW_AFTER_MS, and the old memory is left to the garbage collector.
 */
export function releaseWasmMemory(): void {
  if (!kernels || !compiled || kernels.memoryBytes <= WASM_RETAIN_LIMIT) return;
  if (renewTimer !== null) clearTimeout(renewTimer);
  renewTimer = setTimeout(renew, RENEW_AFTER_MS);
  // Node: a pending renewal must not keep a finished script alive.
  (renewTimer as { unref?: () => void }).unref?.();
}

/** Synchronous where the engine allows it (Node, workers, small modules), else asynchronous. */
function renew(): void {
  renewTimer = null;
  const module = compiled;
  if (!kernels || !module || renewing || kernels.memoryBytes <= WASM_RETAIN_LIMIT) return;
  try {
    kernels = kernelsOf(module);
    return;
  } catch {
    // Some browsers refuse synchronous instantiation on the main thread; the old instance serves until then.
  }
  renewing = true;
  WebAssembly.instantiate(module, imports).then(
    (instance) => {
      kernels = new WasmKernels(instance.exports as unknown as KernelExports);
      renewing = false;
    },
    () => {
      renewing = false;
    },
  );
}

/**
 * Resolves once the requested backend is usable: immediately for 'js'; for 'wasm' when the module has loaded,
 * or failed to (then the JavaScript kernels stay in use and `backendStatus().error` says why). Never rejects.
 */
export function ready(): Promise<void> {
  return requestedBackend() === 'wasm' ? startLoading() : Promise.resolve();
}

/** Choose the backend for all later kernel calls. 'wasm' starts loading if needed (see `ready`). */
export function setBackend(backend: KernelBackend): void {
  requested = checkBackend(backend, '');
  if (requested === 'wasm') void startLoading();
}

/** The backend kernel calls use right now: 'wasm' only once the module is loaded. */
export function getBackend(): KernelBackend {
  return activeWasm() ? 'wasm' : 'js';
}

export function backendStatus(): BackendStatus {
  const active = getBackend();
  return {
    requested: requestedBackend(), active, variant: kernels?.variant ?? null, error: failure,
    wasmMemoryBytes: kernels?.memoryBytes ?? null,
  };
}
