/**
 * PNG and SVG export of a panel. The PNG composites every <svg> and <canvas> inside the panel at their on-screen
 * positions, at device pixel ratio (WebGL canvases need preserveDrawingBuffer, which our views set).
 */
import { addVectorExtras } from '../../views/vector-export.ts';

const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family',
  'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'shape-rendering', 'vector-effect', 'visibility', 'display',
] as const;

/**
 * A standalone copy of an SVG with computed styles inlined (so CSS classes and variables survive), plus what its
 * view adds for a vector export (a heatmap's cells, drawn on screen in a canvas: views/vector-export.ts). The PNG
 * export composites the canvases itself and asks for the SVG without those extras.
 */
export function standaloneSvg(svg: SVGSVGElement, { vectorExtras = true } = {}): string {
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
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  if (!clone.getAttribute('width')) clone.setAttribute('width', String(Math.round(r.width)));
  if (!clone.getAttribute('height')) clone.setAttribute('height', String(Math.round(r.height)));
  return new XMLSerializer().serializeToString(clone);
}

function loadSvgImage(text: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('an SVG of this panel could not be drawn'));
    };
    img.src = url;
  });
}

/** Composite a panel's SVGs and canvases into one PNG blob at `scale` × CSS pixels. */
export async function panelPng(panel: HTMLElement, scale = window.devicePixelRatio || 1): Promise<Blob> {
  const box = panel.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(box.width * scale));
  canvas.height = Math.max(1, Math.round(box.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot create a 2-D canvas for the export');
  ctx.fillStyle = getComputedStyle(panel).backgroundColor || '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  const items = [...panel.querySelectorAll<HTMLElement | SVGSVGElement>('svg, canvas')].filter(
    (el) => !(el instanceof SVGSVGElement && el.ownerSVGElement) && el.getBoundingClientRect().width > 0,
  );
  for (const el of items) {
    const r = el.getBoundingClientRect();
    const x = r.left - box.left;
    const y = r.top - box.top;
    if (el instanceof HTMLCanvasElement) ctx.drawImage(el, x, y, r.width, r.height);
    else ctx.drawImage(await loadSvgImage(standaloneSvg(el as SVGSVGElement, { vectorExtras: false })), x, y, r.width, r.height);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
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
