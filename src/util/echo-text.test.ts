import { describe, expect, it } from 'vitest';
import { collapseNotices, ECHO_MAX, echoText } from './echo-text.ts';

describe('echoText', () => {
  it('keeps ordinary text, accents and emoji as they are', () => {
    expect(echoText('stride=3 · γ ≥ 0.5 🙂')).toBe('stride=3 · γ ≥ 0.5 🙂');
  });

  it('removes C0 and C1 controls, DEL, the bidi marks, embeddings, overrides and isolates', () => {
    const unsafe = ['\u0000', '\n', '\u001b', '\u007f', '\u0085', '\u009f', '\u061c', '\u200e', '\u200f',
      '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const ch of unsafe) expect(echoText(`a${ch}b`), `U+${ch.charCodeAt(0).toString(16)}`).toBe('ab');
    // The "Trojan Source" form: an override that would show the key reversed.
    expect(echoText('\u202eevil\u202c=1')).toBe('evil=1');
  });

  it(`caps the text at ${ECHO_MAX} characters, the last of them "…"`, () => {
    const out = echoText('x'.repeat(10_000));
    expect([...out]).toHaveLength(ECHO_MAX);
    expect(out.endsWith('x…')).toBe(true);
    expect(echoText('x'.repeat(ECHO_MAX))).toBe('x'.repeat(ECHO_MAX));
    expect(echoText('abcdef', 4)).toBe('abc…');
  });

  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    expect(echoText('🙂'.repeat(5), 3)).toBe('🙂🙂…');
  });

  it('removed characters do not count towards the cap', () => {
    expect(echoText('\u202e'.repeat(1000) + 'abc', 3)).toBe('abc');
  });
});

describe('collapseNotices', () => {
  it('keeps a short list as it is', () => {
    expect(collapseNotices(['a', 'b'], 3)).toEqual(['a', 'b']);
    expect(collapseNotices(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
  });

  it('turns a long list into its first few and one "N more"', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `unknown parameter k${i} was ignored`);
    const out = collapseNotices(many, 8);
    expect(out).toHaveLength(8);
    expect(out.slice(0, 7)).toEqual(many.slice(0, 7));
    expect(out[7]).toBe('…and 9993 more notices');
    expect(collapseNotices(['a', 'b', 'c'], 2)).toEqual(['a', '…and 2 more notices']);
    expect(collapseNotices(['a', 'b', 'c', 'd'], 3)[2]).toBe('…and 2 more notices');
  });
});
