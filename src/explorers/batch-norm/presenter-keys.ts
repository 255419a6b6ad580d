/**
 * Presenter keys of the batch-norm page: ] [ step γ of the selected channel by 0.1 (the parameter the first panels
 * turn on), . , one training step forward / back (the running statistics' time axis).
 */
import type { PresenterHooks } from '../types.ts';
import type { Store } from '../../state/store.ts';
import { bnSchema, perChannel, type BnState } from './schema.ts';
import { stepPatch } from './panels/running.ts';

/** γ's presenter step; the slider's range (±3) is where the histograms are readable. */
export const GAMMA_STEP = 0.1;
const GAMMA_LIMIT = 3;

export function gammaStep(s: BnState, delta: 1 | -1): number[] {
  const gamma = [...perChannel(s.gamma, bnSchema.gamma.default).values];
  const c = s.channel;
  // Rounded to the step so ten steps up and ten down land on the value they started from, not 0.9999999.
  const v = Math.round((gamma[c] + delta * GAMMA_STEP) * 1e6) / 1e6;
  gamma[c] = Math.min(GAMMA_LIMIT, Math.max(-GAMMA_LIMIT, v));
  return gamma;
}

export function batchNormPresenter(store: Store<BnState>): PresenterHooks {
  const trainingSteps = (delta: 1 | -1): string => {
    const s = store.get();
    if (delta > 0) store.update(stepPatch(s, 1), 'push');
    else if (s.shiftSteps > 0) store.update({ shiftSteps: s.shiftSteps - 1 }, 'push');
    else if (s.steps > 0) store.update({ steps: s.steps - 1 }, 'push');
    const after = store.get();
    return `${after.steps + after.shiftSteps} training steps`;
  };
  return {
    param: 'γ',
    stepHelp: `γ of the selected channel − / + ${GAMMA_STEP}`,
    step(delta) {
      const s = store.get();
      const gamma = gammaStep(s, delta);
      store.update({ gamma }, 'push');
      return `γ of channel ${s.channel + 1}: ${gamma[s.channel]}`;
    },
    keys: [
      { keys: ['.', ','], label: '. ,', does: 'one training step forward / back (running statistics)', run: (k) => trainingSteps(k === '.' ? 1 : -1) },
    ],
  };
}
