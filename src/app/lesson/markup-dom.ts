/**
 * Lesson text to DOM: every piece of the parsed markup (state/lesson-markup.ts) becomes a text node inside an element
 * this function chose, so nothing in a lesson file is ever read as HTML.
 */
import { parseMarkup, type Inline } from '../../state/lesson-markup.ts';

function inline(piece: Inline): Node {
  switch (piece.kind) {
    case 'text':
      return document.createTextNode(piece.text);
    case 'em': {
      const em = document.createElement('em');
      em.textContent = piece.text;
      return em;
    }
    case 'code': {
      const code = document.createElement('code');
      code.textContent = piece.text;
      return code;
    }
    case 'math': {
      const span = document.createElement('span');
      span.className = 'math';
      for (const part of piece.parts) {
        if (part.kind === 'text') span.append(part.text);
        else {
          const s = document.createElement(part.kind);
          s.textContent = part.text;
          span.append(s);
        }
      }
      return span;
    }
  }
}

/** Paragraphs for `src`; a single paragraph can also be put inline with `inlineMarkup`. */
export function renderMarkup(src: string): HTMLParagraphElement[] {
  return parseMarkup(src).map((pieces) => {
    const p = document.createElement('p');
    p.append(...pieces.map(inline));
    return p;
  });
}

export function inlineMarkup(src: string): Node[] {
  return parseMarkup(src).flatMap((pieces, i) => [...(i > 0 ? [document.createTextNode(' ')] : []), ...pieces.map(inline)]);
}
