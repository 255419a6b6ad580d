import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnalysesRunner } from './analyses.ts';
import { ExplorerRunner } from './runner.ts';
import type { ExplorerProgram } from './protocol.ts';

/** The runner's in-page mode (no Worker in Node) around a program that records what it was asked. */
function setup(showing: (s: number) => boolean = () => true) {
  const asked: [number, string][] = [];
  const program: ExplorerProgram<number, null, { n: number }> = {
    setInputs: () => undefined,
    compute: (n, detail) => {
      asked.push([n, detail]);
      return { n };
    },
  };
  const done = vi.fn();
  const warmed = vi.fn();
  const analyses = createAnalysesRunner(new ExplorerRunner<number, null, { n: number }>(null, () => program), {
    afterMs: 60, showing, done, warmed, failed: vi.fn(),
  });
  return { analyses, asked, done, warmed };
}

describe('createAnalysesRunner', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // "computing … on the main thread" (no Worker)
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('asks for a full pass only after the controls rest, for the last state only', async () => {
    const { analyses, asked, done } = setup();
    analyses.request(1);
    await vi.advanceTimersByTimeAsync(30);
    analyses.request(2);
    await vi.advanceTimersByTimeAsync(30);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(40);
    expect(asked).toEqual([[2, 'full']]);
    expect(done).toHaveBeenCalledWith(2, { n: 2 }, expect.any(Number));
  });

  it('hands nothing over for a state no longer shown, and nothing after cancel or dispose', async () => {
    let shown = 1;
    const { analyses, asked, done } = setup((s) => s === shown);
    analyses.request(1);
    shown = 2;
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toEqual([]); // not even computed: the page moved on before the rest was over
    shown = 3;
    analyses.request(3);
    analyses.cancel();
    await vi.advanceTimersByTimeAsync(100);
    analyses.request(3);
    analyses.dispose();
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toEqual([]);
    expect(done).not.toHaveBeenCalled();
  });
});
