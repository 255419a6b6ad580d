import { describe, expect, it } from 'vitest';
import { buildHash, moveQueryIntoHash, parseHash, STATE_VERSION } from './route.ts';
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
  it('reads embed, panels, theme, scale, compact and presenter mode', () => {
    const p = parsePresentation(new URLSearchParams('embed=1&panel=checkerboard,paint&theme=dark&scale=1.5&compact=1&present=1'));
    expect(p.value).toEqual({
      embed: true, panels: ['checkerboard', 'paint'], theme: 'dark', scale: 1.5, compact: true, text: false, badges: false, controls: [],
      present: true,
    });
    expect(p.notices).toEqual([]);
  });

  it('ignores bad values with a notice and drops malformed panel ids', () => {
    const p = parsePresentation(new URLSearchParams('scale=99&theme=pink&panel=<x>,ok'));
    expect(p.value.scale).toBe(1);
    expect(p.value.theme).toBe('auto');
    expect(p.value.panels).toEqual(['ok']);
    expect(p.notices).toHaveLength(3);
    expect(p.notices[2]).toBe('panel: ids are lower-case letters, digits and dashes; 1 ignored');
  });

  it('reads the embed options: text, badges and the control strip', () => {
    const p = parsePresentation(new URLSearchParams('embed=1&text=1&badges=0&controls=stride,kernel'));
    expect(p.value).toMatchObject({ embed: true, text: true, badges: false, controls: ['stride', 'kernel'] });
    expect(parsePresentation(new URLSearchParams('embed=1')).value).toMatchObject({ text: false, badges: false, controls: [] });
  });
});

describe('moveQueryIntoHash', () => {
  it('leaves a link without a query string alone', () => {
    expect(moveQueryIntoHash('', '#/conv-transpose?v=1')).toBeNull();
    expect(moveQueryIntoHash('?', '#/conv-transpose?v=1')).toBeNull();
  });

  it('moves the query into the hash, after the hash’s own keys', () => {
    const r = moveQueryIntoHash('?embed=1&theme=dark', '#/conv-transpose?v=1&sH=3')!;
    expect(r.hash).toBe('#/conv-transpose?v=1&sH=3&embed=1&theme=dark');
    expect(r.notices).toEqual([]);
    const p = parseHash(r.hash);
    expect(p.route).toBe('conv-transpose');
    expect(parsePresentation(p.params).value).toMatchObject({ embed: true, theme: 'dark' });
  });

  it('gives a link with no hash the start page, with the query’s keys', () => {
    const r = moveQueryIntoHash('?embed=1&panel=paint,overlap', '')!;
    expect(r.hash).toBe('#/?embed=1&panel=paint%2Coverlap');
    expect(parseHash(r.hash).route).toBe('home');
    expect(parsePresentation(parseHash(r.hash).params).value.panels).toEqual(['paint', 'overlap']);
    expect(moveQueryIntoHash('?theme=dark', '#/conv-transpose')!.hash).toBe('#/conv-transpose?theme=dark');
  });

  it('keeps the hash’s value of a key given in both, and says so once per key', () => {
    const r = moveQueryIntoHash('?theme=dark&theme=light&sH=3', '#/conv-transpose?theme=light&sH=3')!;
    expect(parseHash(r.hash).params.getAll('theme')).toEqual(['light']);
    expect(parseHash(r.hash).params.getAll('sH')).toEqual(['3']);
    expect(r.notices).toEqual(['the link gives theme=dark before its # and theme=light after it; using light']);
  });

  it('quotes keys and values from the link without control or bidi characters', () => {
    const r = moveQueryIntoHash('?theme=%E2%80%AEkrad%00', '#/?theme=light')!;
    expect(r.notices[0]).toContain('theme=krad before');
  });
});

describe('lesson links', () => {
  it('#/lesson/<id> is the lesson route with the id as its lesson parameter, and builds back', () => {
    const r = parseHash('#/lesson/batch-normalization?v=1&step=3');
    expect(r.route).toBe('lesson');
    expect(r.params.get('lesson')).toBe('batch-normalization');
    expect(r.notices).toEqual([]);
    expect(buildHash(r.route, r.params)).toBe('#/lesson/batch-normalization?v=1&step=3');
  });

  it('a lesson parameter in the query cannot replace the path’s id', () => {
    const r = parseHash('#/lesson/a?lesson=b');
    expect(r.params.getAll('lesson')).toEqual(['a']);
  });

  it('refuses ids that are not lower-case words joined by hyphens', () => {
    for (const bad of ['#/lesson/../x', '#/lesson/A', '#/lesson/a%2Fb', '#/lesson/', '#/lesson']) {
      const r = parseHash(bad);
      expect(r.route, bad).toBe('home');
      expect(r.notices.length, bad).toBe(1);
    }
  });
});
