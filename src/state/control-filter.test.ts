import { describe, expect, it } from 'vitest';
import { CONTROL_IDS, MAX_FILTER_IDS, parseControlFilter } from './control-filter.ts';

describe('parseControlFilter', () => {
  it('reads lock= and hide= as lists of the page’s control ids', () => {
    const r = parseControlFilter(new URLSearchParams('lock=stride,padding&hide=bias'), 'conv-transpose');
    expect(r.value).toEqual({ lock: ['stride', 'padding'], hide: ['bias'] });
    expect(r.notices).toEqual([]);
  });

  it('drops unknown ids with a notice naming the list, the id and the page’s ids', () => {
    const r = parseControlFilter(new URLSearchParams('lock=strde,stride,stride'), 'conv-transpose');
    expect(r.value.lock).toEqual(['stride']);
    expect(r.notices).toEqual([`lock: unknown control strde was ignored (this page’s controls: ${CONTROL_IDS['conv-transpose'].join(', ')})`]);
  });

  it('says when a page has no control groups, or a key is repeated, and caps long lists', () => {
    expect(parseControlFilter(new URLSearchParams('hide=a'), 'home').notices).toEqual(['hide= has no effect on this page (it has no control groups)']);
    expect(parseControlFilter(new URLSearchParams('hide=mode&hide=eps'), 'batch-norm')).toEqual({
      value: { lock: [], hide: ['mode'] }, notices: ['hide was given more than once; the first value was used'],
    });
    const many = parseControlFilter(new URLSearchParams(`lock=${Array(100).fill('n').join(',')}`), 'batch-norm');
    expect(many.value.lock).toEqual(['n']);
    expect(many.notices[0]).toBe(`lock names 100 controls; only the first ${MAX_FILTER_IDS} were read`);
  });

  it('ignores empty entries', () => {
    expect(parseControlFilter(new URLSearchParams('lock=,mode,'), 'batch-norm').value.lock).toEqual(['mode']);
  });
});
