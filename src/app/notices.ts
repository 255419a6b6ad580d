import { echoText } from '../util/echo-text.ts';

/**
 * Notices shown at once; any more are counted in one "N more" notice that also quotes the last of them (a link with
 * 10,000 bad keys is one line, and a notice about what the reader just did is still read).
 */
export const MAX_SHOWN_NOTICES = 5;
/** A notice's text is capped here: echoed pieces are capped where they are quoted, this guards the whole line. */
export const MAX_NOTICE_LENGTH = 1000;

/**
 * The app's notice area: dismissible messages (e.g. a link whose parameters were ignored). Every message passes
 * through `echoText` (no control or bidi-formatting characters), so whatever a caller quotes from outside cannot
 * disguise the notice; `show(message, Infinity)` keeps a long message whole (a link to copy by hand).
 */
export function createNoticeArea(el: HTMLElement) {
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');
  el.dataset.testid = 'notices';
  /** Every message shown or counted since it was last dismissed: each is told once. */
  const seen = new Set<string>();
  let shown = 0;
  let hidden: string[] = [];
  let more: { item: HTMLElement; text: HTMLElement } | null = null;

  const makeItem = (message: string, onClose: () => void) => {
    const item = document.createElement('div');
    item.className = 'notice';
    item.dataset.testid = 'notice';
    const text = document.createElement('span');
    text.textContent = message;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'notice-close';
    close.setAttribute('aria-label', 'Dismiss notice');
    close.textContent = '×';
    close.addEventListener('click', () => {
      item.remove();
      onClose();
    });
    item.append(text, close);
    return { item, text };
  };

  const showMore = () => {
    const n = hidden.length;
    const line = `…and ${n} more ${n === 1 ? 'notice' : 'notices'}; the last: ${hidden[n - 1]}`;
    if (more) {
      more.text.textContent = line;
      return;
    }
    more = makeItem(line, () => {
      for (const m of hidden) seen.delete(m);
      hidden = [];
      more = null;
    });
    more.item.dataset.more = '';
    el.append(more.item);
  };

  return {
    show(message: string, maxLength = MAX_NOTICE_LENGTH): void {
      const clean = echoText(message, maxLength);
      if (seen.has(clean)) return;
      seen.add(clean);
      if (shown >= MAX_SHOWN_NOTICES) {
        hidden.push(clean);
        showMore();
        return;
      }
      shown++;
      const { item } = makeItem(clean, () => {
        shown--;
        seen.delete(clean);
      });
      if (more) el.insertBefore(item, more.item);
      else el.append(item);
    },
    /** Every message now told — shown, or counted in the "N more" line — in order (for tests: window.__layerLab). */
    told(): string[] {
      return [...seen];
    },
    clear(): void {
      el.replaceChildren();
      seen.clear();
      shown = 0;
      hidden = [];
      more = null;
    },
  };
}
