/**
 * The layer adapts where the user's intent is clear: lowering the stride (or dilation) below the output padding
 * would be an error in PyTorch (`output_padding` must be smaller than stride or dilation), and someone stepping
 * the stride wants a smaller stride, not an error — so the output padding comes down with it, with a note saying so.
 * Editing the output padding itself is never adapted: its error stays visible.
 */
import type { ConvTransposeState } from './schema.ts';

export interface Adapted {
  patch: Partial<ConvTransposeState>;
  /** What was changed besides the user's edit, for a visible note; null when nothing was. */
  note: string | null;
}

const AXES = [
  { s: 'sH', d: 'dH', op: 'opH', name: 'height' },
  { s: 'sW', d: 'dW', op: 'opW', name: 'width' },
] as const;

export function adaptLayer(state: ConvTransposeState, patch: Partial<ConvTransposeState>): Adapted {
  const out: { -readonly [K in keyof ConvTransposeState]?: ConvTransposeState[K] } = { ...patch };
  const notes: string[] = [];
  for (const a of AXES) {
    if (!(a.s in patch) && !(a.d in patch)) continue;
    if (a.op in patch) continue;
    const s = out[a.s] ?? state[a.s];
    const d = out[a.d] ?? state[a.d];
    const op = state[a.op];
    const limit = Math.max(s, d) - 1;
    if (op > limit) {
      out[a.op] = limit;
      notes.push(`output padding (${a.name}) lowered from ${op} to ${limit}: it must be smaller than stride (${s}) or dilation (${d})`);
    }
  }
  return { patch: out, note: notes.length ? notes.join('; ') : null };
}
