/**
 * A schema table describes one explorer's state, field by field (after tensorflow/playground's state table,
 * but validated while parsing: any limit the UI enforces is also enforced here, so an edited URL cannot
 * bypass it). Parsing is pure and never throws: bad values fall back to the default and produce a notice.
 * A schema may carry a cross-field check (`withCheck`): values that pass one by one but that the kernels refuse
 * together (e.g. output padding ≥ stride) are reported as the link is read and reverted to their defaults.
 */
import { echoText } from '../util/echo-text.ts';

export type FieldSpec =
  | { kind: 'int'; default: number; min: number; max: number; label?: string }
  | { kind: 'number'; default: number; min: number; max: number; label?: string }
  | { kind: 'bool'; default: boolean; label?: string }
  | { kind: 'enum'; default: string; values: readonly string[]; label?: string }
  | { kind: 'numbers'; default: readonly number[]; min: number; max: number; maxLength: number; label?: string };

export type Schema = Record<string, FieldSpec>;

/** The TypeScript value type a schema describes. */
export type ValueOf<S extends Schema> = {
  [K in keyof S]: S[K] extends { kind: 'bool' } ? boolean
    : S[K] extends { kind: 'enum'; values: readonly (infer V)[] } ? V
    : S[K] extends { kind: 'numbers' } ? number[]
    : number;
};

export function defaults<S extends Schema>(schema: S): ValueOf<S> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(schema)) out[k] = f.kind === 'numbers' ? [...f.default] : f.default;
  return out as ValueOf<S>;
}

/** A combination of field values the kernels refuse, found after every field passed its own check. */
export interface CombinationProblem {
  /** The parameter the kernel library named (its ParamError.param). */
  param: string;
  /** The kernel library's message, e.g. `outputPadding (2) must be smaller than stride (2) or dilation (1)`. */
  message: string;
  /** The fields that set `param`: reverted to their defaults first, where the link gave them. */
  fields: readonly string[];
}

interface Check {
  run: (value: Record<string, unknown>) => CombinationProblem | null;
  /** Every field the check reads: reverted (where the link gave them) when none of `fields` came from the link. */
  related: readonly string[];
}

const checks = new WeakMap<Schema, Check>();

/**
 * Give `schema` a cross-field check that `parseParams` runs after the field checks (every way state comes in —
 * links, the embedding API, lessons — goes through it). `related` lists every field `check` reads.
 * Returns the schema itself, so an explorer writes `export const mySchema = withCheck({ … }, check, related)`.
 */
export function withCheck<S extends Schema>(
  schema: S, check: (value: ValueOf<S>) => CombinationProblem | null, related: readonly (keyof S & string)[],
): S {
  checks.set(schema, { run: (v) => check(v as ValueOf<S>), related });
  return schema;
}

export interface ParseResult<T> {
  value: T;
  /** Human-readable reasons why some parameters were ignored. Empty when the input was clean. */
  notices: string[];
}

const NUMBER_RE = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function parseNumber(raw: string): number | null {
  if (!NUMBER_RE.test(raw.trim())) return null;
  const n = Number(raw);
  return n === 0 ? 0 : n; // "-0" would not survive a round-trip through the URL
}

/** Check one value against its field; returns the value or an explanation of why it is refused. */
export function checkField(key: string, f: FieldSpec, raw: string): { ok: true; value: unknown } | { ok: false; why: string } {
  const show = echoText(raw, 40);
  switch (f.kind) {
    case 'bool':
      if (raw === '1' || raw === 'true') return { ok: true, value: true };
      if (raw === '0' || raw === 'false') return { ok: true, value: false };
      return { ok: false, why: `${key}=${show} is not 0 or 1` };
    case 'enum':
      if (f.values.includes(raw)) return { ok: true, value: raw };
      return { ok: false, why: `${key}=${show} is not one of ${f.values.join(', ')}` };
    case 'int':
    case 'number': {
      const n = parseNumber(raw);
      if (n === null || !Number.isFinite(n)) return { ok: false, why: `${key}=${show} is not a number` };
      if (f.kind === 'int' && !Number.isInteger(n)) return { ok: false, why: `${key}=${show} is not an integer` };
      if (n < f.min || n > f.max) return { ok: false, why: `${key}=${show} is outside ${f.min}…${f.max}` };
      return { ok: true, value: n };
    }
    case 'numbers': {
      const parts = raw === '' ? [] : raw.split(',');
      if (parts.length > f.maxLength) return { ok: false, why: `${key} has ${parts.length} values (at most ${f.maxLength})` };
      const vals: number[] = [];
      for (const p of parts) {
        const n = parseNumber(p);
        if (n === null || !Number.isFinite(n) || n < f.min || n > f.max) {
          return { ok: false, why: `${key} has a value ${p.slice(0, 20)} that is not a number in ${f.min}…${f.max}` };
        }
        vals.push(n);
      }
      return { ok: true, value: vals };
    }
  }
}

/**
 * Parse URL parameters with a schema. Keys listed in `ignore` (e.g. the version or embed flags handled
 * elsewhere) are skipped; any other unknown key produces a notice.
 */
export function parseParams<S extends Schema>(
  schema: S,
  params: URLSearchParams,
  ignore: readonly string[] = [],
): ParseResult<ValueOf<S>> {
  const value = defaults(schema) as Record<string, unknown>;
  const notices: string[] = [];
  const seen = new Set<string>();
  for (const [key, raw] of params) {
    if (ignore.includes(key)) continue;
    if (seen.has(key)) {
      notices.push(`${echoText(key, 30)} was given more than once; the first value was used`);
      continue;
    }
    seen.add(key);
    const f = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    if (!f) {
      notices.push(`unknown parameter ${echoText(key, 30)} was ignored`);
      continue;
    }
    const r = checkField(key, f, raw);
    if (r.ok) value[key] = r.value;
    else notices.push(`${r.why}; using the default ${formatValue(f, f.default)}`);
  }
  const check = checks.get(schema);
  if (check) checkCombination(schema, check, value, seen, notices);
  return { value: value as ValueOf<S>, notices };
}

/**
 * Run the schema's cross-field check; while it fails, revert the fields it names (else every related field) that
 * the input set to something other than the default, with a notice each time. A few rounds suffice: each reverts
 * at least one field, and the defaults themselves are valid.
 */
function checkCombination(schema: Schema, check: Check, value: Record<string, unknown>, given: ReadonlySet<string>, notices: string[]): void {
  const changed = (k: string): boolean => {
    const f = Object.prototype.hasOwnProperty.call(schema, k) ? schema[k] : undefined;
    return f !== undefined && given.has(k) && formatValue(f, value[k]) !== formatValue(f, f.default);
  };
  for (let round = 0; round < 4; round++) {
    let problem: CombinationProblem | null;
    try {
      problem = check.run(value);
    } catch (e) {
      problem = { param: '', message: e instanceof Error ? e.message : String(e), fields: [] };
    }
    if (problem === null) return;
    let revert = problem.fields.filter(changed);
    if (revert.length === 0) revert = check.related.filter(changed);
    if (revert.length === 0) return;
    for (const k of revert) {
      const f = schema[k];
      value[k] = f.kind === 'numbers' ? [...f.default] : f.default;
    }
    notices.push(`${problem.message}; using the default ${revert.map((k) => `${k}=${formatValue(schema[k], schema[k].default)}`).join(', ')}`);
  }
}

export function formatValue(f: FieldSpec, v: unknown): string {
  if (f.kind === 'bool') return v ? '1' : '0';
  if (f.kind === 'numbers') return (v as number[]).map(compactNumber).join(',');
  if (typeof v === 'number') return compactNumber(v);
  return String(v);
}

/** Shortest decimal that round-trips through float32 (keeps URLs readable). */
export function compactNumber(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === Math.fround(v)) return String(s);
  }
  return String(v);
}

/** Serialise only the fields that differ from the defaults, in schema order. */
export function serialiseParams<S extends Schema>(schema: S, value: ValueOf<S>): URLSearchParams {
  const out = new URLSearchParams();
  const v = value as Record<string, unknown>;
  for (const [key, f] of Object.entries(schema)) {
    const s = formatValue(f, v[key]);
    if (s !== formatValue(f, f.default)) out.set(key, s);
  }
  return out;
}
