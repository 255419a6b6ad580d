/**
 * The URL layout: `#/<explorer>?v=1&key=value…`. Everything lives in the hash so the app works from any
 * static host or sub-path, and `history.pushState` / `replaceState` never reload the page.
 */
import { echoText } from '../util/echo-text.ts';

export const STATE_VERSION = 1;

export const ROUTES = ['home', 'conv-transpose', 'batch-norm', 'training', 'model'] as const;
export type RouteId = (typeof ROUTES)[number];

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
  const rest = p.toString();
  return `#/${route}?v=${STATE_VERSION}${rest ? '&' + rest : ''}`;
}
