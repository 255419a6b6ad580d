import type { ViewModel } from './view-model.ts';

const list = (a: ArrayLike<number> | null | undefined) => (a ? Array.from(a) : null);

/** The numbers end-to-end tests assert on (`window.__layerLab.explorer`), the same ones the panels print. */
export function publishedNumbers(vm: ViewModel): Record<string, unknown> {
  const { state, results: r } = vm;
  const layer = state.mode === 'train' ? r.train : r.eval;
  const C = r.names.length;
  const fold = r.folding && !('error' in r.folding) ? r.folding : null;
  const cov = r.covariance;
  return {
    dataError: r.dataError,
    source: r.source,
    channels: r.names,
    mode: state.mode,
    shape: r.batch?.x.shape ?? null,
    gamma: state.gamma,
    beta: state.beta,
    eps: state.eps,
    layerError: layer?.error ?? null,
    trainError: r.train?.error ?? null,
    inputMean: list(r.inputStats?.mean),
    inputStd: list(r.inputStats?.std),
    xhatMean: list(layer?.xhatStats?.mean),
    xhatStd: list(layer?.xhatStats?.std),
    outputMean: list(layer?.outputStats?.mean),
    outputStd: list(layer?.outputStats?.std),
    usedMean: list(layer?.mean),
    usedVar: list(layer?.variance),
    steps: state.steps,
    shiftSteps: state.shiftSteps,
    runningMean: list(r.running?.mean),
    runningVar: list(r.running?.variance),
    runningError: r.running?.error ?? null,
    targetMean: list(r.running?.targetShifted?.mean ?? r.running?.target.mean),
    targetVar: list(r.running?.targetShifted?.variance ?? r.running?.target.variance),
    trainEvalMaxDiff: r.trainEvalMaxDiff,
    trainEvalMeanDiff: r.trainEvalMeanDiff,
    identityMaxDiff: r.identity?.maxDiff ?? null,
    blendMaxDiff: r.identity?.blend.maxDiffFromMix ?? null,
    foldMaxDiff: fold?.maxDiff ?? null,
    corrBefore: cov ? cov.before.corr[state.pairA * C + state.pairB] : null,
    corrAfter: cov?.after ? cov.after.corr[state.pairA * C + state.pairB] : null,
    covAfterDiagonal: cov?.after ? Array.from({ length: C }, (_, c) => cov.after!.cov[c * C + c]) : null,
    oneValueError: r.pitfalls?.one.trainError ?? null,
  };
}
