import type { Schema, ValueOf } from '../state/schema.ts';
import type { Store } from '../state/store.ts';
import type { ExportGraph } from '../onnx/export-graph.ts';

/**
 * What a panel shows, as a small network with its real weights, a sample input and the outputs the page computed
 * (onnx/export-graph.ts): the source of the panel's JSON, PyTorch and .onnx exports.
 */
export type LayerSnapshot = ExportGraph;

/**
 * Where each panel's export comes from, by panel id (`data-panel`); `'*'` serves every panel not named. A panel
 * with no source offers only the image exports. A source returns null while there is nothing valid to export
 * (the toolbar then says so); it may be async (the training networks live in a worker).
 */
export type SnapshotSources = Record<string, () => LayerSnapshot | null | Promise<LayerSnapshot | null>>;

/** Options that come from the URL but are not explorer state (embedding, presentation). */
export interface PresentationOptions {
  embed: boolean;
  /** Panel ids to show in embed mode; empty = the explorer's default set. */
  panels: string[];
  theme: 'light' | 'dark' | 'auto';
  scale: number;
}

/** Keyboard presenter hooks (arrows, space, r) an explorer can offer for slides. */
export interface PresenterHooks {
  /** Step the main parameter or the animation by ±1. Returns a short description for screen readers. */
  step(delta: 1 | -1): string | void;
  /** Play or pause the explorer's animation, if it has one. */
  togglePlay?(): string | void;
  /** Back to the explorer's default state. */
  reset(): void;
  /** One line per key, shown in the `?` overlay. */
  help: { keys: string; does: string }[];
}

export interface ExplorerContext {
  presentation: PresentationOptions;
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
  id: 'conv-transpose' | 'batch-norm' | 'training' | 'model';
  title: string;
  schema: S;
  /** Builds the explorer under `root`; returns a cleanup function. */
  mount(root: HTMLElement, store: Store<ValueOf<S>>, ctx: ExplorerContext): () => void;
}
