/**
 * What the user opened from an .onnx file, in memory for this tab only: a file cannot travel in a link. The model
 * page (#/model) keeps the model it lists here, so it is still listed after a visit to an explorer, and puts the
 * node chosen with "Open in explorer" here; an explorer whose URL state says so (`kernel=onnx` in the transposed
 * convolution, `source=onnx` in batch norm) reads the layer, and falls back with a notice when there is none
 * (after a reload, or in a link opened elsewhere).
 */
import type { Tensor } from '../kernels/tensor.ts';
import type { ExtractedLayer, ModelProto, OnnxModelSummary } from '../onnx/index.ts';

/** A decoded model as the model page lists it. */
export interface LoadedModel {
  fileName: string;
  model: ModelProto;
  summary: OnnxModelSummary;
  /** The shipped reference model it is (its link can reload it), or null for the user's own file. */
  reference: string | null;
  /** The file's bytes: the model page runs the whole model (and checks its nodes) in a worker from them. */
  bytes?: Uint8Array;
}

/** One node chosen from a loaded model. */
export interface ImportedLayer {
  /** The file's name, e.g. "generator.onnx". */
  source: string;
  /** The node's name, or "ConvTranspose #3" when the file gives none. */
  nodeLabel: string;
  /** The node's weights and parameters, extracted for its input shape in the file. */
  layer: ExtractedLayer;
  /** The whole model: an explorer re-derives auto_pad / output_shape padding for another input size from it. */
  model: ModelProto;
  /** The activation that reaches the node when the model runs on the page's sample input (file rank), if known. */
  input?: Tensor;
}

export interface HeldLayer extends ImportedLayer {
  /** Changes whenever another layer is put here (explorers key their caches on it). */
  id: number;
}

type Listener = (layer: HeldLayer | null) => void;

/**
 * The tab's holder of what was opened from an .onnx file: made once by the app shell and handed to every page in
 * its context, so a page reads it through what it is given (and a test makes its own).
 */
export interface ImportedLayers {
  get(): HeldLayer | null;
  /** Hold a layer (replacing any other) and tell the subscribers. */
  set(layer: ImportedLayer): HeldLayer;
  clear(): void;
  /** Called with the new layer (or null) whenever it changes; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void;
  /** The model the model page lists. */
  loaded(): LoadedModel | null;
  /** Replacing the listed model keeps the held layer: the explorer open in it is still valid. */
  setLoaded(model: LoadedModel | null): void;
}

export function createImportedLayers(): ImportedLayers {
  let held: HeldLayer | null = null;
  let loaded: LoadedModel | null = null;
  let nextId = 1;
  const listeners = new Set<Listener>();
  return {
    get: () => held,
    set(layer) {
      held = { ...layer, id: nextId++ };
      for (const fn of [...listeners]) fn(held);
      return held;
    },
    clear() {
      if (!held) return;
      held = null;
      for (const fn of [...listeners]) fn(null);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    loaded: () => loaded,
    setLoaded(model) {
      loaded = model;
    },
  };
}
