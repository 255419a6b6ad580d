/**
 * Pure transformations for the batch-size panel: the chart series and the caption, computed from the runs on
 * screen (tested in batch-size-view.test.ts). The caption states what this run shows, whichever way it went.
 */
import { BATCH_SIZES, NORMS, normSummary, type BatchSizePoint, type NormKind, type NormSummary } from '../../training/batch-size.ts';
import type { Point } from '../../views/line-chart.ts';

export const NORM_NAMES: Record<NormKind, string> = { bn: 'BN', gn: 'GN', ln: 'LN', none: 'no norm' };

/** Accuracy as the caption writes it: a percentage with one decimal. */
export const pct = (a: number): string => (Number.isFinite(a) ? (100 * a).toFixed(1) : 'NaN');
/** A difference of accuracies, in percentage points with one decimal. */
export const points = (d: number): string => (Number.isFinite(d) ? (100 * d).toFixed(1) : 'NaN');

/** One line per normalization: [batch, accuracy (0–1) or loss] by batch; diverged runs are left out (and listed). */
export function batchSizeSeries(all: readonly BatchSizePoint[], norm: NormKind, metric: 'accuracy' | 'loss'): Point[] {
  return all.filter((p) => p.norm === norm && !p.diverged)
    .sort((a, b) => a.batch - b.batch)
    .map((p) => [p.batch, metric === 'accuracy' ? p.accuracy : p.loss] as const);
}

export interface BatchSizeVerdict {
  summaries: Partial<Record<NormKind, NormSummary>>;
  /** BN's drop from batch 32 to 2 exceeds how far GN strays, and BN ends below GN at batch 2. */
  paperShape: boolean | null;
  text: string;
}

function verb(from: number, to: number): string {
  return to < from ? 'falls' : 'rises';
}

/** The caption, once every run is in (before that, a progress note). */
export function batchSizeVerdict(all: readonly BatchSizePoint[], total: number, samples: number): BatchSizeVerdict {
  const summaries: Partial<Record<NormKind, NormSummary>> = {};
  for (const n of NORMS) {
    const s = normSummary(all, n);
    if (s) summaries[n] = s;
  }
  if (all.length < total) {
    return { summaries, paperShape: null, text: `${all.length} of ${total} runs done; the verdict follows when all are in.` };
  }
  const large = BATCH_SIZES[BATCH_SIZES.length - 1];
  const small = BATCH_SIZES[0];
  const diverged = all.filter((p) => p.diverged).map((p) => `${NORM_NAMES[p.norm]} at batch ${p.batch}`);
  const bn = summaries.bn;
  const gn = summaries.gn;
  const parts: string[] = [];
  if (bn) {
    parts.push(bn.atLargest === bn.atSmallest
      ? `With ${samples} training samples per run, BN's held-out accuracy is ${pct(bn.atLargest)} % both at batch ${large} and at batch ${small}`
      : `With ${samples} training samples per run, BN's held-out accuracy ${verb(bn.atLargest, bn.atSmallest)} from ${pct(bn.atLargest)} % at batch ${large} to ${pct(bn.atSmallest)} % at batch ${small}`);
  }
  if (gn) parts.push(`GN stays within ${points(gn.spread)} points of its batch-${large} accuracy (${pct(gn.atLargest)} % → ${pct(gn.atSmallest)} %)`);
  const others = (['ln', 'none'] as const).map((n) => summaries[n]).filter((s): s is NormSummary => s !== undefined);
  if (others.length) parts.push(others.map((s) => `${NORM_NAMES[s.norm]} within ${points(s.spread)}`).join(', '));
  let paperShape: boolean | null = null;
  let shape = '';
  if (bn && gn && Number.isFinite(bn.atSmallest) && Number.isFinite(gn.spread)) {
    const drop = bn.atLargest - bn.atSmallest;
    paperShape = drop > gn.spread && bn.atSmallest < gn.atSmallest;
    shape = paperShape
      ? ` BN loses more from batch ${large} to ${small} (${points(drop)} points) than GN strays anywhere, and ends below it: the shape of Wu & He's Fig. 1, in this run.`
      : ` That is not the shape of Wu & He's Fig. 1 in this run: BN ${drop > 0 ? `loses ${points(drop)} points` : `gains ${points(-drop)} points`} from batch ${large} to ${small}, ${drop > gn.spread ? 'more than' : 'no more than'} GN strays, and ends ${bn.atSmallest < gn.atSmallest ? 'below' : 'not below'} GN at batch ${small}.`;
  }
  const text = `${parts.join('; ')}.${shape}${diverged.length ? ` Diverged (left out): ${diverged.join(', ')}.` : ''}`;
  return { summaries, paperShape, text };
}
