/**
 * The batch-norm explorer's slow analyses — the batch-size sweep, the running statistics' targets, the identity γ/β,
 * the channel covariance and a new batch's folding demo — as a 'first' compute pass may leave them
 * (runtime/protocol.ts): how the page fills them in from an earlier 'full' pass (their types: results.ts).
 */
import { PART_OF, type AnalysisSlot, type BnPending, type BnResults } from './results.ts';
import { foldBaseOf, foldTail } from './affine.ts';

/**
 * A 'first' pass's results with the pending analyses taken from an earlier 'full' pass wherever that one computed
 * them for the same key (so for the same data): the page already has them, and need not wait or ask again (the
 * folding demo's batch half is taken, and γ, β, eps and the running statistics applied to it again). Only parts
 * all of whose slots match are taken; the rest stay pending. Returns `first` itself when nothing applies.
 */
export function adoptAnalyses(first: BnResults, full: BnResults): BnResults {
  if (first.pending.length === 0 || full.pending.length > 0) return first;
  const slots = (part: BnPending) => (Object.keys(PART_OF) as AnalysisSlot[]).filter((s) => PART_OF[s] === part && first.analysisKeys[s] !== undefined);
  const adopt = first.pending.filter((part) => slots(part).every((s) => first.analysisKeys[s] === full.analysisKeys[s]) &&
    (part !== 'folding' || (full.folding !== null && first.running !== null)));
  if (adopt.length === 0) return first;
  const out: BnResults = { ...first, pending: first.pending.filter((p) => !adopt.includes(p)) };
  if (adopt.includes('spread') && out.pitfalls && full.pitfalls) out.pitfalls = { ...out.pitfalls, spread: full.pitfalls.spread, eps: full.pitfalls.eps };
  if (adopt.includes('target') && out.running && full.running) {
    const shifted = first.analysisKeys.targetShifted !== undefined ? full.running.targetShifted : out.running.targetShifted;
    out.running = { ...out.running, target: full.running.target, targetShifted: shifted };
  }
  if (adopt.includes('identity')) out.identity = full.identity;
  if (adopt.includes('covariance')) out.covariance = full.covariance;
  // The full pass's folding demo is for the same batch, perhaps not the same γ, β, eps or running statistics.
  if (adopt.includes('folding') && full.folding && out.running) out.folding = foldTail(foldBaseOf(full.folding), out.state, out.running);
  return out;
}
