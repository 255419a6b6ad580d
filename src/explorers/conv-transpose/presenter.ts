import type { Store } from '../../state/store.ts';
import { defaults } from '../../state/schema.ts';
import type { ExplorerContext } from '../types.ts';
import type { LayerResults } from './compute.ts';
import { convTransposeSchema, type ConvTransposeState } from './schema.ts';

/**
 * Presenter keys step the stride (the parameter the story turns on), space plays the paint animation, r resets;
 * exports read the last valid layer.
 */
export function registerPresenterAndExport(
  store: Store<ConvTransposeState>, ctx: ExplorerContext, page: HTMLElement, current: () => LayerResults | null,
): void {
  ctx.registerPresenter?.({
    step(delta) {
      const s = store.get();
      const stride = Math.min(4, Math.max(1, s.sH + delta));
      // Keep output_padding legal (smaller than stride or dilation) so stepping never lands on a refusal.
      const opH = Math.min(s.opH, Math.max(stride, s.dH) - 1);
      const opW = Math.min(s.opW, Math.max(stride, s.dW) - 1);
      store.update({ sH: stride, sW: stride, opH, opW });
      return `stride ${stride}`;
    },
    togglePlay() {
      const play = page.querySelector<HTMLButtonElement>('[data-testid="anim-play"]');
      if (!play) return 'this view has no animation';
      play.click();
      return play.getAttribute('aria-pressed') === 'true' ? 'playing' : 'paused';
    },
    reset: () => store.set(defaults(convTransposeSchema)),
    help: [{ keys: '← →', does: 'stride − / + (output padding kept legal)' }],
  });
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
