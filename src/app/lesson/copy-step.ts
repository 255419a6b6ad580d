/**
 * "Copy as lesson step": the current page's route, the state fields that differ from its defaults and the panel in
 * focus, as one step of the lesson format (docs/lessons.md) — an author clicks through the app, copies each view
 * and writes the text around them.
 */
import { lessonStepFromState } from '../../state/lesson.ts';
import type { Schema } from '../../state/schema.ts';

export interface CopyStepHost {
  /** The explorer on the page, or null (start page, a lesson). */
  current(): { route: string; schema: Schema; state: object } | null;
  root: HTMLElement;
  announce(message: string): void;
  notify(message: string, maxLength?: number): void;
}

/** The panel holding the keyboard focus, else the first one whose top half is on screen. */
export function focusedPanel(root: HTMLElement): string | null {
  const active = document.activeElement;
  const own = active instanceof Element ? active.closest<HTMLElement>('[data-panel]') : null;
  if (own && root.contains(own)) return own.dataset.panel ?? null;
  for (const p of root.querySelectorAll<HTMLElement>('section[data-panel]')) {
    const r = p.getBoundingClientRect();
    if (r.height > 0 && r.bottom > 0 && r.top < window.innerHeight / 2) return p.dataset.panel ?? null;
  }
  return null;
}

export function installCopyStep(button: HTMLElement, host: CopyStepHost): void {
  button.addEventListener('click', async () => {
    const cur = host.current();
    if (!cur) {
      host.notify('Open an explorer page to copy its view as a lesson step.');
      return;
    }
    const step = lessonStepFromState(cur.route, cur.schema, cur.state as Record<string, unknown>, focusedPanel(host.root));
    const json = JSON.stringify(step, null, 2);
    try {
      await navigator.clipboard.writeText(json);
      host.announce('Lesson step copied');
      host.notify('Lesson step copied to the clipboard: paste it into a lesson’s steps (docs/lessons.md).');
    } catch {
      host.notify(`Copy this lesson step: ${json.replace(/\s+/g, ' ')}`, Infinity);
    }
  });
}
