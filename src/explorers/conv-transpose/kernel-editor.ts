/**
 * Direct editing of the shown kernel: drag a cell of the kernel heatmap up/down, or type into the grid of
 * number fields. Either turns the layer's current weights into custom weights (kind 'custom' in the state),
 * so the preset, the other channels and every other control stay as they were.
 */
import type { ConvInfo } from '../../kernels/index.ts';
import type { Store } from '../../state/store.ts';
import type { LayerResults } from './compute.ts';
import type { ConvTransposeState } from './schema.ts';
import { roundWeight } from './weights-edit.ts';
import { setProp } from '../../util/dom.ts';

/** Offset of the shown (ic, oc) kernel in the `[Cin, Cout/g, kH, kW]` weights (ic moved into oc's group if needed). */
export function kernelOffset(info: ConvInfo, ic: number, oc: number): { offset: number; ic: number } {
  const g = Math.floor(oc / info.outPerGroup);
  const icUsed = Math.floor(ic / info.inPerGroup) === g ? ic : g * info.inPerGroup;
  return { offset: (icUsed * info.outPerGroup + (oc % info.outPerGroup)) * info.kH * info.kW, ic: icUsed };
}

export function setWeight(store: Store<ConvTransposeState>, r: LayerResults, index: number, value: number, history: 'push' | 'replace'): void {
  if (!Number.isFinite(value)) return;
  // An ONNX node's weights become custom weights only where the layer fields can hold the rest of the node.
  if (r.imported && !r.imported.editable) return;
  // Start from the newest weights: the state's own custom weights when they fit this layer (the results on screen
  // can lag the state by a worker round trip), else the layer's current ones (a preset or an imported node).
  const s = store.get();
  const base = s.kernel === 'custom' && s.weights.length === r.weight.data.length ? s.weights : r.weight.data;
  const weights = Array.from(base, roundWeight);
  weights[index] = Math.max(-100, Math.min(100, roundWeight(value)));
  store.update({ kernel: 'custom', weights }, history);
}

/**
 * Pointer dragging on a kernel heatmap: vertical movement changes the grabbed weight (up = larger), in steps
 * proportional to the kernel's largest |weight|. Attach once to a container that holds the heatmap.
 */
export function attachKernelDrag(
  container: HTMLElement,
  getContext: () => { results: LayerResults; store: Store<ConvTransposeState>; offset: number } | null,
): () => void {
  let drag: { pointer: number; index: number; startY: number; start: number; step: number; moved: boolean; value: number } | null = null;
  const cellAt = (ev: PointerEvent): { row: number; col: number } | null => {
    const grid = container.querySelector<HTMLElement>('.heatmap');
    if (!grid) return null;
    const rect = grid.getBoundingClientRect();
    const rows = Number(grid.dataset.rows);
    const cols = Number(grid.dataset.cols);
    const col = Math.floor(((ev.clientX - rect.left) / rect.width) * cols);
    const row = Math.floor(((ev.clientY - rect.top) / rect.height) * rows);
    return row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : null;
  };
  const down = (ev: PointerEvent) => {
    const ctx = getContext();
    const cell = cellAt(ev);
    if (!ctx || !cell) return;
    const index = ctx.offset + cell.row * ctx.results.info.kW + cell.col;
    let big = 0;
    for (const v of ctx.results.weight.data) big = Math.max(big, Math.abs(v));
    const start = ctx.results.weight.data[index];
    drag = { pointer: ev.pointerId, index, startY: ev.clientY, start, step: Math.max(0.01, big / 60), moved: false, value: start };
    container.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  };
  const move = (ev: PointerEvent) => {
    const ctx = getContext();
    if (!drag || !ctx || ev.pointerId !== drag.pointer) return;
    const dy = drag.startY - ev.clientY;
    if (Math.abs(dy) < 2 && !drag.moved) return;
    drag.moved = true;
    drag.value = drag.start + dy * drag.step;
    setWeight(ctx.store, ctx.results, drag.index, drag.value, 'replace');
  };
  const up = (ev: PointerEvent) => {
    const ctx = getContext();
    if (!drag || ev.pointerId !== drag.pointer) return;
    // Commit the value the drag reached, not the one in the results: those may not have caught up yet.
    if (ctx && drag.moved) setWeight(ctx.store, ctx.results, drag.index, drag.value, 'push');
    else if (!drag.moved) {
      // A click without a drag focuses the matching number field for typing.
      const field = container.parentElement?.querySelector<HTMLInputElement>(`input[data-index="${drag.index}"]`);
      field?.focus();
      field?.select();
    }
    drag = null;
  };
  container.addEventListener('pointerdown', down);
  container.addEventListener('pointermove', move);
  container.addEventListener('pointerup', up);
  container.addEventListener('pointercancel', up);
  return () => {
    container.removeEventListener('pointerdown', down);
    container.removeEventListener('pointermove', move);
    container.removeEventListener('pointerup', up);
    container.removeEventListener('pointercancel', up);
  };
}

/** The grid of number fields for the shown kernel; rebuilt only when its shape changes. */
export function renderKernelFields(
  host: HTMLElement,
  r: LayerResults,
  offset: number,
  onEdit: (index: number, value: number) => void,
): void {
  const { kH, kW } = r.info;
  const key = `${kH}x${kW}@${offset}`;
  if (host.dataset.key !== key) {
    host.dataset.key = key;
    host.replaceChildren();
    host.style.gridTemplateColumns = `repeat(${kW}, 4.2rem)`;
    for (let row = 0; row < kH; row++) {
      for (let col = 0; col < kW; col++) {
        const input = document.createElement('input');
        input.type = 'number';
        input.step = '0.1';
        input.min = '-100';
        input.max = '100';
        input.dataset.index = String(offset + row * kW + col);
        input.dataset.testid = `kernel-cell-${row}-${col}`;
        input.setAttribute('aria-label', `kernel weight, row ${row}, column ${col}`);
        input.addEventListener('change', () => onEdit(Number(input.dataset.index), input.valueAsNumber));
        host.append(input);
      }
    }
  }
  for (const input of host.querySelectorAll<HTMLInputElement>('input')) {
    if (document.activeElement === input) continue;
    // Three significant digits fit the field; the full value is in the URL and in the title.
    const v = r.weight.data[Number(input.dataset.index)];
    setProp(input, 'value', String(Number(v.toPrecision(3))));
    setProp(input, 'title', String(roundWeight(v)));
  }
}
