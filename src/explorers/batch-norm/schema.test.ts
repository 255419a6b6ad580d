/** The batch-norm schema's cross-field check (state/schema.ts withCheck) through batchNorm2dInfo. */
import { describe, expect, it } from 'vitest';
import { defaults, parseParams } from '../../state/schema.ts';
import { bnSchema, layerProblem } from './schema.ts';

describe('bnSchema decodes links through batchNorm2dInfo', () => {
  it('the defaults and the largest batch pass', () => {
    expect(layerProblem(defaults(bnSchema))).toBeNull();
    expect(parseParams(bnSchema, new URLSearchParams('n=32&size=48&eps=1e-8&momentum=1')).notices).toEqual([]);
  });
  it('a batch of one value per channel is kept: the page shows training\'s refusal next to eval on purpose', () => {
    const { value, notices } = parseParams(bnSchema, new URLSearchParams('n=1&size=1'));
    expect(notices).toEqual([]);
    expect(value).toMatchObject({ n: 1, size: 1 });
  });
  it('names the kernel parameter and the fields that set it', () => {
    expect(layerProblem({ ...defaults(bnSchema), eps: -1 })).toEqual({
      param: 'eps', message: 'invalid eps: -1 (must be a finite number ≥ 0)', fields: ['eps'],
    });
  });
});
