/**
 * Extra vector content a view adds to an SVG export of itself. A heatmap draws its cells into a canvas under its
 * SVG overlay (heatmap-cells.ts); an exported SVG should still hold every cell as a shape, so the heatmap leaves a
 * hook here, keyed by its `<svg>`, and the exporter (app/export/image.ts) runs it on the copy it writes out.
 */
const hooks = new WeakMap<SVGSVGElement, (copy: SVGSVGElement) => void>();

/** Register (or replace) what an export adds to the copy of `svg`. */
export function setVectorExport(svg: SVGSVGElement, addTo: (copy: SVGSVGElement) => void): void {
  hooks.set(svg, addTo);
}

/** Run the hook of `svg`, if it has one, on its copy. */
export function addVectorExtras(svg: Element, copy: Element): void {
  const hook = hooks.get(svg as SVGSVGElement);
  if (hook) hook(copy as SVGSVGElement);
}
