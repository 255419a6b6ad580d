/**
 * Input → paint latency as User Timing entries, for `npm run measure:latency` (and the DevTools Performance panel):
 *
 * - `performance.mark('layerlab:input')` when a control changes the explorer's state (inside the input event; one
 *   per event, even if it makes several updates — a range slider's keyboard step fires both input and change);
 * - `performance.mark('layerlab:painted')` after the frame that shows a render of that state (or a newer one) —
 *   taken in a task posted from the next animation frame, i.e. once that frame's rendering work is done;
 * - `performance.measure('layerlab:input-to-paint')` from each input to the paint that first reflected it. Inputs
 *   that were superseded before their own result came (latest wins) count until the newer result was painted.
 *
 * Every entry's `detail` names the explorer. Nothing is timed unless something changes; entries are cleared in
 * bulk if a long session piles up more than MAX_ENTRIES.
 */
const MAX_ENTRIES = 5000;
export const INPUT_MARK = 'layerlab:input';
export const PAINTED_MARK = 'layerlab:painted';
export const LATENCY_MEASURE = 'layerlab:input-to-paint';

export interface LatencyMarks {
  /** A control changed the state: returns the input's sequence number (the same one within one task). */
  input(): number;
  /** The newest input so far (the one a compute request started now would reflect). */
  readonly latest: number;
  /** A render reflecting every input up to `seq` was just made; marks the paint that follows it. */
  rendered(seq: number): void;
  dispose(): void;
}

const timing = (): Performance | null =>
  typeof performance !== 'undefined' && typeof performance.mark === 'function' && typeof performance.measure === 'function' ? performance : null;

/**
 * Run `fn` after the next frame has been produced: a rAF callback runs before paint, a task posted from it after.
 * The explorers also warm their analyses worker this way, after their first result is on screen.
 */
export function afterNextPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function') {
    setTimeout(fn, 0);
    return;
  }
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
  });
}

export function createLatencyMarks(explorer: string): LatencyMarks {
  let seq = 0;
  let disposed = false;
  let markedThisTask = false;
  /** Inputs not yet painted: [sequence number, mark time]. */
  let pending: [number, number][] = [];
  return {
    input() {
      if (markedThisTask) return seq;
      markedThisTask = true;
      queueMicrotask(() => {
        markedThisTask = false;
      });
      seq++;
      const p = timing();
      if (p) {
        const mark = p.mark(INPUT_MARK, { detail: { explorer, seq } });
        pending.push([seq, mark.startTime]);
        if (pending.length > 1000) pending = pending.slice(-1000); // nothing painted for a long time: keep the newest
      }
      return seq;
    },
    get latest() {
      return seq;
    },
    rendered(upTo) {
      const covered = pending.filter(([s]) => s <= upTo);
      if (covered.length === 0) return;
      pending = pending.filter(([s]) => s > upTo);
      afterNextPaint(() => {
        const p = timing();
        if (!p || disposed) return;
        if (p.getEntriesByType('measure').length > MAX_ENTRIES) {
          for (const name of [INPUT_MARK, PAINTED_MARK]) p.clearMarks(name);
          p.clearMeasures(LATENCY_MEASURE);
        }
        const end = p.mark(PAINTED_MARK, { detail: { explorer, seq: upTo } }).startTime;
        for (const [s, start] of covered) {
          p.measure(LATENCY_MEASURE, { start, end, detail: { explorer, seq: s, superseded: s < upTo } });
        }
      });
    },
    dispose() {
      disposed = true;
      pending = [];
    },
  };
}
