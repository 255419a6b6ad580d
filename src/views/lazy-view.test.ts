import { describe, expect, it } from 'vitest';
import { lazyView } from './lazy-view.ts';

describe('lazyView(load)', () => {
  it('loads on the first draw, runs only the latest drawing asked for meanwhile, then draws at once', async () => {
    let loads = 0;
    let resolve!: (m: { id: number }) => void;
    const v = lazyView(() => {
      loads++;
      return new Promise<{ id: number }>((r) => (resolve = r));
    });
    expect(loads).toBe(0);
    const drawn: string[] = [];
    v.draw(() => drawn.push('first'));
    v.draw(() => drawn.push('second'));
    expect(loads).toBe(1);
    expect(v.get()).toBeNull();
    resolve({ id: 7 });
    await Promise.resolve();
    await Promise.resolve();
    expect(drawn).toEqual(['second']);
    expect(v.get()).toEqual({ id: 7 });
    v.draw((m) => drawn.push(`now ${m.id}`));
    expect(drawn).toEqual(['second', 'now 7']);
    expect(loads).toBe(1);
  });
});
