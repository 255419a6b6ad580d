/**
 * The parity badges of a panel: each `.parity-slot[data-op]` in a section checks one op against ONNX Runtime.
 * Shared by the explorers: one latest-only checker per slot, a generation per slot so a slower, older check never
 * overwrites a newer one, and the per-panel statuses the explorers publish for tests. ONNX Runtime runs in a
 * worker (onnx-check-client.ts), and only once the results have rested for CHECK_AFTER_MS: a check replaced
 * before then never runs.
 */
import { createLatestCrossChecker, isOrtLoaded, type CrossCheckRequest, type CrossCheckResult, type OursRun } from '../onnx/index.ts';
import { renderParityBadge } from '../views/parity-badge.ts';
import { badgeStateFromResult } from './parity-badge-state.ts';
import { checkOffThread } from '../onnx/off-thread/onnx-check-client.ts';
import type { PresentationOptions } from '../state/presentation.ts';

export interface SlotCheck {
  req: CrossCheckRequest;
  ours?: OursRun;
}

/** Runs one slot's check; `latest` is the slot's latest-only checker (an explorer may run something else instead). */
export type SlotRunner<R extends SlotCheck> = (r: R, latest: ReturnType<typeof createLatestCrossChecker>) => Promise<CrossCheckResult | null>;

/**
 * How long the results must stay put before the checks start (ms). A check builds an ONNX Runtime session for new
 * weights; run right after every move, on a 2-core machine that work competed with the next moves' repaints
 * (measured: a γ step 67 ms with checks after each move against 35 ms with them out of the way).
 */
export const CHECK_AFTER_MS = 250;

/**
 * Whether a page shows parity badges: an embed shows them only when its link asks (`badges=1`), and a page whose
 * badges are off never runs a check, so it never downloads ONNX Runtime.
 */
export function badgesShown(p: PresentationOptions): boolean {
  return !p.embed || p.badges;
}

export function createParitySlots(onChange: () => void, enabled = true, checkAfterMs = CHECK_AFTER_MS) {
  const checkers = new Map<HTMLElement, ReturnType<typeof createLatestCrossChecker>>();
  const generations = new Map<HTMLElement, number>();
  /** Checks asked for since the results last moved; each runs only if no newer one replaced it meanwhile. */
  let queued: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const jobs = queued;
    queued = [];
    for (const job of jobs) job();
  };
  const status: Record<string, Record<string, string>> = {};
  const show = (panel: string, op: string, slot: HTMLElement, result: CrossCheckResult) => {
    const state = badgeStateFromResult(result);
    renderParityBadge(slot, state);
    (status[panel] ??= {})[op] = state.status;
    onChange();
  };
  return {
    /**
     * Check every slot of `section` with `requests[op]`; a string (or nothing) says why there is nothing to check,
     * and `missing(op)` words the reason when the request is absent.
     */
    check<R extends SlotCheck>(
      panel: string, section: HTMLElement, requests: Record<string, R | string>, missing: (op: string) => string,
      run: SlotRunner<R> = (r, latest) => latest(r.req, r.ours),
    ): void {
      if (!enabled) return;
      for (const slot of section.querySelectorAll<HTMLElement>('.parity-slot[data-op]')) {
        const op = slot.dataset.op!;
        const r = requests[op];
        const gen = (generations.get(slot) ?? 0) + 1;
        generations.set(slot, gen);
        if (r === undefined || typeof r === 'string') {
          show(panel, op, slot, { kind: 'unavailable', reason: r || missing(op) });
          continue;
        }
        let latest = checkers.get(slot);
        if (!latest) {
          latest = createLatestCrossChecker(checkOffThread);
          checkers.set(slot, latest);
        }
        // The badge says at once that its numbers are being checked; the check itself waits for the results to rest.
        renderParityBadge(slot, { status: 'loading', ortLoaded: isOrtLoaded() });
        (status[panel] ??= {})[op] = 'loading';
        const checker = latest;
        queued.push(() => {
          if (generations.get(slot) !== gen || !slot.isConnected) return; // replaced before it started
          void run(r, checker).then((result) => {
            if (result && generations.get(slot) === gen && slot.isConnected) show(panel, op, slot, result);
          });
        });
      }
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(flush, checkAfterMs);
    },
    /**
     * The numbers in `section` changed but are not checked now (the panel is off screen): its badges stop showing
     * the verdict on older numbers, and a check of those still under way no longer lands.
     */
    wait(panel: string, section: HTMLElement): void {
      if (!enabled) return;
      let changed = false;
      for (const slot of section.querySelectorAll<HTMLElement>('.parity-slot[data-op]')) {
        generations.set(slot, (generations.get(slot) ?? 0) + 1);
        const statuses = (status[panel] ??= {});
        if (statuses[slot.dataset.op!] === 'waiting') continue;
        renderParityBadge(slot, { status: 'waiting' });
        statuses[slot.dataset.op!] = 'waiting';
        changed = true;
      }
      if (changed) onChange();
    },
    published: () => status,
  };
}
