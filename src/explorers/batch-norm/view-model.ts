import type { HistoryMode } from '../../state/store.ts';
import type { BnResults } from './compute.ts';
import type { BnState } from './schema.ts';
import type { HistogramSeries } from '../../views/histogram.ts';
import type { Panel as RuntimePanel } from '../runtime/panel.ts';

/** The three stages the histograms show for every channel. */
export type Stage = 'input' | 'xhat' | 'output';

/** Histograms as they were when a slider drag started: drawn as outlines while the slider moves. */
export type Ghost = Record<Stage, (HistogramSeries | null)[]>;

/** Everything a panel renders from. Panels never keep state of their own beyond their DOM. */
export interface ViewModel {
  state: BnState;
  results: BnResults;
  ghost: Ghost | null;
  /** Histogram domains per stage, kept steady during a drag so a moving γ visibly widens the histogram. */
  domains: Record<Stage, [number, number]> | null;
}

export interface Actions {
  update(patch: Partial<BnState>, history?: HistoryMode): void;
  selectChannel(c: number): void;
  chooseFiles(files: File[]): void;
}

export const PANEL_IDS = ['histograms', 'feature-maps', 'scatter', 'tensor-3d', 'identity', 'running-stats', 'pitfalls', 'folding'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** A panel of this explorer (runtime/panel.ts): drawn from the view model; it has no hover-only redraw. */
export type Panel = RuntimePanel<ViewModel, PanelId>;
