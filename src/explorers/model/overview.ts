/**
 * The model overview: every listed node in graph order — op, name, input and output size, parameter count, check —
 * filterable by op and keyboard-navigable (↑/↓, Page Up/Down, Home/End move; Enter opens the node's card), under a
 * summary line computed from the verdicts.
 *
 * Virtualised: only the rows in view exist (fixed row height), so a model with thousands of nodes costs the same as
 * one with thirty, and a verdict arriving changes one number, never the layout of a 2,000-row table. It is a
 * listbox: focus stays on the list and `aria-activedescendant` names the active row. Plain DOM, textContent only.
 */
import { capText, type Dim, type OnnxLayerSummary } from '../../onnx/index.ts';
import { parameterCount, summaryLine, type VerdictKind } from './summary.ts';

export interface Overview {
  el: HTMLElement;
  /** Add these nodes (in graph order, after those already added). */
  append(layers: readonly OnnxLayerSummary[]): void;
  /** A node's check: its kind and the words for its cell. */
  setVerdict(index: number, kind: VerdictKind, text: string): void;
  /** The node indices the filter shows, in order, and the active one. */
  readonly shown: readonly number[];
  readonly active: number;
}

/** Row height in CSS px (model.css keeps .mp-ov-row at this height). */
export const ROW_PX = 26;
const OVERSCAN = 6;
const VISIBLE_ROWS = 12;

const shape = (s: readonly Dim[] | null) => (s ? capText(`[${s.slice(0, 6).map((d) => (d === null ? '?' : String(d))).join(', ')}${s.length > 6 ? ', …' : ''}]`, 60) : '?');

function span(text: string, cls: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

export function createOverview(all: readonly OnnxLayerSummary[], onOpen: (index: number) => void): Overview {
  const verdicts = new Map<number, { kind: VerdictKind; text: string }>();
  const ops = all.map((l) => l.opType);
  const added: OnnxLayerSummary[] = [];
  let shown: OnnxLayerSummary[] = [];
  let active = 0;

  const line = document.createElement('p');
  line.className = 'mp-verdicts';
  line.dataset.testid = 'overview-summary';
  line.setAttribute('role', 'status');
  line.textContent = summaryLine(ops, ops.map(() => 'pending'));

  const filter = document.createElement('select');
  filter.dataset.testid = 'overview-filter';
  filter.id = 'mp-filter';
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  filter.append(new Option(`every op (${all.length.toLocaleString('en-US')})`, ''), ...[...counts].map(([op, n]) => new Option(`${op} (${n.toLocaleString('en-US')})`, op)));
  const label = document.createElement('label');
  label.htmlFor = 'mp-filter';
  label.textContent = 'Show';
  const tools = document.createElement('div');
  tools.className = 'mp-overview-tools';
  tools.append(label, filter, span('In the list: ↑ ↓ move, Enter opens the node.', 'mp-muted'));

  const head = document.createElement('div');
  head.className = 'mp-ov-row mp-ov-head';
  head.setAttribute('aria-hidden', 'true');
  head.append(...['#', 'op', 'name', 'input', 'output', 'parameters', 'check'].map((t) => span(t, '')));

  const list = document.createElement('div');
  list.className = 'mp-ov-list';
  list.dataset.testid = 'overview';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Layer nodes in graph order');
  list.tabIndex = 0;
  const spacer = document.createElement('div');
  spacer.className = 'mp-ov-spacer';
  list.append(spacer);

  const el = document.createElement('section');
  el.className = 'mp-overview';
  el.dataset.testid = 'overview-section';
  el.setAttribute('aria-label', 'Overview');
  el.append(line, tools, head, list);

  let summaryQueued = false;
  const refreshSummary = () => {
    if (summaryQueued) return;
    summaryQueued = true;
    // Verdicts stream in: the line is rewritten at most once per frame.
    requestAnimationFrame(() => {
      summaryQueued = false;
      line.textContent = summaryLine(ops, all.map((l) => verdicts.get(l.index)?.kind ?? 'pending'));
    });
  };

  const rowFor = (l: OnnxLayerSummary, position: number): HTMLElement => {
    const row = document.createElement('div');
    row.className = 'mp-ov-row';
    row.id = `mp-ov-${l.index}`;
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', String(position === active));
    row.dataset.testid = `overview-row-${l.index}`;
    row.dataset.index = String(l.index);
    row.dataset.op = l.opType;
    row.style.top = `${position * ROW_PX}px`;
    const v = verdicts.get(l.index);
    if (v) row.dataset.verdict = v.kind;
    const params = parameterCount(l);
    row.append(span(String(l.index), 'mp-num'), span(l.opType, 'mp-op'), span(capText(l.label, 60), 'mp-name'), span(shape(l.inputDims), ''),
      span(shape(l.outputDims), ''), span(params === null ? '?' : params.toLocaleString('en-US'), 'mp-num'),
      span(v?.text ?? (l.problem ? '– cannot be opened' : '… checking'), 'mp-check'));
    return row;
  };

  /** The rows in view (and a few either side), made afresh: a few dozen elements whatever the model's size. */
  const draw = () => {
    spacer.style.height = `${shown.length * ROW_PX}px`;
    // As tall as its rows, up to VISIBLE_ROWS; a longer list scrolls.
    list.style.height = `${Math.max(1, Math.min(shown.length, VISIBLE_ROWS)) * ROW_PX + 2}px`;
    const first = Math.max(0, Math.floor(list.scrollTop / ROW_PX) - OVERSCAN);
    const last = Math.min(shown.length, Math.ceil((list.scrollTop + (list.clientHeight || VISIBLE_ROWS * ROW_PX)) / ROW_PX) + OVERSCAN);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) rows.push(rowFor(shown[i], i));
    spacer.replaceChildren(...rows);
    const a = shown[active];
    if (a && document.getElementById(`mp-ov-${a.index}`)) list.setAttribute('aria-activedescendant', `mp-ov-${a.index}`);
    else list.removeAttribute('aria-activedescendant');
  };
  let drawQueued = false;
  const drawSoon = () => {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  };

  const moveTo = (position: number) => {
    active = Math.max(0, Math.min(shown.length - 1, position));
    const top = active * ROW_PX;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_PX > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_PX - list.clientHeight;
    draw();
  };
  const page = () => Math.max(1, Math.floor(list.clientHeight / ROW_PX) - 1);

  list.addEventListener('scroll', drawSoon);
  list.addEventListener('keydown', (ev) => {
    const moves: Record<string, () => number> = {
      ArrowDown: () => active + 1, ArrowUp: () => active - 1, PageDown: () => active + page(), PageUp: () => active - page(),
      Home: () => 0, End: () => shown.length - 1,
    };
    if (ev.key === 'Enter' && shown[active]) {
      ev.preventDefault();
      onOpen(shown[active].index);
    } else if (moves[ev.key]) {
      ev.preventDefault();
      moveTo(moves[ev.key]());
    }
  });
  list.addEventListener('click', (ev) => {
    const row = (ev.target as HTMLElement).closest<HTMLElement>('.mp-ov-row');
    if (!row) return;
    const position = shown.findIndex((l) => l.index === Number(row.dataset.index));
    if (position < 0) return;
    moveTo(position);
    onOpen(shown[position].index);
  });
  const applyFilter = () => {
    shown = filter.value === '' ? [...added] : added.filter((l) => l.opType === filter.value);
  };
  filter.addEventListener('change', () => {
    applyFilter();
    active = 0;
    list.scrollTop = 0;
    draw();
  });

  return {
    el,
    append(layers) {
      added.push(...layers);
      applyFilter();
      drawSoon();
    },
    setVerdict(index, kind, text) {
      verdicts.set(index, { kind, text });
      const row = document.getElementById(`mp-ov-${index}`);
      if (row && spacer.contains(row)) {
        row.dataset.verdict = kind;
        row.lastElementChild!.textContent = text;
      }
      refreshSummary();
    },
    get shown() {
      return shown.map((l) => l.index);
    },
    get active() {
      return shown[active]?.index ?? -1;
    },
  };
}
