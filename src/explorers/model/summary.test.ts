import { describe, expect, it } from 'vitest';
import { parameterCount, summaryLine, verdictCell } from './summary.ts';

describe('summaryLine', () => {
  it('"52 Conv, 52 BatchNormalization: 104/104 agree with ONNX Runtime" when every check agrees', () => {
    const ops = Array.from({ length: 104 }, (_, i) => (i % 2 ? 'BatchNormalization' : 'Conv'));
    expect(summaryLine(ops, ops.map(() => 'ok'))).toBe('52 Conv, 52 BatchNormalization: 104/104 agree with ONNX Runtime');
  });

  it('counts what differs, what was stopped, what was not compared, and what is still being checked', () => {
    expect(summaryLine(['Conv', 'Conv', 'ConvTranspose', 'Conv', 'Conv', 'Conv'], ['ok', 'mismatch', 'stopped', 'error', 'unavailable', 'pending']))
      .toBe('5 Conv, 1 ConvTranspose: 1/6 agree with ONNX Runtime, 1 differs, 1 check stopped (time budget), 2 not compared; 1 still being checked…');
  });

  it('large counts get thousands separators', () => {
    const ops = new Array<string>(2000).fill('Conv');
    expect(summaryLine(ops, ops.map(() => 'ok'))).toBe('2,000 Conv: 2,000/2,000 agree with ONNX Runtime');
  });
});

describe('parameterCount', () => {
  it('adds every parameter input after the data input; unknown shapes make it unknown', () => {
    const p = (shape: (number | string | null)[] | null) => ({ name: 'p', shape, constant: true, graphInput: false });
    expect(parameterCount({ inputs: [p([1, 3, 8, 8]), p([4, 3, 3, 3]), p([4])] })).toBe(112);
    expect(parameterCount({ inputs: [p([1, 3, 8, 8])] })).toBe(0);
    expect(parameterCount({ inputs: [p(null), p([4, 'c', 3, 3])] })).toBeNull();
  });
});

describe('verdictCell', () => {
  const base = { index: 0, input: 'real' as const, inputShape: [1, 1, 2, 2], problem: null, maps: null };
  it('says whether the node agrees, and on which input', () => {
    expect(verdictCell({ ...base, result: { kind: 'compared', ok: true, maxAbsDiff: 0, oursMs: 0, ortMs: 0, outputs: [] } })).toEqual({ kind: 'ok', text: '✓ agrees · real input' });
    expect(verdictCell({ ...base, input: 'seeded', result: { kind: 'compared', ok: false, maxAbsDiff: 0.0123456, oursMs: 0, ortMs: 0, outputs: [] } }))
      .toEqual({ kind: 'mismatch', text: '✗ differs by 0.0123 · seeded input' });
  });
  it('a stopped check counts as stopped, whatever its result says', () => {
    expect(verdictCell({ ...base, input: null, stopped: 8000, result: { kind: 'unavailable', reason: 'check stopped after 8 s' } }))
      .toEqual({ kind: 'stopped', text: '⏱ check stopped after 8 s' });
  });
});
