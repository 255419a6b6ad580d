import { describe, expect, it } from 'vitest';
import { tickLabels } from './chart-axes.ts';

describe('tickLabels(values)', () => {
  it('writes steps as plain numbers, not 1e+2', () => {
    expect(tickLabels([0, 100, 200, 300, 400])).toEqual(['0', '100', '200', '300', '400']);
  });
  it('gives a narrow log axis distinct labels (it once read 1e-1 five times)', () => {
    expect(tickLabels([0.1, 0.12, 0.14, 0.16])).toEqual(['0.1', '0.12', '0.14', '0.16']);
    expect(tickLabels([0.0912, 0.0917])).toEqual(['0.0912', '0.0917']);
    // Exact, not merely distinct: 16 and 32 once read "20" and "30".
    expect(tickLabels([2, 4, 8, 16, 32])).toEqual(['2', '4', '8', '16', '32']);
  });
  it('writes powers of ten plainly, and the extremes with an exponent', () => {
    expect(tickLabels([1e-4, 1e-3, 0.01, 0.1, 1, 10])).toEqual(['0.0001', '0.001', '0.01', '0.1', '1', '10']);
    expect(tickLabels([1e-5, 2e6])).toEqual(['1e-5', '2e6']);
  });
  it('keeps negative and fractional ticks short', () => {
    expect(tickLabels([-1, -0.5, 0, 0.5, 1])).toEqual(['-1', '-0.5', '0', '0.5', '1']);
    expect(tickLabels([0.2, 0.4, 0.6000000000000001])).toEqual(['0.2', '0.4', '0.6']);
  });
});
