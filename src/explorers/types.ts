import type { Schema, ValueOf } from '../state/schema.ts';
import type { Store } from '../state/store.ts';

/** Options that come from the URL but are not explorer state (embedding, presentation). */
export interface PresentationOptions {
  embed: boolean;
  /** Panel ids to show in embed mode; empty = the explorer's default set. */
  panels: string[];
  theme: 'light' | 'dark' | 'auto';
  scale: number;
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
}

/** One story of the app: a schema for its URL state and a mount function that builds its UI. */
export interface ExplorerModule<S extends Schema = Schema> {
  id: 'conv-transpose' | 'batch-norm';
  title: string;
  schema: S;
  /** Builds the explorer under `root`; returns a cleanup function. */
  mount(root: HTMLElement, store: Store<ValueOf<S>>, ctx: ExplorerContext): () => void;
}
