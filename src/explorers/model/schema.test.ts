import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseParams } from '../../state/schema.ts';
import { modelSchema, REFERENCE_NAMES } from './schema.ts';
import { MODELS_DIR } from './testing.ts';

describe('model page state', () => {
  it('offers exactly the reference models in public/models', () => {
    const files = readdirSync(MODELS_DIR).filter((f) => f.endsWith('.onnx')).map((f) => f.slice(0, -5)).sort();
    expect([...REFERENCE_NAMES].sort()).toEqual(files);
  });

  it('a link names a reference model; anything else falls back to none with a notice', () => {
    expect(parseParams(modelSchema, new URLSearchParams('ref=dcgan-block&node=1')).value).toEqual({ ref: 'dcgan-block', node: 1 });
    const bad = parseParams(modelSchema, new URLSearchParams('ref=../../etc/passwd'));
    expect(bad.value.ref).toBe('none');
    expect(bad.notices[0]).toMatch(/^ref=\.\.\/\.\.\/etc\/passwd is not one of none, dcgan-generator/);
  });
});
