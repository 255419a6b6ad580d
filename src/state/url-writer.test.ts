import { describe, expect, it } from 'vitest';
import { createUrlWriter, type Timers } from './url-writer.ts';

/** A URL with history entries, and timers run by hand. */
function setup(start = '#/a') {
  const entries = [start];
  let at = 0;
  const writes: string[] = [];
  const io = {
    current: () => entries[at],
    replace: (h: string) => {
      writes.push(`replace ${h}`);
      entries[at] = h;
    },
    push: (h: string) => {
      writes.push(`push ${h}`);
      entries.splice(at + 1, entries.length, h);
      at++;
    },
  };
  let due: (() => void) | null = null;
  let nextId = 0;
  let dueId = -1;
  const timers: Timers = {
    setTimeout: (fn) => {
      due = fn;
      dueId = ++nextId;
      return dueId;
    },
    clearTimeout: (id) => {
      if (id === dueId) due = null;
    },
  };
  const rest = () => {
    const fn = due;
    due = null;
    fn?.();
  };
  const writer = createUrlWriter(io, 250, timers);
  return { writer, entries, writes, rest, url: () => entries[at] };
}

describe('createUrlWriter', () => {
  it('writes a run of replaces once, with the last one, when the state rests', () => {
    const t = setup();
    t.writer.set('#/a?x=1', 'replace');
    t.writer.set('#/a?x=2', 'replace');
    t.writer.set('#/a?x=3', 'replace');
    expect(t.writes).toEqual([]);
    expect(t.writer.pending).toBe('#/a?x=3');
    t.rest();
    expect(t.writes).toEqual(['replace #/a?x=3']);
    expect(t.writer.pending).toBeNull();
  });

  it("a slider's commit (push of what the replace asked for) adds no history entry, like immediate writes did", () => {
    const t = setup();
    t.writer.set('#/a?x=1', 'replace');
    t.writer.set('#/a?x=1', 'push');
    t.rest();
    expect(t.writes).toEqual(['replace #/a?x=1']);
    expect(t.entries).toEqual(['#/a?x=1']);
  });

  it('a discrete change makes its history entry when the state rests, after the replace it follows', () => {
    const t = setup();
    t.writer.set('#/a?x=1', 'replace');
    t.writer.set('#/a?x=1&k=box', 'push');
    expect(t.writes).toEqual([]);
    t.rest();
    expect(t.writes).toEqual(['replace #/a?x=1', 'push #/a?x=1&k=box']);
    expect(t.entries).toEqual(['#/a?x=1', '#/a?x=1&k=box']);
  });

  it('steps after a discrete change rewrite the entry it makes; a second discrete change makes a second entry', () => {
    const t = setup();
    t.writer.set('#/a?k=box', 'push');
    t.writer.set('#/a?k=box&x=1', 'replace');
    t.writer.set('#/a?k=box&x=2', 'replace');
    expect(t.writer.pending).toBe('#/a?k=box&x=2');
    t.writer.set('#/a?k=tent&x=2', 'push');
    t.rest();
    expect(t.entries).toEqual(['#/a', '#/a?k=box&x=2', '#/a?k=tent&x=2']);
  });

  it('a push of the URL already shown writes nothing', () => {
    const t = setup('#/a?x=1');
    t.writer.set('#/a?x=1', 'push');
    expect(t.writes).toEqual([]);
  });

  it('a replace back to the URL already shown writes nothing when it comes due', () => {
    const t = setup('#/a?x=1');
    t.writer.set('#/a?x=2', 'replace');
    t.writer.set('#/a?x=1', 'replace');
    t.rest();
    expect(t.writes).toEqual([]);
  });

  it('flush writes what is waiting now (Copy link, leaving the page); cancel drops it (back/forward)', () => {
    const t = setup();
    t.writer.set('#/a?x=1', 'replace');
    t.writer.flush();
    expect(t.url()).toBe('#/a?x=1');
    t.writer.set('#/a?x=2', 'replace');
    t.writer.set('#/a?x=2&k=box', 'push');
    t.writer.cancel();
    t.rest();
    expect(t.url()).toBe('#/a?x=1');
    expect(t.writes).toEqual(['replace #/a?x=1']);
  });
});
