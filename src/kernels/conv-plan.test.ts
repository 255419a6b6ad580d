/**
 * conv-plan.ts decides between the fast paths' padded layout and the direct loops. Ordinary layers (every
 * benchmark case, and a grid of the strides, dilations and paddings networks use) must keep the fast layout;
 * geometry far larger than the image must not build one (its tables would be stride-sized).
 */
import { describe, expect, it } from 'vitest';
import { conv2dPlan, convTransposePlan, scratchBudget } from './conv-plan.ts';
import { conv2dInfo, convTranspose2dInfo, type ConvOptions, type ConvTransposeOptions } from './params.ts';
import { tensor } from './tensor.ts';

const ct = (x: number[], w: number[], o: ConvTransposeOptions) => convTranspose2dInfo(tensor(x), tensor(w), null, o);
const cv = (x: number[], w: number[], o: ConvOptions) => conv2dInfo(tensor(x), tensor(w), null, o);

describe('ordinary layers keep the fast layout', () => {
  it('the benchmark layers (npm run bench, cases A–G)', () => {
    expect(convTransposePlan(ct([1, 16, 64, 64], [16, 16, 4, 4], { stride: 2, padding: 1 }))).not.toBeNull();
    expect(convTransposePlan(ct([1, 64, 32, 32], [64, 32, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }))).not.toBeNull();
    expect(convTransposePlan(ct([1, 1, 256, 256], [1, 1, 3, 3], { stride: 2 }))).not.toBeNull();
    expect(convTransposePlan(ct([1, 32, 32, 32], [32, 16, 5, 5], { stride: 3, padding: 2 }))).not.toBeNull();
    expect(conv2dPlan(cv([1, 32, 64, 64], [32, 32, 3, 3], { padding: 1 }))).not.toBeNull();
    expect(conv2dPlan(cv([1, 32, 64, 64], [64, 32, 3, 3], { stride: 2, padding: 1 }))).not.toBeNull();
  });

  it('every stride 1–8, dilation 1–4 and padding 0–3 on 1×1 to 32×32 images with kernels 1–7', () => {
    let checked = 0;
    for (const size of [1, 5, 32]) {
      for (const k of [1, 3, 7]) {
        for (let s = 1; s <= 8; s++) {
          for (let d = 1; d <= 4; d++) {
            for (const p of [0, 1, 3]) {
              const t = convTranspose2dInfo(tensor([1, 2, size, size]), tensor([2, 2, k, k]), null, { stride: s, dilation: d, padding: Math.min(p, Math.floor((d * (k - 1)) / 2)) });
              expect(convTransposePlan(t), `convT s${s} d${d} k${k} on ${size}`).not.toBeNull();
              if (size + 2 * p >= d * (k - 1) + 1) {
                expect(conv2dPlan(cv([1, 2, size, size], [2, 2, k, k], { stride: s, dilation: d, padding: p })), `conv s${s} d${d} k${k} on ${size}`).not.toBeNull();
              }
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(3 * 3 * 8 * 4 * 3);
  });
});

describe('sparse geometry does not build a padded layout', () => {
  it('conv2d stride 7e7 and padding 1e8 with dilation 5e7; convTranspose2d stride [2, 8e6]', () => {
    expect(conv2dPlan(cv([1, 1, 1, 1], [1, 1, 1, 1], { stride: 7e7 }))).toBeNull();
    expect(conv2dPlan(cv([1, 1, 1, 1], [1, 1, 1, 3], { padding: [0, 1e8], dilation: [1, 5e7], stride: [1, 1e8] }))).toBeNull();
    expect(convTransposePlan(ct([1, 1, 1, 2], [1, 1, 1, 2], { stride: [2, 8e6] }))).toBeNull();
  });

  it('a transposed convolution with stride 1e9 on one pixel plans one phase with one tap', () => {
    const plan = convTransposePlan(ct([1, 1, 1, 1], [1, 1, 1, 1], { stride: 1e9 }));
    expect(plan?.nSeg).toBe(1);
    expect(plan?.segs[1]).toBe(1);
  });

  it('dilation 2.8e5 with padding 279990: only the one tap whose columns meet the image is listed', () => {
    const info = ct([1, 1, 1000, 1], [1, 1, 1, 3], { dilation: [1, 280000], padding: [0, 279990] });
    const plan = convTransposePlan(info);
    expect(plan).not.toBeNull();
    expect(plan!.segs[1]).toBe(1); // one tap (of 3)
    expect(plan!.segs[4]).toBe(1); // … the middle one
    expect(plan!.rowLen * info.inH).toBeLessThan(scratchBudget(info));
  });
});

describe('plans are reused by geometry', () => {
  it('the same layer on another batch gives the same plan; a layer that differs in one pad, stride or output padding does not', () => {
    const base = cv([1, 8, 20, 20], [8, 8, 3, 3], { stride: 2, padding: [1, 1, 1, 1] });
    const plan = conv2dPlan(base);
    expect(conv2dPlan(cv([4, 8, 20, 20], [8, 8, 3, 3], { stride: 2, padding: [1, 1, 1, 1] }))).toBe(plan);
    expect(conv2dPlan(cv([1, 8, 20, 20], [8, 8, 3, 3], { stride: 2, padding: [1, 1, 2, 1] }))).not.toBe(plan);
    expect(conv2dPlan(cv([1, 8, 20, 20], [8, 8, 3, 3], { stride: [2, 1], padding: [1, 1, 1, 1] }))).not.toBe(plan);
    const t = convTransposePlan(ct([1, 8, 10, 10], [8, 8, 3, 3], { stride: 2, padding: 1 }));
    expect(convTransposePlan(ct([1, 8, 10, 10], [8, 8, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }))).not.toBe(t);
    expect(convTransposePlan(ct([2, 8, 10, 10], [8, 8, 3, 3], { stride: 2, padding: 1 }))).toBe(t);
  });

  it('a plan with large tables is made afresh each time (the cache holds only small ones)', () => {
    const wide = cv([1, 1, 1, 70000], [1, 1, 1, 3], { padding: [0, 1] });
    const plan = conv2dPlan(wide);
    expect(plan).not.toBeNull();
    expect(conv2dPlan(wide)).not.toBe(plan);
  });
});
