import { describe, expect, it } from 'vitest';
import { buildHash, parseHash, STATE_VERSION } from './route.ts';
import { parsePresentation } from './presentation.ts';

describe('parseHash', () => {
  it('reads the route and parameters of #/<page>?v=1&…', () => {
    const r = parseHash('#/conv-transpose?v=1&stride=3');
    expect(r.route).toBe('conv-transpose');
    expect(r.params.get('stride')).toBe('3');
    expect(r.notices).toEqual([]);
  });

  it('treats an empty hash as the start page', () => {
    expect(parseHash('').route).toBe('home');
    expect(parseHash('#/').route).toBe('home');
  });

  it('falls back to home with a notice for an unknown page and for a malformed escape', () => {
    const r = parseHash('#/nope%E0%A4%A?x=1');
    expect(r.route).toBe('home');
    expect(r.notices[0]).toContain('unknown page');
  });

  it('warns about a link from another state version', () => {
    expect(parseHash('#/batch-norm?v=99').notices[0]).toContain(`v=99 is not supported (this app reads v=${STATE_VERSION})`);
  });

  it('buildHash writes the version first and round-trips', () => {
    const h = buildHash('batch-norm', new URLSearchParams('eps=0.1'));
    expect(h).toBe(`#/batch-norm?v=${STATE_VERSION}&eps=0.1`);
    expect(parseHash(h).params.get('eps')).toBe('0.1');
  });
});

describe('parsePresentation', () => {
  it('reads embed, panels, theme, scale and presenter mode', () => {
    const p = parsePresentation(new URLSearchParams('embed=1&panel=checkerboard,paint&theme=dark&scale=1.5&present=1'));
    expect(p.value).toEqual({ embed: true, panels: ['checkerboard', 'paint'], theme: 'dark', scale: 1.5, present: true });
    expect(p.notices).toEqual([]);
  });

  it('ignores bad values with a notice and drops malformed panel ids', () => {
    const p = parsePresentation(new URLSearchParams('scale=99&theme=pink&panel=<x>,ok'));
    expect(p.value.scale).toBe(1);
    expect(p.value.theme).toBe('auto');
    expect(p.value.panels).toEqual(['ok']);
    expect(p.notices).toHaveLength(2);
  });
});
