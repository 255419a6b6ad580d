import type { Store } from '../../state/store.ts';
import type { ExplorerContext } from '../types.ts';
import type { LayerResults } from './compute.ts';
import { convTransposePresenter } from './presenter-keys.ts';
import { convTransposeSnapshots } from './snapshot.ts';
import type { ConvTransposeState } from './schema.ts';

/** Presenter keys (presenter-keys.ts); exports describe what each panel shows from the last valid layer (snapshot.ts). */
export function registerPresenterAndExport(
  store: Store<ConvTransposeState>, ctx: ExplorerContext, page: HTMLElement, current: () => LayerResults | null,
): void {
  ctx.registerPresenter?.(convTransposePresenter(store, page));
  ctx.registerSnapshot?.(convTransposeSnapshots(current, () => store.get()));
}
