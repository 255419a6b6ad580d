/**
 * "Copy embed code": the iframe snippet that embeds one panel as it is now — the page's current link with
 * `embed=1&panel=<id>` (the page's own presentation keys that make no sense in an embed dropped), at a suggested
 * size with the panel's aspect ratio, clamped to what a slide or a blog column holds.
 */
import { parseHash, buildHash } from '../state/route.ts';

/** Keys of the page's own view that an embed does not inherit. */
const DROPPED = ['embed', 'panel', 'compact', 'present', 'controls', 'text', 'badges'];

export interface EmbedCode {
  url: string;
  width: number;
  height: number;
  html: string;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `href` is the page's full address; `aspect` the panel's height / width as laid out. */
export function embedCode(href: string, panelId: string, title: string, aspect: number): EmbedCode {
  const u = new URL(href);
  const parsed = parseHash(u.hash);
  for (const k of DROPPED) parsed.params.delete(k);
  parsed.params.set('embed', '1');
  parsed.params.set('panel', panelId);
  u.hash = buildHash(parsed.route, parsed.params);
  const width = 960;
  const height = Math.round(Math.min(720, Math.max(320, width * (Number.isFinite(aspect) && aspect > 0 ? aspect : 0.6))) / 10) * 10;
  const url = u.toString();
  const html = `<iframe src="${escapeAttr(url)}" title="${escapeAttr(title)}" width="${width}" height="${height}" ` +
    'style="border:0;max-width:100%" loading="lazy"></iframe>';
  return { url, width, height, html };
}
