/**
 * Presenter keys of the training page: ] [ step the SGD learning rate of the batch-norm race along 1–2–5 (the
 * setting its claim is about), . runs one training step of both demos, space runs or pauses them. Reset (r) resets
 * the settings through the store; the runs start again from step 0 (they are not state and cannot be undone).
 */
import type { PresenterHooks } from '../types.ts';
import type { Store } from '../../state/store.ts';
import { trainingSchema, type TrainingState } from './schema.ts';

/** What the presenter keys need of a demo's run. */
export interface PresentedRun {
  readonly running: boolean;
  stepOnce(): void;
  run(): void;
  pause(): void;
  reset(): void;
}

/** The next learning rate on the 1–2–5 grid from `lr` (an off-grid value goes to its neighbour on the grid). */
export function lrStep(lr: number, delta: 1 | -1): number {
  const grid: number[] = [];
  for (let e = -4; e <= 1; e++) for (const m of [1, 2, 5]) grid.push(Number((m * 10 ** e).toPrecision(3)));
  const allowed = grid.filter((v) => v >= trainingSchema.lr2.min && v <= trainingSchema.lr2.max);
  const next = delta > 0 ? allowed.find((v) => v > lr * (1 + 1e-9)) : [...allowed].reverse().find((v) => v < lr * (1 - 1e-9));
  return next ?? lr;
}

export function trainingPresenter(store: Store<TrainingState>, runs: PresentedRun[]): PresenterHooks {
  return {
    param: 'learning rate',
    stepHelp: 'SGD learning rate of demo 2 down / up (1, 2, 5 × 10ⁿ); the race starts again',
    step(delta) {
      const lr2 = lrStep(store.get().lr2, delta);
      store.update({ lr2 }, 'push');
      return `SGD learning rate ${lr2}`;
    },
    keys: [{
      keys: ['.'],
      label: '.',
      does: 'one training step of both demos',
      run() {
        for (const r of runs) r.stepOnce();
        return 'one training step for both demos';
      },
    }],
    togglePlay() {
      const running = runs.some((r) => r.running);
      for (const r of runs) (running ? r.pause() : r.run());
      return running ? 'paused' : 'running';
    },
    reset() {
      for (const r of runs) r.reset();
    },
  };
}
