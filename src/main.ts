/**
 * Wiring only: URL ↔ state ↔ explorer. Event → store.update(patch) → URL (push or replace) → the explorer
 * re-renders from state. Navigation (back/forward, edited links) parses the hash again, strictly.
 */
import './styles/app.css';
import { createNoticeArea } from './app/notices.ts';
import { attachPanelToolbars } from './app/panel-toolbar.ts';
import { createPresenterView, installPresenterKeys } from './app/presenter.ts';
import { parseOrigins, startMessageApi } from './app/post-message.ts';
import { exportOnnx } from './app/export/onnx.ts';
import { renderHome } from './app/home.ts';
import { fitToFrame } from './app/embed-fit.ts';
import { applyControlFilter } from './app/control-filter.ts';
import { installCopyStep } from './app/lesson/copy-step.ts';
import { checkControlIds, isControlPage, parseControlFilter } from './state/control-filter.ts';
import { explorerLoaders } from './explorers/registry.ts';
import { createImportedLayers } from './explorers/imported-layer.ts';
import type { ExplorerModule, PresentationOptions, PresenterHooks, SnapshotSources } from './explorers/types.ts';
import { decodePatch } from './state/patch.ts';
import { buildHash, moveQueryIntoHash, parseHash, type RouteId } from './state/route.ts';
import { parsePresentation, RESERVED_KEYS } from './state/presentation.ts';
import { defaults, parseParams, serialiseParams, type ValueOf, type Schema } from './state/schema.ts';
import { createHistory, createStore, type Store, type StoreHistory } from './state/store.ts';
import { createUrlWriter, type UrlWriteMode } from './state/url-writer.ts';

interface TestApi {
  route: RouteId;
  ready: boolean;
  explorer: Record<string, unknown>;
  state?: () => unknown;
  /** Every notice now told, including those counted in the "N more" line. */
  notices?: () => string[];
}
declare global {
  interface Window {
    __layerLab: TestApi;
  }
}

const app = document.getElementById('app')!;
/** What was opened from an .onnx file: one holder for the tab, handed to every page. */
const imported = createImportedLayers();
const header = document.getElementById('app-header')!;
const compactToggle = document.getElementById('compact-toggle')!;
const noticeEl = document.getElementById('notices')!;
const notices = createNoticeArea(noticeEl);
// State in the query string (`/?embed=1#/conv-transpose`) joins the hash, which is all the app reads.
const fromQuery = moveQueryIntoHash(location.search, location.hash);
if (fromQuery) {
  window.history.replaceState(window.history.state, '', `${location.pathname}${fromQuery.hash}`);
  fromQuery.notices.forEach((m) => notices.show(m));
}
window.__layerLab = { route: 'home', ready: false, explorer: {}, notices: () => notices.told() };

const liveRegion = document.getElementById('announcer')!;
const announce = (msg: string) => {
  liveRegion.textContent = msg;
};

interface Current {
  route: RouteId;
  module?: ExplorerModule;
  store?: Store<ValueOf<Schema>>;
  /** Undo/redo over the store, from the state the page settled in after mounting. */
  history?: StoreHistory;
  destroy?: () => void;
  presenter?: PresenterHooks;
  snapshots?: SnapshotSources;
  /** Embed mode and panel choice the explorer was built with: a change rebuilds it. */
  layout?: string;
}
let current: Current | null = null;
let navToken = 0;

function applyPresentation(p: PresentationOptions): void {
  const root = document.documentElement;
  root.classList.toggle('embed', p.embed);
  header.hidden = p.embed;
  if (p.theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = p.theme;
  root.style.setProperty('--scale', String(p.scale));
  root.toggleAttribute('data-compact', p.compact);
  compactToggle.setAttribute('aria-pressed', String(p.compact));
  root.toggleAttribute('data-embed-text', p.text);
  root.toggleAttribute('data-embed-badges', p.badges);
  root.toggleAttribute('data-embed-controls', p.controls.length > 0);
  embedded = p.embed;
}

/** Whether the page is an embed now: the figure is then scaled to its frame (app/embed-fit.ts). */
let embedded = false;
fitToFrame(app, () => embedded);

function setActiveNav(route: RouteId): void {
  for (const a of header.querySelectorAll<HTMLAnchorElement>('a[data-route]')) {
    if (a.dataset.route === route) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // On a phone the pages are one scrollable line: bring the current one into it (without scrolling the page).
  const nav = header.querySelector('nav')!;
  const currentLink = nav.querySelector<HTMLElement>('a[aria-current="page"]');
  if (currentLink && nav.scrollWidth > nav.clientWidth) nav.scrollLeft = currentLink.offsetLeft - nav.offsetLeft - 8;
}

async function navigate(): Promise<void> {
  const token = ++navToken;
  const parsed = parseHash(location.hash);
  const pres = parsePresentation(parsed.params);
  applyPresentation(pres.value);
  presenting = pres.value.present;
  document.getElementById('present-mode')!.setAttribute('aria-pressed', String(presenting));
  for (const n of [...parsed.notices, ...pres.notices]) notices.show(n);
  setActiveNav(parsed.route);
  window.__layerLab.route = parsed.route;

  if (parsed.route === 'home') {
    current?.destroy?.();
    current = { route: 'home' };
    window.__layerLab.explorer = {};
    document.title = 'Layer Lab';
    renderHome(app);
    presenterView.set(false);
    window.__layerLab.ready = true;
    return;
  }

  // Same explorer and layout, new parameters (back/forward or an edited link): update its store in place.
  const layout = `${pres.value.embed}|${pres.value.panels.join(',')}|${['lesson', 'lock', 'hide'].map((k) => parsed.params.get(k)).join('|')}`;
  if (current?.route === parsed.route && current.module && current.store && current.layout === layout) {
    const { value, notices: n } = parseParams(current.module.schema, parsed.params, RESERVED_KEYS);
    n.forEach((m) => notices.show(m));
    if (serialiseParams(current.module.schema, value).toString() !==
        serialiseParams(current.module.schema, current.store.get()).toString()) {
      current.store.set(value);
    }
    presenterView.set(presenting, pres.value.embed);
    return;
  }

  window.__layerLab.ready = false;
  current?.destroy?.();
  app.replaceChildren();
  const loading = document.createElement('p');
  loading.className = 'loading';
  loading.textContent = 'Loading explorer…';
  app.append(loading);
  let module: ExplorerModule;
  try {
    // A lesson (#/lesson/<id>) is a page of its own that mounts the step's explorer inside it (app/lesson/page.ts).
    module = parsed.route === 'lesson'
      ? (await import('./app/lesson/page.ts')).createLessonModule(parsed.params.get('lesson')!, { emit: (m) => messages.emit(m) })
      : await explorerLoaders[parsed.route as ExplorerModule['id']]();
  } catch (err) {
    loading.textContent = `The explorer could not be loaded: ${(err as Error).message}`;
    return;
  }
  if (token !== navToken) return; // the user navigated again meanwhile
  const { value, notices: n } = parseParams(module.schema, parsed.params, RESERVED_KEYS);
  n.forEach((m) => notices.show(m));
  const store = createStore(value);
  store.subscribe((state, _prev, history) => writeHash(parsed.route, module.schema, state, applyingMessage ? 'replace' : history));
  app.replaceChildren();
  document.title = `${module.title} · Layer Lab`;
  window.__layerLab.explorer = {};
  window.__layerLab.state = () => store.get();
  const next: Current = { route: parsed.route, module, store, layout };
  const destroyExplorer = module.mount(app, store, {
    presentation: pres.value,
    imported,
    notify: (m) => notices.show(m),
    publish: (values) => Object.assign(window.__layerLab.explorer, values),
    registerPresenter: (hooks) => {
      next.presenter = hooks;
    },
    registerSnapshot: (sources) => {
      next.snapshots = sources;
    },
    openLink: (hash) => {
      urlWriter.flush();
      location.hash = hash;
    },
  });
  const detachToolbars = attachPanelToolbars(app, {
    routeId: parsed.route,
    sources: () => next.snapshots ?? {},
    state: () => store.get(),
    onnx: exportOnnx,
    report: (m) => notices.show(m),
    link: () => {
      urlWriter.flush();
      return location.href;
    },
  });
  // Made after mounting: the explorer's start-up fixes (a link's own image replaced by the samples, say) are no undo steps.
  const undoHistory = createHistory(store);
  next.history = undoHistory;
  // lock= / hide= in the link: control groups disabled or hidden, on any page, by one DOM convention.
  const filterSpec = parseControlFilter(parsed.params, parsed.route);
  filterSpec.notices.forEach((m) => notices.show(m));
  // An embed's control strip (controls=…): every other control group hidden, by the same mechanism.
  let only: string[] | undefined;
  if (pres.value.embed && pres.value.controls.length > 0 && isControlPage(parsed.route)) {
    const strip = checkControlIds('controls', pres.value.controls, parsed.route);
    strip.notices.forEach((m) => notices.show(m));
    only = strip.ids;
  }
  const filter = applyControlFilter(app, { ...filterSpec.value, only });
  next.destroy = () => {
    undoHistory.dispose();
    filter.dispose();
    detachToolbars();
    destroyExplorer();
  };
  current = next;
  presenterView.restart();
  presenterView.set(presenting, pres.value.embed);
  window.__layerLab.ready = true;
  messages.announce('ready');
}

/**
 * True while a message's state is being applied: the explorer sees a discrete change (not a slider drag), and the
 * URL rewrites its current entry, as the host page's history is the embed's too.
 */
let applyingMessage = false;

/** Apply a partial state from the embedding API, validated exactly like a URL (state/patch.ts). */
function applyPatch(patch: unknown): string[] {
  if (!current?.module || !current.store) return ['there is no explorer on this page to set state on'];
  const { value, changed, notices: n } = decodePatch(current.module.schema, current.store.get(), patch);
  if (changed) {
    applyingMessage = true;
    try {
      current.store.update(value, 'push');
    } finally {
      applyingMessage = false;
    }
  }
  return n;
}

const messages = startMessageApi(
  {
    snapshot: () => {
      urlWriter.flush();
      return { route: current?.route ?? 'home', state: current?.store?.get() ?? null, url: location.href };
    },
    applyPatch,
    step: (d) => current?.presenter?.step(d),
    play: () => current?.presenter?.togglePlay?.(),
    reset: () => void resetExplorer(),
    lessonGoto: (step) => (current?.route === 'lesson' ? applyPatch({ step }) : ['there is no lesson on this page']),
  },
  parseOrigins(parseHash(location.hash).params.get('origins'), location.origin),
);

/** Presenter mode is on (`present=1`); read from the URL on each navigation, toggled by the Present button and Esc. */
let presenting = false;
const presenterView = createPresenterView(app, () => setPresenting(false));

function setPresenting(on: boolean): void {
  if (!current?.module) {
    notices.show('Presenter mode shows an explorer’s panels one at a time: open an explorer first.');
    return;
  }
  presenting = on;
  // A way of showing the page, not a change of its state: the link keeps it, Back does not step through it.
  urlWriter.flush();
  const params = parseHash(location.hash).params;
  if (on) params.set('present', '1');
  else params.delete('present');
  window.history.replaceState(null, '', buildHash(current.route, params));
  presenterView.set(on, document.documentElement.classList.contains('embed'));
  presentButton.setAttribute('aria-pressed', String(on));
}

/** The explorer back to its defaults as one undoable step (and a history entry, so Back restores it too). */
function resetExplorer(): boolean {
  if (!current?.module || !current.store) return false;
  current.store.update(defaults(current.module.schema), 'push');
  current.presenter?.reset?.();
  return true;
}

const presentButton = document.getElementById('present-mode')!;
presentButton.addEventListener('click', () => setPresenting(!presenting));

installPresenterKeys({
  hooks: () => current?.presenter,
  root: app,
  presenting: () => presenting,
  setPresenting,
  undo: () => current?.history?.undo() ?? false,
  redo: () => current?.history?.redo() ?? false,
  reset: resetExplorer,
  announce,
}, presenterView);

document.getElementById('copy-link')!.addEventListener('click', async () => {
  urlWriter.flush();
  try {
    await navigator.clipboard.writeText(location.href);
    announce('Link copied');
    notices.show('Link copied to the clipboard: it reopens exactly this view.');
  } catch {
    // Clipboard permission denied (or an insecure context): show the link so it can be copied by hand.
    notices.show(`Copy this link: ${location.href}`, Infinity);
  }
});
installCopyStep(document.getElementById('copy-step')!, {
  current: () => (current?.module && current.store && current.route !== 'lesson' ? { route: current.route, schema: current.module.schema, state: current.store.get() } : null),
  root: app,
  announce,
  notify: (m, ms) => notices.show(m, ms),
});
// Compact is presentation, not explorer state: it goes in the link (replaceState) without rebuilding the page.
compactToggle.addEventListener('click', () => {
  urlWriter.flush();
  const parsed = parseHash(location.hash);
  if (compactToggle.getAttribute('aria-pressed') === 'true') parsed.params.delete('compact');
  else parsed.params.set('compact', '1');
  window.history.replaceState(null, '', buildHash(parsed.route, parsed.params));
  applyPresentation(parsePresentation(parsed.params).value);
});
document.getElementById('show-help')!.addEventListener('click', () => {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }));
});

/** Writes to the URL once the state rests, with the history entries writing at once would make (url-writer.ts). */
const urlWriter = createUrlWriter({
  current: () => location.hash,
  replace: (hash) => writeUrl(hash, 'replace'),
  push: (hash) => writeUrl(hash, 'push'),
});

function writeUrl(hash: string, mode: UrlWriteMode): void {
  // Neither fires hashchange or popstate: only the reader's navigation does.
  if (mode === 'push') window.history.pushState(null, '', hash);
  else window.history.replaceState(null, '', hash);
  messages.announce('state');
}

/** Keep the URL in step with the state; presentation keys already in the URL are kept. */
function writeHash(route: RouteId, schema: Schema, state: ValueOf<Schema>, history: 'push' | 'replace'): void {
  const params = serialiseParams(schema, state);
  const existing = parseHash(location.hash).params;
  for (const k of RESERVED_KEYS) {
    const v = existing.get(k);
    if (v !== null && k !== 'v') params.set(k, v);
  }
  urlWriter.set(buildHash(route, params), history);
}

// Another history entry (back/forward, an edited link): what is still waiting was meant for the one we left.
window.addEventListener('hashchange', () => {
  urlWriter.cancel();
  void navigate();
});
window.addEventListener('popstate', () => {
  urlWriter.cancel();
  void navigate();
});
// Before the URL is left or read elsewhere: a link followed (capture phase: before the browser navigates), the page
// hidden or unloaded (a reload keeps the latest state).
document.addEventListener('click', (ev) => {
  if (ev.target instanceof Element && ev.target.closest('a[href]')) urlWriter.flush();
}, true);
window.addEventListener('pagehide', () => urlWriter.flush());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') urlWriter.flush();
});

void navigate();
