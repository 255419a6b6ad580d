import { describe, expect, it, vi } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { ParamError } from '../../kernels/index.ts';
import { adoptPending, compute, controlFor, partialOutput, type LayerResults } from './compute.ts';
import type { Picture } from './presets.ts';
import { convTransposeSchema, type ConvTransposeState } from './schema.ts';

/** A smooth synthetic "photo" so the tests need no image decoding. */
function picture(n = 96): Picture {
  const plane = Float32Array.from({ length: n * n }, (_, i) => 0.5 + 0.4 * Math.sin(Math.floor(i / n) / 11) * Math.cos((i % n) / 8));
  return { width: n, height: n, r: plane, g: plane, b: plane };
}

const base: ConvTransposeState = defaults(convTransposeSchema);
const run = (patch: Partial<ConvTransposeState>) => compute({ ...base, ...patch }, { photo: picture() });

describe('compute', () => {
  it('default layer: 8×8 → 16×16, and the three ways agree to < 1e-5', () => {
    const r = run({}) as LayerResults;
    expect(r.ok).toBe(true);
    expect(r.output.shape).toEqual([1, 1, 16, 16]);
    expect(r.agreement.max).toBeLessThan(1e-5);
  });

  it('multi-channel, grouped, dilated, asymmetric layer with bias still agrees three ways', () => {
    const r = run({ cin: 4, cout: 2, groups: 2, kH: 4, kW: 3, sH: 3, sW: 2, padSym: false, pT: 2, pL: 0, pB: 1, pR: 3, opH: 0, opW: 1, dH: 2, bias: true, kernel: 'gaussian' }) as LayerResults;
    expect(r.ok).toBe(true);
    expect(r.agreement.max).toBeLessThan(1e-5);
  });

  it('refuses output_padding ≥ stride and dilation with params.ts’s message, routed to its control', () => {
    const r = run({ opH: 2, opW: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('outputPadding (2) must be smaller than stride (2) or dilation (1)');
    expect(r.control).toBe('output-padding');
  });

  it('refuses groups that do not divide the channels', () => {
    const a = run({ cin: 3, groups: 2, cout: 2 });
    expect(a.ok ? '' : a.control).toBe('groups');
    const b = run({ cin: 2, groups: 2, cout: 3 });
    expect(b.ok ? '' : b.message).toBe('out channels (3) must be divisible by groups (2)');
  });

  it('routes messages to controls', () => {
    expect(controlFor(new ParamError('stride', 'invalid stride: 0 (must be a positive integer)'))).toBe('stride');
    expect(controlFor(new Error('stride mentioned, but not a ParamError'))).toBe('kernel');
    const tooMuchPadding = run({ inH: 2, pT: 8 });
    expect(tooMuchPadding.ok ? '' : tooMuchPadding.control).toBe('padding');
    expect(tooMuchPadding.ok ? '' : tooMuchPadding.message).toMatch(/^output size -10×/);
  });

  it('shoot-out on the default image, box k = 3, s = 2: the transposed conv scores above both resize-convs', () => {
    const r = run({}) as LayerResults;
    if ('error' in r.shootout) throw new Error(r.shootout.error);
    const score = Object.fromEntries(r.shootout.entries.map((e) => [e.id, e.score]));
    expect(score.transposed).toBeGreaterThan(10 * score.nearest);
    expect(score.transposed).toBeGreaterThan(10 * score.bilinear);
    expect(r.shootout.rows).toBe(128);
  });

  it('partialOutput paints one square per step and ends at the full output', () => {
    const r = run({ input: 'constant' }) as LayerResults;
    const one = partialOutput(r, 1);
    expect(one.data.filter((v) => v !== 0).length).toBe(4); // the (0, 0) stamp, cropped by padding 1 to 2×2
    const all = partialOutput(r, 64);
    expect(Array.from(all.data)).toEqual(Array.from(r.output.data));
  });

  it('transpose is not inverse: CᵀC·u is far from u; the least-squares inverse is consistent with y', () => {
    const r = run({ inH: 4, inW: 4 }) as LayerResults;
    expect(r.notInverse.backError).toBeGreaterThan(0.2);
    expect(r.notInverse.scaledBackError).toBeGreaterThan(0.05);
    const lsq = r.notInverse.lsq;
    if ('skipped' in lsq) throw new Error(lsq.skipped);
    expect(lsq.residual).toBeLessThan(1e-5);
  });
});

describe("a 'first' pass (repaint now, the two analyses later)", () => {
  it('keeps the previous shoot-out and not-inverse analysis when they changed, marked pending; everything else is the new layer; full fills them in', () => {
    const photo = picture();
    const a = compute({ ...base, sH: 2, sW: 2 }, { photo }, 'full') as LayerResults;
    const moved = { ...base, sH: 3, sW: 3 };
    const first = compute(moved, { photo }, 'first') as LayerResults;
    expect(first.pending).toEqual(['shootout', 'notInverse']);
    expect(first.shootout).toBe(a.shootout);
    expect(first.notInverse).toBe(a.notInverse);
    const full = compute(moved, { photo }, 'full') as LayerResults;
    expect(full.pending).toEqual([]);
    expect(full.shootout).not.toEqual(a.shootout);
    expect(full.notInverse.y.shape).toEqual(a.notInverse.y.shape);
    expect(full.notInverse.u.shape).not.toEqual(a.notInverse.u.shape); // stride 3: a larger output grid
    const { shootout: _s1, notInverse: _n1, pending: _p1, ...restFirst } = first;
    const { shootout: _s2, notInverse: _n2, pending: _p2, ...restFull } = full;
    expect(restFirst).toStrictEqual(restFull);
  });

  it('in a page that computed no analyses yet, hands back the ones on screen (placeholders), pending, instead of computing them', async () => {
    vi.resetModules(); // a fresh module: nothing cached, as in the page
    const fresh = await import('./compute.ts');
    const photo = picture();
    const onScreen = compute({ ...base, sH: 2, sW: 2 }, { photo }, 'full') as LayerResults;
    const first = fresh.compute({ ...base, sH: 3, sW: 3 }, { photo }, 'first', onScreen) as LayerResults;
    expect(first.pending).toEqual(['shootout', 'notInverse']);
    expect(first.shootout).toBe(onScreen.shootout);
    expect(first.notInverse).toBe(onScreen.notInverse);
    const { shootout: _s1, notInverse: _n1, pending: _p1, ...restFirst } = first;
    const { shootout: _s2, notInverse: _n2, pending: _p2, ...restFull } = fresh.compute({ ...base, sH: 3, sW: 3 }, { photo }, 'full') as LayerResults;
    expect(restFirst).toStrictEqual(restFull);
    // Without placeholders a 'first' pass in a fresh module computes them (nothing to show instead).
    vi.resetModules();
    const fresh2 = await import('./compute.ts');
    expect((fresh2.compute({ ...base, sH: 3, sW: 3 }, { photo }, 'first') as LayerResults).pending).toEqual([]);
  });

  it('leaves pending only what changed: the input size keeps the shoot-out; the animation speed keeps both', () => {
    const photo = picture();
    compute({ ...base, inH: 8 }, { photo }, 'full');
    expect((compute({ ...base, inH: 9 }, { photo }, 'first') as LayerResults).pending).toEqual(['notInverse']);
    compute({ ...base, inH: 9 }, { photo }, 'full');
    expect((compute({ ...base, inH: 9, speed: 8 }, { photo }, 'first') as LayerResults).pending).toEqual([]);
  });
});

describe('adoptPending', () => {
  it('fills each pending part from a full pass computed for the same key, and from no other', () => {
    const photo = picture();
    compute({ ...base, sH: 2, sW: 2 }, { photo }, 'full');
    const full = compute({ ...base, sH: 3, sW: 3 }, { photo }, 'full') as LayerResults; // the analyses worker
    compute({ ...base, sH: 2, sW: 2 }, { photo }, 'full'); // the repaint worker's caches are at stride 2 again
    const first = compute({ ...base, sH: 3, sW: 3, inH: 9 }, { photo }, 'first') as LayerResults; // same shoot-out, other input
    expect(first.pending).toEqual(['shootout', 'notInverse']);
    const filled = adoptPending(first, full);
    expect(filled.pending).toEqual(['notInverse']); // the input differs: the not-inverse analysis does too
    expect(filled.shootout).toBe(full.shootout);
    expect(filled.notInverse).toBe(first.notInverse);
    const again = compute({ ...base, sH: 3, sW: 3, speed: 8 }, { photo }, 'first') as LayerResults;
    expect(again.pending).toEqual(['shootout', 'notInverse']);
    const both = adoptPending(again, full);
    expect(both.pending).toEqual([]);
    expect(both.notInverse).toBe(full.notInverse);
    const otherKernel = compute({ ...base, sH: 3, sW: 3, kernel: 'bilinear' }, { photo }, 'first') as LayerResults;
    expect(adoptPending(otherKernel, full)).toBe(otherKernel);
  });
});
