/**
 * The model overview's words and numbers, from data: a node's parameter count and the one-line summary of the
 * verdicts ("52 Conv, 52 BatchNormalization: 104/104 agree with ONNX Runtime").
 */
import type { OnnxLayerSummary } from '../../onnx/index.ts';
import type { NodeVerdict } from '../../onnx/off-thread/node-check.ts';

/** A node's check as the overview counts it. */
export type VerdictKind = 'pending' | 'ok' | 'mismatch' | 'unavailable' | 'error' | 'stopped';

/** Values in the node's parameters (every input after the data), or null when a shape is not known. */
export function parameterCount(l: Pick<OnnxLayerSummary, 'inputs'>): number | null {
  let n = 0;
  for (const p of l.inputs.slice(1)) {
    if (!p.shape || p.shape.some((d) => typeof d !== 'number')) return null;
    n += (p.shape as number[]).reduce((a, b) => a * b, 1);
  }
  return n;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "52 Conv, 52 BatchNormalization: 104/104 agree with ONNX Runtime", plus what differs, was not compared, stopped or is pending. */
export function summaryLine(ops: readonly string[], verdicts: readonly VerdictKind[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  const tally = (k: VerdictKind) => verdicts.filter((v) => v === k).length;
  const head = [...counts].map(([op, n]) => `${n.toLocaleString('en-US')} ${op}`).join(', ');
  const total = ops.length;
  const parts = [`${tally('ok').toLocaleString('en-US')}/${total.toLocaleString('en-US')} agree with ONNX Runtime`];
  const mismatch = tally('mismatch');
  if (mismatch) parts.push(`${plural(mismatch, 'differs', 'differ')}`);
  const stopped = tally('stopped');
  if (stopped) parts.push(plural(stopped, 'check stopped (time budget)', 'checks stopped (time budget)'));
  const other = tally('unavailable') + tally('error');
  if (other) parts.push(`${other.toLocaleString('en-US')} not compared`);
  const pending = tally('pending');
  return `${head}: ${parts.join(', ')}${pending ? `; ${pending.toLocaleString('en-US')} still being checked…` : ''}`;
}

/** How a verdict reads in the overview, and how it counts. */
export function verdictCell(v: NodeVerdict): { kind: VerdictKind; text: string } {
  if (v.stopped !== undefined) return { kind: 'stopped', text: `⏱ ${v.result.kind === 'unavailable' ? v.result.reason : 'stopped'}` };
  const on = v.input === 'real' ? ' · real input' : v.input === 'seeded' ? ' · seeded input' : '';
  switch (v.result.kind) {
    case 'compared': return v.result.ok ? { kind: 'ok', text: `✓ agrees${on}` } : { kind: 'mismatch', text: `✗ differs by ${v.result.maxAbsDiff.toPrecision(3)}${on}` };
    case 'unavailable': return { kind: 'unavailable', text: '– not compared' };
    case 'error': return { kind: 'error', text: '! check failed' };
  }
}
