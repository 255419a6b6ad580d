import { describe, expect, it } from 'vitest';
import { bnSchema } from '../explorers/batch-norm/schema.ts';
import { normSchema } from '../explorers/normalization/schema.ts';
import { convTransposeSchema } from '../explorers/conv-transpose/schema.ts';
import { modelSchema } from '../explorers/model/schema.ts';
import { explorerLoaders } from '../explorers/registry.ts';
import { trainingSchema } from '../explorers/training/schema.ts';
import { decodePatch, MAX_PATCH_KEYS } from './patch.ts';
import { RESERVED_KEYS } from './presentation.ts';
import { mulberry32, randomQuery } from './random-query.ts';
import { parseHash } from './route.ts';
import { defaults, parseParams, type FieldSpec, type Schema } from './schema.ts';

/** Every page's schema, checked against the registry so a new page cannot be left out. */
const schemas: Record<keyof typeof explorerLoaders, Schema> = {
  'conv-transpose': convTransposeSchema,
  'batch-norm': bnSchema,
  normalization: normSchema,
  training: trainingSchema,
  model: modelSchema,
};

/** The link decoder as the app runs it on `#/<route>?…`. */
function fromLink(route: string, schema: Schema, pairs: [string, string][]) {
  const parsed = parseHash(`#/${route}?${new URLSearchParams(pairs).toString()}`);
  return parseParams(schema, parsed.params, RESERVED_KEYS);
}

/** How a person would write a message value in a link; undefined for a value no link can spell. */
function asLinkText(f: FieldSpec, v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && f.kind === 'numbers' && Array.from(v).every((x) => typeof x === 'number')) return v.join(',');
  return undefined;
}

/** A state written as a link, every field, exactly (no rounding for display). */
function exactLink(schema: Schema, state: Record<string, unknown>): [string, string][] {
  return Object.entries(schema).map(([k, f]) => {
    const v = state[k];
    if (f.kind === 'bool') return [k, v ? '1' : '0'];
    if (f.kind === 'numbers') return [k, (v as number[]).join(',')];
    return [k, String(v)];
  });
}

const JUNK_TEXT = ['', ' ', '3 ', '0x10', '1e999', 'NaN', '-0', '1,2', '1,,2', 'true', 'TRUE', 'yes', '∞', '<b>', '\u202e1',
  '%', '1e-30', '.5', '5.', '+1', 'null', 'undefined', '[object Object]', '2'.repeat(400)];

/** A random value for field `f`: mostly near its limits, of every type a message can hold, hostile ones included. */
function randomValue(rand: () => number, f: FieldSpec): unknown {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const num = (): number => {
    if (f.kind === 'int' || f.kind === 'number' || f.kind === 'numbers') {
      const span = f.max - f.min;
      return pick([
        () => f.min + Math.round(rand() * span),
        () => f.min + rand() * span,
        () => pick([f.min, f.max]),
        () => f.min - pick([1, 1e-9, 1e-3, Math.abs(f.min) * 1e-8]),
        () => f.max + pick([1, 1e-9, 1e-7, Math.abs(f.max) * 1e-8]),
        () => f.min + Math.round(rand() * span) + pick([1e-7, 1e-12, 0.5]),
        () => pick([NaN, Infinity, -Infinity, -0, 1e21, 5e-324, 1e-7, 2 ** 53 + 2]),
      ])();
    }
    return pick([0, 1, 2, 3, 4, 32, 64, -1, 0.5, NaN, 1e-7]);
  };
  const kind = Math.floor(rand() * 8);
  switch (kind) {
    case 0:
    case 1:
      return num();
    case 2:
      return pick([true, false]);
    case 3:
      return f.kind === 'enum' ? pick([...f.values, ...f.values.map((s) => ` ${s}`), ...f.values.map((s) => s.toUpperCase())]) : String(num());
    case 4:
      return pick(JUNK_TEXT);
    case 5: {
      const n = f.kind === 'numbers' ? Math.floor(rand() * (f.maxLength + 3)) : Math.floor(rand() * 3);
      const list: unknown[] = Array.from({ length: n }, () => num());
      if (rand() < 0.3 && n > 0) list[Math.floor(rand() * n)] = pick(['1', null, [1], {}, undefined, true]);
      return list;
    }
    case 6: {
      // eslint-disable-next-line no-sparse-arrays
      return pick([[1, , 2], [NaN], ['a'], [[3]], new Array(5)]);
    }
    default:
      return pick([null, undefined, {}, { toString: 0 }, { valueOf: () => 1, toString: () => '1' }, () => 1, 10n,
        Symbol('s'), new Date(0), new Map([[1, 2]]), Object.create(null), new Uint8Array(2)]);
  }
}

describe.each(Object.entries(schemas))('a message to #/%s', (route, schema) => {
  it('covers every page of the registry', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(explorerLoaders).sort());
  });

  it('accepts exactly the single values a link accepts, with the same state (3000 seeded random values)', () => {
    const rand = mulberry32(route.length * 4099 + 7);
    const keys = Object.keys(schema);
    const start = defaults(schema);
    for (let i = 0; i < 3000; i++) {
      const key = keys[Math.floor(rand() * keys.length)];
      const f = schema[key];
      const v = randomValue(rand, f);
      const msg = decodePatch(schema, start, { [key]: v });
      const what = `${key}: ${typeof v === 'bigint' || typeof v === 'symbol' ? String(v) : JSON.stringify(v)} (case ${i})`;
      const text = asLinkText(f, v);
      if (text === undefined) {
        expect(msg.notices.length, what).toBeGreaterThan(0);
        expect(msg.changed, what).toBe(false);
        expect(msg.value, what).toBe(start);
        continue;
      }
      const link = fromLink(route, schema, [[key, text]]);
      expect(msg.notices.length === 0, what).toBe(link.notices.length === 0);
      // From the defaults a refused value keeps the default, as in the link: the two states are equal either way.
      expect(msg.value, what).toEqual(link.value);
      // No rounding on the way: a number the message accepts is stored as it was sent.
      if (typeof v === 'number' && msg.notices.length === 0 && f.kind !== 'enum' && f.kind !== 'bool') {
        const stored = (msg.value as Record<string, unknown>)[key];
        if (f.kind === 'numbers') expect(stored, what).toEqual([v === 0 ? 0 : v]);
        else expect(stored, what).toBe(v === 0 ? 0 : v);
      }
    }
  });

  it('applies many keys at once like the link that carries them, from any state (500 seeded patches)', () => {
    const rand = mulberry32(route.length * 131 + 3);
    const keys = Object.keys(schema);
    for (let i = 0; i < 500; i++) {
      const current = fromLink(route, schema, [...new URLSearchParams(randomQuery(rand, keys))]).value;
      const patch: Record<string, unknown> = {};
      const n = Math.floor(rand() * 7);
      for (let j = 0; j < n; j++) {
        const key = rand() < 0.9 ? keys[Math.floor(rand() * keys.length)] : `k${Math.floor(rand() * 50)}`;
        patch[key] = Object.prototype.hasOwnProperty.call(schema, key) ? randomValue(rand, schema[key]) : 1;
      }
      const msg = decodePatch(schema, current, patch);
      const what = `case ${i}: ${JSON.stringify(patch, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`;
      const texts = Object.entries(patch).map(([k, v]) => [k, Object.prototype.hasOwnProperty.call(schema, k) ? asLinkText(schema[k], v) : '1'] as const);
      const spellable = texts.every(([, t]) => t !== undefined);
      const link = spellable
        ? fromLink(route, schema, [...exactLink(schema, current as Record<string, unknown>).filter(([k]) => !(k in patch)), ...(texts as [string, string][])])
        : null;
      const linkClean = link !== null && link.notices.length === 0;
      expect(msg.notices.length === 0, what).toBe(linkClean);
      if (linkClean) {
        expect(msg.value, what).toEqual(link.value);
        // Keys not in the message keep their values.
        for (const k of keys) {
          if (!(k in patch)) expect((msg.value as Record<string, unknown>)[k], `${what} → ${k}`).toEqual((current as Record<string, unknown>)[k]);
        }
      }
      // Whatever was refused, the state the message leaves is one a link gives back unchanged.
      const again = fromLink(route, schema, exactLink(schema, msg.value as Record<string, unknown>));
      expect(again.notices, what).toEqual([]);
      expect(again.value, what).toEqual(msg.value);
    }
  });

  it('takes back every state a link gives (the embedding API posts states; a host may send them back)', () => {
    const rand = mulberry32(route.length * 17 + 1);
    const keys = Object.keys(schema);
    for (let i = 0; i < 200; i++) {
      const state = fromLink(route, schema, [...new URLSearchParams(randomQuery(rand, keys))]).value;
      const back = decodePatch(schema, defaults(schema), structuredClone(state));
      expect(back.notices, `case ${i}`).toEqual([]);
      expect(back.value).toEqual(state);
    }
  });
});

describe('decodePatch on the values the URL refuses', () => {
  const start = defaults(convTransposeSchema);
  const refused: [string, Record<string, unknown>, string][] = [
    ['a non-integer stride', { sH: 4.0000001 }, 'sH=4.0000001 is not an integer'],
    ['a list for one value', { sH: [3] }, 'sH takes one value, not a list'],
    ['a number for a flag', { padSym: 5 }, 'padSym=5 is not 0 or 1'],
    ['a list with text in it', { weights: ['a'] }, 'weights[0] is string, not a number'],
    ['a list with a hole', { weights: [1, , 2] }, 'weights[1] is undefined, not a number'],
    ['an object', { sH: { toString: 0 } }, 'sH is an object'],
    ['null', { kernel: null }, 'kernel is null'],
    ['an overlong list', { weights: new Array(6400).fill(0) }, 'weights has 6400 values (at most 784)'],
  ];
  it.each(refused)('refuses %s with a notice and leaves the state as it was', (_what, patch, notice) => {
    const r = decodePatch(convTransposeSchema, start, patch);
    expect(r.changed).toBe(false);
    expect(r.value).toBe(start);
    expect(r.notices.join('\n')).toContain(notice);
  });

  it('refuses eps below its minimum and momentum above 1 by the least amount a double can say', () => {
    const bn = defaults(bnSchema);
    const r = decodePatch(bnSchema, bn, { eps: 9.999999999999999e-9, momentum: 1.00000001 });
    expect(r.changed).toBe(false);
    expect(r.notices).toHaveLength(2);
    expect(decodePatch(bnSchema, bn, { eps: 1e-8, momentum: 1 }).value).toMatchObject({ eps: 1e-8, momentum: 1 });
  });

  it('reads a number for a list as the list of that one number, as the link gamma=2 does, and does not throw on weights: 5', () => {
    const r = decodePatch(bnSchema, defaults(bnSchema), { gamma: 2 });
    expect(r.notices).toEqual([]);
    expect(r.value.gamma).toEqual([2]);
    const w = decodePatch(convTransposeSchema, start, { weights: 5 });
    expect(w.notices).toEqual(fromLink('conv-transpose', convTransposeSchema, [['weights', '5']]).notices);
  });

  it('reports unknown keys without reading their values, and keeps a good value sent beside them', () => {
    const r = decodePatch(convTransposeSchema, start, { zzz: { toString: 0 }, sH: 3 });
    expect(r.value.sH).toBe(3);
    expect(r.notices).toEqual(['unknown parameter zzz was ignored']);
  });

  it('keeps the current value, not the default, when a value is refused', () => {
    const cur = { ...start, sH: 4, kH: 5 };
    const r = decodePatch(convTransposeSchema, cur, { sH: 'four', kH: 2 });
    expect(r.value).toMatchObject({ sH: 4, kH: 2 });
  });

  it('cannot reach the prototype: an own "__proto__" key is an unknown key', () => {
    const patch: unknown = JSON.parse('{"__proto__": {"sH": 3, "polluted": 1}, "constructor": 1}');
    const r = decodePatch(convTransposeSchema, start, patch);
    expect(r.value).toBe(start);
    expect(r.notices).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([null, undefined, 5, 'sH=3', [1, 2], new Date(0)])('refuses %s as the state to set', (state) => {
    const r = decodePatch(convTransposeSchema, start, state);
    expect(r.value).toBe(start);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain('must be an object of key: value pairs');
  });

  it(`reads the first ${MAX_PATCH_KEYS} keys of a message with 100,000 and says so once`, () => {
    const patch: Record<string, number> = { sH: 3 };
    for (let i = 0; i < 100_000; i++) patch[`k${i}`] = i;
    const r = decodePatch(convTransposeSchema, start, patch);
    expect(r.value.sH).toBe(3);
    expect(r.notices[0]).toBe(`100001 keys were sent; only the first ${MAX_PATCH_KEYS} were read (this page has ${Object.keys(convTransposeSchema).length})`);
    expect(r.notices).toHaveLength(MAX_PATCH_KEYS); // the cap, then the 63 unknown keys that were read
  });

  it('quotes keys and values without control or bidi characters, and briefly', () => {
    const r = decodePatch(convTransposeSchema, start, { ['\u202eevil\u0000' + 'k'.repeat(500)]: 1, kernel: '\u2066x\u2069'.repeat(100) });
    for (const n of r.notices) expect(n).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    expect(r.notices[0]).toContain('kernel=xxx');
    expect(Math.max(...r.notices.map((n) => n.length))).toBeLessThan(200);
  });

  it('says nothing changed when the values sent are the current ones', () => {
    const r = decodePatch(convTransposeSchema, start, { sH: start.sH, weights: [] });
    expect(r.changed).toBe(false);
    expect(r.notices).toEqual([]);
  });
});
