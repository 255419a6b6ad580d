/**
 * The lesson player, `#/lesson/<id>?step=3`: a page of its own whose one state field is the step, with the lesson
 * text beside (or above) a live explorer. Each step mounts its explorer with the step's state — the same store and
 * context an explorer gets on its own page — and locks, hides and highlights what the step says. Next/back (buttons,
 * ←/→ outside form fields) move the step through the store, so the URL, back/forward and the embedding API
 * (`lesson:goto` in, `lesson:step` out) all go through one path.
 */
import '../../styles/lessons.css';
import { explorerLoaders } from '../../explorers/registry.ts';
import type { ExplorerContext, ExplorerModule } from '../../explorers/types.ts';
import { validateLesson, type Lesson, type LessonStep } from '../../state/lesson.ts';
import type { Schema, ValueOf } from '../../state/schema.ts';
import { createStore, type Store } from '../../state/store.ts';
import { el, setText } from '../../util/dom.ts';
import { applyControlFilter, type ControlFilter } from '../control-filter.ts';
import { inlineMarkup, renderMarkup } from './markup-dom.ts';
import { LESSON_PAGES } from './pages.ts';

import { lessonSchema, type LessonState } from './schema.ts';

export { lessonSchema };

export interface LessonHooks {
  /** Post an event to the embedding page (app/post-message.ts checks the origins). */
  emit(msg: Record<string, unknown>): void;
}

interface Inner {
  key: string;
  module: ExplorerModule;
  store: Store<ValueOf<Schema>>;
  destroy(): void;
  filter: ControlFilter;
}

const isFormField = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));

function copyState(state: Record<string, unknown>): ValueOf<Schema> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out as ValueOf<Schema>;
}

export function createLessonModule(id: string, hooks: LessonHooks): ExplorerModule {
  const module = {
    id: 'lesson',
    title: 'Lesson',
    schema: lessonSchema,
    mount(root: HTMLElement, store: Store<LessonState>, ctx: ExplorerContext): () => void {
      let lesson: Lesson | null = null;
      let inner: Inner | null = null;
      let shown = 0;
      let tryIt = false;
      let destroyed = false;
      let token = 0;

      const text = el('aside', { class: 'lesson-text', 'aria-label': 'Lesson', 'data-testid': 'lesson-text' });
      const stage = el('div', { class: 'lesson-stage', 'data-testid': 'lesson-stage' });
      const status = el('p', { class: 'sr-only', role: 'status', 'data-testid': 'lesson-status' });
      const page = el('div', { class: 'lesson-page', 'data-testid': 'lesson' }, text, stage, status);
      text.append(el('p', { class: 'loading' }, 'Loading the lesson…'));
      root.replaceChildren(page);
      ctx.publish({ lesson: { id, ready: false } });

      const publish = (ready: boolean, step: LessonStep | null) => {
        ctx.publish({
          lesson: {
            id, ready, step: shown, steps: lesson?.steps.length ?? 0, title: step?.title ?? null, route: step?.route ?? null,
            tryIt, locked: tryIt ? [] : step?.lock ?? [], hidden: step?.hide ?? [], state: inner ? { ...inner.store.get() } : null,
          },
        });
      };

      const showErrors = (errors: string[]) => {
        const list = el('ul', {});
        for (const e of errors.slice(0, 20)) list.append(el('li', {}, e));
        if (errors.length > 20) list.append(el('li', {}, `… and ${errors.length - 20} more`));
        text.replaceChildren(el('div', { class: 'lesson-error', role: 'alert', 'data-testid': 'lesson-error' },
          el('h1', {}, `The lesson “${id}” cannot be shown`), list,
          el('p', {}, 'Lesson files are described in docs/lessons.md. '), el('a', { href: '#/' }, 'Back to the start page')));
        ctx.publish({ lesson: { id, ready: true, error: errors } });
      };

      const go = (delta: 1 | -1) => {
        if (!lesson) return;
        const next = Math.min(lesson.steps.length, Math.max(1, shown + delta));
        if (next !== shown) store.update({ step: next }, 'push');
      };

      function highlight(step: LessonStep): void {
        for (const e of stage.querySelectorAll('.lesson-highlight, .lesson-focus')) e.classList.remove('lesson-highlight', 'lesson-focus');
        // Ids were checked against ELEMENT_ID_RE (letters, digits, hyphens): safe inside an attribute selector.
        for (const h of step.highlight) {
          for (const e of stage.querySelectorAll(`[data-panel="${h}"], [data-testid="${h}"], [data-control="${h}"]`)) e.classList.add('lesson-highlight');
        }
        if (step.panel) {
          const p = stage.querySelector<HTMLElement>(`[data-panel="${step.panel}"]`);
          if (p) {
            p.classList.add('lesson-focus');
            const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
            p.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
          }
        }
      }

      function renderText(step: LessonStep, n: number, total: number): void {
        const l = lesson!;
        const back = el('button', { type: 'button', 'data-testid': 'lesson-back', disabled: n <= 1 }, '← Back');
        const next = el('button', { type: 'button', 'data-testid': 'lesson-next', disabled: n >= total }, 'Next →');
        const tryButton = el('button', {
          type: 'button', 'data-testid': 'lesson-try', 'aria-pressed': String(tryIt),
          title: 'Unlock the controls this step locks', disabled: step.lock.length === 0,
        }, 'Try it yourself');
        const reset = el('button', { type: 'button', 'data-testid': 'lesson-reset', title: 'Back to this step’s settings' }, 'Reset step');
        back.addEventListener('click', () => go(-1));
        next.addEventListener('click', () => go(1));
        tryButton.addEventListener('click', () => {
          tryIt = !tryIt;
          tryButton.setAttribute('aria-pressed', String(tryIt));
          inner?.filter.update({ lock: tryIt ? [] : step.lock, hide: step.hide });
          publish(true, step);
        });
        reset.addEventListener('click', () => {
          tryIt = false;
          tryButton.setAttribute('aria-pressed', 'false');
          if (inner) {
            inner.store.set(copyState(step.state));
            inner.filter.update({ lock: step.lock, hide: step.hide });
          }
          publish(true, step);
        });
        const progress = el('progress', { max: total, value: n, 'aria-label': 'lesson progress' });
        const children: Node[] = [
          el('h1', {}, l.title),
          el('p', { class: 'lesson-progress', 'data-testid': 'lesson-progress' }, `Step ${n} of ${total}`, progress),
          el('h2', { 'data-testid': 'lesson-step-title' }, step.title),
          el('div', { class: 'lesson-body', 'data-testid': 'lesson-body' }, ...renderMarkup(step.text)),
        ];
        if (step.question) children.push(renderQuestion(step));
        children.push(el('div', { class: 'lesson-nav' }, back, next, tryButton, reset));
        // Rebuilding the text drops the focus: a keyboard user who pressed Next keeps it on Next (or, at the end, on
        // the step's title).
        const focused = document.activeElement instanceof HTMLElement && text.contains(document.activeElement)
          ? document.activeElement.dataset.testid : undefined;
        text.replaceChildren(...children);
        if (focused === 'lesson-back' || focused === 'lesson-next') {
          const again = text.querySelector<HTMLButtonElement>(`[data-testid="${focused}"]`);
          if (again && !again.disabled) again.focus();
          else {
            const title = text.querySelector<HTMLElement>('[data-testid="lesson-step-title"]')!;
            title.tabIndex = -1;
            title.focus();
          }
        }
      }

      function renderQuestion(step: LessonStep): HTMLElement {
        const q = step.question!;
        const reveal = el('div', { class: 'lesson-reveal', 'data-testid': 'lesson-reveal', 'aria-live': 'polite' });
        reveal.hidden = true;
        const buttons = q.choices.map((c, i) => {
          const b = el('button', { type: 'button', 'aria-pressed': 'false', 'data-testid': `lesson-choice-${i}` }, ...inlineMarkup(c));
          b.addEventListener('click', () => {
            buttons.forEach((o, k) => {
              o.setAttribute('aria-pressed', String(k === i));
              o.dataset.correct = String(k === q.answer);
            });
            const verdict = i === q.answer ? 'Yes. ' : `Not quite — it is “${q.choices[q.answer]}”. `;
            reveal.replaceChildren(...renderMarkup(verdict + q.reveal));
            reveal.hidden = false;
          });
          return b;
        });
        return el('div', { class: 'lesson-question', 'data-testid': 'lesson-question' },
          el('fieldset', {}, el('legend', {}, ...inlineMarkup(q.prompt)), ...buttons.map((b) => el('div', {}, b))), reveal);
      }

      async function show(requested: number): Promise<void> {
        const l = lesson!;
        const total = l.steps.length;
        const n = Math.min(Math.max(1, requested), total);
        if (n !== requested) {
          const message = `step=${requested}: this lesson has ${total} steps; showing step ${n}`;
          ctx.notify(message);
          hooks.emit({ type: 'layerlab:notice', message });
          store.update({ step: n }, 'replace');
          return;
        }
        const mine = ++token;
        const step = l.steps[n - 1];
        const changed = n !== shown;
        shown = n;
        if (changed) tryIt = false;
        renderText(step, n, total);
        setText(status, `Step ${n} of ${total}: ${step.title}`);
        publish(false, step);
        const embed = ctx.presentation.embed;
        const pagePanels = LESSON_PAGES[step.route as keyof typeof LESSON_PAGES].panels;
        const panels = embed ? [...new Set([step.panel, ...step.highlight].filter((p): p is string => !!p && pagePanels.includes(p)))] : [];
        const key = `${step.route}|${panels.join(',')}`;
        if (inner && inner.key === key) {
          inner.store.set(copyState(step.state));
        } else {
          inner?.filter.dispose();
          inner?.destroy();
          inner = null;
          stage.replaceChildren(el('p', { class: 'loading' }, 'Loading explorer…'));
          let mod: ExplorerModule;
          try {
            mod = await explorerLoaders[step.route as ExplorerModule['id']]();
          } catch (err) {
            stage.replaceChildren(el('p', { role: 'alert' }, `The explorer could not be loaded: ${(err as Error).message}`));
            return;
          }
          if (destroyed || mine !== token) return;
          const innerStore = createStore(copyState(step.state));
          const region = el('div', { class: 'lesson-explorer' });
          stage.replaceChildren(region);
          // The step's explorer publishes its numbers where tests read them; its own presenter keys and exports
          // stay off (the lesson owns the arrow keys).
          const destroy = mod.mount(region, innerStore, {
            presentation: { ...ctx.presentation, panels },
            imported: ctx.imported,
            notify: ctx.notify,
            publish: ctx.publish,
            openLink: ctx.openLink,
          });
          const filter = applyControlFilter(region, { lock: step.lock, hide: step.hide });
          inner = { key, module: mod, store: innerStore, destroy, filter };
          innerStore.subscribe(() => publish(true, l.steps[shown - 1]));
        }
        inner.filter.update({ lock: tryIt ? [] : step.lock, hide: step.hide });
        highlight(step);
        // Panels an explorer builds a frame later are highlighted then too.
        requestAnimationFrame(() => {
          if (!destroyed && mine === token) highlight(step);
        });
        publish(true, step);
        hooks.emit({ type: 'lesson:step', lesson: id, step: n, steps: total, title: step.title, route: step.route });
      }

      const unsubscribe = store.subscribe((s, prev) => {
        if (lesson && (s.step !== prev.step || s.step !== shown)) void show(s.step);
      });

      const onKey = (e: KeyboardEvent) => {
        if (!lesson || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isFormField(e.target)) return;
        if (e.target instanceof Element && e.target.closest('[data-keyboard-probe], [role="dialog"]')) return;
        if (e.key === 'ArrowRight') go(1);
        else if (e.key === 'ArrowLeft') go(-1);
        else return;
        e.preventDefault();
      };
      window.addEventListener('keydown', onKey);

      fetch(new URL(`lessons/${id}.json`, document.baseURI))
        .then(async (res) => {
          // A missing file is a 404 on a static host, and the start page on servers that answer every path with it.
          if (res.status === 404 || (res.ok && (res.headers.get('content-type') ?? '').includes('text/html'))) {
            throw new Error(`there is no lesson file lessons/${id}.json`);
          }
          if (!res.ok) throw new Error(`lessons/${id}.json: HTTP ${res.status}`);
          return (await res.json()) as unknown;
        })
        .then((raw) => {
          if (destroyed) return;
          const r = validateLesson(raw, LESSON_PAGES);
          if (!r.ok) {
            showErrors(r.errors);
            return;
          }
          lesson = r.lesson;
          document.title = `${lesson.title} · Layer Lab`;
          void show(store.get().step);
        })
        .catch((err: unknown) => {
          if (!destroyed) showErrors([`the lesson file could not be read: ${err instanceof Error ? err.message : String(err)}`]);
        });

      return () => {
        destroyed = true;
        unsubscribe();
        window.removeEventListener('keydown', onKey);
        inner?.filter.dispose();
        inner?.destroy();
        inner = null;
      };
    },
  };
  return module as unknown as ExplorerModule;
}
