/**
 * The batch-normalization explorer: PyTorch BatchNorm2d on real feature maps. State lives in the store (and the
 * URL); `BnComputer.compute(state, images)` turns it into every number shown, with `batchNorm2d` from src/kernels
 * doing all the normalising, scheduled by the explorer runtime (runtime/runtime.ts): in a worker, latest wins, or
 * in the page when a pass is cheap (in-page.ts) — a γ/β move only re-applies γ and β there (affine.ts). Panels are
 * views drawn from state + results.
 */
import type { ExplorerModule } from '../types.ts';
import type { HistoryMode } from '../../state/store.ts';
import type { BnPending, BnResults } from './compute.ts';
import { adoptAnalyses } from './analyses.ts';
import { affineApplies, reapplyAffine } from './affine.ts';
import { createPageCompute } from './in-page.ts';
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
import type { BnInputs } from './program.ts';
import { createBatchNormRunner } from './runner.ts';
import { bnSchema, normaliseState, perChannel, type BnSchema, type BnState } from './schema.ts';
import { batchNormPresenter } from './presenter-keys.ts';
import { h } from './ui.ts';
import { PANEL_IDS, type Actions, type Ghost, type Panel, type PanelId, type Stage, type ViewModel } from './view-model.ts';
import { createIntro } from './intro.ts';
import { asBatchNorm } from '../model/as-batch-norm.ts';
import { createImportedBanner } from '../model/banner.ts';
import { createExplorerRuntime, type ExplorerRuntime } from '../runtime/runtime.ts';
import { shownPanels } from '../runtime/panel.ts';
import { sameState } from '../runtime/same-state.ts';
import { batchNormSnapshots } from './snapshot.ts';
import './batch-norm.css';
import { badgesShown } from '../parity-slots.ts';

const DEFAULT_EMBED: PanelId[] = ['histograms'];

/** Panels that show a slow analysis a 'first' pass may leave pending (compute.ts BnPending). */
const PENDING_PANELS: Partial<Record<PanelId, BnPending[]>> = {
  scatter: ['covariance'], identity: ['identity'], folding: ['folding'], 'running-stats': ['target'], pitfalls: ['spread'],
};
/** A heavy change's "Computing…" hint waits this long: most results come back sooner (ms). */
const HINT_DELAY_MS = 150;

/** Changes that only re-apply γ/β or move a highlight: computed and rendered without the "Computing…" hint. */
const LIGHT_KEYS = new Set<keyof BnState>(['gamma', 'beta', 'linked', 'amount', 'channel', 'pairA', 'pairB', 'sample', 'colour', 'stage3d', 'mode']);

const explorer: ExplorerModule<BnSchema> = {
  id: 'batch-norm',
  title: 'Batch normalization',
  schema: bnSchema,
  mount(root, store, ctx) {
    const embed = ctx.presentation.embed;
    const shown = shownPanels(ctx.presentation, PANEL_IDS, DEFAULT_EMBED, 'batch norm', ctx.notify);
    // The decoded images live here (decoding needs a canvas) and go to the worker whenever they change.
    const env: BnInputs = { photos: null, own: null, ownId: 0 };
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
          runtime.setInputs({ ...env }, true);
          update({ source: 'own', batch: 0, steps: 0, shiftSteps: 0 });
        }).catch((e: Error) => ctx.notify(`Your images could not be used: ${e.message}`));
      },
    };

    // An embed shows controls only when its link names some (controls=gamma-beta,…; the app hides the others): the
    // figure comes first.
    const ALL_GROUPS: ControlGroup[] = ['data', 'layer', 'gamma-beta'];
    const groups = new Set<ControlGroup>(embed && ctx.presentation.controls.length === 0 ? [] : ALL_GROUPS);
    const controls = createControls(actions, [...groups], ctx.imported);
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
    const parity = createParityBadges(panels, () => ctx.publish({ parity: parity.published() }), badgesShown(ctx.presentation));
    const busy = h('p', { class: 'busy', role: 'status', 'aria-live': 'polite', 'data-testid': 'busy' });
    const panelColumn = h('div', { class: 'bn-panels' }, busy, ...panels.map((p) => p.el));
    const layout = h('div', { class: 'bn-layout' }, controls.el, panelColumn);
    const page = h('div', { class: `bn-explorer${embed ? ' bn-embed' : ''}`, 'data-testid': 'bn-explorer' });
    if (!embed) page.append(createIntro((id) => panels.find((p) => p.id === id)?.el.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' })));
    // A BatchNormalization node opened on the model page (source 'onnx'): its four-channel window travels with the images.
    const held = ctx.imported.get();
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
    /** The numbers published for the view on screen. */
    let numbers: Record<string, unknown> = {};

    /** Cheap repaint passes are computed in the page (in-page.ts). */
    const pageCompute = createPageCompute();
    const runtime: ExplorerRuntime<BnState, BnInputs, BnResults, ViewModel> = createExplorerRuntime<BnState, BnInputs, BnResults, ViewModel, PanelId, BnPending>({
      name: 'batch-norm',
      store,
      ctx,
      worker: (role) => createBatchNormRunner(role),
      panels,
      state: normaliseState,
      pending: (r) => r.pending,
      pendingPanels: PENDING_PANELS,
      adopt: adoptAnalyses,
      // Placeholders while the photographs load are not the page's result yet.
      complete: (r) => r.batch !== null,
      hint: { el: busy, root: page, delayMs: HINT_DELAY_MS },
      changed(state, prev, history) {
        const hadGhost = ghostFrom !== null;
        const onScreen = runtime.shown?.view ?? null;
        if (history === 'replace' && !ghostFrom && onScreen) {
          if (!dragStart) dragStart = onScreen;
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
        if (sameState(state, prev) && hadGhost === (ghostFrom !== null)) return 'skip';
        const changed = (Object.keys(state) as (keyof BnState)[]).filter((k) => state[k] !== prev[k]);
        return changed.every((k) => LIGHT_KEYS.has(k)) ? 'light' : 'heavy';
      },
      present(state, results) {
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
        numbers = publishedNumbers(vm);
        return vm;
      },
      shown(state, results) {
        controls.sync(state, results);
        banner.show(results.source === 'onnx' && env.imported ? {
          title: env.imported.title,
          notes: [`Data: synthetic feature maps whose channels have the node's running mean as their mean and √running_var as their spread — what the layer saw in training — so in eval mode x̂ comes out near mean 0, spread 1.`, ...env.imported.notes],
        } : null);
        // Cross-check against ONNX Runtime only once a drag is released (and the results have rested: parity-slots.ts).
        parity.update(results, state, ghostFrom === null);
      },
      // Compute reports expected problems in its results; anything thrown is a bug worth showing, not hiding.
      failed: (e) => {
        busy.textContent = `Something went wrong: ${e.message}`;
      },
      published: () => ({ ...numbers, parity: parity.published() }),
      page: {
        step(state, onScreen) {
          // A γ/β move: the same last step compute takes, applied here to the result on screen (affine.ts). Only
          // with the kernels the worker used (its wasm or JavaScript), so the numbers are the same bits.
          if (onScreen.sameKernels && affineApplies(onScreen.result, state)) {
            return { estimateMs: null, run: () => reapplyAffine(onScreen.result, state)! };
          }
          // A cheap repaint pass; the slow analyses come from the last 'full' pass, so one is needed.
          const full = onScreen.full;
          const plan = full && onScreen.sameKernels ? pageCompute.plan(state) : null;
          return { estimateMs: plan?.estimateMs ?? null, run: full && plan?.here ? () => pageCompute.compute(state, env, full).results : null };
        },
        workerTimed: (state, ms) => pageCompute.recordWorker(state, ms),
        sent: (state) => pageCompute.sentToWorker(state),
        inputsChanged: () => pageCompute.inputsChanged(),
        // Passes that alternate another batch of the same data with the one shown (the whole path), ending on the
        // shown one. The first builds the photo pool, and the next few still run slow until the engine has
        // optimised the code: only the last few go into the cost estimate.
        warm: {
          passes: 10,
          counted: 4,
          pass(onScreen, i, count) {
            if (!onScreen.full || !onScreen.sameKernels || !onScreen.result.batch) return;
            const s = onScreen.state;
            const state = i % 2 === 0 ? { ...s, batch: s.batch === 0 ? 1 : s.batch - 1 } : s;
            pageCompute.compute(state, env, onScreen.full, count);
          },
        },
      },
    });

    // Presenter keys: presenter-keys.ts; exports describe what each panel shows (snapshot.ts).
    ctx.registerPresenter?.(batchNormPresenter(store));
    ctx.registerSnapshot?.(batchNormSnapshots(() => runtime.shown?.view ?? null));

    // The worker waits for the kernels' fast path before its first compute, so a link computes the same numbers
    // (to the last bit) however quickly the WebAssembly loaded; if it cannot load, the JavaScript kernels are used.
    loadSamplePhotos().then((photos) => {
      if (disposed) return;
      env.photos = photos;
      runtime.setInputs({ ...env }, true);
    }).catch((e: Error) => {
      if (!disposed) ctx.notify(`The sample photographs could not be loaded (${e.message}); choose Synthetic or your own images.`);
    });
    runtime.setInputs({ ...env }); // the node opened on the model page (if any) is there from the start
    runtime.start();

    return () => {
      disposed = true;
      runtime.dispose();
      parity.dispose();
      page.remove();
    };
  },
};
export default explorer;
