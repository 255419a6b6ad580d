import { describe, expect, it } from 'vitest';
import { formatDiff, formatMs, parityBadgeContent } from '../views/parity-badge.ts';
import { badgeStateFromResult } from './parity-badge-state.ts';

describe('parity badge content', () => {
  it('green: "ONNX Runtime: max |diff| 2.4e-7 ✓ · ours 0.8 ms · ORT 1.1 ms"', () => {
    const c = parityBadgeContent(badgeStateFromResult({ kind: 'compared', ok: true, maxAbsDiff: 2.384e-7, oursMs: 0.81, ortMs: 1.07, outputs: ['Y'] }));
    expect(c).toEqual({ status: 'ok', icon: '', text: 'ONNX Runtime: max |diff| 2.4e-7 ✓ · ours 0.8 ms · ORT 1.1 ms', detail: null, maxAbsDiff: '2.4e-7' });
    // An output computed inside a larger pass has no time of its own: no "ours" part, not a dash.
    const untimed = parityBadgeContent(badgeStateFromResult({ kind: 'compared', ok: true, maxAbsDiff: 0, oursMs: NaN, ortMs: 1.07, outputs: ['Y'] }));
    expect(untimed.text).toBe('ONNX Runtime: max |diff| 0 ✓ · ORT 1.1 ms');
  });

  it('red: shows the difference, the tolerance and what differed', () => {
    const c = parityBadgeContent(badgeStateFromResult({
      kind: 'compared', ok: false, maxAbsDiff: 0.0312, oursMs: 12.3, ortMs: 150.2, outputs: ['Y'], note: 'Y: element 3: 1 vs expected 1.03',
    }));
    expect(c.status).toBe('mismatch');
    expect(c.text).toBe('ONNX Runtime: max |diff| 3.1e-2 ✗ over 1e-4 · ours 12.3 ms · ORT 150 ms');
    expect(c.detail).toBe('Y: element 3: 1 vs expected 1.03');
  });

  it('a shape mismatch (NaN difference) is red, not green', () => {
    const c = parityBadgeContent(badgeStateFromResult({ kind: 'compared', ok: false, maxAbsDiff: NaN, oursMs: 1, ortMs: 1, outputs: ['Y'], note: 'Y has shape [1] here but [2] in ONNX Runtime' }));
    expect(c).toMatchObject({ status: 'mismatch', maxAbsDiff: 'NaN', detail: 'Y has shape [1] here but [2] in ONNX Runtime' });
  });

  it('unavailable and error carry the plain explanation', () => {
    expect(parityBadgeContent(badgeStateFromResult({ kind: 'unavailable', reason: 'ONNX Runtime rejects output_padding (1) ≥ stride (1)' })))
      .toMatchObject({ status: 'unavailable', text: 'ONNX Runtime: no comparison', detail: 'ONNX Runtime rejects output_padding (1) ≥ stride (1)' });
    expect(parityBadgeContent(badgeStateFromResult({ kind: 'error', message: 'ONNX Runtime could not be loaded: 404' })))
      .toMatchObject({ status: 'error', text: 'ONNX Runtime: check failed', detail: 'ONNX Runtime could not be loaded: 404' });
  });

  it('loading says whether ORT itself is still loading', () => {
    expect(parityBadgeContent({ status: 'loading', ortLoaded: false }).text).toBe('ONNX Runtime: loading…');
    expect(parityBadgeContent({ status: 'loading', ortLoaded: true }).text).toBe('ONNX Runtime: checking…');
  });

  it('waiting: newer numbers than the last check, checked once the panel is on screen', () => {
    expect(parityBadgeContent({ status: 'waiting' })).toEqual({
      status: 'waiting', icon: '…', text: 'ONNX Runtime: checked once this panel is on screen', detail: null, maxAbsDiff: null,
    });
  });

  it('formats numbers compactly', () => {
    expect([formatDiff(0), formatDiff(1.5e-5), formatDiff(2)]).toEqual(['0', '1.5e-5', '2.0e0']);
    expect([formatMs(0), formatMs(0.042), formatMs(0.1), formatMs(0.8), formatMs(99.94), formatMs(1234.5)]).toEqual(['< 0.1 ms', '< 0.1 ms', '0.1 ms', '0.8 ms', '99.9 ms', '1235 ms']);
  });
});
