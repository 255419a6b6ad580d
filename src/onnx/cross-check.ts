/**
 * Cross-check one layer: our kernel against ONNX Runtime on a single-node model with the same parameters.
 * Never throws: every outcome is a CrossCheckResult the parity badge can show — compared (ok or mismatch),
 * unavailable (ONNX cannot express it, with the reason), or error (with the message).
 */
import {
  batchNorm2d, conv2d, convTranspose2d, pixelShuffle, upsample2d, allCloseMessage, maxAbsDiff,
  groupNorm2d, instanceNorm2d, layerNorm, rmsNorm,
  type BatchNormOptions, type ConvOptions, type ConvTransposeOptions, type Tensor, type UpsampleOptions,
} from '../kernels/index.ts';
import type { GroupNormOptions, InstanceNormOptions, LayerNormOptions, RmsNormOptions } from '../kernels/norm-params.ts';
import { instanceNorm2dInfo } from '../kernels/norm-params.ts';
import { batchNorm2dInfo, conv2dInfo, convTranspose2dInfo, upsample2dInfo } from '../kernels/params.ts';
import {
  buildBatchNormModel, buildConvModel, buildConvTransposeModel, buildDepthToSpaceModel, buildGroupNormModel,
  buildInstanceNormModel, buildLayerNormModel, buildResizeModel, buildRmsNormModel,
  type ParameterStorage, type SingleNodeModel,
} from './builder.ts';
import { ortLimitation, upsampleOrtLimitation } from './mapping.ts';
import { ortErrorMessage, runSingleNodeModel, TIMED_RUNS } from './ort-runner.ts';

/** ORT's own test tolerance: |ours − ORT| ≤ ATOL + RTOL·|ORT|. */
export const ATOL = 1e-4;
export const RTOL = 1e-4;

export type CrossCheckRequest =
  | { op: 'ConvTranspose'; input: Tensor; weight: Tensor; bias: Float32Array | null; options: ConvTransposeOptions }
  | { op: 'Conv'; input: Tensor; weight: Tensor; bias: Float32Array | null; options: ConvOptions }
  | { op: 'BatchNormalization'; input: Tensor; options: BatchNormOptions }
  | { op: 'Resize'; input: Tensor; options: UpsampleOptions }
  | { op: 'DepthToSpace'; input: Tensor; upscaleFactor: number }
  /** `opset` 21 (default: per-channel scale and bias, as PyTorch) or 18 (per-group: only group-constant weights). */
  | { op: 'GroupNormalization'; input: Tensor; options: GroupNormOptions; opset?: 18 | 21 }
  | { op: 'LayerNormalization'; input: Tensor; options: LayerNormOptions }
  | { op: 'InstanceNormalization'; input: Tensor; options: InstanceNormOptions }
  | { op: 'RMSNormalization'; input: Tensor; options: RmsNormOptions };

/** Our kernel's outputs (in the model's output order) and how long it took, if the caller already ran it. */
export interface OursRun {
  outputs: Tensor[];
  ms: number;
}

export type CrossCheckResult =
  | {
    kind: 'compared';
    /** Every output within ATOL + RTOL·|ORT| and of the same shape. */
    ok: boolean;
    /** Largest |ours − ORT| over all outputs; NaN when shapes differ or only one side has a NaN. */
    maxAbsDiff: number;
    oursMs: number;
    ortMs: number;
    /** Outputs compared, e.g. ['Y'] or ['Y', 'running_mean', 'running_var']. */
    outputs: string[];
    /** A semantic difference that was accounted for, or what mismatched first. */
    note?: string;
  }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'error'; message: string };

/** Run our kernel for a request; outputs in the order the single-node model lists them. */
export function runKernel(req: CrossCheckRequest): Tensor[] {
  switch (req.op) {
    case 'ConvTranspose': return [convTranspose2d(req.input, req.weight, req.bias, req.options)];
    case 'Conv': return [conv2d(req.input, req.weight, req.bias, req.options)];
    case 'Resize': return [upsample2d(req.input, req.options)];
    case 'DepthToSpace': return [pixelShuffle(req.input, req.upscaleFactor)];
    case 'GroupNormalization': return [groupNorm2d(req.input, req.options)];
    case 'LayerNormalization': return [layerNorm(req.input, req.options)];
    // The running statistics the kernel may update are not an output of ONNX's op: compared is Y alone.
    case 'InstanceNormalization': return [instanceNorm2d(req.input, req.options).output];
    case 'RMSNormalization': return [rmsNorm(req.input, req.options)];
    case 'BatchNormalization': {
      const r = batchNorm2d(req.input, req.options);
      const out = [r.output];
      if (r.runningMean && r.runningVar) out.push({ shape: [r.runningMean.length], data: r.runningMean }, { shape: [r.runningVar.length], data: r.runningVar });
      return out;
    }
  }
}

/** Ops whose kernel has already run in this thread. */
const warmed = new Set<CrossCheckRequest['op']>();
const WARM_UP_RUNS = 3;

/**
 * Run our kernel for a request and time it. The first runs of an op in a thread also compile it (JIT tiers, the
 * wasm module) and take many times longer than warm ones, so it first runs a few times untimed, as ORT's first run
 * of a new session is. Then the fastest of a few runs counts, since a check shares the cores with the page loading
 * or redrawing and a single run may be preempted. The badge compares two warm, unhurried kernels.
 */
export function timeKernel(req: CrossCheckRequest): OursRun {
  if (!warmed.has(req.op)) {
    for (let i = 0; i < WARM_UP_RUNS; i++) runKernel(req);
    warmed.add(req.op);
  }
  let ms = Infinity;
  let outputs: Tensor[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now();
    outputs = runKernel(req);
    ms = Math.min(ms, performance.now() - start);
  }
  return { outputs, ms };
}

/**
 * The model for a request, or the reason ORT cannot run it. Throws params.ts's message on invalid parameters.
 * Parameters go in as initializers: ORT then pre-packs the weights once per session, which is how it runs real
 * models — with weights as inputs it repacks them on every run, and the badge's "ORT … ms" would understate ORT. A new weight tensor costs one session creation (not timed).
 */
export function modelForRequest(req: CrossCheckRequest, storage: ParameterStorage = 'initializers'): SingleNodeModel | { unavailable: string } {
  switch (req.op) {
    case 'ConvTranspose': {
      const why = ortLimitation(convTranspose2dInfo(req.input, req.weight, req.bias, req.options), 'ConvTranspose');
      return why ? { unavailable: why } : buildConvTransposeModel(req.input, req.weight, req.bias, req.options, storage);
    }
    case 'Conv': {
      const why = ortLimitation(conv2dInfo(req.input, req.weight, req.bias, req.options), 'Conv');
      return why ? { unavailable: why } : buildConvModel(req.input, req.weight, req.bias, req.options, storage);
    }
    case 'BatchNormalization': return buildBatchNormModel(req.input, req.options, storage);
    case 'Resize': {
      const why = upsampleOrtLimitation(upsample2dInfo(req.input, req.options));
      return why ? { unavailable: why } : buildResizeModel(req.input, req.options, storage);
    }
    case 'DepthToSpace': return buildDepthToSpaceModel(req.input, req.upscaleFactor);
    case 'GroupNormalization': return buildGroupNormModel(req.input, req.options, storage, req.opset ?? 21);
    case 'LayerNormalization': return buildLayerNormModel(req.input, req.options, storage);
    case 'InstanceNormalization':
      return instanceNorm2dInfo(req.input, req.options).useInputStats
        ? buildInstanceNormModel(req.input, req.options, storage)
        : { unavailable: 'ONNX InstanceNormalization always normalizes with the instance statistics: it has no running statistics to evaluate with (useInputStats = false)' };
    case 'RMSNormalization': return buildRmsNormModel(req.input, req.options, storage);
  }
}

/**
 * ONNX's training-mode BatchNormalization updates running_var with the *biased* batch variance, PyTorch with
 * the unbiased one (× n/(n−1), n = N·H·W). Convert ORT's value to PyTorch's definition using only ORT's output
 * and the inputs: batchVar = (rv − (1 − m)·old)/m, then PyTorch's rv = (1 − m)·old + m·batchVar·n/(n − 1).
 */
function ortRunningVarAsPyTorch(req: CrossCheckRequest & { op: 'BatchNormalization' }, ortVar: Float32Array): { data: Float32Array; note: string } {
  const { momentum, batch, spatial } = batchNorm2dInfo(req.input, req.options);
  const n = batch * spatial;
  const old = req.options.runningVar!;
  const data = ortVar.map((rv, c) => (1 - momentum) * old[c] + (rv - (1 - momentum) * old[c]) * (n / (n - 1)));
  return {
    data,
    note: `running_var: ONNX updates it with the biased batch variance, PyTorch with the unbiased one (× n/(n−1), n = N·H·W = ${n}); ONNX Runtime's value was converted before comparing.`,
  };
}

/** Compare two sets of outputs; exported for the reader's node check and for tests. */
export function compareOutputs(ours: Tensor[], theirs: Tensor[], names: string[]): { ok: boolean; maxAbsDiff: number; note?: string } {
  let max = 0;
  let note: string | undefined;
  for (let i = 0; i < names.length; i++) {
    const a = ours[i];
    const b = theirs[i];
    if (!a || !b || a.shape.join() !== b.shape.join()) {
      return { ok: false, maxAbsDiff: NaN, note: `${names[i]} has shape [${a?.shape.join(', ')}] here but [${b?.shape.join(', ')}] in ONNX Runtime` };
    }
    const d = maxAbsDiff(a.data, b.data);
    max = Number.isNaN(d) || Number.isNaN(max) ? NaN : Math.max(max, d);
    const msg = allCloseMessage(a.data, b.data, ATOL, RTOL);
    if (msg && !note) note = `${names[i]}: ${msg}`;
  }
  return { ok: note === undefined, maxAbsDiff: max, ...(note ? { note } : {}) };
}

/** Run ORT on a prepared model and compare with our outputs. */
export async function crossCheckModel(model: SingleNodeModel, ours: OursRun, adjust?: (ort: Tensor[]) => { outputs: Tensor[]; note: string }): Promise<CrossCheckResult> {
  try {
    const ort = await runSingleNodeModel(model);
    let theirs = ort.outputs;
    let semanticNote: string | undefined;
    if (adjust) ({ outputs: theirs, note: semanticNote } = adjust(theirs));
    // ORT may return more outputs than PyTorch has (training BN without running stats): compare ours only.
    const names = model.outputNames.slice(0, ours.outputs.length);
    const cmp = compareOutputs(ours.outputs, theirs, names);
    const note = [cmp.note, semanticNote].filter(Boolean).join(' ');
    return {
      kind: 'compared', ok: cmp.ok, maxAbsDiff: cmp.maxAbsDiff, oursMs: ours.ms, ortMs: ort.ms, outputs: names,
      ...(note ? { note } : {}),
    };
  } catch (err) {
    return { kind: 'error', message: `ONNX Runtime failed: ${ortErrorMessage(err)}` };
  }
}

/**
 * Cross-check one layer configuration. Pass `ours` when the kernel already ran (e.g. in the worker, with its
 * timing); otherwise the kernel runs here on the calling thread.
 */
export async function crossCheck(req: CrossCheckRequest, ours?: OursRun): Promise<CrossCheckResult> {
  let model: SingleNodeModel | { unavailable: string };
  let oursRun: OursRun;
  try {
    model = modelForRequest(req);
    if ('unavailable' in model) return { kind: 'unavailable', reason: model.unavailable };
    oursRun = ours ?? timeKernel(req);
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  const needsVarFix = req.op === 'BatchNormalization' && req.options.training && req.options.runningVar !== undefined;
  return crossCheckModel(model, oursRun, needsVarFix
    ? (ort) => {
      const fixed = ortRunningVarAsPyTorch(req as CrossCheckRequest & { op: 'BatchNormalization' }, ort[2].data);
      return { outputs: [ort[0], ort[1], { shape: ort[2].shape, data: fixed.data }], note: fixed.note };
    }
    : undefined);
}

/**
 * A cross-checker for one panel: while a check runs, newer requests replace any waiting one, so dragging a
 * slider runs at most one check behind the latest. Superseded calls resolve to null. `check` does the work
 * (the page passes one that runs in a worker; tests and scripts the in-thread `crossCheck`).
 */
export function createLatestCrossChecker(
  check: (req: CrossCheckRequest, ours?: OursRun) => Promise<CrossCheckResult> = crossCheck,
): (req: CrossCheckRequest, ours?: OursRun) => Promise<CrossCheckResult | null> {
  let running: Promise<unknown> | null = null;
  let waiting: { req: CrossCheckRequest; ours?: OursRun; resolve: (r: CrossCheckResult | null) => void } | null = null;
  const start = (req: CrossCheckRequest, ours: OursRun | undefined, resolve: (r: CrossCheckResult | null) => void) => {
    running = check(req, ours).then(resolve).finally(() => {
      running = null;
      const next = waiting;
      waiting = null;
      if (next) start(next.req, next.ours, next.resolve);
    });
  };
  return (req, ours) => new Promise((resolve) => {
    if (!running) return start(req, ours, resolve);
    waiting?.resolve(null);
    waiting = { req, ours, resolve };
  });
}
