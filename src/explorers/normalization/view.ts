/** What the normalization page's panels draw from, and what they may do (they never own state). */
import type { Cell } from '../../views/heatmap.ts';
import type { HistoryMode } from '../../state/store.ts';
import type { Panel as RuntimePanel } from '../runtime/panel.ts';
import type { NormResults } from './compute.ts';
import type { NormState } from './schema.ts';

export const PANEL_IDS = ['share', 'cube', 'side-by-side', 'knob', 'batch', 'rms'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export interface View {
  state: NormState;
  results: NormResults;
  /** The probed cell of the flat grid (row n·C + c, column h·W + w); null: none. */
  probe: Cell | null;
}

export interface Actions {
  update(patch: Partial<NormState>, history?: HistoryMode): void;
  probe(cell: Cell | null): void;
  chooseFiles(files: File[]): void;
}

export type Panel = RuntimePanel<View, PanelId>;
