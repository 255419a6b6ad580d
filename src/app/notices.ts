/** The app's notice area: dismissible messages (e.g. a link whose parameters were ignored). */
export function createNoticeArea(el: HTMLElement) {
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');
  el.dataset.testid = 'notices';
  const shown = new Set<string>();
  return {
    show(message: string): void {
      if (shown.has(message)) return;
      shown.add(message);
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
        shown.delete(message);
      });
      item.append(text, close);
      el.append(item);
    },
    clear(): void {
      el.replaceChildren();
      shown.clear();
    },
  };
}
