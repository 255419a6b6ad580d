/**
 * The tiny markup lesson texts may use, read into plain data that the player turns into DOM nodes one by one (never
 * HTML from the file): a blank line starts a paragraph; *emphasis*; `code`; $math-like text$ in which ^x or ^{…}
 * is a superscript and _x or _{…} a subscript. A marker without its closing partner is plain text.
 */

export type MathPart = { kind: 'text' | 'sup' | 'sub'; text: string };
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'em'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'math'; parts: MathPart[] };
export type Paragraph = Inline[];

function mathParts(src: string): MathPart[] {
  const parts: MathPart[] = [];
  let plain = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if ((c === '^' || c === '_') && i + 1 < src.length) {
      let body: string;
      if (src[i + 1] === '{') {
        const end = src.indexOf('}', i + 2);
        if (end < 0) {
          plain += c;
          continue;
        }
        body = src.slice(i + 2, end);
        i = end;
      } else {
        const cp = src.codePointAt(i + 1)!;
        body = String.fromCodePoint(cp);
        i += body.length;
      }
      if (plain) parts.push({ kind: 'text', text: plain });
      plain = '';
      parts.push({ kind: c === '^' ? 'sup' : 'sub', text: body });
    } else plain += c;
  }
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

function inlines(src: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '*' || c === '`' || c === '$') {
      const end = src.indexOf(c, i + 1);
      // An empty pair (`**`, `$$`) or a lone marker stays as typed; so does a * or $ with a space inside it
      // (`2 * 3 * 4`, `$5 and $6`), as in Markdown.
      const flanked = c === '`' || (end > i + 1 && !/\s/.test(src[i + 1]) && !/\s/.test(src[end - 1]));
      if (end > i + 1 && flanked) {
        flush();
        const body = src.slice(i + 1, end);
        if (c === '*') out.push({ kind: 'em', text: body });
        else if (c === '`') out.push({ kind: 'code', text: body });
        else out.push({ kind: 'math', parts: mathParts(body) });
        i = end;
        continue;
      }
    }
    plain += c;
  }
  flush();
  return out;
}

/** Paragraphs of inline pieces; whitespace inside a paragraph collapses to single spaces. */
export function parseMarkup(src: string): Paragraph[] {
  return src
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '')
    .map(inlines);
}
