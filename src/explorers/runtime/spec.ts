/**
 * What an explorer hands the runtime (runtime.ts), and what it gets back. An explorer's compute, panels and story
 * are its own; nothing here is about scheduling except the optional in-page step, which the runtime decides when
 * to take.
 */
import type { HistoryMode, Store } from '../../state/store.ts';
import type { ExplorerContext } from '../types.ts';
import type { Redraw } from './lazy-panels.ts';
import type { Panel } from './panel.ts';
import type { Detail } from './protocol.ts';
import type { ExplorerRunner } from './runner.ts';

/** Where a result was computed: the page (a cheap step), the worker (or its in-thread fallback), the analyses worker. */
export type ComputedIn = 'page' | 'worker' | 'main thread' | 'analyses';

/** What the page has on screen, for the explorer's in-page step. */
export interface OnScreen<S, R> {
  state: S;
  result: R;
  /** The last complete ('full') result: where a 'first' pass computed here takes the slow analyses from. */
  full: R | null;
  /** The page's kernels are the ones the worker's results came from (the same bits either way). */
  sameKernels: boolean;
}

/** A step the explorer can take in the page. `run: null` sends it to the worker. */
export interface PageStep<R> {
  /** The predicted in-page time (ms), published with where the step ran; null where nothing was predicted. */
  estimateMs: number | null;
  run: (() => R) | null;
}

/** How a result came to be drawn. */
export interface Pass {
  detail: Detail;
  where: ComputedIn;
  /** A 'full' pass that completes the 'first' pass on screen: only the panels that waited for it are redrawn. */
  completes: boolean;
}

/** How a state change is scheduled: 'light' shows no "computing" hint, 'skip' computes nothing. */
export type Change = 'heavy' | 'light' | 'skip';

export interface ExplorerSpec<S extends object, I, R, V, Id extends string, P extends string> {
  /** Names the latency marks and the workers. */
  name: string;
  store: Store<S>;
  ctx: ExplorerContext;
  /** The explorer's compute, in a worker; the runtime starts two: 'repaint' and 'analyses'. */
  worker(role: 'repaint' | 'analyses'): ExplorerRunner<S, I, R>;
  panels: readonly Panel<V, Id>[];
  /** The state compute sees (e.g. normalised); the store's state by default. */
  state?(raw: S): S;
  /** Parts of `result` a 'first' pass left pending (empty: complete). An explorer without slow analyses omits these three. */
  pending?(result: R): readonly P[];
  /** The panels that show each pending part: they wait for the 'full' pass. */
  pendingPanels?: Partial<Record<Id, readonly P[]>>;
  /** A 'first' pass's pending parts, filled in from the last 'full' pass wherever that one has them. */
  adopt?(first: R, full: R): R;
  /** A result that cannot be shown (an invalid layer): the last valid one stays on screen, greyed. */
  invalid?(result: R): boolean;
  /** A result the page counts as drawn (e.g. not a placeholder while data loads); every one by default. */
  complete?(result: R): boolean;
  /** The inputs `state` needs are still loading (the explorer calls `setInputs` once they are in). */
  loading?(state: S): boolean;
  /** How a store change is scheduled; 'heavy' by default. */
  changed?(state: S, previous: S, history: HistoryMode): Change;
  /** The view the panels draw from this result. */
  present(state: S, result: R, pass: Pass): V;
  /** After a result's panels near the screen were drawn (controls, banners, parity checks). */
  shown?(state: S, result: R, view: V, pass: Pass): void;
  /** After one panel was drawn. */
  drawn?(panel: Panel<V, Id>, reason: Redraw): void;
  /** A result the runtime will not show (see `invalid`). */
  rejected?(state: S, result: R): void;
  /** Waiting for inputs (see `loading`). */
  waiting?(state: S): void;
  /** compute threw: a bug worth showing, not hiding. */
  failed?(error: Error): void;
  /** The explorer's own numbers for tests, merged into everything the runtime publishes. */
  published?(): Record<string, unknown>;
  /** "Computing…" after `delayMs` for heavy changes (most come back sooner: no flicker), class `computing` on `root`. */
  hint?: { el: HTMLElement; root: HTMLElement; delayMs: number };
  /** Steps in the page. */
  page?: {
    step(state: S, onScreen: OnScreen<S, R>): PageStep<R>;
    /** The worker's 'first' pass for `state` took `ms`: what can bring steps back to a page that ran slow. */
    workerTimed?(state: S, ms: number): void;
    /** `state` went to the worker. */
    sent?(state: S): void;
    /** New inputs: nothing computed so far applies. */
    inputsChanged?(): void;
    /**
     * Warm-up passes in the page while it is idle, once a complete result is drawn (the first of a page's passes
     * meet cold code and caches); `count`: the pass may go into the cost estimate. Stops when the user moves.
     */
    warm?: { passes: number; counted: number; pass(onScreen: OnScreen<S, R>, i: number, count: boolean): void };
  };
}

export interface ExplorerRuntime<S, I, R, V> {
  /** Subscribe to the store and compute the current state. */
  start(): void;
  /** The complete decoded inputs (pictures …) for this and every later state; `recompute`: the state shown needs them. */
  setInputs(inputs: I, recompute?: boolean): void;
  /** Compute the current state again (at the end of this task). */
  schedule(): void;
  /** Redraw the panels from the view on screen (e.g. a hover), optionally changed by `update`. */
  redraw(reason: Redraw, update?: (view: V) => V): void;
  /** Draw every panel that is out of date now (before an export). */
  flush(): void;
  /** Publish the status and the explorer's numbers now. */
  publish(): void;
  /** Something the explorer does outside compute failed (e.g. its inputs could not load): status 'error'. */
  fail(): void;
  /** What is on screen, and the last result received (perhaps invalid). */
  readonly shown: { state: S; result: R; view: V } | null;
  readonly latest: R | null;
  /** Where compute runs ('worker', or 'main thread' after a fallback). */
  readonly where: 'worker' | 'main thread';
  dispose(): void;
}
