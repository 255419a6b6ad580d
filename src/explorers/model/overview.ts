/**
 * The model overview: every listed node in graph order — op, name, input and output size, parameter count, check —
 * in one table, filterable by op and keyboard-navigable (↑/↓ move, Home/End jump, Enter opens the node's card),
 * under a summary line computed from the verdicts. Rows are added in chunks by the page (`append`), so a model with
 * thousands of nodes never builds them in one task. Plain DOM, textContent only.
 */
import { capText, type Dim, type OnnxLayerSummary } from '../../onnx/index.ts';
import { parameterCount, summaryLine, type VerdictKind } from './summary.ts';

export interface Overview {
  el: HTMLElement;
  /** Add the rows of these nodes (in graph order, after those already added). */
  append(layers: readonly OnnxLayerSummary[]): void;
  /** A node's check: its kind and the words for its cell. */
  setVerdict(index: number, kind: VerdictKind, text: string): void;
}

const shape = (s: readonly Dim[] | null) => (s ? capText(`[${s.slice(0, 6).map((d) => (d === null ? '?' : String(d))).join(', ')}${s.length > 6 ? ', …' : ''}]`, 60) : '?');

function cell(tag: 'td' | 'th', text: string, cls = ''): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  if (cls) c.className = cls;
  return c;
}

export function createOverview(all: readonly OnnxLayerSummary[], onOpen: (index: number) => void): Overview {
  const verdicts = new Map<number, VerdictKind>(all.map((l) => [l.index, 'pending']));
  const ops = all.map((l) => l.opType);
  const rows = new Map<number, HTMLTableRowElement>();
  const texts = new Map<number, string>();
  const line = document.createElement('p');
  line.className = 'mp-verdicts';
  line.dataset.testid = 'overview-summary';
  line.setAttribute('role', 'status');

  const filter = document.createElement('select');
  filter.dataset.testid = 'overview-filter';
  filter.id = 'mp-filter';
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  filter.append(new Option(`every op (${all.length.toLocaleString('en-US')})`, ''), ...[...counts].map(([op, n]) => new Option(`${op} (${n.toLocaleString('en-US')})`, op)));
  const label = document.createElement('label');
  label.htmlFor = 'mp-filter';
  label.textContent = 'Show ';
  const tools = document.createElement('div');
  tools.className = 'mp-overview-tools';
  const hint = document.createElement('span');
  hint.className = 'mp-muted';
  hint.textContent = 'In the table: ↑ ↓ move, Enter opens the node.';
  tools.append(label, filter, hint);

  const table = document.createElement('table');
  table.className = 'mp-table';
  table.dataset.testid = 'overview';
  const caption = document.createElement('caption');
  caption.className = 'sr-only';
  caption.textContent = 'Layer nodes in graph order';
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const t of ['#', 'op', 'name', 'input', 'output', 'parameters', 'check']) hr.append(cell('th', t));
  head.append(hr);
  const body = document.createElement('tbody');
  table.append(caption, head, body);
  const wrap = document.createElement('div');
  wrap.className = 'mp-table-wrap';
  wrap.append(table);

  const el = document.createElement('section');
  el.className = 'mp-overview';
  el.dataset.testid = 'overview-section';
  el.setAttribute('aria-label', 'Overview');
  el.append(line, tools, wrap);

  let summaryQueued = false;
  const refreshSummary = () => {
    if (summaryQueued) return;
    summaryQueued = true;
    // Verdicts stream in one by one: the line is rewritten at most once per frame.
    requestAnimationFrame(() => {
      summaryQueued = false;
      line.textContent = summaryLine(ops, all.map((l) => verdicts.get(l.index) ?? 'pending'));
    });
  };
  line.textContent = summaryLine(ops, ops.map(() => 'pending'));

  const visible = () => [...rows.values()].filter((r) => !r.hidden);
  /** One row takes Tab (roving tabindex): the focused one, or the first visible. */
  const rove = (to: HTMLTableRowElement | undefined) => {
    for (const r of rows.values()) if (r.tabIndex === 0 && r !== to) r.tabIndex = -1;
    if (to) to.tabIndex = 0;
  };
  const move = (from: HTMLTableRowElement, key: string) => {
    const v = visible();
    const i = v.indexOf(from);
    const to = key === 'ArrowDown' ? v[Math.min(v.length - 1, i + 1)] : key === 'ArrowUp' ? v[Math.max(0, i - 1)]
      : key === 'Home' ? v[0] : key === 'End' ? v[v.length - 1] : undefined;
    if (!to) return;
    rove(to);
    to.focus();
  };
  body.addEventListener('keydown', (ev) => {
    const row = (ev.target as HTMLElement).closest('tr');
    if (!row || !rows.has(Number(row.dataset.index))) return;
    if (ev.key === 'Enter') {
      ev.preventDefault();
      onOpen(Number(row.dataset.index));
    } else if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(ev.key)) {
      ev.preventDefault();
      move(row, ev.key);
    }
  });
  body.addEventListener('click', (ev) => {
    const row = (ev.target as HTMLElement).closest('tr');
    if (!row) return;
    rove(row);
    onOpen(Number(row.dataset.index));
  });
  filter.addEventListener('change', () => {
    for (const r of rows.values()) r.hidden = filter.value !== '' && r.dataset.op !== filter.value;
    rove(visible()[0]);
  });

  return {
    el,
    append(layers) {
      const frag = document.createDocumentFragment();
      for (const l of layers) {
        const tr = document.createElement('tr');
        tr.dataset.testid = `overview-row-${l.index}`;
        tr.dataset.index = String(l.index);
        tr.dataset.op = l.opType;
        tr.tabIndex = rows.size === 0 ? 0 : -1;
        const params = parameterCount(l);
        tr.append(cell('td', String(l.index)), cell('td', l.opType, 'mp-op'), cell('td', capText(l.label, 60), 'mp-name'),
          cell('td', shape(l.inputDims)), cell('td', shape(l.outputDims)), cell('td', params === null ? '?' : params.toLocaleString('en-US'), 'mp-num'),
          cell('td', texts.get(l.index) ?? (l.problem ? '– cannot be opened' : '… checking'), 'mp-check'));
        if (verdicts.get(l.index) !== 'pending') tr.dataset.verdict = verdicts.get(l.index);
        tr.hidden = filter.value !== '' && l.opType !== filter.value;
        rows.set(l.index, tr);
        frag.append(tr);
      }
      body.append(frag);
    },
    setVerdict(index, kind, text) {
      verdicts.set(index, kind);
      texts.set(index, text);
      const tr = rows.get(index);
      if (tr) {
        tr.dataset.verdict = kind;
        tr.lastElementChild!.textContent = text;
      }
      refreshSummary();
    },
  };
}
