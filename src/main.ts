/**
 * Wiring only: URL ↔ state ↔ explorer. Event → store.update(patch) → URL (push or replace) → the explorer
 * re-renders from state. Navigation (back/forward, edited links) parses the hash again, strictly.
 */
import './styles/app.css';
import { createNoticeArea } from './app/notices.ts';
import { renderHome } from './app/home.ts';
import { explorerLoaders } from './explorers/registry.ts';
import type { ExplorerModule, PresentationOptions } from './explorers/types.ts';
import { buildHash, parseHash, type RouteId } from './state/route.ts';
import { parsePresentation, RESERVED_KEYS } from './state/presentation.ts';
import { parseParams, serialiseParams, type ValueOf, type Schema } from './state/schema.ts';
import { createStore, type Store } from './state/store.ts';

interface TestApi {
  route: RouteId;
  ready: boolean;
  explorer: Record<string, unknown>;
  state?: () => unknown;
}
declare global {
  interface Window {
    __layerLab: TestApi;
  }
}

const app = document.getElementById('app')!;
const header = document.getElementById('app-header')!;
const noticeEl = document.getElementById('notices')!;
const notices = createNoticeArea(noticeEl);
window.__layerLab = { route: 'home', ready: false, explorer: {} };

let current: { route: RouteId; module?: ExplorerModule; store?: Store<ValueOf<Schema>>; destroy?: () => void } | null = null;
let navToken = 0;
let writingHash = false;

function applyPresentation(p: PresentationOptions): void {
  const root = document.documentElement;
  root.classList.toggle('embed', p.embed);
  header.hidden = p.embed;
  if (p.theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = p.theme;
  root.style.setProperty('--scale', String(p.scale));
}

function setActiveNav(route: RouteId): void {
  for (const a of header.querySelectorAll<HTMLAnchorElement>('a[data-route]')) {
    if (a.dataset.route === route) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function navigate(): Promise<void> {
  const token = ++navToken;
  const parsed = parseHash(location.hash);
  const pres = parsePresentation(parsed.params);
  applyPresentation(pres.value);
  for (const n of [...parsed.notices, ...pres.notices]) notices.show(n);
  setActiveNav(parsed.route);
  window.__layerLab.route = parsed.route;

  if (parsed.route === 'home') {
    current?.destroy?.();
    current = { route: 'home' };
    window.__layerLab.explorer = {};
    document.title = 'Layer Lab';
    renderHome(app);
    window.__layerLab.ready = true;
    return;
  }

  // Same explorer, new parameters (back/forward or an edited link): update its store in place.
  if (current?.route === parsed.route && current.module && current.store) {
    const { value, notices: n } = parseParams(current.module.schema, parsed.params, RESERVED_KEYS);
    n.forEach((m) => notices.show(m));
    if (serialiseParams(current.module.schema, value).toString() !==
        serialiseParams(current.module.schema, current.store.get()).toString()) {
      current.store.set(value);
    }
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
    module = await explorerLoaders[parsed.route as ExplorerModule['id']]();
  } catch (err) {
    loading.textContent = `The explorer could not be loaded: ${(err as Error).message}`;
    return;
  }
  if (token !== navToken) return; // the user navigated again meanwhile
  const { value, notices: n } = parseParams(module.schema, parsed.params, RESERVED_KEYS);
  n.forEach((m) => notices.show(m));
  const store = createStore(value);
  store.subscribe((state, _prev, history) => writeHash(parsed.route, module.schema, state, history));
  app.replaceChildren();
  document.title = `${module.title} · Layer Lab`;
  window.__layerLab.explorer = {};
  window.__layerLab.state = () => store.get();
  const destroy = module.mount(app, store, {
    presentation: pres.value,
    notify: (m) => notices.show(m),
    publish: (values) => Object.assign(window.__layerLab.explorer, values),
  });
  current = { route: parsed.route, module, store, destroy };
  window.__layerLab.ready = true;
}

/** Keep the URL in step with the state; presentation keys already in the URL are kept. */
function writeHash(route: RouteId, schema: Schema, state: ValueOf<Schema>, history: 'push' | 'replace'): void {
  const params = serialiseParams(schema, state);
  const existing = parseHash(location.hash).params;
  for (const k of RESERVED_KEYS) {
    const v = existing.get(k);
    if (v !== null && k !== 'v') params.set(k, v);
  }
  const hash = buildHash(route, params);
  if (hash === location.hash) return;
  writingHash = true;
  if (history === 'push') window.history.pushState(null, '', hash);
  else window.history.replaceState(null, '', hash);
  writingHash = false;
}

window.addEventListener('hashchange', () => {
  if (!writingHash) void navigate();
});
window.addEventListener('popstate', () => {
  if (!writingHash) void navigate();
});
void navigate();
