/**
 * Presenter keys of the transposed-convolution page: ] [ step the stride (both axes, the parameter the story turns
 * on), o toggles "keep the output size", space plays the paint animation.
 *
 * Output padding must stay below max(stride, dilation), so stepping the stride down may have to lower it. A run of
 * stride steps remembers the layer at every stride it passed, so stepping back returns to exactly that layer (from
 * the defaults, [ then ] is 16×16 → 16×16, not 16×16 → 15×15). With "keep the output size" on, a stride step also
 * changes the input size and output padding so the output stays the size it was — the question a lecturer usually
 * asks ("same picture size, what does the stride do to the pattern?").
 */
import type { PresenterHooks } from '../types.ts';
import type { Store } from '../../state/store.ts';
import { sameValues } from '../../state/store.ts';
import { convTransposeSchema, type ConvTransposeState } from './schema.ts';

type Geometry = Pick<ConvTransposeState, 'sH' | 'sW' | 'inH' | 'inW' | 'opH' | 'opW'>;

const geometry = (s: ConvTransposeState): Geometry => ({ sH: s.sH, sW: s.sW, inH: s.inH, inW: s.inW, opH: s.opH, opW: s.opW });

/** Output length of one axis (PyTorch's ConvTranspose2d formula). */
export function outLength(inLen: number, stride: number, padSum: number, dilation: number, kernel: number, outPad: number): number {
  return (inLen - 1) * stride - padSum + dilation * (kernel - 1) + outPad + 1;
}

/**
 * Input length and output padding that give `out` at `stride` (output padding below the stride), or null when no
 * input length the page allows does.
 */
export function keepLength(out: number, stride: number, padSum: number, dilation: number, kernel: number): { inLen: number; outPad: number } | null {
  const rest = out - 1 + padSum - dilation * (kernel - 1);
  if (rest < 0) return null;
  const inLen = Math.floor(rest / stride) + 1;
  const outPad = rest - (inLen - 1) * stride;
  if (inLen < convTransposeSchema.inH.min || inLen > convTransposeSchema.inH.max || outPad > convTransposeSchema.opH.max) return null;
  return { inLen, outPad };
}

/**
 * The layer one stride step from `s`, given the layer at the first stride of this run of steps (`origin`):
 * output padding lowered only as far as the new stride needs (and never raised above the origin's); with `keepSize`,
 * the input size and output padding that keep the output size. Null when the stride is at its limit.
 */
export function strideStep(s: ConvTransposeState, delta: 1 | -1, origin: Geometry, keepSize: boolean): { next: Geometry; kept: boolean } | null {
  const stride = s.sH + delta;
  if (stride < convTransposeSchema.sH.min || stride > convTransposeSchema.sH.max) return null;
  const opH = Math.min(origin.opH, Math.max(stride, s.dH) - 1);
  const opW = Math.min(origin.opW, Math.max(stride, s.dW) - 1);
  const plain: Geometry = { sH: stride, sW: stride, inH: s.inH, inW: s.inW, opH, opW };
  if (!keepSize) return { next: plain, kept: false };
  const outH = outLength(s.inH, s.sH, s.pT + s.pB, s.dH, s.kH, s.opH);
  const outW = outLength(s.inW, s.sW, s.pL + s.pR, s.dW, s.kW, s.opW);
  const h = keepLength(outH, stride, s.pT + s.pB, s.dH, s.kH);
  const w = keepLength(outW, stride, s.pL + s.pR, s.dW, s.kW);
  if (!h || !w) return { next: plain, kept: false };
  return { next: { sH: stride, sW: stride, inH: h.inLen, inW: w.inLen, opH: h.outPad, opW: w.outPad }, kept: true };
}

export function convTransposePresenter(store: Store<ConvTransposeState>, page: HTMLElement): PresenterHooks {
  let keepSize = false;
  /** This run of stride steps: the state it left the page in and the layer seen at each stride. */
  let run: { after: ConvTransposeState; seen: Map<number, Geometry>; origin: Geometry } | null = null;

  const describe = (s: ConvTransposeState) =>
    `stride ${s.sH}, output padding ${s.opH}, input ${s.inH}×${s.inW}, output ` +
    `${outLength(s.inH, s.sH, s.pT + s.pB, s.dH, s.kH, s.opH)}×${outLength(s.inW, s.sW, s.pL + s.pR, s.dW, s.kW, s.opW)}`;

  return {
    param: 'stride',
    stepHelp: 'stride − / + (output padding follows and comes back; o keeps the output size)',
    step(delta) {
      const s = store.get();
      if (!run || !sameValues(run.after, s)) {
        run = { after: s, seen: new Map([[s.sH, geometry(s)]]), origin: geometry(s) };
      }
      const seen = run.seen.get(s.sH + delta);
      const stepped = seen ? { next: seen, kept: keepSize } : strideStep(s, delta, run.origin, keepSize);
      if (!stepped) return `stride stays ${s.sH} (allowed ${convTransposeSchema.sH.min}–${convTransposeSchema.sH.max})`;
      store.update(stepped.next, 'push');
      const after = store.get();
      run.after = after;
      if (!seen) run.seen.set(after.sH, geometry(after));
      return describe(after) + (keepSize && !stepped.kept ? ' (the output size could not be kept)' : '');
    },
    keys: [{
      keys: ['o'],
      label: 'o',
      does: 'keep the output size on stride steps (on / off): the input size and output padding adapt',
      run() {
        keepSize = !keepSize;
        run = null;
        return `keep the output size: ${keepSize ? 'on' : 'off'}`;
      },
    }],
    togglePlay() {
      const play = page.querySelector<HTMLButtonElement>('[data-testid="anim-play"]');
      if (!play) return 'this view has no animation';
      play.click();
      return play.getAttribute('aria-pressed') === 'true' ? 'playing' : 'paused';
    },
  };
}
