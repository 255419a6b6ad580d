/**
 * A partial state that comes from outside the URL (the embedding API's `layerlab:set` message) is read by the URL's
 * own decoder, so the two accept exactly the same values. Each value becomes the text a link would carry — exactly:
 * `String(4.0000001)` is `4.0000001`, which the decoder refuses for an integer field, where rounding it for display
 * would have let it through — and only the kinds of value a link can spell are taken (a number, true/false, text, and
 * a list of numbers for a list field). The accepted texts replace theirs in the current state's text, and the whole
 * is read by `parseParams` like any link, so combinations are checked the same way. A refused value leaves the
 * current one in place. Pure and total: nothing a message holds makes it throw.
 */
import { echoText } from '../util/echo-text.ts';
import { checkField, parseParams, type FieldSpec, type Schema, type ValueOf } from './schema.ts';

/** Keys read from one message; the largest page state has 32 fields. */
export const MAX_PATCH_KEYS = 64;

export type LinkText = { ok: true; text: string } | { ok: false; why: string };

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'undefined': return 'undefined';
    case 'object': return 'an object';
    case 'function': return 'a function';
    case 'bigint': return 'a BigInt';
    case 'symbol': return 'a symbol';
    default: return typeof v;
  }
}

/**
 * The link text for value `v` of field `key`, or why a link cannot say it. No value is converted through its own
 * `toString` or `valueOf`: only strings, numbers, booleans and lists of numbers are read.
 */
export function linkText(key: string, f: FieldSpec, v: unknown): LinkText {
  if (typeof v === 'string') return { ok: true, text: v };
  if (typeof v === 'number' || typeof v === 'boolean') return { ok: true, text: String(v) };
  if (Array.isArray(v)) {
    if (f.kind !== 'numbers') return { ok: false, why: `${key} takes one value, not a list` };
    if (v.length > f.maxLength) return { ok: false, why: `${key} has ${v.length} values (at most ${f.maxLength})` };
    const parts: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item !== 'number') return { ok: false, why: `${key}[${i}] is ${describe(item)}, not a number` };
      parts.push(String(item));
    }
    return { ok: true, text: parts.join(',') };
  }
  return { ok: false, why: `${key} is ${describe(v)}; a value is a number, true or false, text, or a list of numbers` };
}

export interface PatchResult<T> {
  /** The state after the patch (the current one when nothing was accepted). */
  value: T;
  /** Whether any field's value differs from the current state. */
  changed: boolean;
  /** Why some keys or values were ignored, in the order they were sent. */
  notices: string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Apply `patch` (key → value, as a message carries it) to `current`, validated exactly like a link. */
export function decodePatch<S extends Schema>(
  schema: S,
  current: ValueOf<S>,
  patch: unknown,
  maxKeys = MAX_PATCH_KEYS,
): PatchResult<ValueOf<S>> {
  if (!isPlainObject(patch)) {
    return { value: current, changed: false, notices: [`the state to set is ${describe(patch)}; it must be an object of key: value pairs`] };
  }
  const notices: string[] = [];
  const keys = Object.keys(patch);
  if (keys.length > maxKeys) {
    notices.push(`${keys.length} keys were sent; only the first ${maxKeys} were read (this page has ${Object.keys(schema).length})`);
  }
  const cur = current as Record<string, unknown>;
  const text = new Map<string, string>();
  for (const [key, f] of Object.entries(schema)) {
    const t = linkText(key, f, cur[key]);
    if (t.ok) text.set(key, t.text);
  }
  // Unknown keys go to the decoder as they are, so they are reported in the words a link's unknown keys are.
  const unknown: [string, string][] = [];
  for (const key of keys.slice(0, maxKeys)) {
    const f = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    if (!f) {
      unknown.push([key, '']);
      continue;
    }
    const t = linkText(key, f, patch[key]);
    const r = t.ok ? checkField(key, f, t.text) : t;
    if (!r.ok) notices.push(`${r.why}; ignored`);
    else if (t.ok) text.set(key, t.text);
  }
  const parsed = parseParams(schema, new URLSearchParams([...text, ...unknown]));
  notices.push(...parsed.notices);
  const next = parsed.value as Record<string, unknown>;
  let changed = false;
  for (const [key, f] of Object.entries(schema)) {
    const a = linkText(key, f, cur[key]);
    const b = linkText(key, f, next[key]);
    if (!a.ok || !b.ok || a.text !== b.text) changed = true;
  }
  return { value: changed ? parsed.value : current, changed, notices: notices.map((n) => echoText(n)) };
}
