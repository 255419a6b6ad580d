/** Where ONNX meets the view: a cross-check's result as the state the parity badge draws (views take plain data). */
import type { CrossCheckResult } from '../onnx/cross-check.ts';
import type { ParityBadgeState } from '../views/parity-badge.ts';

/** Badge state for a crossCheck() result. */
export function badgeStateFromResult(result: CrossCheckResult): ParityBadgeState {
  switch (result.kind) {
    case 'compared':
      return {
        status: result.ok ? 'ok' : 'mismatch', maxAbsDiff: result.maxAbsDiff, oursMs: result.oursMs, ortMs: result.ortMs,
        ...(result.note ? { note: result.note } : {}),
      };
    case 'unavailable':
      return { status: 'unavailable', reason: result.reason };
    case 'error':
      return { status: 'error', message: result.message };
  }
}
