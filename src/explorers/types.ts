import type { Schema, ValueOf } from '../state/schema.ts';
import type { PresentationOptions } from '../state/presentation.ts';
import type { ImportedLayers } from './imported-layer.ts';
import type { Store } from '../state/store.ts';
import type { ExportGraph } from '../onnx/export-graph.ts';
import type { Tensor } from '../kernels/index.ts';

/**
 * What a panel shows, as a small network with its real weights, a sample input and the outputs the page computed
 * (onnx/export-graph.ts): the source of the panel's JSON, PyTorch and .onnx exports.
 */
export type LayerSnapshot = ExportGraph | NormalizationSnapshot;

/**
 * One of the normalization page's five on an [N, C, H, W] batch (BatchNorm in training mode); app/export/
 * normalization.ts writes its files, since the family's layers are not among the export graph's ops.
 */
export interface NormalizationSnapshot {
  kind: 'Normalization';
  norm: 'bn' | 'ln' | 'in' | 'gn' | 'rms';
  numChannels: number;
  numGroups: number;
  eps: number;
  /** Per channel (LayerNorm and RMSNorm repeat them over H, W); null without affine. */
  weight: Float32Array | null;
  bias: Float32Array | null;
  input: Tensor;
  output: Tensor;
}

export function isNormalizationSnapshot(s: LayerSnapshot): s is NormalizationSnapshot {
  return 'kind' in s && s.kind === 'Normalization';
}

/**
 * Where each panel's export comes from, by panel id (`data-panel`); `'*'` serves every panel not named. A panel
 * with no source offers only the image exports. A source returns null while there is nothing valid to export
 * (the toolbar then says so); it may be async (the training networks live in a worker).
 */
export type SnapshotSources = Record<string, () => LayerSnapshot | null | Promise<LayerSnapshot | null>>;

export type { PresentationOptions };

/** One extra presenter key an explorer offers (documented in the `?` overlay). */
export interface PresenterKey {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: string[];
  /** How the overlay shows the keys, e.g. ". ,". */
  label: string;
  does: string;
  /** `key`: which of `keys` was pressed. Returns a short description for screen readers. */
  run(key: string): string | void;
}

/**
 * What an explorer offers presenter mode (`present=1`): its main parameter, stepped with ] / [ (or + / −), optional
 * further keys, and play/pause on space. The keys act only in presenter mode; ← → move between panels there.
 * Reset (r) is the shell's: the store back to the schema's defaults, undoable.
 */
export interface PresenterHooks {
  /** The main parameter as the overlay names it, e.g. "stride". */
  param: string;
  /** Step the main parameter by ±1 ("layerlab:step" from an embedding page too). Returns a short description for screen readers. */
  step(delta: 1 | -1): string | void;
  /** What a step does, for the overlay (e.g. "stride − / + (output padding follows, and comes back)"). */
  stepHelp: string;
  keys?: PresenterKey[];
  /** Play or pause the explorer's animation, if it has one. */
  togglePlay?(): string | void;
  /** After the state went back to the defaults: reset what is not state (a training run, say). */
  reset?(): void;
}

export interface ExplorerContext {
  presentation: PresentationOptions;
  /** What was opened from an .onnx file in this tab (never in a link). */
  imported: ImportedLayers;
  /** Show a dismissible notice in the app's notice area. */
  notify(message: string): void;
  /**
   * Publish numbers for end-to-end tests (`window.__layerLab.explorer`): tests assert on numbers,
   * not pixels. Call whenever the shown numbers change.
   */
  publish(values: Record<string, unknown>): void;
  /** Offer presenter keys (optional). */
  registerPresenter?(hooks: PresenterHooks): void;
  /** Offer what each panel shows for export as JSON, a PyTorch script and .onnx (optional). */
  registerSnapshot?(sources: SnapshotSources): void;
  /**
   * Go to another link of the app (`#/route?…`) as a new history entry, after this page's URL has caught up with its
   * state (changes reach the URL only once the state rests: state/url-writer.ts).
   */
  openLink(hash: string): void;
}

/** One story of the app: a schema for its URL state and a mount function that builds its UI. */
export interface ExplorerModule<S extends Schema = Schema> {
  id: 'conv-transpose' | 'batch-norm' | 'normalization' | 'training' | 'model';
  title: string;
  schema: S;
  /** Builds the explorer under `root`; returns a cleanup function. */
  mount(root: HTMLElement, store: Store<ValueOf<S>>, ctx: ExplorerContext): () => void;
}
