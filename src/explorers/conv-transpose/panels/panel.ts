/**
 * What every panel of the explorer shares: the section skeleton (title, explanation, parity slot), figure
 * helpers, and the runtime's Panel interface as this explorer's panels implement it. Panels compose views; they never own explorer state —
 * they read it and write through the store / hover setter they are given.
 */
import type { Store } from '../../../state/store.ts';
import type { LayerResults } from '../compute.ts';
import type { Hover } from '../links.ts';
import type { ConvTransposeState } from '../schema.ts';
import { el, setText } from '../../../util/dom.ts';
import type { Panel as RuntimePanel } from '../../runtime/panel.ts';

export const PANEL_IDS = ['shape', 'paint', 'zero-insertion', 'matrix', 'overlap', 'checkerboard', 'height-field', 'not-inverse'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export interface PanelEnv {
  store: Store<ConvTransposeState>;
  setHover(h: Hover | null): void;
  reducedMotion: boolean;
}

export interface RenderInput {
  state: ConvTransposeState;
  results: LayerResults;
  hover: Hover | null;
}

/** A panel of this explorer (runtime/panel.ts): drawn from the layer on screen and the hovered pixel. */
export type Panel = RuntimePanel<RenderInput, PanelId>;

export { el };

/**
 * `<section class="panel" data-panel=id>` with a heading, the story text (static HTML written by us) and an
 * empty parity slot per ONNX op the panel computes.
 */
export function panelSection(id: PanelId, title: string, story: string, parityOps: string[]): { section: HTMLElement; body: HTMLElement } {
  const section = el('section', { class: 'panel ct-panel', 'data-panel': id, 'aria-labelledby': `ct-h-${id}`, 'data-testid': `panel-${id}` });
  const head = el('div', { class: 'ct-panel-head' });
  head.append(el('h2', { id: `ct-h-${id}` }, title));
  const slots = el('div', { class: 'ct-parity' });
  for (const op of parityOps) slots.append(el('div', { class: 'parity-slot', 'data-op': op }));
  const explain = el('p', { class: 'explain' });
  explain.innerHTML = story;
  const body = el('div', { class: 'ct-panel-body' });
  section.append(head, ...(parityOps.length ? [slots] : []), explain, body);
  return { section, body };
}

/** A captioned figure with a plot area and a legend area; created once, found again by key. */
export function figure(parent: HTMLElement, key: string, caption: string): { fig: HTMLElement; plot: HTMLElement; legend: HTMLElement; caption: HTMLElement } {
  let fig = parent.querySelector<HTMLElement>(`:scope > figure[data-key="${key}"]`);
  if (!fig) {
    fig = el('figure', { class: 'ct-fig', 'data-key': key });
    fig.append(el('figcaption'), el('div', { class: 'ct-plot' }), el('div', { class: 'ct-legend' }));
    parent.append(fig);
  }
  const cap = fig.querySelector<HTMLElement>('figcaption')!;
  setText(cap, caption); // figures are found again with every redraw: the caption is written only when it changes
  return { fig, plot: fig.querySelector<HTMLElement>('.ct-plot')!, legend: fig.querySelector<HTMLElement>('.ct-legend')!, caption: cap };
}

/** One channel's plane out of `[1, C, H, W]` data. */
export function planeOf(data: Float32Array, c: number, h: number, w: number): Float32Array {
  return data.subarray(c * h * w, (c + 1) * h * w);
}

export const fmt3 = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) return v.toExponential(2);
  return String(Number(v.toFixed(3)));
};
