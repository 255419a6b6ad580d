/**
 * ONNX Runtime parity badges: every panel's `.parity-slot[data-op]` shows how the kernel's numbers in that panel
 * compare with ONNX Runtime Web running the same BatchNormalization (or Conv, for the folded layer) as a one-node
 * model. Checks run only for panels on screen and only once a slider is released (ORT builds a session per
 * model: running it on every drag tick would stall the page); a newer request replaces a waiting one, and a
 * result that arrives after newer data is dropped. An off-screen panel's badge says it waits (status 'waiting')
 * rather than keep the verdict on numbers the panel no longer shows.
 */
import type { BatchNormOptions } from '../../kernels/index.ts';
import type { CrossCheckRequest, OursRun } from '../../onnx/index.ts';
import { createParitySlots } from '../parity-slots.ts';
import type { BnResults } from './compute.ts';
import type { BnState } from './schema.ts';
import type { PanelId } from './view-model.ts';

export interface SlotRequest {
  req: CrossCheckRequest;
  ours?: OursRun;
}

/** What each panel's slots check, keyed by the slot's data-op; a string says why there is nothing to check. */
export function parityRequests(panel: PanelId, r: BnResults, state: BnState): Record<string, SlotRequest | string> {
  const x = r.batch?.x;
  const running = r.running;
  if (!x || !running) return { 'batch-norm': r.dataError ?? 'no data yet' };
  const training = state.mode === 'train';
  // Training mode normalises with the batch statistics alone, so the panels check just the output there; the
  // running-statistics panel also checks the update (ORT's running_var convention differs; cross-check converts it).
  const base: BatchNormOptions = training
    ? { training, eps: state.eps }
    : { training, eps: state.eps, runningMean: running.mean, runningVar: running.variance };
  const withStats: BatchNormOptions = { training: true, eps: state.eps, momentum: state.momentum, runningMean: running.mean, runningVar: running.variance };
  const affine = { weight: Float32Array.from(state.gamma), bias: Float32Array.from(state.beta) };
  const layer = training ? r.train : r.eval;
  const withRunning = (out: BatchNormOptions): SlotRequest => ({ req: { op: 'BatchNormalization', input: x, options: out } });
  const refused = layer?.error ? `the kernel refused this batch: ${layer.error}` : null;
  switch (panel) {
    case 'histograms':
    case 'feature-maps':
    case 'tensor-3d':
      return { 'batch-norm': refused ?? withRunning({ ...base, ...affine }) };
    case 'scatter':
      return { 'batch-norm': refused ?? withRunning(base) };
    case 'identity': {
      const id = r.identity;
      if (!id) return { 'batch-norm': refused ?? 'no identity parameters' };
      return { 'batch-norm': withRunning({ ...base, weight: id.blend.gamma, bias: id.blend.beta }) };
    }
    case 'running-stats':
      // What the next training step does: normalise with the batch statistics and update the running ones.
      return { 'batch-norm': r.train?.error ? `the kernel refused this batch: ${r.train.error}` : withRunning({ ...withStats, ...affine }) };
    case 'pitfalls': {
      const one = r.pitfalls?.one;
      if (!one?.evalOutput) return { 'batch-norm': 'no one-value batch' };
      return { 'batch-norm': {
        req: { op: 'BatchNormalization', input: one.input, options: { training: false, eps: state.eps, runningMean: running.mean, runningVar: running.variance } },
        ours: { outputs: [{ shape: one.input.shape, data: one.evalOutput }], ms: NaN },
      } };
    }
    case 'folding': {
      const f = r.folding;
      if (!f || 'error' in f) return { 'batch-norm': f && 'error' in f ? f.error : 'no folding', conv: 'no folding' };
      return {
        // The unfolded path's BN (eval, on the conv's output) and the folded conv, each against ORT.
        'batch-norm': {
          req: { op: 'BatchNormalization', input: f.convOut, options: { ...affine, training: false, eps: state.eps, runningMean: running.mean, runningVar: running.variance } },
          ours: { outputs: [f.unfoldedOut], ms: NaN },
        },
        conv: { req: { op: 'Conv', input: f.rgb, weight: f.folded.weight, bias: f.folded.bias, options: {} }, ours: { outputs: [f.foldedOut], ms: NaN } },
      };
    }
  }
}

export interface ParityBadges {
  /** New results: remember each panel's requests; check the ones on screen. */
  update(results: BnResults, state: BnState, settled: boolean): void;
  published(): Record<string, Record<string, string>>;
  dispose(): void;
}

export function createParityBadges(sections: { id: PanelId; el: HTMLElement }[], onChange: () => void, enabled: boolean): ParityBadges {
  const slots = createParitySlots(onChange, enabled);
  const pending = new Map<PanelId, Record<string, SlotRequest | string>>();
  const visible = new Set<PanelId>();
  const run = (panel: PanelId) => {
    const requests = pending.get(panel);
    const section = sections.find((s) => s.id === panel)?.el;
    if (!requests || !section) return;
    pending.delete(panel);
    slots.check(panel, section, requests, (op) => `nothing to check for ${op} here`);
  };
  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const e of entries) {
        const id = (e.target as HTMLElement).dataset.panel as PanelId;
        if (e.isIntersecting) {
          visible.add(id);
          run(id);
        } else {
          visible.delete(id);
        }
      }
    })
    : null;
  for (const s of sections) observer?.observe(s.el);
  return {
    update(results, state, settled) {
      if (!settled) return;
      for (const s of sections) {
        pending.set(s.id, parityRequests(s.id, results, state));
        if (!observer || visible.has(s.id)) run(s.id);
        else slots.wait(s.id, s.el); // a verdict on the numbers it showed before would be stale
      }
    },
    published: slots.published,
    dispose: () => observer?.disconnect(),
  };
}
