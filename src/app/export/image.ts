/**
 * PNG and SVG export of a whole panel as seen: headings, captions, axis names, scores, values and every chart.
 *
 * PNG: the panel's DOM is copied with each element's computed style written inline (where the copy would not get
 * it anyway), pseudo-elements as spans, canvases swapped for images of their pixels, and the copy drawn through an
 * SVG `<foreignObject>` into a canvas at ×2 (or the screen's ratio, if higher). Nothing is fetched: images become data URLs first. A canvas shown `image-rendering: pixelated` (a
 * heatmap's one-pixel-per-cell bitmap) is enlarged without smoothing before it goes in, so cells stay crisp.
 *
 * SVG: the panel's charts (each `<svg>` with its computed styles and its view's vector extras, e.g. a heatmap's
 * cells) at their on-screen positions, its text as `<text>` lines, 2-D canvases as crisp images. A panel with a
 * WebGL canvas (`data-engine` set by three.js) has no vector form: `vectorRefusal` says so and the menu offers PNG.
 */
import { addVectorExtras } from '../../views/vector-export.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family',
  'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'shape-rendering', 'vector-effect', 'visibility', 'display',
] as const;

/** Parts of a panel that are controls of the app, not of the figure: left out of every export. */
const NOT_EXPORTED = '.panel-export, .sr-only';

/**
 * A standalone copy of an SVG with computed styles inlined (so CSS classes and variables survive), plus, with
 * `vectorExtras`, what its view adds for a vector export (a heatmap's cells, drawn on screen in a canvas:
 * views/vector-export.ts).
 */
function styledSvgCopy(svg: SVGSVGElement, vectorExtras: boolean): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    (dst[i] as SVGElement).setAttribute('style', style);
  });
  // After the styles: the extras have no on-screen twin to take a style from (they carry their own attributes).
  if (vectorExtras) src.forEach((el, i) => addVectorExtras(el, dst[i]));
  const r = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', SVG_NS);
  if (!clone.getAttribute('width')) clone.setAttribute('width', String(Math.round(r.width)));
  if (!clone.getAttribute('height')) clone.setAttribute('height', String(Math.round(r.height)));
  return clone;
}

const visible = (el: Element) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};

/** Why this panel has no SVG export (it shows a WebGL view), or null when it has one. */
export function vectorRefusal(panel: HTMLElement): string | null {
  const gl = [...panel.querySelectorAll('canvas[data-engine]')].filter(visible);
  return gl.length > 0 ? 'PNG only: this panel’s 3-D view is drawn with WebGL, which has no vector form' : null;
}

/** A canvas's pixels at `w × h` device pixels, enlarged without smoothing when the screen shows it pixelated. */
function canvasDataUrl(c: HTMLCanvasElement, w: number, h: number): string {
  const rendering = getComputedStyle(c).imageRendering;
  const crisp = rendering === 'pixelated' || rendering === 'crisp-edges';
  if (!crisp || c.width === 0 || c.height === 0) return c.toDataURL('image/png');
  const big = document.createElement('canvas');
  big.width = Math.max(1, Math.round(w));
  big.height = Math.max(1, Math.round(h));
  const ctx = big.getContext('2d');
  if (!ctx) return c.toDataURL('image/png');
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(c, 0, 0, big.width, big.height);
  return big.toDataURL('image/png');
}

function imageDataUrl(img: HTMLImageElement): string | null {
  if (!img.complete || img.naturalWidth === 0) return null;
  const c = document.createElement('canvas');
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  c.getContext('2d')?.drawImage(img, 0, 0);
  try {
    return c.toDataURL('image/png');
  } catch {
    return null; // a cross-origin image: left out rather than failing the export
  }
}

/** Computed style of a plain element of each tag, to write only what differs from it (keeps the copy small). */
function defaultStyles(): { get: (tag: string, ns: string | null) => Map<string, string>; dispose: () => void } {
  const host = document.createElement('div');
  host.style.cssText = 'all: initial; position: absolute; left: -99999px; top: 0; visibility: hidden';
  document.body.append(host);
  const cache = new Map<string, Map<string, string>>();
  const get = (tag: string, ns: string | null) => {
    const key = `${ns}|${tag}`;
    let m = cache.get(key);
    if (!m) {
      const el = ns === SVG_NS ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
      const holder = ns === SVG_NS && tag !== 'svg' ? document.createElementNS(SVG_NS, 'svg') : host;
      if (holder !== host) host.append(holder);
      holder.append(el);
      const cs = getComputedStyle(el);
      m = new Map();
      for (let i = 0; i < cs.length; i++) m.set(cs[i], cs.getPropertyValue(cs[i]));
      cache.set(key, m);
      (holder === host ? el : holder).remove();
    }
    return m;
  };
  return { get, dispose: () => host.remove() };
}

/**
 * Width and height are the only properties getComputedStyle reports as *used* values: written back on a box whose
 * size came from its content they would fix it, which stops margins collapsing through it and, on a table or its
 * cells, adds the padding again. So they are written only for replaced elements and for elements a style rule or
 * inline style gives a size (a table's parts never: the table sizes them).
 */
const SIZE = /^(width|height|inline-size|block-size)$/;
const REPLACED = /^(img|canvas|svg|video|input|select|textarea|iframe)$/;

function elementsWithSetSize(panel: HTMLElement): Set<Element> {
  const out = new Set<Element>();
  const visit = (rules: CSSRuleList) => {
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) {
        const st = rule.style;
        if (!(st.width || st.height || st.inlineSize || st.blockSize)) continue;
        try {
          if (panel.matches(rule.selectorText)) out.add(panel);
          for (const el of panel.querySelectorAll(rule.selectorText)) out.add(el);
        } catch {
          // a selector this query cannot take (pseudo-elements): nothing of the panel to mark
        }
      } else if (rule instanceof CSSMediaRule) {
        if (window.matchMedia(rule.media.mediaText).matches) visit(rule.cssRules);
      } else if ('cssRules' in rule) {
        visit((rule as CSSGroupingRule).cssRules);
      }
    }
  };
  for (const sheet of document.styleSheets) {
    try {
      visit(sheet.cssRules);
    } catch {
      // a cross-origin style sheet cannot be read; ours are same-origin
    }
  }
  for (const el of panel.querySelectorAll<HTMLElement>('[style]')) if (el.style.width || el.style.height) out.add(el);
  return out;
}

/**
 * A copy of `panel` that draws the same without the page's style sheets: computed styles inline, canvases and
 * images as data URLs at `scale` device pixels, form fields showing their current values.
 */
function inlinedCopy(panel: HTMLElement, scale: number): HTMLElement {
  const defaults = defaultStyles();
  const sized = elementsWithSetSize(panel);
  const clone = panel.cloneNode(true) as HTMLElement;
  try {
    const src = [panel, ...panel.querySelectorAll('*')];
    const dst = [clone, ...clone.querySelectorAll('*')];
    const drop: Element[] = [];
    src.forEach((el, i) => {
      const copy = dst[i];
      if (el !== panel && el.matches(NOT_EXPORTED)) {
        drop.push(copy);
        return;
      }
      const cs = getComputedStyle(el);
      const base = defaults.get(el.localName, el.namespaceURI);
      // A value may be left out only when the copy gets it anyway: it is the tag's default *and* what the element
      // would inherit (an inherited property reset to its initial value under a parent that sets it must be written).
      const parent = el === panel || !el.parentElement ? null : getComputedStyle(el.parentElement);
      const parts: string[] = [];
      const keepSize = (el instanceof HTMLElement || el instanceof SVGSVGElement) && (REPLACED.test(el.localName) || sized.has(el)) && !/^(inline-)?table/.test(cs.display);
      for (let k = 0; k < cs.length; k++) {
        const p = cs[k];
        if (!keepSize && SIZE.test(p)) continue;
        const v = cs.getPropertyValue(p);
        if (base.get(p) !== v || (parent !== null && parent.getPropertyValue(p) !== v) || (el === panel)) parts.push(`${p}:${v}`);
      }
      // The copy is laid out on its own: the panel's own margins and sticky/absolute offsets must not move it.
      if (el === panel) parts.push('margin:0', 'position:relative', 'left:0', 'top:0');
      copy.setAttribute('style', parts.join(';'));
      if (el instanceof HTMLElement && !REPLACED.test(el.localName)) addPseudoElements(el, copy, defaults.get('span', XHTML_NS));
      if (el instanceof HTMLCanvasElement) {
        const r = el.getBoundingClientRect();
        const img = document.createElementNS(XHTML_NS, 'img') as HTMLImageElement;
        img.setAttribute('style', parts.join(';') + `;width:${r.width}px;height:${r.height}px`);
        if (r.width > 0 && r.height > 0) img.src = canvasDataUrl(el, r.width * scale, r.height * scale);
        copy.replaceWith(img);
        dst[i] = img;
      } else if (el instanceof HTMLImageElement) {
        const url = imageDataUrl(el);
        if (url) (copy as HTMLImageElement).src = url;
        else drop.push(copy);
      } else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        copy.setAttribute('value', el.value);
        if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.checked) copy.setAttribute('checked', '');
        if (el instanceof HTMLTextAreaElement) copy.textContent = el.value;
      } else if (el instanceof HTMLSelectElement) {
        const opts = (copy as HTMLSelectElement).querySelectorAll('option');
        opts.forEach((o, j) => (j === el.selectedIndex ? o.setAttribute('selected', '') : o.removeAttribute('selected')));
      } else if (el instanceof HTMLDetailsElement && el.open) {
        copy.setAttribute('open', '');
      }
    });
    for (const d of drop) d.remove();
  } finally {
    defaults.dispose();
  }
  return clone;
}

/**
 * ::before and ::after boxes (a chip's colour swatch, a marker) are not in the DOM: each becomes a span with the
 * pseudo-element's computed style, so the copy draws them too. Only text content is carried (not images/counters).
 */
function addPseudoElements(el: HTMLElement, copy: Element, spanDefaults: Map<string, string>): void {
  for (const which of ['::before', '::after'] as const) {
    const ps = getComputedStyle(el, which);
    const content = ps.content;
    if (!content || content === 'none' || content === 'normal') continue;
    const span = document.createElementNS(XHTML_NS, 'span');
    const parts: string[] = [];
    for (let k = 0; k < ps.length; k++) {
      const p = ps[k];
      if (p === 'content') continue;
      const v = ps.getPropertyValue(p);
      if (spanDefaults.get(p) !== v) parts.push(`${p}:${v}`);
    }
    span.setAttribute('style', parts.join(';'));
    const text = /^"(.*)"$/s.exec(content);
    span.textContent = text ? text[1].replace(/\\(.)/g, '$1') : '';
    if (which === '::before') copy.prepend(span);
    else copy.append(span);
  }
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the browser could not draw the copy of this panel'));
    img.src = url;
  });
}

/** The export scale: twice the CSS size, or the screen's ratio when that is higher. */
const exportScale = (): number => Math.max(2, window.devicePixelRatio || 1);

/** The whole panel as seen, as a PNG blob at `scale` × its CSS size. */
export async function panelPng(panel: HTMLElement, scale = exportScale()): Promise<Blob> {
  const box = panel.getBoundingClientRect();
  const w = Math.ceil(box.width);
  const h = Math.ceil(box.height);
  const copy = inlinedCopy(panel, scale);
  copy.setAttribute('xmlns', XHTML_NS);
  const svg = `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><foreignObject x="0" y="0" width="${w}" height="${h}">${new XMLSerializer().serializeToString(copy)}</foreignObject></svg>`;
  // A data URL, not a blob URL: Chromium taints a canvas drawn from a blob-URL SVG with a foreignObject.
  const img = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w * scale));
  canvas.height = Math.max(1, Math.round(h * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot create a 2-D canvas for the export');
  ctx.fillStyle = opaqueBackground(panel);
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
}

/** The first non-transparent background from the panel up (a transparent panel sits on the page's colour). */
function opaqueBackground(el: HTMLElement | null): string {
  for (let e = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return '#fff';
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The panel's text outside its charts, one `<text>` per line as laid out on screen. */
function textLines(panel: HTMLElement, box: DOMRect): string[] {
  const out: string[] = [];
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => {
      const parent = n.parentElement;
      if (!parent || !n.textContent?.trim()) return NodeFilter.FILTER_REJECT;
      if (parent.closest(`svg, script, style, option, ${NOT_EXPORTED}`)) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent!;
    const cs = getComputedStyle(n.parentElement!);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    // Group the words by the line they sit on.
    const lines: { top: number; bottom: number; left: number; words: string[] }[] = [];
    for (const m of text.matchAll(/\S+/g)) {
      range.setStart(n, m.index!);
      range.setEnd(n, m.index! + m[0].length);
      const r = range.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const line = lines.find((l) => Math.abs(l.top - r.top) < r.height / 2);
      if (line) line.words.push(m[0]);
      else lines.push({ top: r.top, bottom: r.bottom, left: r.left, words: [m[0]] });
    }
    for (const l of lines) {
      // The baseline sits about 80 % down the line box for the fonts we use.
      const y = l.top - box.top + (l.bottom - l.top) * 0.8;
      out.push(`<text x="${(l.left - box.left).toFixed(1)}" y="${y.toFixed(1)}" font-family="${escapeXml(cs.fontFamily)}" font-size="${cs.fontSize}" font-weight="${cs.fontWeight}" font-style="${cs.fontStyle}" fill="${cs.color}" xml:space="preserve">${escapeXml(l.words.join(' '))}</text>`);
    }
  }
  return out;
}

/**
 * The whole panel as one SVG: every chart at its place, the text as lines, 2-D canvases (other than those a chart
 * redraws as vectors) as images. Throws `vectorRefusal`'s reason for a WebGL panel.
 */
export function panelSvg(panel: HTMLElement): string {
  const refusal = vectorRefusal(panel);
  if (refusal) throw new Error(refusal);
  const box = panel.getBoundingClientRect();
  const w = Math.ceil(box.width);
  const h = Math.ceil(box.height);
  const parts: string[] = [`<rect width="${w}" height="${h}" fill="${opaqueBackground(panel)}"/>`];
  const serializer = new XMLSerializer();
  const charts = [...panel.querySelectorAll<SVGSVGElement>('svg')].filter((s) => !s.ownerSVGElement && !s.closest(NOT_EXPORTED) && visible(s));
  const copies = charts.map((svg) => styledSvgCopy(svg, true));
  // A chart whose view added vector extras draws its canvases again as shapes (a heatmap's cells and values, a
  // scatter plot's dots): those canvases, its siblings, are not repeated as images.
  const vectorised = new Set<Element>();
  charts.forEach((svg, i) => {
    if (copies[i].querySelectorAll('*').length > svg.querySelectorAll('*').length) {
      for (const c of svg.parentElement?.querySelectorAll('canvas') ?? []) vectorised.add(c);
    }
  });
  for (const c of panel.querySelectorAll('canvas')) {
    if (vectorised.has(c) || !visible(c) || c.closest(NOT_EXPORTED)) continue;
    const r = c.getBoundingClientRect();
    const rendering = getComputedStyle(c).imageRendering;
    parts.push(`<image x="${(r.left - box.left).toFixed(1)}" y="${(r.top - box.top).toFixed(1)}" width="${r.width.toFixed(1)}" height="${r.height.toFixed(1)}" preserveAspectRatio="none"${rendering === 'pixelated' ? ' style="image-rendering:pixelated"' : ''} href="${c.toDataURL('image/png')}"/>`);
  }
  charts.forEach((svg, i) => {
    const r = svg.getBoundingClientRect();
    const copy = copies[i];
    copy.setAttribute('x', (r.left - box.left).toFixed(1));
    copy.setAttribute('y', (r.top - box.top).toFixed(1));
    copy.setAttribute('width', r.width.toFixed(1));
    copy.setAttribute('height', r.height.toFixed(1));
    parts.push(serializer.serializeToString(copy));
  });
  parts.push(...textLines(panel, box));
  return `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
}

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
