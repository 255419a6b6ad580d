/**
 * "Your ONNX model" (#/model): open an .onnx file (file picker, drop, or a shipped reference model), list its
 * ConvTranspose, Conv and BatchNormalization nodes with shapes, attributes and parameters, check each against ONNX
 * Runtime running the node as written in the file, and open one in its explorer with its real weights.
 *
 * URL state: which shipped reference model is open (its link reloads it) and the node last opened (highlighted on
 * return). The user's own file is never in the URL; it stays in this tab (src/explorers/imported-layer.ts). A file that
 * cannot be used shows one message and leaves the model listed before it in place.
 */
import {
  capText, extractLayer, isOrtLoaded, MAX_ONNX_BYTES, noLayersMessage, openOnnxFile, type ExtractedLayer, type OnnxLayerSummary,
} from '../../onnx/index.ts';
import { createModelChecker, type ModelChecker } from '../../onnx/off-thread/model-check-client.ts';
import type { NodeVerdict } from '../../onnx/off-thread/node-check.ts';
import type { LoadedModel } from '../imported-layer.ts';
import { buildHash, parseHash } from '../../state/route.ts';
import type { ValueOf } from '../../state/schema.ts';
import type { Store } from '../../state/store.ts';
import { renderParityBadge, type ParityBadgeState } from '../../views/parity-badge.ts';
import { badgeStateFromResult } from '../parity-badge-state.ts';
import type { ExplorerContext, ExplorerModule } from '../types.ts';
import { createStatusPublisher } from '../runtime/status.ts';
import { renderFeatureMaps } from './feature-maps.ts';
import { explorerLink, type ExplorerLink } from './links.ts';
import { createNodeCard, type NodeCard } from './node-card.ts';
import { createOverview, type Overview } from './overview.ts';
import { createSampleControls } from './sample-controls.ts';
import { modelSchema, REFERENCE_MODELS, REFERENCE_NAMES } from './schema.ts';
import { verdictCell } from './summary.ts';
import './model.css';

type ModelState = ValueOf<typeof modelSchema>;

const MB = MAX_ONNX_BYTES / 1024 / 1024;
/** Main-thread time one chunk of the list may take before the page paints and takes input again. */
const CHUNK_MS = 12;
/**
 * Cards on the page at once. The overview lists every node; the cards are a page of it, so a model with thousands
 * of nodes does not keep thousands of cards for the browser to lay out and intersect on every verdict.
 */
export const CARDS_PER_PAGE = 100;

/** A listed node. Its card is built in a later chunk; its weights are extracted when its verdict comes (or on Open). */
interface Row {
  summary: OnnxLayerSummary;
  position: number;
  card: NodeCard | null;
  prepared: { layer: ExtractedLayer; link: ExplorerLink } | { problem: string } | null;
  badge: ParityBadgeState;
  verdict: NodeVerdict | null;
  mapsDrawn: boolean;
}

const HOW = {
  ConvTranspose: 'with its weights and parameters',
  Conv: 'as its transpose (same weights: the adjoint of this Conv)',
  BatchNormalization: 'with its weights and parameters',
} as const;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function mount(root: HTMLElement, store: Store<ModelState>, ctx: ExplorerContext): () => void {
  let destroyed = false;
  let loadToken = 0;
  let listToken = 0;
  let checkToken = 0;
  let rows: Row[] = [];
  let overview: Overview | null = null;
  let checker: ModelChecker | null = null;
  /** The page of cards shown (rows pageStart … pageEnd - 1) and the next row whose card is built (in chunks). */
  let pageStart = 0;
  let pageEnd = 0;
  let built = 0;
  let selected = -1;
  /** What the page has: nothing yet, a file being read, a model being listed or listed, or a file refused with nothing listed. */
  let status: 'empty' | 'reading' | 'listing' | 'ready' | 'error' = 'empty';
  let sampleText = '';
  const contract = createStatusPublisher(ctx);
  const parity: Record<string, string> = {};
  const inputs: Record<string, string> = {};

  const file = h('input', { type: 'file', accept: '.onnx,application/octet-stream', 'data-testid': 'onnx-file', id: 'mp-file' });
  const refButtons = REFERENCE_NAMES.map((name) => {
    const b = h('button', { type: 'button', 'data-testid': `ref-${name}`, title: REFERENCE_MODELS[name] }, `${name}.onnx`);
    b.addEventListener('click', () => {
      if (store.get().ref === name && ctx.imported.loaded()?.reference === name) return;
      store.update({ ref: name, node: -1 });
    });
    return b;
  });
  const error = h('p', { class: 'mp-error', role: 'alert', 'data-testid': 'onnx-error' });
  error.hidden = true;
  const progress = h('p', { class: 'mp-progress', role: 'status', 'data-testid': 'onnx-status' });
  const drop = h('section', { class: 'panel mp-drop', 'data-testid': 'onnx-drop', 'aria-labelledby': 'mp-open-title' },
    h('h2', { id: 'mp-open-title' }, 'Open a model'),
    h('div', { class: 'mp-pick', 'data-control': 'file' }, h('label', { for: 'mp-file', class: 'mp-file-label' }, 'Choose an .onnx file'), file,
      h('span', { class: 'mp-muted' }, 'or drop one anywhere on this page')),
    h('p', { class: 'mp-muted' }, `It is read here in your browser: nothing is uploaded, and links do not include it. Up to ${MB} MB, ` +
      'any ONNX opset, weights stored in the file (not as external data); 1-D and 2-D ConvTranspose, Conv and BatchNormalization nodes can be opened.'),
    h('div', { class: 'mp-refs', 'data-control': 'reference', role: 'group', 'aria-label': 'Example models' }, h('span', { class: 'mp-label' }, 'or an example exported from PyTorch: '), ...refButtons),
    error, progress);

  // The sample input the whole model runs on: a photograph, the user's image, or seeded noise.
  const sampleControls = createSampleControls(() => {
    const loaded = ctx.imported.loaded();
    if (loaded) void runChecks(loaded);
  });
  const modelSection = h('section', { class: 'panel mp-model', 'data-testid': 'onnx-model', 'aria-labelledby': 'mp-model-title' });
  modelSection.hidden = true;
  const page = h('div', { class: 'mp-page', 'data-testid': 'model-page' },
    h('header', { class: 'mp-intro' }, h('h1', {}, 'Your ONNX model'),
      h('p', { class: 'lede' }, 'Every ConvTranspose, Conv and BatchNormalization node of an .onnx file, layer by layer: the model runs once in ' +
        'ONNX Runtime Web on a sample image, each node is checked against our kernel on the activation that really reaches it, ' +
        'and opens in its explorer with its real weights.')),
    drop, modelSection);
  root.replaceChildren(page);

  /** The runtime's ready contract (runtime/status.ts): 'ready' once every node is listed; checks stream in after. */
  function publish(): void {
    const loaded = ctx.imported.loaded();
    contract.publish(status === 'reading' || status === 'listing' ? 'computing' : status === 'error' ? 'error' : 'ready', {
      model: status === 'listing' ? 'reading' : status, error: error.hidden ? null : error.textContent, fileName: loaded?.fileName ?? null, reference: loaded?.reference ?? null,
      layers: loaded?.summary.layers.map((l) => ({ index: l.index, label: l.label, opType: l.opType, inputShape: l.inputShape, outputShape: l.outputShape, problem: l.problem })) ?? [],
      parity: { ...parity }, inputs: { ...inputs }, listed: built - pageStart, cards: [pageStart, pageEnd], selected, sample: sampleText,
      summary: overview ? modelSection.querySelector('[data-testid="overview-summary"]')?.textContent ?? null : null,
    });
  }
  let publishQueued = false;
  /** Verdicts stream in: the contract is rewritten at most every 200 ms. */
  function publishSoon(): void {
    if (publishQueued) return;
    publishQueued = true;
    setTimeout(() => {
      publishQueued = false;
      if (!destroyed) publish();
    }, 200);
  }

  function showError(message: string | null): void {
    error.hidden = message === null;
    error.textContent = message ?? '';
  }

  function render(loaded: LoadedModel): void {
    const { summary } = loaded;
    const ops = Object.entries(summary.opCounts).map(([op, n]) => `${op} ×${n}`).join(', ');
    const facts = h('dl', { class: 'mp-summary' },
      h('dt', {}, 'size'), h('dd', {}, `${(summary.byteLength / 1024).toFixed(1)} KB`),
      h('dt', {}, 'producer'), h('dd', {}, summary.producer || '—'),
      h('dt', {}, 'format'), h('dd', {}, `IR ${summary.irVersion}, opset ${summary.opset ?? '—'}`),
      h('dt', {}, 'nodes'), h('dd', {}, `${summary.nodeCount}: ${ops}`));
    const list = h('ol', { class: 'mp-nodes' });
    const pager = h('nav', { class: 'mp-pager', 'aria-label': 'Node cards', 'data-testid': 'cards-pager' });
    rows = summary.layers.map((l, position) => ({
      summary: l, position, card: null, prepared: l.problem ? { problem: l.problem } : null, verdict: null, mapsDrawn: false,
      badge: l.problem ? { status: 'unavailable', reason: 'this node cannot be opened' } : { status: 'loading', ortLoaded: isOrtLoaded() },
    }));
    overview = createOverview(summary.layers, (index) => select(index));
    overview.append(summary.layers);
    const none = noLayersMessage(summary);
    modelSection.replaceChildren(
      h('h2', { id: 'mp-model-title' }, loaded.fileName), facts, sampleControls.el, overview.el,
      ...(none ? [h('p', {}, none)] : [h('p', { class: 'mp-muted' }, 'The badge under each node: our kernel against ONNX Runtime running that node as written in the file ' +
        '(its attributes, its weights), on the activation that reaches the node when the model runs on the sample input (or, where the model cannot run whole, a seeded random input).')]),
      pager, list);
    modelSection.hidden = false;
    for (const k of Object.keys(parity)) delete parity[k];
    for (const k of Object.keys(inputs)) delete inputs[k];
    selected = -1;
    const last = rows.find((r) => r.summary.index === store.get().node);
    showPage(last ? last.position : 0, () => last?.card?.el.scrollIntoView({ block: 'center' }));
    void runChecks(loaded);
  }

  /** Show the page of cards holding row `position`: built a chunk at a time, so no task is long whatever the model. */
  function showPage(position: number, then?: () => void): void {
    const list = modelSection.querySelector<HTMLOListElement>('.mp-nodes');
    const pager = modelSection.querySelector<HTMLElement>('.mp-pager');
    if (!list || !pager) return;
    const token = ++listToken;
    for (let i = pageStart; i < Math.min(built, rows.length); i++) rows[i].card = null;
    pageStart = Math.floor(position / CARDS_PER_PAGE) * CARDS_PER_PAGE;
    pageEnd = Math.min(rows.length, pageStart + CARDS_PER_PAGE);
    built = pageStart;
    list.replaceChildren();
    list.start = pageStart + 1;
    drawPager(pager);
    status = 'listing';
    const step = () => {
      if (destroyed || token !== listToken) return;
      buildUpTo(pageEnd, list, performance.now() + CHUNK_MS);
      if (built < pageEnd) {
        setTimeout(step, 0);
        publishSoon();
        return;
      }
      status = 'ready';
      contract.advance();
      publish();
      then?.();
    };
    step();
  }

  function drawPager(pager: HTMLElement): void {
    if (rows.length <= CARDS_PER_PAGE) {
      pager.replaceChildren();
      return;
    }
    const go = (label: string, testId: string, to: number, disabled: boolean) => {
      const b = h('button', { type: 'button', 'data-testid': testId }, label);
      b.disabled = disabled;
      b.addEventListener('click', () => showPage(to));
      return b;
    };
    pager.replaceChildren(
      go(`← previous ${CARDS_PER_PAGE}`, 'cards-prev', pageStart - CARDS_PER_PAGE, pageStart === 0),
      h('span', { class: 'mp-muted' }, `Cards for nodes ${pageStart + 1}–${pageEnd} of ${rows.length.toLocaleString('en-US')} (the overview above lists every node; Enter there opens any).`),
      go(`next ${CARDS_PER_PAGE} →`, 'cards-next', pageEnd, pageEnd >= rows.length));
  }

  /** Build cards up to row `end` (within the page), or until the deadline. */
  function buildUpTo(end: number, list: HTMLElement, deadline = Infinity): void {
    const loaded = ctx.imported.loaded();
    if (!loaded) return;
    const frag = document.createDocumentFragment();
    while (built < end && performance.now() < deadline) {
      const row = rows[built++];
      const l = row.summary;
      const explorer = l.opType === 'BatchNormalization' ? 'batch-norm' : 'transposed-convolution';
      const card = createNodeCard(l, l.problem ? { problem: `Cannot be opened: ${l.problem}.` } : { explorer, how: HOW[l.opType], notes: [] });
      card.el.classList.toggle('mp-last-opened', l.index === store.get().node);
      card.openButton.addEventListener('click', () => void open(row, loaded));
      card.maps.addEventListener('toggle', () => drawMaps(row));
      row.card = card;
      renderParityBadge(card.badgeSlot, row.badge);
      if (row.verdict) showVerdict(row, loaded);
      frag.append(card.el);
    }
    list.append(frag);
  }

  /** Overview → card: build the list up to it if needed, scroll to it, focus it and open its feature maps. */
  function select(index: number): void {
    const row = rows.find((r) => r.summary.index === index);
    const list = modelSection.querySelector<HTMLElement>('.mp-nodes');
    if (!row || !list) return;
    if (row.position < pageStart || row.position >= pageEnd) showPage(row.position);
    if (!row.card) buildUpTo(row.position + 1, list);
    for (const r of rows) r.card?.el.classList.toggle('mp-selected', r === row);
    selected = index;
    const card = row.card!;
    if (!card.maps.hidden) card.maps.open = true;
    card.el.scrollIntoView({ block: 'nearest' });
    card.el.focus({ preventScroll: true });
    publish();
  }

  function drawMaps(row: Row): void {
    if (!row.card?.maps.open || row.mapsDrawn || !row.verdict?.maps) return;
    row.mapsDrawn = true;
    renderFeatureMaps(row.card.mapsBody, row.verdict.maps);
  }

  /** The node's weights and explorer link (extracted once); the card then says where it opens, or why it cannot. */
  function prepare(row: Row, loaded: LoadedModel): NonNullable<Row['prepared']> {
    if (row.prepared) return row.prepared;
    const l = row.summary;
    try {
      // Where the file leaves the input size open, the node opens at the size that really reached it.
      const size = l.inputShape === null && row.verdict?.input === 'real' ? row.verdict.inputShape ?? undefined : undefined;
      const layer = extractLayer(loaded.model, l.index, size, { seedGraphInputs: l.seededParams.length > 0 });
      const link = explorerLink({ source: loaded.fileName, nodeLabel: l.label, layer });
      row.prepared = 'error' in link ? { problem: link.error } : { layer, link };
    } catch (err) {
      row.prepared = { problem: (err as Error).message };
    }
    updateCard(row);
    return row.prepared;
  }

  function updateCard(row: Row): void {
    const p = row.prepared;
    if (!row.card || !p) return;
    const l = row.summary;
    row.card.update('problem' in p ? p : { explorer: p.link.route === 'batch-norm' ? 'batch-norm' : 'transposed-convolution', how: HOW[l.opType], notes: p.link.notes },
      'layer' in p && l.inputShape === null ? p.layer.inputShape : null);
  }

  /** A verdict on the card: badge, feature maps, and where it opens (or why not). */
  function showVerdict(row: Row, loaded: LoadedModel): void {
    const v = row.verdict!;
    if (v.problem) row.prepared = { problem: v.problem };
    else if (row.card) prepare(row, loaded);
    if (!row.card) return;
    updateCard(row);
    renderParityBadge(row.card.badgeSlot, row.badge);
    const card = row.card;
    card.maps.hidden = !v.maps;
    card.mapsTitle.textContent = `feature maps (${v.input === 'real' ? `what reaches this node from ${sampleText}` : 'on a seeded random input'})`;
    row.mapsDrawn = false;
    card.mapsBody.replaceChildren();
    drawMaps(row);
  }

  /** Run the model on the sample, then check every node in the worker; verdicts stream in. A newer run drops this one. */
  async function runChecks(loaded: LoadedModel): Promise<void> {
    const token = ++checkToken;
    checker?.dispose();
    arrived = [];
    const bytes = loaded.bytes;
    if (!bytes) {
      for (const r of rows) {
        r.badge = { status: 'unavailable', reason: 'the file\'s bytes are not kept in this tab: open it again to check its nodes' };
        if (r.card) renderParityBadge(r.card.badgeSlot, r.badge);
      }
      return;
    }
    const mine = createModelChecker(bytes);
    checker = mine;
    for (const r of rows) {
      r.verdict = null;
      if (!r.summary.problem) r.badge = { status: 'loading', ortLoaded: isOrtLoaded() };
      if (r.card) renderParityBadge(r.card.badgeSlot, r.badge);
    }
    sampleControls.note('Running the model on the sample…');
    let feeds;
    try {
      feeds = await sampleControls.feeds(loaded.model);
    } catch (err) {
      feeds = { reason: `the sample image could not be read (${(err as Error).message})` };
    }
    if (destroyed || token !== checkToken) return;
    sampleControls.setDisabled('reason' in feeds);
    if ('reason' in feeds) {
      sampleText = '';
      sampleControls.note(`Each node is checked on a seeded random input: ${feeds.reason}.`);
    } else {
      const ran = await mine.activations(feeds.feeds);
      if (destroyed || token !== checkToken) return;
      sampleText = ran.ok ? feeds.text : '';
      sampleControls.note(ran.ok ? `The model ran on ${feeds.text}: each node is checked on what reaches it.`
        : `The model could not run on ${feeds.text} (${capText(ran.message)}); each node is checked on a seeded random input.`);
    }
    publishSoon();
    for (const r of rows) {
      if (r.summary.problem) {
        overview?.setVerdict(r.summary.index, 'unavailable', '– cannot be opened');
        parity[r.summary.index] = 'unavailable';
        continue;
      }
      void mine.check(r.summary.index, r.position + 1).then((v) => {
        if (destroyed || token !== checkToken) return;
        arrived.push({ row: r, verdict: v, loaded });
        applySoon();
      });
    }
  }

  /** Verdicts waiting to be shown: applied once per frame, a few milliseconds' worth at a time, however fast they come. */
  let arrived: { row: Row; verdict: NodeVerdict; loaded: LoadedModel }[] = [];
  let applyQueued = false;
  function applySoon(): void {
    if (applyQueued) return;
    applyQueued = true;
    requestAnimationFrame(() => {
      applyQueued = false;
      if (destroyed) return;
      const deadline = performance.now() + CHUNK_MS;
      let done = 0;
      while (done < arrived.length && performance.now() < deadline) {
        const { row: r, verdict: v, loaded } = arrived[done++];
        r.verdict = v;
        r.prepared = null;
        r.badge = v.stopped !== undefined ? { status: 'unavailable', reason: v.problem ?? 'check stopped' } : badgeStateFromResult(v.result);
        const cell = verdictCell(v);
        overview?.setVerdict(r.summary.index, cell.kind, cell.text);
        parity[r.summary.index] = cell.kind === 'stopped' ? 'stopped' : r.badge.status;
        if (v.input) inputs[r.summary.index] = v.input;
        showVerdict(r, loaded);
      }
      arrived = arrived.slice(done);
      if (arrived.length) applySoon();
      publishSoon();
    });
  }

  async function open(row: Row, loaded: LoadedModel): Promise<void> {
    const p = prepare(row, loaded);
    if (!('layer' in p)) return; // the card now says why
    // The activation that really reached the node goes along (an explorer that can take it shows it).
    const input = row.verdict?.input === 'real' && checker ? await checker.input(row.summary.index) : null;
    if (destroyed) return;
    ctx.imported.set({ source: loaded.fileName, nodeLabel: row.summary.label, layer: p.layer, model: loaded.model, ...(input ? { input } : {}) });
    // Remember the node in this page's history entry, then go: back returns here with the node highlighted.
    store.update({ node: row.summary.index }, 'replace');
    // The page's look (theme, scale) goes along; explorer state comes from the link alone.
    const here = parseHash(location.hash).params;
    const { route, params } = parseHash(p.link.hash);
    for (const k of ['theme', 'scale']) if (here.has(k)) params.set(k, here.get(k)!);
    ctx.openLink(buildHash(route, params));
  }

  async function load(source: Blob | Promise<ArrayBuffer>, fileName: string, reference: string | null): Promise<void> {
    const token = ++loadToken;
    status = 'reading';
    progress.textContent = `Reading ${fileName}…`;
    publish();
    try {
      const buffer = source instanceof Blob ? source : await source;
      const opened = await openOnnxFile(buffer, fileName);
      const none = noLayersMessage(opened.summary);
      if (none) throw new Error(`Could not use "${fileName}": ${none} Layer Lab explores those three.`);
      if (destroyed || token !== loadToken) return;
      const bytes = buffer instanceof Blob ? new Uint8Array(await buffer.arrayBuffer()) : new Uint8Array(buffer);
      if (destroyed || token !== loadToken) return;
      const loaded: LoadedModel = { ...opened, fileName, reference, bytes };
      ctx.imported.setLoaded(loaded);
      showError(null);
      progress.textContent = '';
      render(loaded);
      markReferences(store.get());
      if (store.get().ref !== (reference ?? 'none')) store.update({ ref: (reference ?? 'none') as ModelState['ref'], node: -1 });
    } catch (err) {
      if (destroyed || token !== loadToken) return;
      // The model listed before (if any) stays; the message says what was wrong with this file.
      showError((err as Error).message);
      const listed = ctx.imported.loaded();
      status = listed ? (built < pageEnd ? 'listing' : 'ready') : 'error';
      // A reference model that did not load is not what the page lists: the link says what is listed.
      if (reference && store.get().ref === reference) store.update({ ref: (listed?.reference ?? 'none') as ModelState['ref'] }, 'replace');
      progress.textContent = '';
      contract.advance();
    }
    publish();
  }

  function loadReference(name: string): void {
    const url = new URL(`models/${name}.onnx`, document.baseURI);
    const bytes = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      return res.arrayBuffer();
    }).catch((err: Error) => {
      throw new Error(`Could not open "${name}.onnx": ${err.message}`);
    });
    void load(bytes, `${name}.onnx`, name);
  }

  /** State → what is listed: a reference model named in the URL is (re)loaded; otherwise the model in memory stays. */
  function sync(state: ModelState): void {
    const loaded = ctx.imported.loaded();
    if (state.ref !== 'none' && loaded?.reference !== state.ref) loadReference(state.ref);
    markReferences(state);
    for (const r of rows) r.card?.el.classList.toggle('mp-last-opened', r.summary.index === state.node);
  }

  /** The reference model listed now shows as pressed. */
  function markReferences(state: ModelState): void {
    const listed = ctx.imported.loaded()?.reference;
    for (const b of refButtons) b.setAttribute('aria-pressed', String(b.dataset.testid === `ref-${state.ref}` && listed === state.ref));
  }

  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void load(f, f.name, null);
    file.value = '';
  });
  const onDragOver = (ev: DragEvent) => {
    if (!ev.dataTransfer?.types.includes('Files')) return;
    ev.preventDefault();
    page.classList.add('mp-dragging');
  };
  const onDragLeave = (ev: DragEvent) => {
    if (ev.relatedTarget === null || !page.contains(ev.relatedTarget as Node)) page.classList.remove('mp-dragging');
  };
  const onDrop = (ev: DragEvent) => {
    page.classList.remove('mp-dragging');
    const f = ev.dataTransfer?.files[0];
    if (!f) return;
    ev.preventDefault();
    // An image dropped while a model is listed becomes its sample input; anything else is read as a model.
    if (f.type.startsWith('image/') && ctx.imported.loaded()) sampleControls.useImage(f, f.name);
    else void load(f, f.name, null);
  };
  page.addEventListener('dragover', onDragOver);
  page.addEventListener('dragleave', onDragLeave);
  page.addEventListener('drop', onDrop);

  const unsubscribe = store.subscribe((state) => sync(state));
  const kept = ctx.imported.loaded();
  if (kept && (store.get().ref === 'none' || kept.reference === store.get().ref)) render(kept);
  sync(store.get());
  publish();

  return () => {
    destroyed = true;
    checker?.dispose();
    unsubscribe();
    page.removeEventListener('dragover', onDragOver);
    page.removeEventListener('dragleave', onDragLeave);
    page.removeEventListener('drop', onDrop);
    root.replaceChildren();
  };
}

const explorer: ExplorerModule<typeof modelSchema> = {
  id: 'model',
  title: 'Your ONNX model',
  schema: modelSchema,
  mount,
};
export default explorer;
