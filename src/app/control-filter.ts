/**
 * Lock, hide or keep only some control groups of an explorer, by one DOM convention instead of code in every page:
 * each explorer marks a control group with `data-control="<id>"` (several elements may share an id). Locked: its
 * inputs disabled, `aria-disabled` and a tooltip; hidden: `display: none`, and its section too once nothing else is
 * left in it. Explorers re-synchronise their controls on every render (and some enable or disable inputs as they
 * go), so the filter watches the subtree and puts its marks back; it only ever undoes what it did itself.
 */
import '../styles/lessons.css';
import type { ControlFilterSpec } from '../state/control-filter.ts';

export const LOCKED_TITLE = 'locked by this link';

const FORM_CONTROLS = 'input, select, textarea, button';

export interface ControlFilter {
  /** Replace what is locked and hidden (e.g. "try it yourself" unlocks). */
  update(spec: ControlFilterSpec): void;
  /** Ids the spec names that no element under the root carries. */
  missing(): string[];
  /** Undo every mark and stop watching. */
  dispose(): void;
}

function isEmpty(spec: ControlFilterSpec): boolean {
  return spec.lock.length === 0 && spec.hide.length === 0 && spec.only === undefined;
}

export function applyControlFilter(root: HTMLElement, initial: ControlFilterSpec): ControlFilter {
  let spec = initial;
  let observer: MutationObserver | null = null;

  const hide = (el: HTMLElement, on: boolean) => {
    if (on && !el.hasAttribute('data-filter-hidden')) {
      el.setAttribute('data-filter-hidden', '');
      el.style.setProperty('display', 'none', 'important');
    } else if (!on && el.hasAttribute('data-filter-hidden')) {
      el.removeAttribute('data-filter-hidden');
      el.style.removeProperty('display');
    }
  };

  const lock = (group: HTMLElement, on: boolean) => {
    const inputs = [...(group.matches(FORM_CONTROLS) ? [group] : []), ...group.querySelectorAll<HTMLElement>(FORM_CONTROLS)];
    if (on) {
      if (!group.hasAttribute('data-filter-locked')) {
        group.setAttribute('data-filter-locked', '');
        group.setAttribute('data-filter-title', group.getAttribute('title') ?? '');
        group.setAttribute('title', LOCKED_TITLE);
        group.setAttribute('aria-disabled', 'true');
      }
      for (const i of inputs as (HTMLElement & { disabled: boolean })[]) {
        if (!i.disabled) {
          i.disabled = true;
          i.setAttribute('data-filter-disabled', '');
        }
      }
    } else if (group.hasAttribute('data-filter-locked')) {
      group.removeAttribute('data-filter-locked');
      const title = group.getAttribute('data-filter-title') ?? '';
      if (title) group.setAttribute('title', title);
      else group.removeAttribute('title');
      group.removeAttribute('data-filter-title');
      group.removeAttribute('aria-disabled');
      for (const i of inputs as (HTMLElement & { disabled: boolean })[]) {
        if (i.hasAttribute('data-filter-disabled')) {
          i.disabled = false;
          i.removeAttribute('data-filter-disabled');
        }
      }
    }
  };

  const apply = () => {
    const groups = [...root.querySelectorAll<HTMLElement>('[data-control]')];
    for (const g of groups) {
      const id = g.dataset.control ?? '';
      hide(g, spec.hide.includes(id) || (spec.only !== undefined && !spec.only.includes(id)));
      lock(g, spec.lock.includes(id));
    }
    // A section (fieldset) whose every group is hidden and that holds no other control goes too.
    const sections = new Set(groups.map((g) => g.parentElement?.closest('fieldset')).filter((s): s is HTMLFieldSetElement => !!s && root.contains(s)));
    for (const s of sections) {
      const inner = [...s.querySelectorAll<HTMLElement>('[data-control]')];
      const allHidden = inner.every((g) => g.hasAttribute('data-filter-hidden'));
      const loose = [...s.querySelectorAll(FORM_CONTROLS)].some((c) => !c.closest('[data-control]'));
      hide(s, allHidden && !loose);
    }
  };

  const watch = () => {
    observer?.disconnect();
    observer = null;
    if (isEmpty(spec)) return;
    const options: MutationObserverInit = { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] };
    const obs = new MutationObserver(() => {
      // Our own writes would call us again: stop listening while they are made.
      obs.disconnect();
      apply();
      obs.takeRecords();
      obs.observe(root, options);
    });
    obs.observe(root, options);
    observer = obs;
  };

  apply();
  watch();
  return {
    update(next) {
      spec = next;
      observer?.disconnect();
      apply();
      watch();
    },
    missing() {
      const present = new Set([...root.querySelectorAll<HTMLElement>('[data-control]')].map((g) => g.dataset.control));
      return [...new Set([...spec.lock, ...spec.hide, ...(spec.only ?? [])])].filter((id) => !present.has(id));
    },
    dispose() {
      observer?.disconnect();
      observer = null;
      spec = { lock: [], hide: [] };
      apply();
    },
  };
}
