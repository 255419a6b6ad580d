/**
 * The URL layout: `#/<explorer>?v=1&key=value…`. Everything lives in the hash so the app works from any
 * static host or sub-path, and `history.pushState` / `replaceState` never reload the page.
 */
import { echoText } from '../util/echo-text.ts';

export const STATE_VERSION = 1;

export const ROUTES = ['home', 'conv-transpose', 'batch-norm', 'normalization', 'training', 'model', 'lesson'] as const;
export type RouteId = (typeof ROUTES)[number];

/**
 * A lesson's id, from `#/lesson/<id>`: it names a file (`lessons/<id>.json`), so only lower-case words joined by
 * hyphens are taken. The parsed hash carries it as the reserved `lesson` parameter (state/presentation.ts).
 */
export const LESSON_ID_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_LESSON_ID = 60;

export interface ParsedHash {
  route: RouteId;
  params: URLSearchParams;
  notices: string[];
}

/** Parse `location.hash`. Never throws: an unknown route falls back to home with a notice. */
export function parseHash(hash: string): ParsedHash {
  const notices: string[] = [];
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.startsWith('/')) h = h.slice(1);
  const q = h.indexOf('?');
  const path = decodeSafe(q >= 0 ? h.slice(0, q) : h);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  } catch {
    params = new URLSearchParams();
    notices.push('the link’s parameters could not be read; using defaults');
  }
  let route: RouteId = 'home';
  if (path === '' || path === 'home') route = 'home';
  else if (path.startsWith('lesson/')) {
    const id = path.slice('lesson/'.length);
    if (id.length <= MAX_LESSON_ID && LESSON_ID_RE.test(id)) {
      route = 'lesson';
      params.delete('lesson');
      params.set('lesson', id);
    } else {
      notices.push(`lesson “${echoText(id, 40)}” is not a lesson name (lower-case letters, digits and hyphens); showing the start page`);
    }
  } else if (path === 'lesson') notices.push('the link names no lesson (#/lesson/<name>); showing the start page');
  else if ((ROUTES as readonly string[]).includes(path)) route = path as RouteId;
  else notices.push(`unknown page “${echoText(path, 40)}”; showing the start page`);
  const v = params.get('v');
  if (v !== null && v !== String(STATE_VERSION)) {
    notices.push(`link version v=${echoText(v, 10)} is not supported (this app reads v=${STATE_VERSION}); some settings may be ignored`);
  }
  return { route, params, notices };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function buildHash(route: RouteId, params?: URLSearchParams): string {
  if (route === 'home') return '#/';
  const p = new URLSearchParams(params);
  p.delete('v');
  let path: string = route;
  if (route === 'lesson') {
    const id = p.get('lesson') ?? '';
    p.delete('lesson');
    path = `lesson/${id}`;
  }
  const rest = p.toString();
  return `#/${path}?v=${STATE_VERSION}${rest ? '&' + rest : ''}`;
}

/**
 * A link may carry state in its query string (`/?embed=1&theme=dark#/conv-transpose`, a form that embedding guides
 * and link shorteners produce), but the app reads only the hash: the query's keys are moved into the hash, after
 * the hash's own. A key in both keeps the hash's value, with a notice. Returns the new hash, or null when the query
 * string is empty.
 */
export function moveQueryIntoHash(search: string, hash: string): { hash: string; notices: string[] } | null {
  const q = search.startsWith('?') ? search.slice(1) : search;
  if (q === '') return null;
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h.startsWith('/')) h = h.slice(1);
  const at = h.indexOf('?');
  const path = at >= 0 ? h.slice(0, at) : h;
  const own: [string, string][] = [...new URLSearchParams(at >= 0 ? h.slice(at + 1) : '')];
  const first = new Map<string, string>();
  for (const [k, v] of own) if (!first.has(k)) first.set(k, v);
  const added: [string, string][] = [];
  const notices: string[] = [];
  const told = new Set<string>();
  for (const [k, v] of new URLSearchParams(q)) {
    const kept = first.get(k);
    if (kept === undefined) added.push([k, v]);
    else if (kept !== v && !told.has(k)) {
      told.add(k);
      notices.push(`the link gives ${echoText(k, 30)}=${echoText(v, 40)} before its # and ${echoText(k, 30)}=${echoText(kept, 40)} after it; using ${echoText(kept, 40)}`);
    }
  }
  const rest = new URLSearchParams([...own, ...added]).toString();
  return { hash: `#/${path}${rest ? `?${rest}` : ''}`, notices };
}
