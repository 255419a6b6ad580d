/**
 * The transposed-convolution schema's cross-field check: a link whose fields pass one by one but whose layer the
 * kernel library refuses is reported as it is read (the kernel's message, naming the parameter) and the fields
 * at fault fall back to their defaults, as out-of-range values do.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32, randomQuery } from '../../state/random-query.ts';
import { defaults, parseParams } from '../../state/schema.ts';
import { convTransposeSchema, layerProblem } from './schema.ts';

const parse = (q: string) => parseParams(convTransposeSchema, new URLSearchParams(q));

describe('convTransposeSchema decodes links through convTranspose2dInfo', () => {
  it('the defaults and a grouped, dilated, asymmetric layer pass without a notice', () => {
    expect(layerProblem(defaults(convTransposeSchema))).toBeNull();
    expect(parse('cin=2&cout=4&groups=2&kH=4&kW=3&sH=3&sW=2&padSym=0&pT=2&pL=0&pB=1&pR=3&opH=0&opW=1&dH=2&bias=1').notices).toEqual([]);
  });

  it('opH=2&opW=2 at stride 2: the outputPadding message, and output padding back to its default', () => {
    const { value, notices } = parse('opH=2&opW=2&kH=4');
    expect(notices).toEqual(['outputPadding (2) must be smaller than stride (2) or dilation (1); using the default opH=1, opW=1']);
    expect(value).toMatchObject({ opH: 1, opW: 1, kH: 4, sH: 2 });
  });

  it('sH=1 alone makes the default output padding invalid: the stride the link set is reverted', () => {
    const { value, notices } = parse('sH=1');
    expect(notices).toEqual(['outputPadding (1) must be smaller than stride (1) or dilation (1); using the default sH=2']);
    expect(value).toMatchObject({ sH: 2, opH: 1 });
  });

  it('padding that crops a 2-row input to nothing names the padding; groups that do not divide cout name groups', () => {
    const crop = parse('inH=2&pT=8');
    expect(crop.notices).toHaveLength(1);
    expect(crop.notices[0]).toMatch(/^output size -10×16 is not positive: .*; using the default pT=1$/);
    expect(crop.value).toMatchObject({ inH: 2, pT: 1 });
    const groups = parse('cout=3&groups=2&cin=2');
    expect(groups.notices).toEqual(['out channels (3) must be divisible by groups (2); using the default groups=1']);
    expect(groups.value).toMatchObject({ cout: 3, groups: 1, cin: 2 });
  });

  it('layerProblem names the kernel parameter and the fields that set it', () => {
    expect(layerProblem({ ...defaults(convTransposeSchema), opW: 3 })).toEqual({
      param: 'outputPadding', message: 'outputPadding (3) must be smaller than stride (2) or dilation (1)', fields: ['opH', 'opW'],
    });
  });

  it('every decoded link is a layer the kernels accept: 2,000 random links, and random in-range layer fields', () => {
    const rand = mulberry32(2024);
    const keys = Object.keys(convTransposeSchema);
    for (let i = 0; i < 2000; i++) {
      const q = randomQuery(rand, keys);
      const { value } = parse(q);
      expect(layerProblem(value), q).toBeNull();
    }
    // Malformed values mostly fall back one by one; in-range combinations exercise the check itself.
    let corrected = 0;
    for (let i = 0; i < 2000; i++) {
      const pick = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
      const q = `cin=${pick(1, 4)}&cout=${pick(1, 4)}&groups=${pick(1, 4)}&inH=${pick(1, 3)}&sH=${pick(1, 4)}&sW=${pick(1, 4)}` +
        `&pT=${pick(0, 8)}&pL=${pick(0, 8)}&opH=${pick(0, 3)}&opW=${pick(0, 3)}&dH=${pick(1, 3)}&dW=${pick(1, 3)}&kH=${pick(1, 7)}`;
      const { value, notices } = parse(q);
      expect(layerProblem(value), q).toBeNull();
      if (notices.length > 0) corrected++;
    }
    expect(corrected).toBeGreaterThan(500);
  });
});
