/**
 * The transposed-convolution explorer: controls + eight panels around one compute(state) call, scheduled by the
 * explorer runtime (runtime/runtime.ts): a cheap repaint in the page, otherwise in a worker, latest wins; the
 * shoot-out and the not-inverse solve a repaint leaves pending come from a second worker. The hovered pixel is
 * explorer-local (not URL state) and only redraws the views that show it, from the results on screen.
 */
import '../../views/views.css';
import './explorer.css';
import type { ExplorerContext, ExplorerModule } from '../types.ts';
import { adoptPending, compute, type LayerResults, type Pictures, type Results } from './compute.ts';
import { createControls, showInputMessage } from './controls.ts';
import { decodePicture, loadPhoto } from './image.ts';
import { createIntro } from './intro.ts';
import type { Hover } from './links.ts';
import { createCheckerboardPanel } from './panels/checkerboard.ts';
import { createHeightFieldPanel } from './panels/height-field.ts';
import { createMatrixPanel } from './panels/matrix.ts';
import { createNotInversePanel } from './panels/not-inverse.ts';
import { createOverlapPanel } from './panels/overlap.ts';
import { createPaintPanel } from './panels/paint.ts';
import { createParityBadges, parityRequests } from './parity.ts';
import { el, PANEL_IDS, type Panel, type PanelEnv, type PanelId, type RenderInput } from './panels/panel.ts';
import { createShapePanel } from './panels/shape.ts';
import { createZeroInsertionPanel } from './panels/zero-insertion.ts';
import { registerPresenterAndExport } from './presenter.ts';
import { createConvTransposeRunner } from './runner.ts';
import { convTransposeSchema, type ConvTransposeSchema, type ConvTransposeState } from './schema.ts';
import type { Store } from '../../state/store.ts';
import { createImportedBanner } from '../model/banner.ts';
import { nodeAsWritten, type NodeAsWritten } from '../model/as-written.ts';
import { createExplorerRuntime, type ExplorerRuntime } from '../runtime/runtime.ts';
import { shownPanels } from '../runtime/panel.ts';
import { createInPagePolicy } from './in-page.ts';
import { badgesShown } from '../parity-slots.ts';

/** Panels that show a part a 'first' pass may leave pending (compute.ts LayerResults.pending). */
const PENDING_PANELS: Partial<Record<PanelId, LayerResults['pending']>> = { checkerboard: ['shootout'], 'not-inverse': ['notInverse'] };

function mount(root: HTMLElement, store: Store<ConvTransposeState>, ctx: ExplorerContext): () => void {
  const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const embed = ctx.presentation.embed;
  const shown = new Set<PanelId>(shownPanels(ctx.presentation, PANEL_IDS, ['paint'], 'the transposed conv', ctx.notify));

  let disposed = false;
  let hover: Hover | null = null;
  const pictures: Pictures = {};
  let photoName = '';
  /** The .onnx node the results on screen are (if any): what parity checks. */
  let asWritten: NodeAsWritten | null = null;
  const inPage = createInPagePolicy();

  const env: PanelEnv = {
    store,
    reducedMotion,
    setHover(h) {
      const same = h === hover || (h && hover && h.grid === hover.grid && h.row === hover.row && h.col === hover.col);
      if (same) return;
      hover = h;
      runtime.redraw('hover', (view) => ({ ...view, hover }));
    },
  };
  const factories: Record<PanelId, () => Panel> = {
    shape: createShapePanel,
    paint: () => createPaintPanel(env),
    'zero-insertion': () => createZeroInsertionPanel(env),
    matrix: () => createMatrixPanel(env),
    overlap: () => createOverlapPanel(env),
    checkerboard: () => createCheckerboardPanel(env),
    'height-field': () => createHeightFieldPanel(env),
    'not-inverse': () => createNotInversePanel(env),
  };
  const panels = PANEL_IDS.filter((id) => shown.has(id)).map((id) => factories[id]());

  const parity = createParityBadges(() => runtime.publish(), badgesShown(ctx.presentation));
  const page = el('div', { class: `ct-explorer${embed ? ' embed' : ''}`, 'data-testid': 'conv-transpose' });
  const controls = createControls(store, { onOwnImage: (f) => void useOwnImage(f) }, embed, ctx.imported);
  const column = el('div', { class: 'ct-panels' });
  const scrollTo = (id: PanelId) => {
    const s = column.querySelector<HTMLElement>(`[data-panel="${id}"]`);
    s?.scrollIntoView({ behavior: reducedMotion ? 'auto' : 'smooth', block: 'start' });
    s?.focus({ preventScroll: true });
  };
  if (!embed) page.append(createIntro(scrollTo));
  // A node opened on the model page (kernel = 'onnx'): only what compute needs goes with the pictures, not the model.
  const held = ctx.imported.get();
  if (held && held.layer.op !== 'BatchNormalization') pictures.imported = { source: held.source, nodeLabel: held.nodeLabel, layer: held.layer };
  if (store.get().kernel === 'onnx' && !pictures.imported) {
    ctx.notify('The ONNX model is not loaded in this tab (files are not stored in links): showing the box kernel. Open the model again on the “Open .onnx” page.');
    store.update({ kernel: 'box' }, 'replace');
  }
  const banner = createImportedBanner();
  page.append(banner.el);
  const bodyRow = el('div', { class: 'ct-body' });
  bodyRow.append(controls.element, column);
  page.append(bodyRow);
  for (const p of panels) {
    p.el.tabIndex = -1;
    column.append(p.el);
  }
  root.replaceChildren(page);

  /** A 'first' pass in the page; the analyses it leaves pending show what `onScreen` has meanwhile. */
  const repaintHere = (state: ConvTransposeState, onScreen: LayerResults, count: boolean): Results => {
    const start = performance.now();
    const r = compute(state, pictures, 'first', onScreen);
    if (count) inPage.record(state, performance.now() - start);
    return r;
  };

  const runtime: ExplorerRuntime<ConvTransposeState, Pictures, Results, RenderInput> = createExplorerRuntime<ConvTransposeState, Pictures, Results, RenderInput, PanelId, LayerResults['pending'][number]>({
    name: 'conv-transpose',
    store,
    ctx,
    worker: (role) => createConvTransposeRunner(role),
    panels,
    pending: (r) => (r.ok ? r.pending : []),
    pendingPanels: PENDING_PANELS,
    adopt: (first, full) => (first.ok && full.ok ? adoptPending(first, full) : first),
    // compute reports an invalid layer in its results: the last valid one stays on screen, greyed, and the message
    // sits next to the offending control.
    invalid: (r) => !r.ok,
    loading: (state) => !ensurePhoto(state),
    waiting: (state) => controls.sync(state, runtime.latest),
    rejected: (state, r) => controls.sync(state, r),
    present(state, r, pass) {
      const results = r as LayerResults;
      controls.sync(state, results);
      banner.show(results.imported && { title: results.imported.title, notes: results.imported.notes });
      if (!pass.completes) for (const n of results.notes) ctx.notify(n); // the 'first' pass said them
      asWritten = held && results.imported ? nodeAsWritten(held, results.imported, state.inH, state.inW) : null;
      return { state, results, hover };
    },
    drawn(p, reason) {
      const s = runtime.shown;
      if (reason === 'data' && s) parity.update(p.id, p.el, parityRequests(p.id, s.view.results, s.state, asWritten));
    },
    failed: (err) => ctx.notify(`Computing this layer failed: ${err.message}`),
    published(): Record<string, unknown> {
      const latest = runtime.latest;
      const r = runtime.shown?.view.results ?? null;
      return {
        error: latest && !latest.ok ? latest.message : null,
        errorControl: latest && !latest.ok ? latest.control : null,
        outShape: r ? r.output.shape : null,
        phaseGain: r ? Array.from(r.phaseGain) : null,
        phaseSpread: r ? r.phaseSpread : null,
        onnx: r ? Object.fromEntries(r.onnx.map((f) => [f.name, f.expresses])) : null,
        hover,
        parity: parity.published(),
        imported: r?.imported ? { title: r.imported.title, full: r.imported.full, slice: r.imported.slice } : null,
      };
    },
    page: {
      // Once a layer is on screen, a repaint pass predicted cheap runs here (an imported node's size is not in the state).
      step(state, onScreen) {
        const plan = inPage.plan(state);
        const on = onScreen.result;
        return { estimateMs: plan.estimateMs, run: plan.here && on.ok ? () => repaintHere(state, on, true) : null };
      },
      workerTimed: (state, ms) => inPage.recordWorker(state, ms),
      // The first pass here meets cold code and caches (several times a warm one): it is not counted.
      warm: { passes: 4, counted: 3, pass: (onScreen, _i, count) => onScreen.result.ok && repaintHere(store.get(), onScreen.result, count) },
    },
  });

  /** Photographs are needed for the photo input, the shoot-out's image and as fallback for a missing own image. */
  function ensurePhoto(state: ConvTransposeState): boolean {
    if (photoName === state.image && pictures.photo) return true;
    const name = state.image;
    if (photoName !== name) {
      photoName = name;
      pictures.photo = undefined;
      loadPhoto(name).then((pic) => {
        if (disposed || photoName !== name) return;
        pictures.photo = pic;
        runtime.setInputs({ ...pictures }, true);
      }, (err: Error) => {
        if (disposed) return;
        showInputMessage(controls, err.message);
        runtime.fail();
      });
    }
    return false;
  }

  async function useOwnImage(file: File): Promise<void> {
    try {
      pictures.own = await decodePicture(file);
      runtime.setInputs({ ...pictures }, store.get().input === 'own');
      showInputMessage(controls, '');
      if (store.get().input !== 'own') store.update({ input: 'own' });
    } catch (err) {
      showInputMessage(controls, (err as Error).message);
    }
  }

  const onDragOver = (ev: DragEvent) => {
    if (ev.dataTransfer?.types.includes('Files')) {
      ev.preventDefault();
      page.classList.add('drop-target');
    }
  };
  const onDragLeave = () => page.classList.remove('drop-target');
  const onDrop = (ev: DragEvent) => {
    page.classList.remove('drop-target');
    const f = ev.dataTransfer?.files[0];
    if (!f) return;
    ev.preventDefault();
    void useOwnImage(f);
  };
  page.addEventListener('dragover', onDragOver);
  page.addEventListener('dragleave', onDragLeave);
  page.addEventListener('drop', onDrop);

  controls.sync(store.get(), null);
  runtime.setInputs({ ...pictures }); // the node opened on the model page (if any) is there from the start
  runtime.start();
  // Exports refuse while the state is invalid: the greyed result on screen is not the layer the controls describe.
  registerPresenterAndExport(store, ctx, page, () => {
    runtime.flush(); // an export shows every panel as the layer now is
    const latest = runtime.latest;
    return latest && !latest.ok ? null : runtime.shown?.view.results ?? null;
  });

  return () => {
    disposed = true;
    runtime.dispose();
    page.removeEventListener('dragover', onDragOver);
    page.removeEventListener('dragleave', onDragLeave);
    page.removeEventListener('drop', onDrop);
    root.replaceChildren();
  };
}

const explorer: ExplorerModule<ConvTransposeSchema> = {
  id: 'conv-transpose',
  title: 'Transposed convolution',
  schema: convTransposeSchema,
  mount,
};
export default explorer;
