import type { Schema, ValueOf } from '../state/schema.ts';
import type { PresentationOptions } from '../state/presentation.ts';
import type { Store } from '../state/store.ts';
import type { Tensor } from '../kernels/index.ts';

/** The explorer's current layer, with real weights and a sample input/output, for exports. */
export type LayerSnapshot =
  | {
      kind: 'ConvTranspose2d';
      inChannels: number;
      outChannels: number;
      kernelSize: [number, number];
      stride: [number, number];
      /** [top, left, bottom, right] */
      padding: [number, number, number, number];
      outputPadding: [number, number];
      dilation: [number, number];
      groups: number;
      weight: Tensor;
      bias: Float32Array | null;
      input: Tensor;
      output: Tensor;
    }
  | {
      kind: 'BatchNorm2d';
      numFeatures: number;
      eps: number;
      momentum: number;
      training: boolean;
      weight: Float32Array;
      bias: Float32Array;
      runningMean: Float32Array;
      runningVar: Float32Array;
      input: Tensor;
      output: Tensor;
    }
  | {
      /** One of the normalization page's five, on an [N, C, H, W] batch (BatchNorm in training mode). */
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
    };

export type { PresentationOptions };

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
  /** Offer the current layer for export as JSON, a PyTorch snippet and .onnx (optional). */
  registerSnapshot?(snapshot: () => LayerSnapshot | null): void;
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
