/**
 * Random and malformed URL queries for property tests of the URL decoder (Vitest) and of the page
 * (Playwright). Seeded, so a failing query can be reproduced from its index.
 */
import { mulberry32 } from '../util/random.ts';

export { mulberry32 };

const JUNK = ['', '-1', '0', '1e999', 'NaN', '%', '%E0%A4%A', '0x10', ' 3', '3 ', '1,2,,3', '∞', '<script>', 'true',
  '2.5', '999999999', '-0', '1e-30', 'null', '[]', '{}', '1;2', "'", '"'];

/** A query string of 0–7 parameters: mostly known keys with junk or random numbers, some unknown keys. */
export function randomQuery(rand: () => number, keys: readonly string[]): string {
  const parts: string[] = [];
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const key = rand() < 0.8 && keys.length > 0 ? keys[Math.floor(rand() * keys.length)] : `k${Math.floor(rand() * 100)}`;
    const val = rand() < 0.5 ? JUNK[Math.floor(rand() * JUNK.length)] : String(Math.round((rand() - 0.3) * 40 * 100) / 100);
    parts.push(rand() < 0.1 ? key : `${key}=${encodeURIComponent(val).replace(/%25/g, rand() < 0.5 ? '%' : '%25')}`);
  }
  if (rand() < 0.1) parts.push('&&=&');
  if (rand() < 0.1) parts.push('v=' + Math.floor(rand() * 3));
  return parts.join('&');
}
