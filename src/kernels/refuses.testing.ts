import { expect } from 'vitest';
import { ParamError } from './param-error.ts';

/**
 * `fn` must throw a ParamError naming `param` whose message contains `message`: the page routes by the first
 * and shows the second.
 */
export function refuses(fn: () => unknown, param: string, message: string): void {
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a refusal: ${message}`).toBeInstanceOf(ParamError);
  expect((error as ParamError).message).toContain(message);
  expect((error as ParamError).param, (error as ParamError).message).toBe(param);
}
