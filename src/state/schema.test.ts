import { describe, expect, it } from 'vitest';
import { mulberry32, randomQuery } from './random-query.ts';
import { compactNumber, defaults, parseParams, serialiseParams, withCheck, type Schema } from './schema.ts';

const schema = {
  stride: { kind: 'int', default: 2, min: 1, max: 8 },
  eps: { kind: 'number', default: 1e-5, min: 0, max: 1 },
  bias: { kind: 'bool', default: true },
  mode: { kind: 'enum', default: 'nearest', values: ['nearest', 'bilinear'] },
  gamma: { kind: 'numbers', default: [1, 1, 1], min: -10, max: 10, maxLength: 8 },
} as const satisfies Schema;

describe('parseParams', () => {
  it('reads every field kind', () => {
    const { value, notices } = parseParams(schema, new URLSearchParams('stride=3&eps=0.001&bias=0&mode=bilinear&gamma=0.5,-2'));
    expect(notices).toEqual([]);
    expect(value).toEqual({ stride: 3, eps: 0.001, bias: false, mode: 'bilinear', gamma: [0.5, -2] });
  });

  it('falls back to the default with a notice for each malformed or out-of-range value', () => {
    const { value, notices } = parseParams(
      schema,
      new URLSearchParams('stride=0&eps=abc&bias=maybe&mode=cubic&gamma=1,NaN'),
    );
    expect(value).toEqual(defaults(schema));
    expect(notices).toHaveLength(5);
    expect(notices[0]).toContain('stride=0 is outside 1…8');
    expect(notices[1]).toContain('eps=abc is not a number');
    expect(notices[2]).toContain('bias=maybe is not 0 or 1');
    expect(notices[3]).toContain('mode=cubic is not one of nearest, bilinear');
    expect(notices[4]).toContain('gamma has a value NaN');
  });

  it('refuses non-integers for int fields, Infinity and hex for numbers', () => {
    const r = parseParams(schema, new URLSearchParams('stride=2.5&eps=Infinity'));
    expect(r.value.stride).toBe(2);
    expect(r.value.eps).toBe(1e-5);
    expect(r.notices.join(' ')).toMatch(/stride=2.5 is not an integer.*eps=Infinity is not a number/);
    expect(parseParams(schema, new URLSearchParams('stride=0x3')).value.stride).toBe(2);
  });

  it('names unknown keys, uses the first of duplicated keys, skips ignored keys', () => {
    const r = parseParams(schema, new URLSearchParams('v=1&zzz=1&stride=4&stride=5'), ['v']);
    expect(r.value.stride).toBe(4);
    expect(r.notices).toEqual(['unknown parameter zzz was ignored', 'stride was given more than once; the first value was used']);
  });

  it('does not let a key like __proto__ or toString reach the state object', () => {
    const r = parseParams(schema, new URLSearchParams('__proto__=1&toString=2&constructor=3'));
    expect(r.notices).toHaveLength(3);
    expect(Object.keys(r.value).sort()).toEqual(['bias', 'eps', 'gamma', 'mode', 'stride']);
  });

  it('caps list length', () => {
    const r = parseParams(schema, new URLSearchParams(`gamma=${Array(9).fill(1).join(',')}`));
    expect(r.value.gamma).toEqual([1, 1, 1]);
    expect(r.notices[0]).toContain('9 values (at most 8)');
  });
});

describe('serialiseParams', () => {
  it('writes only what differs from the defaults', () => {
    expect(serialiseParams(schema, defaults(schema)).toString()).toBe('');
    const v = { ...defaults(schema), stride: 3, gamma: [0.1, 0.2] };
    expect(serialiseParams(schema, v).toString()).toBe('stride=3&gamma=0.1%2C0.2');
  });

  it('round-trips every value through the URL', () => {
    const v = { stride: 7, eps: 0.123456789, bias: false, mode: 'bilinear' as const, gamma: [Math.fround(0.1), -3.25] };
    const back = parseParams(schema, new URLSearchParams(serialiseParams(schema, v).toString())).value;
    expect(back.stride).toBe(7);
    expect(back.bias).toBe(false);
    expect(back.mode).toBe('bilinear');
    expect(Math.fround(back.eps)).toBe(Math.fround(0.123456789));
    expect(back.gamma.map(Math.fround)).toEqual(v.gamma.map(Math.fround));
  });

  it('compactNumber keeps float32 values exact with the fewest digits', () => {
    expect(compactNumber(Math.fround(0.1))).toBe('0.1');
    expect(compactNumber(1e-5)).toBe('0.00001');
    expect(Math.fround(Number(compactNumber(Math.fround(Math.PI))))).toBe(Math.fround(Math.PI));
  });
});

describe('parseParams on 300 random and malformed queries', () => {
  it('never throws, always returns values inside the schema, and re-parses its own output cleanly', () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 300; i++) {
      const q = randomQuery(rand, Object.keys(schema));
      let params: URLSearchParams;
      try {
        params = new URLSearchParams(q);
      } catch {
        continue;
      }
      const { value } = parseParams(schema, params);
      expect(Number.isInteger(value.stride) && value.stride >= 1 && value.stride <= 8, q).toBe(true);
      expect(value.eps >= 0 && value.eps <= 1, q).toBe(true);
      expect(['nearest', 'bilinear']).toContain(value.mode);
      expect(value.gamma.every((g) => Number.isFinite(g) && g >= -10 && g <= 10), q).toBe(true);
      const again = parseParams(schema, serialiseParams(schema, value));
      expect(again.notices, q).toEqual([]);
      expect(again.value).toEqual(value);
    }
  });
});

describe('withCheck: a cross-field check runs as the link is read', () => {
  const toy = withCheck({
    s: { kind: 'int', default: 2, min: 1, max: 4 },
    op: { kind: 'int', default: 1, min: 0, max: 3 },
    label: { kind: 'enum', default: 'a', values: ['a', 'b'] },
  } as const satisfies Schema, (v) => (v.op < v.s ? null : { param: 'outputPadding', message: `outputPadding (${v.op}) must be smaller than stride (${v.s})`, fields: ['op'] }), ['s', 'op']);
  const parse = (q: string) => parseParams(toy, new URLSearchParams(q));

  it('a valid combination passes without a notice', () => {
    expect(parse('s=1&op=0')).toEqual({ value: { s: 1, op: 0, label: 'a' }, notices: [] });
  });
  it('the field the problem names is reverted to its default, with the kernel\'s message', () => {
    expect(parse('op=3&label=b')).toEqual({
      value: { s: 2, op: 1, label: 'b' },
      notices: ['outputPadding (3) must be smaller than stride (2); using the default op=1'],
    });
  });
  it('when the named field came from the defaults, the related fields the link set are reverted instead', () => {
    expect(parse('s=1')).toEqual({
      value: { s: 2, op: 1, label: 'a' },
      notices: ['outputPadding (1) must be smaller than stride (1); using the default s=2'],
    });
  });
  it('a schema without a check parses as before', () => {
    expect(parseParams({ op: { kind: 'int', default: 1, min: 0, max: 3 } }, new URLSearchParams('op=3')).notices).toEqual([]);
  });
});
