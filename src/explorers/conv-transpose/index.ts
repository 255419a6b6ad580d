/**
 * The transposed-convolution explorer: controls + eight panels around one compute(state) call.
 * Data flows one way: control → store.update → compute — a cheap repaint pass in the page, inside the input's own
 * task (in-page.ts), otherwise in a Web Worker (latest wins: while one state computes, newer ones replace the
 * waiting one); the analyses a repaint pass leaves pending come from a second worker → render the panels on screen
 * from the result (the others when they scroll near, or once the controls are still: lazy-panels.ts). The hovered pixel is explorer-local (not URL state) and
 * only re-renders the views that show it, on the main thread, from the results it has.
 */
import '../../views/views.css';
import './explorer.css';
import type { ExplorerContext, ExplorerModule } from '../types.ts';
import { convTransposeSnapshots } from './snapshot.ts';
import { adoptPending, compute, type LayerResults, type Pictures, type Results } from './compute.ts';
import { createControls, showInputMessage } from './controls.ts';
import { decodePicture, loadPhoto } from './image.ts';
import type { Hover } from './links.ts';
import { createCheckerboardPanel } from './panels/checkerboard.ts';
import { createHeightFieldPanel } from './panels/height-field.ts';
import { createMatrixPanel } from './panels/matrix.ts';
import { createNotInversePanel } from './panels/not-inverse.ts';
import { createOverlapPanel } from './panels/overlap.ts';
import { createPaintPanel } from './panels/paint.ts';
import { createParityBadges, parityRequests } from './parity.ts';
import { el, PANEL_IDS, type Panel, type PanelEnv, type PanelId } from './panels/panel.ts';
import { createShapePanel } from './panels/shape.ts';
import { createZeroInsertionPanel } from './panels/zero-insertion.ts';
import { convTransposeSchema, type ConvTransposeSchema, type ConvTransposeState } from './schema.ts';
import type { Store } from '../../state/store.ts';
import { defaults } from '../../state/schema.ts';
import { createConvTransposeRunner } from '../../worker/conv-transpose-runner.ts';
import { afterNextPaint, createLatencyMarks } from '../../worker/latency-marks.ts';
import { getImportedLayer } from '../../state/imported-layer.ts';
import { createImportedBanner } from '../model/banner.ts';
import { nodeAsWritten, type NodeAsWritten } from '../model/as-written.ts';
import { createPanelScheduler } from '../lazy-panels.ts';
import { createAnalysesRunner } from '../analyses-runner.ts';
import { sameState } from '../same-state.ts';
import { createPendingGrey } from '../pending-grey.ts';
import type { Detail } from '../../worker/explorer-protocol.ts';
import { getBackend, ready } from '../../kernels/index.ts';
import { BUDGET_MS, createInPagePolicy } from './in-page.ts';

/** Panels that show a part a 'first' pass may leave pending (compute.ts LayerResults.pending). */
const PENDING_PANELS: Record<PanelId, LayerResults['pending']> = {
  shape: [], paint: [], 'zero-insertion': [], matrix: [], overlap: [], checkerboard: ['shootout'], 'height-field': [], 'not-inverse': ['notInverse'],
};

/** Pause between the page's warm-up passes (ms): input that comes in between runs first. */
const WARM_GAP_MS = 50;

/** Quiet time after a repaint before the second worker brings the pending parts (ms). */
const ANALYSES_AFTER_MS = 60;

const CLAIMS: [string, PanelId][] = [
  ['“a deconvolution layer maps from a lower to higher dimension, a sort of upsampling”', 'shape'],
  ['“every point in the small image ‘paints’ a square in the larger one”', 'paint'],
  ['“the transpose of a non-padded convolution is equivalent to convolving a zero-padded input”', 'zero-insertion'],
  ['“zeroes are inserted between inputs … hence also called fractionally strided convolution”', 'zero-insertion'],
  ['torch.nn.ConvTranspose2d is the transpose of a convolution matrix', 'matrix'],
  ['“uneven overlap in the output, conv layers have overlap in the input”', 'overlap'],
  ['“leads to the problem of checkerboard artifacts”', 'checkerboard'],
  ['“resize-convolution instead … to avoid checkerboard artifacts”', 'checkerboard'],
  ['“ambiguous name, no deconvolutions”', 'not-inverse'],
];

function intro(show: (id: PanelId) => void): HTMLElement {
  const header = el('header', { class: 'ct-intro' });
  header.append(el('h1', {}, 'Transposed convolution'));
  const lede = el('p', { class: 'lede' });
  lede.innerHTML = `PyTorch’s <code>ConvTranspose2d</code>, every parameter live, seen three equivalent ways — each input
pixel painting a square, a convolution over a zero-inserted input, the transpose of a convolution matrix — and why
its uneven overlap makes checkerboard artifacts that resize-convolution avoids. Every number is computed by Layer
Lab’s own kernels; hover any grid to link them all.`;
  const claims = el('details', { class: 'ct-claims' });
  claims.append(el('summary', {}, 'What the source note claims, and where to check it'));
  const list = el('ul');
  for (const [claim, id] of CLAIMS) {
    const li = el('li');
    const b = el('button', { type: 'button', class: 'ct-link' }, `panel ${PANEL_IDS.indexOf(id) + 1}`);
    b.addEventListener('click', () => show(id));
    li.append(claim, ' → ', b);
    list.append(li);
  }
  claims.append(list);
  header.append(lede, claims);
  return header;
}

function mount(root: HTMLElement, store: Store<ConvTransposeState>, ctx: ExplorerContext): () => void {
  const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const embed = ctx.presentation.embed;
  const requested = ctx.presentation.panels.filter((p): p is PanelId => (PANEL_IDS as readonly string[]).includes(p));
  const shown = new Set<PanelId>(embed ? (requested.length ? requested : ['paint']) : PANEL_IDS);

  let hover: Hover | null = null;
  let results: LayerResults | null = null;
  let lastResults: Results | null = null;
  let queued = false;
  let destroyed = false;
  const pictures: Pictures = {};
  let photoName = '';
  // 'computing': the worker has not answered for the current state yet ('ready' only once its result is drawn).
  let status: 'loading' | 'computing' | 'ready' | 'error' = 'loading';
  const runner = createConvTransposeRunner();
  /** The second worker: 'full' passes (a changed shoot-out) after a 'first' pass left it pending. */
  const analyses = createAnalysesRunner(createConvTransposeRunner('analyses'), {
    afterMs: ANALYSES_AFTER_MS,
    showing: (state) => !destroyed && shownState !== null && sameState(shownState, state) && (inFlight === null || sameState(inFlight.state, state)),
    done: (state, result) => {
      if (result.ok) lastFull = result;
      show(state, result, 0, 'full');
    },
    warmed: (_state, result) => {
      if (result.ok) lastFull ??= result;
    },
    failed: (err) => ctx.notify(`Computing this layer failed: ${err.message}`),
  });
  const marks = createLatencyMarks('conv-transpose');
  let lastCompute: { ms: number; backend: string; where: 'page' | 'worker' | 'main thread' } | null = null;
  const inPage = createInPagePolicy();
  const pendingGrey = createPendingGrey();
  /** The last repaint pass's predicted in-page time (in-page.ts), published with where it ran. */
  let estimateMs: number | null = null;
  /** Main-thread time of the last render from new data (the panels near the screen), for `npm run measure:latency`. */
  let renderMs: number | null = null;
  /** The state the results on screen were computed for, and the .onnx node they are (if any): what parity checks. */
  let shownState: ConvTransposeState | null = null;
  /** The request in flight (if any): an identical state joins it instead of computing again (same-state.ts). */
  let inFlight: { state: ConvTransposeState; seq: number } | null = null;
  /** Panels left as they were by a 'first' pass (they show a pending part): the 'full' pass redraws them. */
  const waiting = new Set<PanelId>();
  /** The last 'full' pass: its analyses fill in a 'first' pass that wants the same ones (adoptPending). */
  let lastFull: LayerResults | null = null;
  const setInputs = () => {
    runner.setInputs({ ...pictures });
    analyses.setInputs({ ...pictures });
    inFlight = null; // new pictures: the same state computes something new
    lastFull = null;
  };
  let asWritten: NodeAsWritten | null = null;

  const env: PanelEnv = {
    store,
    reducedMotion,
    setHover(h) {
      const same = h === hover || (h && hover && h.grid === hover.grid && h.row === hover.row && h.col === hover.col);
      if (same) return;
      hover = h;
      renderPanels('hover');
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
  const panelById = new Map(panels.map((p) => [p.id as string, p]));
  const scheduler = createPanelScheduler(panels.map((p) => ({ id: p.id, el: p.section })), (id, kind) => {
    const p = panelById.get(id)!;
    if (!results) return;
    p.render({ state: store.get(), results, hover }, kind);
    if (kind === 'data' && shownState) parity.update(p.id, p.section, parityRequests(p.id, results, shownState, asWritten));
  }, { afterDraw: () => publish() });

  const parity = createParityBadges(() => publish());
  const page = el('div', { class: `ct-explorer${embed ? ' embed' : ''}`, 'data-testid': 'conv-transpose' });
  const controls = createControls(store, { onOwnImage: (f) => void useOwnImage(f) }, embed);
  const column = el('div', { class: 'ct-panels' });
  const scrollTo = (id: PanelId) => {
    const s = column.querySelector<HTMLElement>(`[data-panel="${id}"]`);
    s?.scrollIntoView({ behavior: reducedMotion ? 'auto' : 'smooth', block: 'start' });
    s?.focus({ preventScroll: true });
  };
  if (!embed) page.append(intro(scrollTo));
  // A node opened on the model page (kernel = 'onnx'): only what compute needs goes with the pictures, not the model.
  const held = getImportedLayer();
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
    p.section.tabIndex = -1;
    column.append(p.section);
  }
  root.replaceChildren(page);

  function publish(): void {
    const extra: Record<string, unknown> = {};
    for (const p of panels) Object.assign(extra, p.published?.());
    const r = results;
    // 'ready' once the newest state is drawn everywhere (no request out, no pending part, no panel still owed a
    // redraw); 'drawing' until then. Tests and `npm run measure:latency` wait for 'ready'.
    const drawn = !queued && inFlight === null && (r?.pending.length ?? 0) === 0 && scheduler.outOfDate.length === 0;
    ctx.publish({
      status: status === 'ready' && !drawn ? 'drawing' : status,
      error: lastResults && !lastResults.ok ? lastResults.message : null,
      errorControl: lastResults && !lastResults.ok ? lastResults.control : null,
      outShape: r ? r.output.shape : null,
      phaseGain: r ? Array.from(r.phaseGain) : null,
      phaseSpread: r ? r.phaseSpread : null,
      onnx: r ? Object.fromEntries(r.onnx.map((f) => [f.name, f.expresses])) : null,
      hover,
      panels: panels.map((p) => p.id),
      outOfDate: scheduler.outOfDate,
      parity: parity.published(),
      imported: r?.imported ? { title: r.imported.title, full: r.imported.full, slice: r.imported.slice } : null,
      compute: { where: runner.where, fallbackReason: runner.fallbackReason, ...lastCompute, renderMs, estimateMs, budgetMs: BUDGET_MS },
      ...extra,
    });
  }

  /** Redraw the panels near the screen now (parity checks go with 'data' draws); the others are owed a redraw. */
  function renderPanels(reason: 'data' | 'hover', only?: (id: PanelId) => boolean): void {
    if (!results) return;
    const start = performance.now();
    // Panels waiting for a pending part keep their last drawing until the 'full' pass brings it.
    scheduler.invalidate(reason, (id) => !waiting.has(id as PanelId) && (!only || only(id as PanelId)));
    if (reason === 'data') renderMs = performance.now() - start;
    publish();
  }

  function setStale(stale: boolean): void {
    for (const p of panels) p.section.classList.toggle('stale', stale);
  }

  /** Photographs are needed for the photo input, the shoot-out's image and as fallback for a missing own image. */
  function ensurePhoto(state: ConvTransposeState): boolean {
    if (photoName === state.image && pictures.photo) return true;
    const name = state.image;
    if (photoName !== name) {
      photoName = name;
      pictures.photo = undefined;
      loadPhoto(name).then((pic) => {
        if (destroyed || photoName !== name) return;
        pictures.photo = pic;
        setInputs();
        schedule();
      }, (err: Error) => {
        if (destroyed) return;
        showInputMessage(controls, err.message);
        status = 'error';
        publish();
      });
    }
    return false;
  }

  function recompute(): void {
    queued = false;
    if (destroyed) return;
    const state = store.get();
    if (!ensurePhoto(state)) {
      runner.cancel(); // a result for an earlier state must not land while this one waits for its photograph
      analyses.cancel();
      inFlight = null;
      status = 'loading';
      setStale(results !== null);
      controls.sync(state, lastResults);
      publish();
      return;
    }
    if (inFlight && sameState(inFlight.state, state)) {
      inFlight.seq = marks.latest; // its result will show this input too
      return;
    }
    // Once a layer is on screen, a 'first' pass repaints it without waiting for changed analyses (shoot-out, not-inverse).
    const plan = results ? inPage.plan(state) : null;
    estimateMs = plan?.estimateMs ?? null;
    if (results && plan?.here) computeHere(state, results);
    else request(state, results ? 'first' : 'full');
  }

  function request(state: ConvTransposeState, detail: Detail): void {
    const req = { state, seq: marks.latest };
    inFlight = req;
    status = 'computing';
    publish();
    runner.run(state, detail).then((done) => {
      if (inFlight === req) inFlight = null;
      if (!done || destroyed) return; // null: a newer state was asked for since; its result will come
      if (detail === 'first') inPage.recordWorker(state, done.ms);
      received(state, done.result, { ms: done.ms, backend: done.backend, where: runner.where }, req.seq, detail);
    }, (err: Error) => {
      if (inFlight === req) inFlight = null;
      if (!destroyed) failed(err);
    });
  }

  /**
   * A repaint pass in the page, inside the input's own task: the browser then paints the moved control and the
   * result in one frame instead of two, with no worker round trip. Only for passes predicted to be cheap.
   */
  function computeHere(state: ConvTransposeState, onScreen: LayerResults): void {
    runner.cancel(); // an older request to the worker must not land after this result
    inFlight = null;
    const seq = marks.latest;
    let pass: { r: Results; ms: number };
    try {
      pass = repaintHere(state, onScreen);
    } catch (err) {
      failed(err as Error);
      return;
    }
    inPage.record(state, pass.ms);
    received(state, pass.r, { ms: pass.ms, backend: getBackend(), where: 'page' }, seq, 'first');
  }

  /** A 'first' pass in the page, timed; the analyses it leaves pending show what `onScreen` has meanwhile. */
  function repaintHere(state: ConvTransposeState, onScreen: LayerResults): { r: Results; ms: number } {
    const start = performance.now();
    const r = compute(state, pictures, 'first', onScreen);
    return { r, ms: performance.now() - start };
  }

  /**
   * Compute the state on screen in the page a few times while it is idle, after the first result is drawn, so that
   * the first move's in-page pass does not meet cold code and caches (≈ 50 ms for the first pass here, then 1–5 ms).
   * The first, cold pass is not counted in the cost estimate.
   */
  function warmHere(passes: number, count = false): void {
    afterNextPaint(() => setTimeout(() => {
      if (destroyed || !results || passes <= 0) return;
      const state = store.get();
      let ms: number;
      try {
        ms = repaintHere(state, results).ms;
      } catch {
        return; // a bug in compute: the worker's pass for this state reports it
      }
      if (count) inPage.record(state, ms);
      warmHere(passes - 1, true);
    }, WARM_GAP_MS));
  }

  function received(state: ConvTransposeState, result: Results, how: NonNullable<typeof lastCompute>, seq: number, detail: Detail): void {
    if (lastCompute === null) {
      analyses.warm(state);
      // The page's own kernels (wasm) and a few passes here to warm them up, for repaint passes computed here (in-page.ts).
      void ready().then(() => warmHere(4));
    }
    lastCompute = how;
    const r = result.ok && lastFull ? adoptPending(result, lastFull) : result;
    if (r.ok && r.pending.length === 0) lastFull = r;
    show(state, r, seq, detail);
    if (r.ok && r.pending.length > 0) analyses.request(state);
  }

  function failed(err: Error): void {
    // compute reports invalid layers in its results; a thrown error is a bug worth showing, not hiding.
    status = 'error';
    setStale(true);
    ctx.notify(`Computing this layer failed: ${err.message}`);
    publish();
  }

  /**
   * Render the result for `state` (the newest asked for); `seq`: the last input it reflects. After a 'first' pass
   * the panels showing a pending part keep their drawing, greyed, until the 'full' pass, which then redraws only
   * them (the others already show these numbers).
   */
  function show(state: ConvTransposeState, r: Results, seq: number, detail: Detail): void {
    lastResults = r;
    controls.sync(state, r);
    if (!r.ok) {
      // Keep the last valid result on screen, greyed; the message sits next to the offending control.
      status = 'error';
      setStale(true);
      publish();
      marks.rendered(seq);
      return;
    }
    const completesFirst = detail === 'full' && results !== null && results.pending.length > 0 && shownState !== null && sameState(shownState, state);
    const toDraw = completesFirst ? new Set(waiting) : null;
    results = r;
    banner.show(r.imported && { title: r.imported.title, notes: r.imported.notes });
    status = 'ready';
    waiting.clear();
    for (const p of panels) {
      if (PENDING_PANELS[p.id].some((part) => r.pending.includes(part))) waiting.add(p.id);
    }
    for (const p of panels) pendingGrey.set(p.section, waiting.has(p.id));
    if (!completesFirst) for (const n of r.notes) ctx.notify(n); // the 'first' pass said them
    shownState = state;
    asWritten = held && r.imported ? nodeAsWritten(held, r.imported, state.inH, state.inW) : null;
    renderPanels('data', toDraw ? (id) => toDraw.has(id) : undefined);
    marks.rendered(seq);
  }

  /** Changes within one event (e.g. a field and the fields kept legal with it) make one request. */
  function schedule(): void {
    if (queued || destroyed) return;
    queued = true;
    queueMicrotask(recompute);
  }

  async function useOwnImage(file: File): Promise<void> {
    try {
      pictures.own = await decodePicture(file);
      setInputs();
      showInputMessage(controls, '');
      if (store.get().input === 'own') schedule();
      else store.update({ input: 'own' });
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

  const unsubscribe = store.subscribe(() => {
    marks.input();
    schedule();
  });
  controls.sync(store.get(), null);
  setInputs(); // the node opened on the model page (if any) is there from the start
  recompute();
  // Exports refuse while the state is invalid: the greyed result on screen is not the layer the controls describe.
  registerPresenterAndExport(store, ctx, page, () => {
    scheduler.flush(); // an export shows every panel as the layer now is
    return lastResults && !lastResults.ok ? null : results;
  });

  return () => {
    destroyed = true;
    unsubscribe();
    runner.dispose();
    analyses.dispose();
    marks.dispose();
    scheduler.dispose();
    pendingGrey.dispose();
    for (const p of panels) p.destroy?.();
    page.removeEventListener('dragover', onDragOver);
    page.removeEventListener('dragleave', onDragLeave);
    page.removeEventListener('drop', onDrop);
    root.replaceChildren();
  };
}

/**
 * Presenter keys step the stride (the parameter the story turns on), space plays the paint animation, r resets;
 * exports read the last valid layer.
 */
function registerPresenterAndExport(
  store: Store<ConvTransposeState>, ctx: ExplorerContext, page: HTMLElement, current: () => LayerResults | null,
): void {
  ctx.registerPresenter?.({
    step(delta) {
      const s = store.get();
      const stride = Math.min(4, Math.max(1, s.sH + delta));
      // Keep output_padding legal (smaller than stride or dilation) so stepping never lands on a refusal.
      const opH = Math.min(s.opH, Math.max(stride, s.dH) - 1);
      const opW = Math.min(s.opW, Math.max(stride, s.dW) - 1);
      store.update({ sH: stride, sW: stride, opH, opW });
      return `stride ${stride}`;
    },
    togglePlay() {
      const play = page.querySelector<HTMLButtonElement>('[data-testid="anim-play"]');
      if (!play) return 'this view has no animation';
      play.click();
      return play.getAttribute('aria-pressed') === 'true' ? 'playing' : 'paused';
    },
    reset: () => store.set(defaults(convTransposeSchema)),
    help: [{ keys: '← →', does: 'stride − / + (output padding kept legal)' }],
  });
  ctx.registerSnapshot?.(convTransposeSnapshots(current, () => store.get()));
}

const explorer: ExplorerModule<ConvTransposeSchema> = {
  id: 'conv-transpose',
  title: 'Transposed convolution',
  schema: convTransposeSchema,
  mount,
};
export default explorer;
