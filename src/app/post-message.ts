/**
 * The embedding API: a parent page (a slide deck, a blog post) drives an embedded Layer Lab with postMessage.
 *
 * Parent → Layer Lab:  {type: 'layerlab:set', state: {stride: 3}}   set explorer parameters (validated like a URL)
 *                      {type: 'layerlab:get'}                        ask for the current state
 *                      {type: 'layerlab:step', delta: 1 | -1}        presenter step
 *                      {type: 'layerlab:play'} / {type: 'layerlab:reset'}
 *                      {type: 'lesson:goto', step: 3}                on a lesson page: show step 3 (1-based; validated
 *                                                                    like the link's step=)
 * Layer Lab → parent:  {type: 'layerlab:ready', route, state, url}
 *                      {type: 'layerlab:state', route, state, url}   after changes reach the URL (once the
 *                                                                    controls rest: url-writer.ts)
 *                      {type: 'layerlab:notice', message}            a set request had bad values (they were ignored;
 *                                                                    at most MAX_POSTED_NOTICES per request)
 *                      {type: 'layerlab:size', width, height}        embed content size (to fit the iframe)
 *                      {type: 'lesson:step', lesson, step, steps, title, route}
 *                                                                    a lesson page showed a step
 *
 * A set request is read by the link decoder (state/patch.ts): it accepts exactly the values a link accepts, and
 * applies as one change that rewrites the current history entry — the embed shares its session history with the
 * host page, so a new entry per request would make the host's Back button step through the embed's states.
 *
 * Only origins on the allow-list (`origins=` URL parameter, comma-separated; default: this app's own origin)
 * are listened to and written to.
 */
import { collapseNotices, echoText } from '../util/echo-text.ts';

/** Notices posted back for one request: the first few and one "N more". */
export const MAX_POSTED_NOTICES = 8;

export interface MessageApiHost {
  snapshot(): { route: string; state: unknown; url: string };
  /** Apply a set request's `state` (anything a message can hold); returns why parts of it were ignored. */
  applyPatch(patch: unknown): string[];
  step(delta: 1 | -1): void;
  play(): void;
  reset(): void;
  /** Show step `step` of the lesson on the page; returns why the request was refused. */
  lessonGoto?(step: unknown): string[];
}

export function parseOrigins(raw: string | null, own: string): string[] {
  const list = [own];
  if (!raw) return list;
  for (const part of raw.split(',')) {
    try {
      const o = new URL(part.trim()).origin;
      if (o !== 'null' && !list.includes(o)) list.push(o);
    } catch {
      // not an origin: ignored
    }
  }
  return list;
}

export function startMessageApi(host: MessageApiHost, allowed: string[]): {
  announce(type: 'ready' | 'state'): void;
  /** Post an event of the page's own (e.g. `lesson:step`) to the allowed origins. */
  emit(msg: Record<string, unknown>): void;
  stop(): void;
} {
  const parent = window.parent !== window ? window.parent : null;
  const post = (msg: Record<string, unknown>) => {
    if (!parent) return;
    for (const origin of allowed) parent.postMessage(msg, origin);
  };
  const onMessage = (ev: MessageEvent) => {
    if (!allowed.includes(ev.origin)) return;
    const data = ev.data as { type?: unknown; state?: unknown; delta?: unknown; step?: unknown } | null;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (!data.type.startsWith('layerlab:') && !data.type.startsWith('lesson:')) return;
    switch (data.type) {
      case 'lesson:goto': {
        const notices = (host.lessonGoto?.(data.step) ?? ['there is no lesson on this page']).map((n) => echoText(n));
        for (const message of collapseNotices(notices, MAX_POSTED_NOTICES)) post({ type: 'layerlab:notice', message });
        return;
      }
      case 'layerlab:set': {
        const notices = host.applyPatch(data.state).map((n) => echoText(n));
        for (const message of collapseNotices(notices, MAX_POSTED_NOTICES)) post({ type: 'layerlab:notice', message });
        return;
      }
      case 'layerlab:get':
        post({ type: 'layerlab:state', ...host.snapshot() });
        return;
      case 'layerlab:step':
        host.step(data.delta === -1 ? -1 : 1);
        return;
      case 'layerlab:play':
        host.play();
        return;
      case 'layerlab:reset':
        host.reset();
        return;
      default:
        post({ type: 'layerlab:notice', message: `unknown message type ${echoText(data.type, 40)}` });
    }
  };
  window.addEventListener('message', onMessage);
  let ro: ResizeObserver | null = null;
  if (parent) {
    ro = new ResizeObserver(() => {
      const el = document.documentElement;
      post({ type: 'layerlab:size', width: el.scrollWidth, height: el.scrollHeight });
    });
    ro.observe(document.body);
  }
  return {
    announce: (type) => post({ type: `layerlab:${type}`, ...host.snapshot() }),
    emit: post,
    stop: () => {
      window.removeEventListener('message', onMessage);
      ro?.disconnect();
    },
  };
}
