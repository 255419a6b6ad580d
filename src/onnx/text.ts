/**
 * Text that comes from a file (names, attribute values) or is built from it (messages listing its numbers) is
 * bounded here before anyone prints it: a Conv with 3,000,000 `dilations` must not put 27 M characters on the page.
 */

/** The longest text printed for one field or message. */
export const MAX_TEXT = 200;

/** Controls and bidi overrides/isolates: they would reorder or hide the text around them. */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` without control characters, cut to `max` characters with "…" when longer. */
export function capText(s: string, max = MAX_TEXT): string {
  // Cut first, so a 27 M character string is not scanned by the regular expression.
  const head = s.length > max * 2 ? s.slice(0, max * 2) : s;
  const clean = head.replace(INVISIBLE, '');
  return clean.length > max || head.length < s.length ? `${clean.slice(0, max - 1)}…` : clean;
}

/** `[a, b, c]`, or the first `max` entries and how many there are: `[1, 1, 1, …] (3,000,000 values)`. */
export function listText(values: readonly (number | string | null)[], max = 8): string {
  const shown = values.slice(0, max).map((v) => (v === null ? '?' : String(v)));
  return values.length > max ? `[${shown.join(', ')}, …] (${values.length.toLocaleString('en-US')} values)` : `[${shown.join(', ')}]`;
}
