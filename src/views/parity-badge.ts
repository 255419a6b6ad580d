/**
 * The parity badge under a layer output: how our kernel compares with ONNX Runtime Web on the same input.
 *   ok          "ONNX Runtime: max |diff| 2.4e-7 ✓ · ours 0.8 ms · ORT 1.1 ms"   (green)
 *   mismatch    "ONNX Runtime: max |diff| 3.1e-2 ✗ over 1e-4 · ours … · ORT …"   (red, with what differed)
 *   unavailable "ONNX Runtime: no comparison" + the plain reason ONNX cannot express this configuration
 *   error       "ONNX Runtime: check failed" + the message
 *   loading     "ONNX Runtime: loading…" (first use) / "checking…"
 * `renderParityBadge(el, state)` is pure and idempotent; `parityBadgeContent(state)` is the same as data, for tests.
 */
import { select } from 'd3';
import { setText, writeAttrs } from '../util/dom.ts';
import './parity-badge.css';

export type ParityBadgeState =
  | { status: 'loading'; ortLoaded: boolean }
  /** Newer numbers than the last check, not checked yet: the explorer checks a panel once it is on screen. */
  | { status: 'waiting' }
  | { status: 'ok' | 'mismatch'; maxAbsDiff: number; oursMs: number; ortMs: number; note?: string }
  | { status: 'unavailable'; reason: string }
  | { status: 'error'; message: string };

export interface ParityBadgeContent {
  status: ParityBadgeState['status'];
  icon: string;
  text: string;
  detail: string | null;
  /** Machine-readable for e2e tests: the max |diff| as a string, or null. */
  maxAbsDiff: string | null;
}

/** The tolerance the badge shows (crossCheck decides with the same 1e-4 absolute + 1e-4 relative). */
const TOLERANCE_LABEL = '1e-4';

export function formatDiff(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === 0) return '0';
  return d.toExponential(1).replace('e+', 'e');
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  // Without cross-origin isolation the browser's clock moves in 0.1 ms steps: below that, "0.00 ms" would be a guess.
  if (ms < 0.1) return '< 0.1 ms';
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

export function parityBadgeContent(state: ParityBadgeState): ParityBadgeContent {
  switch (state.status) {
    case 'loading':
      return { status: 'loading', icon: '…', text: `ONNX Runtime: ${state.ortLoaded ? 'checking' : 'loading'}…`, detail: null, maxAbsDiff: null };
    case 'waiting':
      return { status: 'waiting', icon: '…', text: 'ONNX Runtime: checked once this panel is on screen', detail: null, maxAbsDiff: null };
    case 'ok':
    case 'mismatch': {
      const diff = formatDiff(state.maxAbsDiff);
      const verdict = state.status === 'ok' ? '✓' : `✗ over ${TOLERANCE_LABEL}`;
      return {
        status: state.status, icon: '', // the ✓ / ✗ is part of the sentence
        // Outputs computed inside a larger pass (the folded conv, the zero-insertion view …) have no time of their
        // own: the badge leaves "ours" out rather than show a dash.
        text: `ONNX Runtime: max |diff| ${diff} ${verdict}${Number.isFinite(state.oursMs) ? ` · ours ${formatMs(state.oursMs)}` : ''} · ORT ${formatMs(state.ortMs)}`,
        detail: state.note ?? null, maxAbsDiff: diff,
      };
    }
    case 'unavailable':
      return { status: 'unavailable', icon: '–', text: 'ONNX Runtime: no comparison', detail: state.reason, maxAbsDiff: null };
    case 'error':
      return { status: 'error', icon: '!', text: 'ONNX Runtime: check failed', detail: state.message, maxAbsDiff: null };
  }
}

/** Render (or update) the badge inside `el`. */
export function renderParityBadge(el: HTMLElement, state: ParityBadgeState): void {
  const c = parityBadgeContent(state);
  const badge = select(el).selectAll<HTMLDivElement, null>('div.parity-badge').data([null])
    .join((enter) => {
      const div = enter.append('div').attr('class', 'parity-badge').attr('data-testid', 'parity-badge')
        .attr('role', 'status').attr('aria-live', 'polite');
      div.append('span').attr('class', 'pb-icon').attr('aria-hidden', 'true');
      div.append('span').attr('class', 'pb-text');
      div.append('span').attr('class', 'pb-detail');
      return div;
    })
    // Redrawn with every result: only what changed is written (util/dom.ts).
    .call(writeAttrs, {
      'data-status': c.status,
      'data-max-abs-diff': c.maxAbsDiff ?? null,
      'aria-busy': c.status === 'loading' ? 'true' : null,
      // An off-screen panel's badge going to 'waiting' is not news worth announcing.
      'aria-live': c.status === 'waiting' ? 'off' : 'polite',
      title: c.detail ?? null,
    });
  badge.select<HTMLSpanElement>('.pb-icon').each(function () { setText(this, c.icon); }).call(writeAttrs, { hidden: c.icon ? null : '' });
  badge.select<HTMLSpanElement>('.pb-text').each(function () { setText(this, c.text); });
  badge.select<HTMLSpanElement>('.pb-detail').each(function () { setText(this, c.detail ?? ''); }).call(writeAttrs, { hidden: c.detail ? null : '' });
}
