/**
 * Text that comes from outside the app — a link's keys and values, a message from an embedding page, a file — is
 * shown back to the reader only through `echoText`: control characters and bidirectional-formatting characters are
 * removed (a link must not be able to reorder, hide or break the words of a notice around it, the "Trojan Source"
 * trick) and the length is capped (a link, message or file must not be able to fill the page with text).
 */

/** The longest echoed piece, in characters, counting the closing "…". */
export const ECHO_MAX = 200;

/**
 * C0 and C1 controls (U+0000–U+001F, U+007F–U+009F), the implicit marks LRM, RLM and ALM (U+200E, U+200F, U+061C),
 * the embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * `raw` without control or bidi-formatting characters, at most `max` characters long (a longer text keeps its first
 * `max - 1` characters and ends in "…"). Characters are code points, so a cut never splits a surrogate pair. Work
 * stops once `max` characters are kept, so a text of any length costs no more than its first few hundred characters.
 */
export function echoText(raw: string, max = ECHO_MAX): string {
  let out = '';
  let kept = 0;
  for (const ch of raw) {
    if (UNSAFE.test(ch)) continue;
    if (kept === max) return `${[...out].slice(0, Math.max(0, max - 1)).join('')}…`;
    out += ch;
    kept++;
  }
  return out;
}

/**
 * At most `limit` messages: the first `limit - 1` and one saying how many more there were (the list itself when it
 * is short enough). For a flood of notices from one link or message.
 */
export function collapseNotices(messages: readonly string[], limit: number): string[] {
  if (messages.length <= limit) return [...messages];
  const keep = Math.max(0, limit - 1);
  const more = messages.length - keep;
  return [...messages.slice(0, keep), `…and ${more} more ${more === 1 ? 'notice' : 'notices'}`];
}
