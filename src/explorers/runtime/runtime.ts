/**
 * The explorer runtime: the one object that schedules an explorer's compute and drawing. An explorer hands it a
 * worker, its panels, and a few pure functions about its results; the runtime does the rest:
 *
 * - every state change of one event makes one request (a microtask later); an identical state joins the request
 *   already in flight (same-state.ts);
 * - a step the explorer predicts cheap is computed in the page, inside the input's own task (`page.step`): the moved
 *   control and the result then reach the screen in one frame, with no worker round trip (in-page-cost.ts);
 * - anything else goes to the explorer's worker, latest wins (runner.ts): while one state computes, newer ones
 *   replace the waiting one, so a dragged slider never builds a queue or blocks the page;
 * - once something is on screen, a step is a 'first' pass that leaves the slow analyses pending (protocol.ts); a
 *   second worker brings them once the controls rest ('full' pass, analyses.ts), and the panels that show them keep
 *   their drawing, greyed after a moment (pending-grey.ts), until it lands. The last full pass fills in later first
 *   passes that want the same analyses (`adopt`);
 * - after the first result is drawn, the page's kernels load and a few in-page passes warm them up while idle;
 * - panels near the screen are drawn at once, the others when the controls rest or they scroll near
 *   (lazy-panels.ts);
 * - input → paint latency marks for every step (latency-marks.ts);
 * - the one ready contract for tests (status.ts): `status` and `generation` in `window.__layerLab.explorer`,
 *   beside the explorer's own numbers.
 */
import { getBackend, ready, type KernelBackend } from '../../kernels/index.ts';
import { setText } from '../../util/dom.ts';
import { createAnalysesRunner } from './analyses.ts';
import { BUDGET_MS } from './in-page-cost.ts';
import { afterNextPaint, createLatencyMarks } from './latency-marks.ts';
import { createPanelScheduler } from './lazy-panels.ts';
import type { Panel } from './panel.ts';
import { createPendingGrey } from './pending-grey.ts';
import type { Detail } from './protocol.ts';
import type { ComputedIn, ExplorerRuntime, ExplorerSpec, OnScreen, Pass } from './spec.ts';
import { sameState } from './same-state.ts';
import { createStatusPublisher, type ExplorerStatus } from './status.ts';

export type { ComputedIn, ExplorerRuntime, ExplorerSpec, OnScreen, PageStep, Pass } from './spec.ts';
export type { ExplorerStatus } from './status.ts';

/** Pause between warm-up passes (ms): input that comes in between runs first. */
const WARM_GAP_MS = 50;
/** Quiet time after a repaint before the analyses worker brings the pending parts (ms). */
const ANALYSES_AFTER_MS = 60;

export function createExplorerRuntime<S extends object, I, R, V, Id extends string, P extends string>(
  spec: ExplorerSpec<S, I, R, V, Id, P>,
): ExplorerRuntime<S, I, R, V> {
  const { ctx, store, panels } = spec;
  const stateOf = spec.state ?? ((s: S) => s);
  const invalid = spec.invalid ?? (() => false);
  const complete = spec.complete ?? (() => true);
  const pendingOf = spec.pending ?? (() => []);
  const adopt = spec.adopt ?? ((first: R) => first);
  const pendingPanels: Partial<Record<Id, readonly P[]>> = spec.pendingPanels ?? {};

  let disposed = false;
  let queued = false;
  let phase: 'loading' | 'computing' | 'error' | 'shown' = 'loading';
  let shown: { state: S; result: R; view: V } | null = null;
  let latest: R | null = null;
  /** The last 'full' pass: its analyses fill in a 'first' pass that wants the same ones (`adopt`). */
  let lastFull: R | null = null;
  /** The request in flight (if any): an identical state joins it instead of computing again. */
  let inFlight: { state: S; seq: number } | null = null;
  /** The kernels the worker's last result came from. */
  let workerBackend: KernelBackend | null = null;
  const contract = createStatusPublisher(ctx);
  let warmStarted = false;
  let warmedUp = false;
  let estimateMs: number | null = null;
  /** The last repaint's compute (where it ran) and the main-thread time of drawing its panels near the screen. */
  let lastCompute: { where: ComputedIn; ms: number; backend: KernelBackend; renderMs: number } | null = null;
  let analysesMs: number | null = null;
  const panelMs: Record<string, number> = {};
  /** Panels left as they were by a 'first' pass (they show a pending part): the 'full' pass redraws them. */
  const waiting = new Set<Id>();

  const marks = createLatencyMarks(spec.name);
  const pendingGrey = createPendingGrey();
  const runner = spec.worker('repaint');
  // The second worker only for an explorer with slow analyses to bring.
  const analyses = spec.pending && createAnalysesRunner(spec.worker('analyses'), {
    afterMs: ANALYSES_AFTER_MS,
    showing: (state) => !disposed && shown !== null && sameState(shown.state, state) && (inFlight === null || sameState(inFlight.state, state)),
    done: (state, result, ms) => {
      analysesMs = ms;
      if (!invalid(result)) lastFull = result;
      show(state, result, 0, { detail: 'full', where: 'analyses', completes: false });
    },
    warmed: (_state, result) => {
      if (!invalid(result)) lastFull ??= result;
    },
    failed: (e) => failed(e),
  });

  const byId = new Map<string, Panel<V, Id>>(panels.map((p) => [p.id, p]));
  const scheduler = createPanelScheduler(panels.map((p) => ({ id: p.id, el: p.el })), (id, reason) => {
    const p = byId.get(id);
    if (!p || !shown) return;
    const t = performance.now();
    p.render(shown.view, reason);
    panelMs[id] = Math.round(performance.now() - t);
    spec.drawn?.(p, reason);
  }, { afterDraw: () => publish() });

  const status = (): ExplorerStatus => {
    if (phase === 'loading') return 'loading';
    if (queued || inFlight !== null) return 'computing';
    if (phase === 'error') return 'error';
    if (!shown || !complete(shown.result)) return 'loading';
    return pendingOf(shown.result).length === 0 && scheduler.outOfDate.length === 0 ? 'ready' : 'drawing';
  };

  function publish(): void {
    if (disposed) return;
    const extra: Record<string, unknown> = {};
    for (const p of panels) Object.assign(extra, p.published?.());
    contract.publish(status(), {
      ...extra,
      ...spec.published?.(),
      panels: panels.map((p) => p.id),
      outOfDate: scheduler.outOfDate,
      panelMs: { ...panelMs },
      compute: {
        where: runner.where, fallbackReason: runner.fallbackReason, ...lastCompute, analysesMs, estimateMs, budgetMs: BUDGET_MS, warmedUp,
      },
    });
  }

  const publishStatus = () => {
    if (!disposed) contract.publish(status());
  };

  const greyAll = (grey: boolean) => {
    for (const p of panels) p.el.classList.toggle('stale', grey);
  };

  let hintTimer: ReturnType<typeof setTimeout> | null = null;
  function hint(on: boolean): void {
    const h = spec.hint;
    if (!h) return;
    if (!on) {
      if (hintTimer !== null) clearTimeout(hintTimer);
      hintTimer = null;
      setText(h.el, '');
      h.root.classList.toggle('computing', false); // unlike remove(), a toggle to the state it has writes nothing
      return;
    }
    hintTimer ??= setTimeout(() => {
      hintTimer = null;
      h.root.classList.add('computing');
      h.el.textContent = 'Computing…';
    }, h.delayMs);
  }

  const onScreen = (): OnScreen<S, R> | null => shown && {
    state: shown.state, result: shown.result, full: lastFull, sameKernels: workerBackend !== null && getBackend() === workerBackend,
  };

  function recompute(): void {
    queued = false;
    if (disposed) return;
    const state = stateOf(store.get());
    if (spec.loading?.(state)) {
      runner.cancel(); // a result for an earlier state must not land while this one waits for its inputs
      analyses?.cancel();
      inFlight = null;
      phase = 'loading';
      greyAll(shown !== null);
      spec.waiting?.(state);
      publish();
      return;
    }
    if (inFlight && sameState(inFlight.state, state)) {
      inFlight.seq = marks.latest; // its result will show this input too
      publishStatus();
      return;
    }
    const here = onScreen();
    const step = here && spec.page ? spec.page.step(state, here) : null;
    estimateMs = step?.estimateMs ?? null;
    if (step?.run) computeHere(state, step.run);
    // Once something is on screen, a 'first' pass repaints it without waiting for the slow analyses.
    else request(state, shown ? 'first' : 'full');
  }

  function request(state: S, detail: Detail): void {
    const req = { state, seq: marks.latest };
    inFlight = req;
    if (phase !== 'shown') phase = 'computing';
    spec.page?.sent?.(state);
    publishStatus();
    runner.run(state, detail).then((done) => {
      if (inFlight === req) inFlight = null;
      if (!done || disposed) return; // null: a newer state was asked for since; its result is on the way
      if (workerBackend === null) {
        analyses?.warm(state);
        void ready(); // the page's own kernels, for the steps it computes itself
      }
      workerBackend = done.backend;
      if (detail === 'first') spec.page?.workerTimed?.(state, done.ms);
      received(state, done.result, { where: done.where, ms: done.ms, backend: done.backend }, req.seq, detail);
    }, (e: Error) => {
      if (inFlight === req) inFlight = null;
      if (!disposed) failed(e);
    });
  }

  /** A step in the page, inside the input's own task. */
  function computeHere(state: S, run: () => R): void {
    runner.cancel(); // an older request to the worker must not land after this result
    inFlight = null;
    const seq = marks.latest;
    let result: R;
    const start = performance.now();
    try {
      result = run();
    } catch (e) {
      failed(e as Error);
      return;
    }
    received(state, result, { where: 'page', ms: performance.now() - start, backend: getBackend() }, seq, 'first');
  }

  function received(state: S, result: R, how: { where: ComputedIn; ms: number; backend: KernelBackend }, seq: number, detail: Detail): void {
    const ok = !invalid(result);
    const r = ok && lastFull !== null ? adopt(result, lastFull) : result;
    if (ok && pendingOf(r).length === 0) lastFull = r;
    const t = performance.now();
    show(state, r, seq, { detail, where: how.where, completes: false });
    lastCompute = { ...how, renderMs: Math.round(performance.now() - t) };
    if (ok && pendingOf(r).length > 0) analyses?.request(state);
    if (ok && !warmStarted && lastFull !== null && complete(r)) {
      warmStarted = true;
      void ready().then(() => warm(spec.page?.warm?.passes ?? 0, marks.latest));
    }
    publish();
  }

  /** Warm-up passes while the page is idle, one per task after a paint; stops when the user moves something. */
  function warm(passes: number, startedAt: number): void {
    const w = spec.page?.warm;
    afterNextPaint(() => setTimeout(() => {
      const here = onScreen();
      if (disposed || !w || !here || marks.latest !== startedAt) return;
      if (passes <= 0) {
        warmedUp = true;
        publish();
        return;
      }
      try {
        w.pass(here, w.passes - passes, passes <= w.counted);
      } catch {
        return; // a bug in compute: the worker's pass for this state reports it
      }
      warm(passes - 1, startedAt);
    }, WARM_GAP_MS));
  }

  function failed(e: Error): void {
    phase = 'error';
    greyAll(true);
    hint(false);
    spec.failed?.(e);
    publish();
  }

  /**
   * Draw the result for `state` (the newest asked for); `seq`: the last input it reflects. After a 'first' pass the
   * panels showing a pending part keep their drawing, greyed, until the 'full' pass, which then redraws only them
   * (the others already show these numbers).
   */
  function show(state: S, r: R, seq: number, pass: Pass): void {
    latest = r;
    contract.advance();
    if (invalid(r)) {
      phase = 'error';
      greyAll(true);
      hint(false);
      spec.rejected?.(state, r);
      publish();
      marks.rendered(seq);
      return;
    }
    const completes = pass.detail === 'full' && shown !== null && pendingOf(shown.result).length > 0 && sameState(shown.state, state);
    const toDraw = completes ? new Set<Id>(waiting) : null;
    const p: Pass = { ...pass, completes };
    const pending = pendingOf(r);
    waiting.clear();
    for (const panel of panels) {
      const wait = (pendingPanels[panel.id] ?? []).some((part) => pending.includes(part));
      if (wait) waiting.add(panel.id);
      pendingGrey.set(panel.el, wait);
    }
    phase = 'shown';
    const view = spec.present(state, r, p);
    shown = { state, result: r, view };
    scheduler.invalidate('data', (id) => !waiting.has(id as Id) && (!toDraw || toDraw.has(id as Id)));
    hint(false);
    spec.shown?.(state, r, view, p);
    if (pass.where === 'analyses') publish();
    marks.rendered(seq);
  }

  function schedule(light = false): void {
    if (disposed) return;
    if (!light) hint(true);
    if (!queued) {
      queued = true;
      queueMicrotask(recompute);
    }
    publishStatus();
  }

  let unsubscribe = () => {};
  return {
    start() {
      unsubscribe = store.subscribe((state, previous, history) => {
        const change = spec.changed?.(state, previous, history) ?? 'heavy';
        if (change === 'skip') return;
        marks.input();
        schedule(change === 'light');
      });
      recompute();
    },
    setInputs(inputs, again = false) {
      runner.setInputs(inputs);
      analyses?.setInputs(inputs);
      spec.page?.inputsChanged?.();
      inFlight = null; // new inputs: the same state computes something new
      lastFull = null;
      if (again) schedule();
    },
    schedule: () => schedule(),
    redraw(reason, update) {
      if (!shown) return;
      if (update) shown = { ...shown, view: update(shown.view) };
      // Panels waiting for a pending part keep their last drawing until the 'full' pass brings it.
      scheduler.invalidate(reason, (id) => !waiting.has(id as Id));
      publish();
    },
    flush: () => scheduler.flush(),
    publish,
    fail() {
      phase = 'error';
      greyAll(true);
      hint(false);
      publish();
    },
    get shown() {
      return shown;
    },
    get latest() {
      return latest;
    },
    get where() {
      return runner.where;
    },
    dispose() {
      disposed = true;
      unsubscribe();
      runner.dispose();
      analyses?.dispose();
      marks.dispose();
      scheduler.dispose();
      pendingGrey.dispose();
      hint(false);
      for (const p of panels) p.dispose?.();
    },
  };
}
