import { describe, expect, it } from 'vitest';
import { convTransposeSchema } from '../explorers/conv-transpose/schema.ts';
import { bnSchema } from '../explorers/batch-norm/schema.ts';
import { normSchema } from '../explorers/normalization/schema.ts';
import { trainingSchema } from '../explorers/training/schema.ts';
import { parseHash } from './route.ts';
import { RESERVED_KEYS } from './presentation.ts';
import { mulberry32, randomQuery } from './random-query.ts';
import { checkField, defaults, parseParams, serialiseParams, type Schema } from './schema.ts';

/** Every explorer's real schema gets 250 random and malformed links through the same path the app uses. */
const schemas: [string, Schema][] = [
  ['conv-transpose', convTransposeSchema],
  ['batch-norm', bnSchema],
  ['normalization', normSchema],
  ['training', trainingSchema],
];

describe.each(schemas)('the %s link decoder', (route, schema) => {
  it('defaults round-trip to an empty query', () => {
    expect(serialiseParams(schema, defaults(schema)).toString()).toBe('');
  });

  it('on 250 random and malformed links never throws, keeps every value in its field, and re-reads its own output cleanly', () => {
    const rand = mulberry32(route.length * 1009);
    const keys = [...Object.keys(schema), ...RESERVED_KEYS];
    for (let i = 0; i < 250; i++) {
      const hash = `#/${route}?${randomQuery(rand, keys)}`;
      const parsed = parseHash(hash);
      expect(parsed.route, hash).toBe(route);
      const { value } = parseParams(schema, parsed.params, RESERVED_KEYS);
      const v = value as Record<string, unknown>;
      for (const [key, field] of Object.entries(schema)) {
        const text = Array.isArray(v[key]) ? (v[key] as number[]).join(',') : String(field.kind === 'bool' ? (v[key] ? 1 : 0) : v[key]);
        expect(checkField(key, field, text).ok, `${hash} → ${key}=${text}`).toBe(true);
      }
      const again = parseParams(schema, serialiseParams(schema, value));
      expect(again.notices, hash).toEqual([]);
      expect(again.value).toEqual(value);
    }
  });
});
