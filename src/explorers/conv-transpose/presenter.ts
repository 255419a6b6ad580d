import type { Store } from '../../state/store.ts';
import type { ExplorerContext } from '../types.ts';
import type { LayerResults } from './compute.ts';
import { convTransposePresenter } from './presenter-keys.ts';
import type { ConvTransposeState } from './schema.ts';

/** Presenter keys (presenter-keys.ts); exports read the last valid layer. */
export function registerPresenterAndExport(
  store: Store<ConvTransposeState>, ctx: ExplorerContext, page: HTMLElement, current: () => LayerResults | null,
): void {
  ctx.registerPresenter?.(convTransposePresenter(store, page));
  ctx.registerSnapshot?.(() => {
    const r = current();
    if (!r) return null;
    const i = r.info;
    return {
      kind: 'ConvTranspose2d', inChannels: i.inChannels, outChannels: i.outChannels, kernelSize: [i.kH, i.kW],
      stride: [i.strideH, i.strideW], padding: [i.padTop, i.padLeft, i.padBottom, i.padRight],
      outputPadding: [i.outPadH, i.outPadW], dilation: [i.dilationH, i.dilationW], groups: i.groups,
      weight: r.weight, bias: r.bias, input: r.input, output: r.output,
    };
  });
}
