import { describe, expect, it } from 'vitest';
import { parseMarkup } from './lesson-markup.ts';

describe('parseMarkup', () => {
  it('reads *emphasis*, `code` and $math$ with sub- and superscripts', () => {
    expect(parseMarkup('a *b* `c` $x_{out}^2$')).toEqual([[
      { kind: 'text', text: 'a ' },
      { kind: 'em', text: 'b' },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'c' },
      { kind: 'text', text: ' ' },
      { kind: 'math', parts: [{ kind: 'text', text: 'x' }, { kind: 'sub', text: 'out' }, { kind: 'sup', text: '2' }] },
    ]]);
  });

  it('splits paragraphs on blank lines and collapses whitespace', () => {
    expect(parseMarkup('one\n two\n\n\nthree ')).toEqual([[{ kind: 'text', text: 'one two' }], [{ kind: 'text', text: 'three' }]]);
  });

  it('keeps lone and empty markers as typed, and HTML as text', () => {
    expect(parseMarkup('2 * 3 costs $5, ** and <b>x</b>')).toEqual([[{ kind: 'text', text: '2 * 3 costs $5, ** and <b>x</b>' }]]);
    expect(parseMarkup('$a^{b$')).toEqual([[{ kind: 'math', parts: [{ kind: 'text', text: 'a^{b' }] }]]);
  });

  it('takes a whole character (not half a surrogate pair) after ^ or _', () => {
    expect(parseMarkup('$x^𝑛$')[0][0]).toEqual({ kind: 'math', parts: [{ kind: 'text', text: 'x' }, { kind: 'sup', text: '𝑛' }] });
  });
});
