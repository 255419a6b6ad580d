/**
 * The normalization family: BatchNorm, LayerNorm, InstanceNorm, GroupNorm and RMSNorm on the same feature maps
 * (the batch-norm page's photographs through its fixed conv, synthetic maps, or the user's images). State lives in
 * the store (and the link); `NormComputer.compute` turns it into every number shown, with the kernels doing all
 * the normalising, scheduled by the explorer runtime. The probed grid cell is the page's own (not in the link).
 */
import type { ExplorerModule } from '../types.ts';
import type { Cell } from '../../views/heatmap.ts';
import { el as h } from '../../util/dom.ts';
import { decodeFiles, loadSamplePhotos } from '../batch-norm/load-images.ts';
import { createExplorerRuntime, type ExplorerRuntime } from '../runtime/runtime.ts';
import { shownPanels } from '../runtime/panel.ts';
import { sameState } from '../runtime/same-state.ts';
import type { NormInputs, NormResults } from './compute.ts';
import { createControls } from './controls.ts';
import { createParity } from './parity.ts';
import { createBatchPanel } from './panels/batch.ts';
import { createKnobPanel } from './panels/knob.ts';
import { createRmsPanel } from './panels/rms.ts';
import { createSharePanel } from './panels/share.ts';
import { createCubePanel } from './panels/cube.ts';
import { createSideBySidePanel } from './panels/side-by-side.ts';
import { createNormalizationRunner } from './runner.ts';
import { checkCombination, normSchema, type NormSchema, type NormState } from './schema.ts';
import { snapshotOf } from './snapshot.ts';
import { PANEL_IDS, type Actions, type Panel, type PanelId, type View } from './view.ts';
import './normalization.css';

const DEFAULT_EMBED: PanelId[] = ['share'];

const explorer: ExplorerModule<NormSchema> = {
  id: 'normalization',
  title: 'The normalization family',
  schema: normSchema,
  mount(root, store, ctx) {
    const embed = ctx.presentation.embed;
    const shown = shownPanels(ctx.presentation, PANEL_IDS, DEFAULT_EMBED, 'normalization', ctx.notify);
    const env: NormInputs = { photos: null, own: null, ownId: 0 };
    let disposed = false;
    let probe: Cell | null = null;

    const actions: Actions = {
      update: (patch, history = 'push') => store.update(patch, history),
      probe(cell) {
        probe = cell;
        runtime.redraw('hover', (v) => ({ ...v, probe: cell }));
      },
      chooseFiles(files) {
        decodeFiles(files).then((images) => {
          if (disposed) return;
          env.own = images;
          env.ownId++;
          runtime.setInputs({ ...env }, true);
          store.update({ source: 'own' }, 'push');
        }).catch((e: Error) => ctx.notify(`Your images could not be used: ${e.message}`));
      },
    };

    // A link may hold a G that does not divide C (each in its own range): say so, and show the nearest valid one.
    const checked = checkCombination(store.get());
    if (checked.notice) {
      ctx.notify(checked.notice);
      store.update(checked.state, 'replace');
    }
    if (store.get().source === 'own') {
      ctx.notify('Your own images cannot be stored in a link; showing the sample photographs instead.');
      store.update({ source: 'photos' }, 'replace');
    }

    const makers: Record<PanelId, () => Panel> = {
      share: () => createSharePanel(actions),
      cube: () => createCubePanel(actions),
      'side-by-side': () => createSideBySidePanel(),
      knob: () => createKnobPanel(actions),
      batch: () => createBatchPanel(actions),
      rms: () => createRmsPanel(),
    };
    const panels = shown.map((id) => makers[id]());
    const controls = createControls(actions);
    const parity = createParity(panels, () => runtime.publish());
    // An embed shows parity badges only with badges=1; without, ONNX Runtime is never loaded.
    const checkParity = !embed || ctx.presentation.badges;
    const busy = h('p', { class: 'busy', role: 'status', 'aria-live': 'polite', 'data-testid': 'busy' });
    const page = h('div', { class: `nm-explorer${embed ? ' nm-embed' : ''}`, 'data-testid': 'nm-explorer' });
    if (!embed) {
      page.append(h('div', { class: 'nm-intro' },
        h('h1', {}, 'The normalization family'),
        h('p', { class: 'lede' }, 'BatchNorm, LayerNorm, InstanceNorm, GroupNorm and RMSNorm all compute y = (x − μ) / √(σ² + eps), then γ·y + β. ' +
          'They differ only in which values share one μ and σ² (Wu & He, “Group Normalization”, 2018, Fig. 2) — here live, on the same batch, ' +
          'every number from the kernels and checked against ONNX Runtime.')));
    }
    page.append(h('div', { class: 'nm-layout' }, controls.el, h('div', { class: 'nm-panels' }, busy, ...panels.map((p) => p.el))));
    root.append(page);

    const runtime: ExplorerRuntime<NormState, NormInputs, NormResults, View> = createExplorerRuntime<NormState, NormInputs, NormResults, View, PanelId, never>({
      name: 'normalization',
      store,
      ctx,
      worker: (role) => createNormalizationRunner(role),
      panels,
      state: (s) => checkCombination(s).state,
      complete: (r) => r.x !== null,
      hint: { el: busy, root: page, delayMs: 150 },
      changed: (state, prev) => (sameState(state, prev) ? 'skip' : 'heavy'),
      present: (state, results) => ({ state, results, probe }),
      shown(state, results) {
        controls.sync(state);
        if (checkParity) parity.update(results, state);
      },
      failed: (e) => {
        busy.textContent = `Something went wrong: ${e.message}`;
      },
      published: () => {
        const r = runtime.shown?.result;
        return {
          parity: parity.published(),
          knob: r?.knob ? { atOne: r.knob.atOne, atC: r.knob.atC, points: r.knob.points } : null,
          change: r?.batchDependence?.change ?? null,
          trainEval: r?.batchDependence?.trainEval ?? null,
          spread: r?.batchDependence?.spread ?? null,
          removed: r?.summary ? Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, { unitMeanMax: v.unitMeanMax, unitSpreadMax: v.unitSpreadMax, text: v.removed }])) : null,
          rmsMaxDiff: r?.rms?.maxDiff ?? null,
          dataError: r?.dataError ?? null,
        };
      },
    });

    ctx.registerPresenter?.({
      param: 'rest of the batch',
      stepHelp: 'draw the rest of the batch again (back / forward): only BatchNorm’s output for sample 0 moves',
      step(delta) {
        const s = store.get();
        store.update({ swap: Math.max(0, s.swap + delta) });
        return `rest of the batch: draw ${store.get().swap}`;
      },
    });
    ctx.registerSnapshot?.({
      '*': () => {
        const v = runtime.shown;
        return v ? snapshotOf(v.state, v.result) : null;
      },
    });

    loadSamplePhotos().then((photos) => {
      if (disposed) return;
      env.photos = photos;
      runtime.setInputs({ ...env }, true);
    }).catch((e: Error) => {
      if (!disposed) ctx.notify(`The sample photographs could not be loaded (${e.message}); choose Synthetic or your own images.`);
    });
    runtime.start();
    return () => {
      disposed = true;
      runtime.dispose();
      page.remove();
    };
  },
};
export default explorer;
