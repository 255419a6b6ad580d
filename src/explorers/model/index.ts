/**
 * "Your ONNX model" (#/model): open an .onnx file (file picker, drop, or a shipped reference model), list its
 * ConvTranspose, Conv and BatchNormalization nodes with shapes, attributes and parameters, check each against ONNX
 * Runtime running the node as written in the file, and open one in its explorer with its real weights.
 *
 * URL state: which shipped reference model is open (its link reloads it) and the node last opened (highlighted on
 * return). The user's own file is never in the URL; it stays in this tab (src/explorers/imported-layer.ts). A file that
 * cannot be used shows one message and leaves the model listed before it in place.
 */
import { tensor, type Tensor } from '../../kernels/index.ts';
import { mulberry32 } from '../../util/random.ts';
import {
  crossCheckLayer, extractLayer, isOrtLoaded, MAX_ONNX_BYTES, noLayersMessage, openOnnxFile, type ExtractedLayer,
  type OnnxLayerSummary,
} from '../../onnx/index.ts';
import type { LoadedModel } from '../imported-layer.ts';
import { buildHash, parseHash } from '../../state/route.ts';
import type { ValueOf } from '../../state/schema.ts';
import type { Store } from '../../state/store.ts';
import { renderParityBadge } from '../../views/parity-badge.ts';
import { badgeStateFromResult } from '../parity-badge-state.ts';
import type { ExplorerContext, ExplorerModule } from '../types.ts';
import { explorerLink, type ExplorerLink } from './links.ts';
import { createNodeCard, type NodeCard } from './node-card.ts';
import { modelSchema, REFERENCE_MODELS, REFERENCE_NAMES } from './schema.ts';
import { createStatusPublisher } from '../runtime/status.ts';
import { offThreadRunner } from '../../onnx/off-thread/onnx-check-client.ts';
import './model.css';

type ModelState = ValueOf<typeof modelSchema>;

/** Inputs larger than this are not checked against ONNX Runtime on this page (the explorers check them). */
const MAX_CHECK_INPUT = 1 << 22;
const MB = MAX_ONNX_BYTES / 1024 / 1024;

/** A listed node. Its weights are extracted when first needed (its check, or Open), so a big model lists at once. */
interface Row {
  summary: OnnxLayerSummary;
  card: NodeCard;
  prepared: { layer: ExtractedLayer; link: ExplorerLink } | { problem: string } | null;
}

const HOW = {
  ConvTranspose: 'with its weights and parameters',
  Conv: 'as its transpose (same weights: the adjoint of this Conv)',
  BatchNormalization: 'with its weights and parameters',
} as const;

function seededInput(shape: number[], seed: number): Tensor {
  const rand = mulberry32(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rand() * 2 - 1;
  return t;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function mount(root: HTMLElement, store: Store<ModelState>, ctx: ExplorerContext): () => void {
  let destroyed = false;
  let loadToken = 0;
  let checkToken = 0;
  let rows: Row[] = [];
  /** What the page has: nothing yet, a file being read, a model listed, or a file refused with nothing listed. */
  let status: 'empty' | 'reading' | 'ready' | 'error' = 'empty';
  const contract = createStatusPublisher(ctx);
  const parity: Record<string, string> = {};

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
    h('div', { class: 'mp-refs', 'data-control': 'reference', role: 'group', 'aria-label': 'Reference models' }, h('span', { class: 'mp-label' }, 'or a reference model exported from PyTorch: '), ...refButtons),
    error, progress);
  const modelSection = h('section', { class: 'panel mp-model', 'data-testid': 'onnx-model', 'aria-labelledby': 'mp-model-title' });
  modelSection.hidden = true;
  const page = h('div', { class: 'mp-page', 'data-testid': 'model-page' },
    h('header', { class: 'mp-intro' }, h('h1', {}, 'Your ONNX model'),
      h('p', { class: 'lede' }, 'Every ConvTranspose, Conv and BatchNormalization node of an .onnx file, checked against ONNX Runtime Web as ' +
        'written in the file, and opened in its explorer with its real weights.')),
    drop, modelSection);
  root.replaceChildren(page);

  /** The runtime's ready contract (runtime/status.ts): an empty page is ready too — there is nothing to compute. */
  function publish(): void {
    const loaded = ctx.imported.loaded();
    contract.publish(status === 'reading' ? 'computing' : status === 'error' ? 'error' : 'ready', {
      model: status, error: error.hidden ? null : error.textContent, fileName: loaded?.fileName ?? null, reference: loaded?.reference ?? null,
      layers: loaded?.summary.layers.map((l) => ({ index: l.index, label: l.label, opType: l.opType, inputShape: l.inputShape, outputShape: l.outputShape, problem: l.problem })) ?? [],
      parity: { ...parity },
    });
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
    rows = summary.layers.map((l) => {
      const explorer = l.opType === 'BatchNormalization' ? 'batch-norm' : 'transposed-convolution';
      const card = createNodeCard(l, l.problem ? { problem: `Cannot be opened: ${l.problem}.` } : { explorer, how: HOW[l.opType], notes: [] });
      card.el.classList.toggle('mp-last-opened', l.index === store.get().node);
      const row: Row = { summary: l, card, prepared: l.problem ? { problem: l.problem } : null };
      card.openButton.addEventListener('click', () => open(row, loaded));
      list.append(card.el);
      return row;
    });
    const none = noLayersMessage(summary);
    modelSection.replaceChildren(
      h('h2', { id: 'mp-model-title' }, loaded.fileName), facts,
      ...(none ? [h('p', {}, none)] : [h('p', { class: 'mp-muted' }, 'The badge under each node: our kernel against ONNX Runtime running that node as written in the file ' +
        '(its attributes, its weights), on a seeded random input of the node\'s input shape.')]),
      list);
    modelSection.hidden = false;
    for (const k of Object.keys(parity)) delete parity[k];
    void runChecks(loaded);
    const last = rows.find((r) => r.summary.index === store.get().node);
    last?.card.el.scrollIntoView({ block: 'center' });
  }

  /** The node's weights and explorer link (extracted once); the card then says where it opens, or why it cannot. */
  function prepare(row: Row, loaded: LoadedModel): NonNullable<Row['prepared']> {
    if (row.prepared) return row.prepared;
    const l = row.summary;
    try {
      const layer = extractLayer(loaded.model, l.index, undefined, { seedGraphInputs: l.seededParams.length > 0 });
      const link = explorerLink({ source: loaded.fileName, nodeLabel: l.label, layer });
      row.prepared = 'error' in link ? { problem: link.error } : { layer, link };
    } catch (err) {
      row.prepared = { problem: (err as Error).message };
    }
    const p = row.prepared;
    row.card.update('problem' in p ? p : { explorer: p.link.route === 'batch-norm' ? 'batch-norm' : 'transposed-convolution', how: HOW[l.opType], notes: p.link.notes },
      'layer' in p && l.inputShape === null ? p.layer.inputShape : null);
    return p;
  }

  /** One node after another (ORT runs serialised anyway); a newer model or leaving the page stops the queue. */
  async function runChecks(loaded: LoadedModel): Promise<void> {
    const token = ++checkToken;
    for (const r of rows) renderParityBadge(r.card.badgeSlot, r.summary.problem ? { status: 'unavailable', reason: 'this node cannot be opened' } : { status: 'loading', ortLoaded: isOrtLoaded() });
    for (const [i, r] of rows.entries()) {
      // Let the page paint (and take clicks) between nodes: each check runs our kernel on this thread (ORT in its worker).
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (destroyed || token !== checkToken) return;
      const p = prepare(r, loaded);
      const count = 'layer' in p ? p.layer.inputShape.reduce((a, b) => a * b, 1) : 0;
      const result = !('layer' in p) ? { kind: 'unavailable' as const, reason: p.problem }
        : count > MAX_CHECK_INPUT
          ? { kind: 'unavailable' as const, reason: `its input has ${count.toLocaleString('en-US')} values; this page checks nodes up to ${MAX_CHECK_INPUT.toLocaleString('en-US')} (the explorer checks the layer it shows)` }
          : await crossCheckLayer(loaded.model, p.layer, seededInput(p.layer.inputShape, i + 1), undefined, offThreadRunner);
      if (destroyed || token !== checkToken) return;
      const badge = badgeStateFromResult(result);
      renderParityBadge(r.card.badgeSlot, badge);
      parity[r.summary.index] = badge.status;
      publish();
    }
  }

  function open(row: Row, loaded: LoadedModel): void {
    const p = prepare(row, loaded);
    if (!('layer' in p)) return; // the card now says why
    ctx.imported.set({ source: loaded.fileName, nodeLabel: row.summary.label, layer: p.layer, model: loaded.model });
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
      const bytes = source instanceof Blob ? source : await source;
      const opened = await openOnnxFile(bytes, fileName);
      const none = noLayersMessage(opened.summary);
      if (none) throw new Error(`Could not use "${fileName}": ${none} Layer Lab explores those three.`);
      if (destroyed || token !== loadToken) return;
      const loaded: LoadedModel = { ...opened, fileName, reference };
      ctx.imported.setLoaded(loaded);
      showError(null);
      status = 'ready';
      progress.textContent = '';
      render(loaded);
      markReferences(store.get());
      if (store.get().ref !== (reference ?? 'none')) store.update({ ref: (reference ?? 'none') as ModelState['ref'], node: -1 });
    } catch (err) {
      if (destroyed || token !== loadToken) return;
      // The model listed before (if any) stays; the message says what was wrong with this file.
      showError((err as Error).message);
      const listed = ctx.imported.loaded();
      status = listed ? 'ready' : 'error';
      // A reference model that did not load is not what the page lists: the link says what is listed.
      if (reference && store.get().ref === reference) store.update({ ref: (listed?.reference ?? 'none') as ModelState['ref'] }, 'replace');
      progress.textContent = '';
    }
    contract.advance();
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
    for (const r of rows) r.card.el.classList.toggle('mp-last-opened', r.summary.index === state.node);
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
    void load(f, f.name, null);
  };
  page.addEventListener('dragover', onDragOver);
  page.addEventListener('dragleave', onDragLeave);
  page.addEventListener('drop', onDrop);

  const unsubscribe = store.subscribe((state) => sync(state));
  const kept = ctx.imported.loaded();
  if (kept && (store.get().ref === 'none' || kept.reference === store.get().ref)) {
    status = 'ready';
    render(kept);
  }
  sync(store.get());
  publish();

  return () => {
    destroyed = true;
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
