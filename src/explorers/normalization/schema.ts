import type { Schema, ValueOf } from '../../state/schema.ts';
import { FEATURE_CHANNELS } from '../batch-norm/feature-conv.ts';

/**
 * The normalization page's state, one row per control (URL keys are the field names). The batch is drawn from
 * (seed, swap): sample 0 always from the same stream, the other N − 1 from batch `swap` of another, so "swap the
 * rest of the batch" is one integer in the link and every number it moves is reproducible.
 */
export const NORMS = ['bn', 'ln', 'in', 'gn', 'rms'] as const;
export type NormId = (typeof NORMS)[number];
export const NORM_NAMES: Record<NormId, string> = {
  bn: 'BatchNorm', ln: 'LayerNorm', in: 'InstanceNorm', gn: 'GroupNorm', rms: 'RMSNorm',
};

export const normSchema = {
  source: { kind: 'enum', default: 'photos', values: ['photos', 'synthetic', 'own'], label: 'data' },
  n: { kind: 'int', default: 4, min: 1, max: 16, label: 'batch size N' },
  // The fixed conv gives four channels (and the synthetic maps copy its shape): C takes the first C of them.
  c: { kind: 'int', default: FEATURE_CHANNELS, min: 1, max: FEATURE_CHANNELS, label: 'channels C' },
  g: { kind: 'int', default: 2, min: 1, max: FEATURE_CHANNELS, label: 'groups G' },
  // 12: a 16 × 4 × 144 tensor is 9216 cells in the flat grid, still a pointer's width per cell.
  size: { kind: 'int', default: 6, min: 2, max: 12, label: 'feature-map size H = W' },
  norm: { kind: 'enum', default: 'gn', values: NORMS, label: 'normalization' },
  eps: { kind: 'number', default: 1e-5, min: 1e-8, max: 1, label: 'eps' },
  affine: { kind: 'bool', default: false, label: 'affine (γ, β)' },
  seed: { kind: 'int', default: 1, min: 0, max: 999_999, label: 'seed' },
  swap: { kind: 'int', default: 0, min: 0, max: 999_999, label: 'rest of the batch' },
  sample: { kind: 'int', default: 0, min: 0, max: 15, label: 'sample shown' },
} as const satisfies Schema;

export type NormSchema = typeof normSchema;
export type NormState = ValueOf<NormSchema>;

/** The divisors of C: the group counts GroupNorm accepts (groupNorm2dInfo refuses the rest). */
export const groupChoices = (c: number): number[] => Array.from({ length: c }, (_, i) => i + 1).filter((g) => c % g === 0);

/**
 * The combinations a link can get wrong although every field is in range: G must divide C. Returns the notice
 * (naming the parameter and what is allowed) and the state with G replaced by the largest divisor of C not above it.
 */
export function checkCombination(s: NormState): { state: NormState; notice: string | null } {
  if (s.c % s.g === 0 && s.sample < s.n) return { state: s, notice: null };
  const notices: string[] = [];
  let state = s;
  if (s.c % s.g !== 0) {
    const allowed = groupChoices(s.c);
    const g = Math.max(...allowed.filter((d) => d <= s.g));
    notices.push(`g=${s.g} does not divide the ${s.c} channels (allowed: ${allowed.join(', ')}); using ${g}`);
    state = { ...state, g };
  }
  if (s.sample >= s.n) {
    notices.push(`sample=${s.sample} is not in a batch of ${s.n} (allowed: 0…${s.n - 1}); using ${s.n - 1}`);
    state = { ...state, sample: s.n - 1 };
  }
  return { state, notice: notices.join('; ') };
}
