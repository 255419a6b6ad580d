/**
 * The batch-normalization explorer: PyTorch BatchNorm2d on real feature maps. State lives in the store (and the
 * URL); `BnComputer.compute(state, images)` turns it into every number shown, with `batchNorm2d` from
 * src/kernels doing all the normalising — in a Web Worker (src/worker), latest wins, so a dragged slider never
 * queues work or blocks the page; a pass cheap enough is computed here instead, in the input's own task
 * (in-page.ts), and a γ/β move only re-applies γ and β (affine.ts). Panels are views rendered here from state +
 * results, those on screen first (the others when they scroll near or the controls are still: lazy-panels.ts).
 */
import type { ExplorerModule } from '../types.ts';
import type { HistoryMode } from '../../state/store.ts';
import type { BnPending, BnResults, ComputeEnv } from './compute.ts';
import { adoptAnalyses } from './analyses.ts';
import { reapplyAffine } from './affine.ts';
import { getBackend, ready, type KernelBackend } from '../../kernels/index.ts';
import type { Detail } from '../../worker/explorer-protocol.ts';
import { createBatchNormRunner } from '../../worker/batch-norm-runner.ts';
import { afterNextPaint, createLatencyMarks } from '../../worker/latency-marks.ts';
import { BUDGET_MS, createPageCompute } from './in-page.ts';
import { createControls, type ControlGroup } from './controls.ts';
import { histogramDomains, unionDomain } from './histogram-domains.ts';
import { decodeFiles, loadSamplePhotos } from './load-images.ts';
import { createFeatureMapsPanel } from './panels/feature-maps.ts';
import { createFoldingPanel } from './panels/folding.ts';
import { createHistogramsPanel, stageHistograms } from './panels/histograms.ts';
import { createIdentityPanel } from './panels/identity.ts';
import { createPitfallsPanel } from './panels/pitfalls.ts';
import { createRunningPanel } from './panels/running.ts';
import { createScatterPanel } from './panels/scatter.ts';
import { createTensor3dPanel } from './panels/tensor3d.ts';
import { publishedNumbers } from './publish.ts';
import { createParityBadges } from './parity.ts';
import { bnSchema, normaliseState, perChannel, type BnSchema, type BnState } from './schema.ts';
import { defaults } from '../../state/schema.ts';
import { stepPatch } from './panels/running.ts';
import { h, setText } from './ui.ts';
import { PANEL_IDS, type Actions, type Ghost, type Panel, type PanelId, type Stage, type ViewModel } from './view-model.ts';
import { createIntro } from './intro.ts';
import { getImportedLayer } from '../../state/imported-layer.ts';
import { asBatchNorm } from '../model/as-batch-norm.ts';
import { createImportedBanner } from '../model/banner.ts';
import { createPanelScheduler } from '../lazy-panels.ts';
import { createAnalysesRunner } from '../analyses-runner.ts';
import { sameState } from '../same-state.ts';
import { createPendingGrey } from '../pending-grey.ts';
import { batchNormSnapshots } from './snapshot.ts';
import './batch-norm.css';

/** In an embed, each panel brings the controls it cannot be used without. */
const ESSENTIAL: Record<PanelId, ControlGroup[]> = {
  histograms: ['layer', 'gamma-beta'],
  'feature-maps': ['gamma-beta'],
  scatter: ['data'],
  'tensor-3d': ['layer'],
  identity: ['layer'],
  'running-stats': ['data', 'layer'],
  pitfalls: ['data', 'layer'],
  folding: ['gamma-beta'],
};
const DEFAULT_EMBED: PanelId[] = ['histograms'];

/** Panels that show a slow analysis a 'first' pass may leave pending (compute.ts BnPending). */
const PENDING_PANELS: Record<PanelId, BnPending[]> = {
  histograms: [], 'feature-maps': [], scatter: ['covariance'], 'tensor-3d': [], identity: ['identity'], folding: ['folding'],
  'running-stats': ['target'], pitfalls: ['spread'],
};
const HINT_DELAY_MS = 150;
/** Warm-up passes of the page's computer (the last few counted), and the pause between them (idle time). */
const WARM_PASSES = 10;
const WARM_COUNTED = 4;
const WARM_GAP_MS = 50;
const ANALYSES_AFTER_MS = 60;

/** Changes that only re-apply γ/β or move a highlight: computed and rendered without the "Computing…" hint. */
const LIGHT_KEYS = new Set<keyof BnState>(['gamma', 'beta', 'linked', 'amount', 'channel', 'pairA', 'pairB', 'sample', 'colour', 'stage3d', 'mode']);

const explorer: ExplorerModule<BnSchema> = {
  id: 'batch-norm',
  title: 'Batch normalization',
  schema: bnSchema,
  mount(root, store, ctx) {
    const embed = ctx.presentation.embed;
    const wanted = embed
      ? (ctx.presentation.panels.filter((p) => (PANEL_IDS as readonly string[]).includes(p)) as PanelId[])
      : [...PANEL_IDS];
    const shown = wanted.length > 0 ? wanted : DEFAULT_EMBED;
    for (const p of ctx.presentation.panels) {
      if (!(PANEL_IDS as readonly string[]).includes(p)) ctx.notify(`unknown panel “${p}” for batch norm (panels: ${PANEL_IDS.join(', ')})`);
    }
    // The decoded images live here (decoding needs a canvas) and go to the worker whenever they change.
    const env: ComputeEnv = { photos: null, own: null, ownId: 0 };
    const runner = createBatchNormRunner();
    /** The second worker: 'full' passes (the slow analyses) after a 'first' pass left some pending. */
    const analyses = createAnalysesRunner(createBatchNormRunner('analyses'), {
      afterMs: ANALYSES_AFTER_MS,
      showing: (state) => !disposed && lastVm !== null && sameState(lastVm.state, state) && (inFlight === null || sameState(inFlight.state, state)),
      done: (state, result, ms) => {
        lastFull = result;
        paint(state, result, ms, 0, 'full', 'analyses');
      },
      warmed: (_state, result) => {
        lastFull ??= result;
      },
      failed: (e) => showFailure(e),
    });
    /** The request in flight (if any): an identical state joins it instead of computing again (same-state.ts). */
    let inFlight: { state: BnState; seq: number } | null = null;
    /** The last 'full' pass: its analyses fill in a 'first' pass that wants them for the same data (adoptAnalyses). */
    let lastFull: BnResults | null = null;
    const inputsChanged = () => {
      runner.setInputs({ ...env });
      analyses.setInputs({ ...env });
      pageCompute.inputsChanged();
      inFlight = null; // new pictures: the same state computes something new
      lastFull = null;
    };
    const marks = createLatencyMarks('batch-norm');
    /** Cheap repaint passes are computed in the page (in-page.ts). */
    const pageCompute = createPageCompute();
    let disposed = false;

    const update = (patch: Partial<BnState>, history: HistoryMode = 'push') => store.update(patch, history);
    const actions: Actions = {
      update,
      selectChannel: (c) => update({ channel: c }),
      chooseFiles: (files) => {
        decodeFiles(files).then((images) => {
          if (disposed) return;
          env.own = images;
          env.ownId++;
          inputsChanged();
          update({ source: 'own', batch: 0, steps: 0, shiftSteps: 0 });
          schedule(false);
        }).catch((e: Error) => ctx.notify(`Your images could not be used: ${e.message}`));
      },
    };

    const groups = new Set<ControlGroup>(embed ? shown.flatMap((p) => ESSENTIAL[p]) : ['data', 'layer', 'gamma-beta']);
    const controls = createControls(actions, [...groups]);
    const makers: Record<PanelId, () => Panel> = {
      histograms: () => createHistogramsPanel(actions),
      'feature-maps': () => createFeatureMapsPanel(actions),
      scatter: () => createScatterPanel(actions),
      'tensor-3d': () => createTensor3dPanel(actions),
      identity: () => createIdentityPanel(actions),
      'running-stats': () => createRunningPanel(actions),
      pitfalls: () => createPitfallsPanel(actions),
      folding: () => createFoldingPanel(actions),
    };
    const panels = shown.map((id) => makers[id]());
    /** Main-thread ms of each panel's last draw, published for `npm run measure:latency` and DevTools. */
    const panelMs: Record<string, number> = {};
    const pendingGrey = createPendingGrey();
    const scheduler = createPanelScheduler(panels, (id) => {
      const p = panels.find((q) => q.id === id)!;
      if (!lastVm) return;
      const t = performance.now();
      p.update(lastVm);
      panelMs[id] = Math.round(performance.now() - t);
    }, { afterDraw: () => ctx.publish({ outOfDate: scheduler.outOfDate, panelMs: { ...panelMs }, ready: allDrawn() }) });
    /**
     * Published `ready`: the newest state's results are drawn in every panel — no request in flight, no pending
     * analysis, no panel waiting to be drawn (what tests and the latency script wait for).
     */
    const allDrawn = () => !queued && inFlight === null && lastVm !== null && lastVm.results.batch !== null &&
      lastVm.results.pending.length === 0 && scheduler.outOfDate.length === 0;
    const parity = createParityBadges(panels, () => ctx.publish({ parity: parity.published() }));
    const busy = h('p', { class: 'busy', role: 'status', 'aria-live': 'polite', 'data-testid': 'busy' });
    /** Compute reports expected problems in its results; anything thrown is a bug worth showing, not hiding. */
    const showFailure = (e: Error) => {
      if (!disposed) busy.textContent = `Something went wrong: ${e.message}`;
    };
    const panelColumn = h('div', { class: 'bn-panels' }, busy, ...panels.map((p) => p.el));
    const layout = h('div', { class: 'bn-layout' }, controls.el, panelColumn);
    const page = h('div', { class: `bn-explorer${embed ? ' bn-embed' : ''}`, 'data-testid': 'bn-explorer' });
    if (!embed) page.append(createIntro((id) => panels.find((p) => p.id === id)?.el.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' })));
    // A BatchNormalization node opened on the model page (source 'onnx'): its four-channel window travels with the images.
    const held = getImportedLayer();
    const node = held ? asBatchNorm(held) : null;
    env.imported = held && node && !('error' in node) ? { ...node, id: held.id } : null;
    const banner = createImportedBanner();
    page.append(banner.el, layout);
    root.append(page);

    if (store.get().source === 'own') {
      ctx.notify('Your own images cannot be stored in a link; showing the sample photographs instead.');
      update({ source: 'photos' }, 'replace');
    }
    if (store.get().source === 'onnx' && !env.imported) {
      ctx.notify('The ONNX model is not loaded in this tab (files are not stored in links): showing the sample photographs. Open the model again on the “Open .onnx” page.');
      update({ source: 'photos' }, 'replace');
    }
    const s0 = store.get();
    for (const key of ['gamma', 'beta', 'means', 'stds'] as const) {
      if (perChannel(s0[key], bnSchema[key].default).filled) {
        ctx.notify(`${key} has ${s0[key].length} values for ${bnSchema[key].default.length} channels; the rest use the defaults`);
      }
    }

    // Ghost histograms: the view on screen when a drag started, outlined from its second step ('replace' updates)
    // until the drag is committed ('push'). A keyboard step on a range slider is one 'replace' (input event) and a
    // 'push' of the same values (change event, in a later task): it gets no ghost, which would be drawn into all
    // twelve histograms for one frame and taken out again the next. Its histograms are made when first drawn.
    let dragStart: ViewModel | null = null;
    let ghostFrom: ViewModel | null = null;
    let ghost: Ghost | null = null;
    let ghostDomains: Record<Stage, [number, number]> | null = null;
    let lastVm: ViewModel | null = null;
    let renders = 0;

    // Presenter keys walk the training steps (the story's time axis); exports take the current layer.
    ctx.registerPresenter?.({
      step(delta) {
        const s = store.get();
        if (delta > 0) update(stepPatch(s, 1));
        else if (s.shiftSteps > 0) update({ shiftSteps: s.shiftSteps - 1 });
        else update({ steps: Math.max(0, s.steps - 1) });
        const after = store.get();
        return `${after.steps + after.shiftSteps} training steps`;
      },
      reset: () => store.set(defaults(bnSchema)),
      help: [{ keys: '← →', does: 'one training step back / forward (running statistics)' }],
    });
    ctx.registerSnapshot?.(batchNormSnapshots(() => lastVm));

    const render = () => {
      if (disposed) return;
      const state = normaliseState(store.get());
      if (inFlight && sameState(inFlight.state, state)) {
        inFlight.seq = marks.latest; // its result will show this input too
        return;
      }
      // A γ/β move: the same last step compute takes, applied here to the result on screen (affine.ts) — no
      // round trip. Only with the kernels the worker used (its wasm or JavaScript), so the numbers are the same bits.
      if (lastVm && workerBackend !== null && getBackend() === workerBackend) {
        const t = performance.now();
        const applied = reapplyAffine(lastVm.results, state);
        if (applied) {
          runner.cancel(); // an older γ still in the worker must not land after this one
          inFlight = null;
          paint(state, applied, performance.now() - t, marks.latest, 'first', 'page');
          if (applied.pending.length > 0) analyses.request(state);
          return;
        }
      } else if (workerBackend === 'wasm') {
        void ready(); // load the page's wasm kernels for the next move
      }
      // A cheap repaint pass is computed here, in this task (in-page.ts); the slow analyses come from the last
      // 'full' pass, so one is needed, and the page's kernels must be the worker's (the same bits).
      const plan = lastVm && lastFull && sameKernels() ? pageCompute.plan(state) : null;
      estimateMs = plan?.estimateMs ?? null;
      if (plan?.here && lastFull) {
        computeHere(state, lastFull);
        return;
      }
      // Once something is on screen, a 'first' pass repaints without waiting for the slow analyses.
      request(state, lastVm ? 'first' : 'full');
    };
    /** A repaint pass in the page, inside the input's own task: the moved control and the result in one frame. */
    const computeHere = (state: BnState, full: BnResults) => {
      runner.cancel(); // an older request to the worker must not land after this result
      inFlight = null;
      const seq = marks.latest;
      let pass: { results: BnResults; ms: number };
      try {
        pass = pageCompute.compute(state, env, full);
      } catch (e) {
        showFailure(e as Error);
        return;
      }
      received(state, pass.results, pass.ms, seq, 'first', 'page');
    };
    const sameKernels = () => workerBackend !== null && getBackend() === workerBackend;
    /** The last repaint pass's predicted in-page time (in-page.ts), published with where it ran. */
    let estimateMs: number | null = null;
    let warmedUp = false;
    /** Published: where compute runs, the last in-page estimate, and whether the page's computer has warmed up. */
    const computeInfo = () => ({ where: runner.where, fallbackReason: runner.fallbackReason, estimateMs, budgetMs: BUDGET_MS, warmedUp });
    /** The kernels the worker's last result came from. */
    let workerBackend: KernelBackend | null = null;

    const request = (state: BnState, detail: Detail) => {
      const req = { state, seq: marks.latest };
      inFlight = req;
      pageCompute.sentToWorker(state);
      runner.run(state, detail).then((done) => {
        if (inFlight === req) inFlight = null;
        // null: a newer state was asked for since (latest wins); its result is on the way.
        if (!done || disposed) return;
        // The first result is on screen: load the page's own kernels now, so the first γ/β move can use them.
        if (workerBackend === null) {
          if (done.backend === 'wasm') void ready();
          analyses.warm(state);
        }
        workerBackend = done.backend;
        if (detail === 'first') pageCompute.recordWorker(state, done.ms);
        received(state, done.result, done.ms, req.seq, detail, 'worker');
      }, (e: Error) => {
        if (inFlight === req) inFlight = null;
        showFailure(e);
      });
    };

    /** A pass's results, from the worker or the page: drawn, with the pending analyses asked for. */
    const received = (state: BnState, result: BnResults, ms: number, seq: number, detail: Detail, where: 'worker' | 'page') => {
      const results = lastFull ? adoptAnalyses(result, lastFull) : result;
      if (results.pending.length === 0) lastFull = results;
      paint(state, results, ms, seq, detail, where);
      if (results.pending.length > 0) analyses.request(state);
      if (!warmStarted && lastFull && results.batch) {
        warmStarted = true;
        void (workerBackend === 'wasm' ? ready() : Promise.resolve()).then(() => warmHere(WARM_PASSES));
      }
    };

    /**
     * Warm up the page's computer while the page is idle, once a batch is on screen: passes that alternate another
     * batch of the same data with the one shown (the whole path, drawing included), ending on the shown one. The
     * first builds the photo pool, the next few still run slow (3–10× a warm pass here, until the engine has
     * optimised the code): only the last WARM_COUNTED go into the cost estimate. Stops when the user moves something
     * (their own passes warm it up from then on).
     */
    let warmStarted = false;
    const warmHere = (passes: number, startedAt = marks.latest) => {
      afterNextPaint(() => setTimeout(() => {
        if (disposed || marks.latest !== startedAt || !lastVm?.results.batch || !lastFull || !sameKernels()) return;
        if (passes <= 0) {
          warmedUp = true;
          ctx.publish({ compute: computeInfo() });
          return;
        }
        const shown = lastVm.state;
        const state = passes % 2 === 0 ? { ...shown, batch: shown.batch === 0 ? 1 : shown.batch - 1 } : shown;
        try {
          pageCompute.compute(state, env, lastFull, passes <= WARM_COUNTED);
        } catch {
          return; // a bug in compute: the worker's pass for this state reports it
        }
        warmHere(passes - 1, startedAt);
      }, WARM_GAP_MS));
    };

    /** Panels left as they were by a 'first' pass (they show a pending analysis): the 'full' pass redraws them. */
    const waiting = new Set<PanelId>();
    let lastTiming: { computeMs: number; computedIn: 'worker' | 'page'; renderMs: number; panelMs: Record<string, number> } | null = null;

    /**
     * Render the results for `state` (the newest asked for); `seq`: the last input they reflect. After a 'first'
     * pass the panels showing a pending analysis keep their drawing, greyed, until the 'full' pass; the full pass
     * that follows redraws only those (the others already show these numbers).
     */
    const paint = (state: BnState, results: BnResults, computeMs: number, seq: number, detail: Detail, where: 'worker' | 'page' | 'analyses') => {
      let domains = histogramDomains(results, state.mode);
      if (ghostDomains) {
        domains = {
          input: unionDomain(domains.input, ghostDomains.input),
          xhat: unionDomain(domains.xhat, ghostDomains.xhat),
          output: unionDomain(domains.output, ghostDomains.output),
        };
      }
      if (ghostFrom && !ghost) ghost = stageHistograms(ghostFrom);
      const vm: ViewModel = { state, results, ghost, domains };
      const t1 = performance.now();
      const completesFirst = detail === 'full' && lastVm !== null && lastVm.results.pending.length > 0 && sameState(lastVm.state, state);
      const toDraw = completesFirst ? new Set(waiting) : null;
      lastVm = vm;
      waiting.clear();
      for (const p of panels) {
        const pendingHere = PENDING_PANELS[p.id].some((part) => results.pending.includes(part));
        if (pendingHere) waiting.add(p.id);
        pendingGrey.set(p.el, pendingHere);
      }
      scheduler.invalidate('data', (id) => !waiting.has(id as PanelId) && (!toDraw || toDraw.has(id as PanelId)));
      controls.sync(state, results);
      banner.show(results.source === 'onnx' && env.imported ? {
        title: env.imported.title,
        notes: [`Data: synthetic feature maps whose channels have the node's running mean as their mean and √running_var as their spread — what the layer saw in training — so in eval mode x̂ comes out near mean 0, spread 1.`, ...env.imported.notes],
      } : null);
      showComputing(false);
      // Cross-check against ONNX Runtime only once a drag is released (and the results have rested: parity-slots.ts).
      parity.update(results, state, ghostFrom === null);
      ctx.publish({
        ...publishedNumbers(vm), ready: allDrawn(), renders: ++renders, panels: shown, parity: parity.published(),
        // A repaint's compute and render time; the second worker's 'full' pass is reported on its own.
        timing: where === 'analyses'
          ? { ...lastTiming, analysesMs: Math.round(computeMs) }
          : (lastTiming = { computeMs: Math.round(computeMs), computedIn: where, renderMs: Math.round(performance.now() - t1), panelMs: { ...panelMs } }),
        outOfDate: scheduler.outOfDate,
        compute: computeInfo(),
      });
      marks.rendered(seq);
    };

    /**
     * The "Computing…" hint (and greyed panels) for heavy changes, only if their result takes longer than
     * HINT_DELAY_MS: most come back sooner, and greying and un-greying every panel would cost a whole-page style
     * recalculation and a fade on each slider step.
     */
    let hintTimer: ReturnType<typeof setTimeout> | null = null;
    const showComputing = (on: boolean) => {
      if (!on) {
        if (hintTimer !== null) clearTimeout(hintTimer);
        hintTimer = null;
        setText(busy, '');
        page.classList.toggle('computing', false); // unlike remove(), a toggle to the state it has writes nothing
        return;
      }
      hintTimer ??= setTimeout(() => {
        hintTimer = null;
        page.classList.add('computing');
        busy.textContent = 'Computing…';
      }, HINT_DELAY_MS);
    };

    let queued = false;
    /**
     * Heavy changes show a "Computing…" hint until their result is drawn; light ones do not. Either way the state
     * goes to the worker at the end of this event (several updates in one event make one request).
     */
    function schedule(light: boolean): void {
      if (!light) showComputing(true);
      ctx.publish({ ready: false });
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        render();
      });
    }

    const unsubscribe = store.subscribe((state, prev, history) => {
      const hadGhost = ghostFrom !== null;
      if (history === 'replace' && !ghostFrom && lastVm) {
        if (!dragStart) dragStart = lastVm;
        else {
          ghostFrom = dragStart;
          ghostDomains = dragStart.domains;
        }
      } else if (history === 'push') {
        dragStart = null;
        ghostFrom = null;
        ghost = null;
        ghostDomains = null;
      }
      // The change event after a keyboard step's input event (or a drag released where it was last drawn) commits
      // the values already on screen: nothing to compute or draw, unless a ghost outline has to go.
      if (sameState(state, prev) && hadGhost === (ghostFrom !== null)) return;
      marks.input();
      const changed = (Object.keys(state) as (keyof BnState)[]).filter((k) => state[k] !== prev[k]);
      schedule(changed.every((k) => LIGHT_KEYS.has(k)));
    });

    // The worker waits for the kernels' fast path before its first compute, so a link computes the same numbers
    // (to the last bit) however quickly the WebAssembly loaded; if it cannot load, the JavaScript kernels are used.
    loadSamplePhotos().then((photos) => {
      if (disposed) return;
      env.photos = photos;
      inputsChanged();
      schedule(false);
    }).catch((e: Error) => {
      if (!disposed) ctx.notify(`The sample photographs could not be loaded (${e.message}); choose Synthetic or your own images.`);
    });
    inputsChanged(); // the node opened on the model page (if any) is there from the start
    render();

    return () => {
      disposed = true;
      unsubscribe();
      runner.dispose();
      analyses.dispose();
      marks.dispose();
      scheduler.dispose();
      pendingGrey.dispose();
      showComputing(false);
      for (const p of panels) p.dispose?.();
      parity.dispose();
      page.remove();
    };
  },
};
export default explorer;
